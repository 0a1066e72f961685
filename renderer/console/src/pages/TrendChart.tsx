// The trend of the last months as a plain SVG: the share of branches that held their meeting and the attendance rate,
// both 0–100%, one point a month, values written above the points so the chart reads without hovering.
import type { TrendPoint } from '../../../../core/consoleApi';
import { formatShare } from '../format';

const W = 960;
const H = 300;
const PAD = { left: 52, right: 20, top: 24, bottom: 44 };
const HELD = '#b3261e';
const ATTEND = '#1d5fa8';

export function TrendChart({ points }: { points: TrendPoint[] }) {
  if (points.length === 0) return null;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length === 1 ? innerW / 2 : (i * innerW) / (points.length - 1));
  // The axis starts at the nearest 10% under the lowest value, so that months close together still read apart.
  const values = points.flatMap((p) => [p.branches > 0 ? p.heldRate : null, p.attendanceRate]).filter((v): v is number => v !== null);
  const floor = values.length === 0 ? 0 : Math.max(0, Math.min(0.5, Math.floor((Math.min(...values) - 0.05) * 10) / 10));
  const y = (v: number) => PAD.top + innerH - ((Math.max(floor, Math.min(1, v)) - floor) / (1 - floor)) * innerH;
  const ticks = Array.from({ length: Math.round((1 - floor) * 10) + 1 }, (_, i) => Math.round((floor + i / 10) * 10) / 10);
  const path = (values: (number | null)[]) => {
    let d = '';
    let pen = false;
    values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  // A month without any branch has no rate to show (not 0%).
  const held = points.map((p) => (p.branches > 0 ? p.heldRate : null));
  const attend = points.map((p) => p.attendanceRate);
  const label = `Xu hướng ${points.length} tháng: tỷ lệ chi bộ đã họp và tỷ lệ đảng viên dự họp`;
  return (
    <figure style={{ margin: 0 }}>
      <div className="trend-legend" aria-hidden>
        <span>
          <span className="legend-swatch" style={{ background: HELD }} />
          Tỷ lệ chi bộ đã họp
        </span>
        <span>
          <span className="legend-swatch" style={{ background: ATTEND }} />
          Tỷ lệ đảng viên dự họp
        </span>
      </div>
      <svg className="trend-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="trend-chart">
        <title>{label}</title>
        {ticks.map((t, i) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke={i === 0 ? '#bfb3a8' : '#eee6df'} strokeWidth={1} />
            <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end">
              {Math.round(t * 100)}%
            </text>
          </g>
        ))}
        {points.map((p, i) => (
          <text key={p.month} x={x(i)} y={H - PAD.bottom + 20} textAnchor="middle">
            {p.month.slice(5, 7)}/{p.month.slice(2, 4)}
          </text>
        ))}
        <text x={PAD.left + innerW / 2} y={H - 6} textAnchor="middle">
          Tháng
        </text>
        <path d={path(attend)} fill="none" stroke={ATTEND} strokeWidth={2.5} strokeLinejoin="round" />
        <path d={path(held)} fill="none" stroke={HELD} strokeWidth={2.5} strokeLinejoin="round" />
        {points.map((p, i) => {
          const heldRate = held[i] ?? null;
          const att = p.attendanceRate;
          // The higher value is labelled above its point, the lower one below (above as well when that would touch the axis).
          const place = (v: number, other: number | null) => {
            const below = other !== null && v < other && y(v) + 18 < PAD.top + innerH - 2;
            return y(v) + (below ? 18 : -9);
          };
          const when = `Tháng ${p.month.slice(5, 7)}/${p.month.slice(0, 4)}`;
          return (
            <g key={p.month}>
              {att !== null && (
                <>
                  <circle cx={x(i)} cy={y(att)} r={4} fill="#fff" stroke={ATTEND} strokeWidth={2}>
                    <title>{`${when}: đảng viên dự họp ${formatShare(att)}`}</title>
                  </circle>
                  <text x={x(i)} y={place(att, heldRate)} textAnchor="middle" style={{ fill: ATTEND, fontSize: 11 }}>
                    {formatShare(att)}
                  </text>
                </>
              )}
              {heldRate !== null && (
                <>
                  <circle cx={x(i)} cy={y(heldRate)} r={4} fill="#fff" stroke={HELD} strokeWidth={2}>
                    <title>{`${when}: ${p.held}/${p.branches} chi bộ đã họp (${formatShare(heldRate)})`}</title>
                  </circle>
                  {heldRate > 0 && (
                    <text x={x(i)} y={place(heldRate, att)} textAnchor="middle" style={{ fill: HELD, fontSize: 11 }}>
                      {formatShare(heldRate)}
                    </text>
                  )}
                </>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

// A draft resolution as numbered lines, exactly as the services cut them (draft.lines), so "dòng 12" means the same words
// here, on the projector, in every comment and in the exported draft. The number sits in a gutter; each line keeps its
// own row and never wraps again.
import type { DraftVersion } from '../../../core/api';

type Line = DraftVersion['lines'][number];

export function DraftLines({
  lines,
  selected,
  commented,
  onLineClick,
  label,
}: {
  lines: Line[];
  /** Lines shown as chosen (a comment's range). */
  selected?: { from: number; to: number } | null;
  /** Lines some comment points at. */
  commented?: Set<number>;
  /** Click a line to choose it; with Shift, to extend the choice to it. */
  onLineClick?: (line: number, extend: boolean) => void;
  label?: string;
}) {
  return (
    <div className={`draft-lines${onLineClick ? ' draft-lines-pickable' : ''}`} role="list" aria-label={label ?? 'Dự thảo theo dòng'}>
      {lines.map((line, i) => {
        const prev = lines[i - 1];
        const starts = !prev || prev.section !== line.section || prev.paragraph !== line.paragraph;
        const classes = [
          'draft-line',
          starts && i > 0 ? 'draft-line-start' : '',
          line.paragraph < 0 ? 'draft-line-heading' : '',
          selected && line.number >= selected.from && line.number <= selected.to ? 'draft-line-selected' : '',
          commented?.has(line.number) ? 'draft-line-commented' : '',
        ]
          .filter(Boolean)
          .join(' ');
        return (
          <div
            key={line.number}
            className={classes}
            role="listitem"
            data-line={line.number}
            onClick={onLineClick ? (e) => onLineClick(line.number, e.shiftKey) : undefined}
          >
            <span className="draft-line-no" aria-label={`Dòng ${line.number}`}>
              {line.number}
            </span>
            <span className="draft-line-text">{line.text}</span>
          </div>
        );
      })}
    </div>
  );
}

/** The lines of a range, for quoting under a comment. */
export function QuotedLines({ lines, from, to }: { lines: Line[]; from: number; to: number }) {
  const picked = lines.filter((l) => l.number >= from && l.number <= to);
  if (picked.length === 0) return <div className="draft-quote muted">Các dòng này không còn trong bản dự thảo.</div>;
  return (
    <div className="draft-quote">
      <DraftLines lines={picked} label={`Trích dòng ${from}–${to}`} />
    </div>
  );
}

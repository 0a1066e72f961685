// Báo cáo sinh hoạt chi bộ for the ward: per branch and month, whether it met, attendance, opinions, and whether the
// draft reached members at least a day before; and the document layout setting the exports use.
import ExcelJS from 'exceljs';
import { ApiError, type MeetingReportRow, type ParsedInput, type SessionUser } from '../api';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { DEFAULT_LAYOUT, type DocumentLayout } from '../export/types';
import { draftLeadTime } from '../rules/meetingPlan';
import { meetingTime } from './meetings';
import { currentWardId } from './setup';

function months(from: string, to: string): string[] {
  const list: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    list.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
    if (list.length > 120) throw new ApiError('INVALID_INPUT', 'Báo cáo tối đa 120 tháng.');
  }
  return list;
}

export function meetingReport(input: ParsedInput<'reports.meetings'>, ctx: ServiceContext, user: SessionUser): MeetingReportRow[] {
  if (input.from > input.to) throw new ApiError('INVALID_INPUT', 'Tháng bắt đầu phải trước tháng kết thúc.');
  const wanted = months(input.from, input.to);
  const branches = ctx.store.sqlite
    .prepare("SELECT id, name FROM organisations WHERE parent_id = ? AND kind = 'branch' AND deleted_at IS NULL ORDER BY sort_order, name")
    .all(currentWardId(ctx)) as { id: string; name: string }[];
  const meetings = ctx.store.sqlite
    .prepare(
      `SELECT m.branch_id, substr(m.scheduled_at, 1, 7) AS month, m.scheduled_at, m.status, m.draft_shared_at,
              (SELECT avg(a.status = 'present') FROM attendance a WHERE a.meeting_id = m.id AND a.deleted_at IS NULL) AS rate,
              (SELECT count(*) FROM opinions p WHERE p.meeting_id = m.id AND p.deleted_at IS NULL) AS opinions
         FROM meetings m JOIN organisations o ON o.id = m.branch_id
        WHERE o.parent_id = ? AND m.deleted_at IS NULL AND m.scheduled_at >= ? AND m.scheduled_at < ?`,
    )
    .all(currentWardId(ctx), `${input.from}-01`, `${input.to}-32`) as {
    branch_id: string;
    month: string;
    scheduled_at: string;
    status: string;
    draft_shared_at: number | null;
    rate: number | null;
    opinions: number;
  }[];
  const byKey = new Map(meetings.map((m) => [`${m.branch_id} ${m.month}`, m]));
  return branches
    .filter((b) => user.role !== 'branch_secretary' || b.id === user.branchId)
    .flatMap((b) =>
      wanted.map((month) => {
        const m = byKey.get(`${b.id} ${month}`);
        const held = Boolean(m && m.status !== 'planned' && m.status !== 'shared');
        return {
          branchId: b.id,
          branchName: b.name,
          month,
          held,
          attendanceRate: held ? (m!.rate ?? null) : null,
          opinions: m?.opinions ?? 0,
          sharedOnTime: m?.draft_shared_at ? !draftLeadTime(m.draft_shared_at, meetingTime(m.scheduled_at)).late : m ? null : null,
        };
      }),
    );
}

export async function meetingReportXlsx(input: ParsedInput<'reports.meetingsXlsx'>, ctx: ServiceContext, user: SessionUser) {
  const rows = meetingReport(input, ctx, user);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sinh hoạt chi bộ', { views: [{ state: 'frozen', ySplit: 3 }] });
  const ward = ctx.store.sqlite.prepare('SELECT name FROM organisations WHERE id = ?').pluck().get(currentWardId(ctx)) as string;
  sheet.addRow([`BÁO CÁO SINH HOẠT CHI BỘ: ${ward.toUpperCase()}`]).font = { bold: true, size: 14, name: 'Times New Roman' };
  sheet.addRow([`Từ tháng ${input.from.split('-').reverse().join('/')} đến tháng ${input.to.split('-').reverse().join('/')}`]).font = { italic: true, name: 'Times New Roman' };
  const header = sheet.addRow(['Chi bộ', 'Tháng', 'Đã sinh hoạt', 'Tỷ lệ dự họp (%)', 'Số ý kiến phát biểu', 'Gửi dự thảo trước ≥ 1 ngày']);
  header.font = { bold: true, name: 'Times New Roman' };
  for (const r of rows) {
    sheet.addRow([
      r.branchName,
      r.month.split('-').reverse().join('/'),
      r.held ? 'Có' : 'Chưa',
      r.attendanceRate === null ? '' : Math.round(r.attendanceRate * 1000) / 10,
      r.opinions,
      r.sharedOnTime === null ? '' : r.sharedOnTime ? 'Đúng hạn' : 'Muộn',
    ]).font = { name: 'Times New Roman' };
  }
  sheet.columns.forEach((c, i) => (c.width = [40, 10, 14, 16, 18, 24][i]));
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return { fileName: `bao-cao-sinh-hoat-${input.from}-${input.to}.xlsx`, data: bytes.toString('base64') };
}

const LAYOUT_SETTING = 'documents.layout';

export function documentLayout(ctx: ServiceContext): DocumentLayout {
  const stored = ctx.store.sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(LAYOUT_SETTING) as string | undefined;
  return stored ? (JSON.parse(stored) as DocumentLayout) : DEFAULT_LAYOUT;
}

export function saveDocumentLayout(input: ParsedInput<'settings.saveDocumentLayout'>, ctx: ServiceContext, user: SessionUser): null {
  const sqlite = ctx.store.sqlite;
  sqlite.transaction(() => {
    const before = documentLayout(ctx);
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(LAYOUT_SETTING, JSON.stringify(input));
    recordAudit(sqlite, { at: ctx.clock(), userId: user.id, action: 'settings.saveDocumentLayout', entity: 'settings', entityId: LAYOUT_SETTING, before, after: input });
  })();
  return null;
}

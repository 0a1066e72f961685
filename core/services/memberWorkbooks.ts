// Nhập và xuất danh sách đảng viên bằng Excel. Import is two calls: a preview that reports every bad row and writes
// nothing, then a commit that parses the same bytes again and writes every row in one transaction, or none.
import { ApiError, type ImportReport, type ParsedInput, type SessionUser } from '../api';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { displayDate, localDate } from '../dates';
import { FIELD_LABELS, readMemberWorkbook, WorkbookError, writeMemberWorkbook, type ImportPreview } from '../members/workbook';
import { insertMember } from './members';
import { branches } from './organisations';
import { currentWardId } from './setup';

const SAMPLE_VALID_ROWS = 20;

async function parse(ctx: ServiceContext, data: string): Promise<ImportPreview> {
  const sqlite = ctx.store.sqlite;
  const wardId = currentWardId(ctx);
  const branchRows = sqlite
    .prepare("SELECT id, name FROM organisations WHERE parent_id = ? AND kind = 'branch' AND dissolved_at IS NULL AND deleted_at IS NULL")
    .all(wardId) as { id: string; name: string }[];
  const existing = (column: string) =>
    new Set(sqlite.prepare(`SELECT ${column} FROM members WHERE ${column} IS NOT NULL AND deleted_at IS NULL`).pluck().all() as string[]);
  try {
    return await readMemberWorkbook(
      new Uint8Array(Buffer.from(data, 'base64')),
      {
        branches: branchRows,
        existingCardNumbers: existing('card_number'),
        existingCitizenIds: existing('citizen_id'),
        today: localDate(ctx.clock()),
      },
    );
  } catch (error) {
    if (error instanceof WorkbookError) throw new ApiError('INVALID_INPUT', error.message);
    throw error;
  }
}

function report(fileName: string, preview: ImportPreview): ImportReport {
  const bad = preview.rows.filter((r) => r.errors.length > 0);
  const sample = preview.rows.filter((r) => r.errors.length === 0).slice(0, SAMPLE_VALID_ROWS);
  return {
    fileName,
    sheetName: preview.sheetName,
    headerRow: preview.headerRow,
    headers: preview.headers.map((h) => ({ column: h.column, text: h.text, field: h.field, label: h.field ? FIELD_LABELS[h.field] : null })),
    missingFields: preview.missingFields.map((f) => FIELD_LABELS[f]),
    total: preview.summary.total,
    valid: preview.summary.valid,
    invalid: preview.summary.invalid,
    rows: [...bad, ...sample]
      .sort((a, b) => a.row - b.row)
      .map((r) => ({
        row: r.row,
        fullName: r.values?.fullName ?? r.cells.fullName ?? null,
        branchName: r.values?.branchName ?? r.cells.branch ?? null,
        errors: r.errors,
        warnings: r.warnings,
      })),
  };
}

export async function importPreview(input: ParsedInput<'members.importPreview'>, ctx: ServiceContext): Promise<ImportReport> {
  return report(input.fileName, await parse(ctx, input.data));
}

export async function importCommit(
  input: ParsedInput<'members.importCommit'>,
  ctx: ServiceContext,
  user: SessionUser | null,
): Promise<{ imported: number; skipped: number }> {
  const preview = await parse(ctx, input.data);
  if (preview.missingFields.length > 0) {
    throw new ApiError('INVALID_INPUT', 'Tệp thiếu cột bắt buộc; không nhập dòng nào. Hãy xem lại bản xem trước.');
  }
  if (preview.summary.invalid > 0 && !input.skipInvalid) {
    throw new ApiError(
      'CONFLICT',
      `Còn ${preview.summary.invalid} dòng có lỗi; chưa nhập dòng nào. Hãy sửa tệp, hoặc chọn bỏ qua các dòng lỗi để nhập ${preview.summary.valid} dòng hợp lệ.`,
    );
  }
  const valid = preview.rows.filter((r) => r.errors.length === 0 && r.values);
  if (valid.length === 0) throw new ApiError('INVALID_INPUT', 'Không có dòng hợp lệ nào để nhập.');
  const sqlite = ctx.store.sqlite;
  sqlite.transaction(() => {
    for (const { values } of valid) {
      const { branchId, branchName: _branch, status: _status, ...fields } = values!;
      insertMember(ctx, user, branchId, fields, 'imported');
    }
    recordAudit(sqlite, {
      at: ctx.clock(),
      userId: user?.id ?? null,
      action: 'members.import',
      entity: 'members',
      entityId: null,
      after: { fileName: input.fileName, imported: valid.length, skipped: preview.summary.invalid },
    });
  })();
  ctx.emit('data.changed', { areas: ['members'] });
  return { imported: valid.length, skipped: preview.summary.invalid };
}

const STANDING_LABEL: Record<string, string> = {
  active: 'Đang sinh hoạt',
  exempt: 'Miễn sinh hoạt',
  away: 'Sinh hoạt tạm thời nơi khác',
  transferred_out: 'Đã chuyển đi',
  removed: 'Đã ra khỏi Đảng',
  deceased: 'Từ trần',
};

export async function exportXlsx(
  input: ParsedInput<'members.exportXlsx'>,
  ctx: ServiceContext,
  user: SessionUser,
): Promise<{ fileName: string; data: string }> {
  const counts = branches(ctx, user).filter((b) => !input.branchId || b.id === input.branchId);
  const ids = new Set(counts.map((b) => b.id));
  if (input.branchId && ids.size === 0) throw new ApiError('NOT_FOUND', 'Không tìm thấy chi bộ này.');
  const rows = ctx.store.sqlite
    .prepare(
      `SELECT m.*, o.name AS branch_name FROM members m JOIN organisations o ON o.id = m.branch_id
        WHERE m.deleted_at IS NULL AND m.standing IN ('active', 'exempt', 'away') ORDER BY o.sort_order, m.sort_key`,
    )
    .all() as Record<string, string | null>[];
  const ward = ctx.store.sqlite.prepare('SELECT name FROM organisations WHERE id = ?').pluck().get(currentWardId(ctx)) as string;
  const today = localDate(ctx.clock());
  const bytes = await writeMemberWorkbook({
    title: 'DANH SÁCH ĐẢNG VIÊN',
    wardName: ward,
    exportedAt: displayDate(today),
    members: rows
      .filter((r) => ids.has(r.branch_id!))
      .map((r) => ({
        fullName: r.full_name!,
        birthDate: r.birth_date,
        gender: r.gender as 'male' | 'female',
        admissionDate: r.admission_date,
        officialDate: r.official_date,
        cardNumber: r.card_number,
        citizenId: r.citizen_id,
        phone: r.phone,
        branchName: r.branch_name!,
        statusLabel: `${r.status === 'official' ? 'Chính thức' : 'Dự bị'}; ${STANDING_LABEL[r.standing!]}`,
      })),
    branchCounts: counts.map((b) => ({ branchName: b.name, official: b.official, probationary: b.probationary, exempt: b.exempt, away: b.away })),
  });
  return { fileName: `danh-sach-dang-vien-${today}.xlsx`, data: Buffer.from(bytes).toString('base64') };
}

// Đảng viên: the list a ward office uses every day, each member's record, and every change to it: edits, official
// recognition, exemption, temporary absence, moves between branches, transfer out, removal and death. A change writes
// the member, one history event and one audit entry in one transaction; the history is never rewritten.
import { v7 as uuidv7 } from 'uuid';
import { foldDiacritics, nameSortKey } from '../../db/names';
import type { MemberTable } from '../../db/schema';
import { ApiError, type MemberDetail, type MemberEvent, type MemberEventKind, type MemberRow, type Page, type ParsedInput, type SessionUser } from '../api';
import { checkBranchScope } from '../auth/access';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { displayDate, localDate } from '../dates';
import { memberDateProblems, probationEndDate } from '../rules/membership';
import { findMemberIds, prepare, type MemberFilter, type MemberScope } from './memberSearch';
import { currentWardId, selfSiteId } from './setup';

type MemberRecord = Omit<MemberTable, 'version'> & { version: number; branch_name: string };

const SELECT_MEMBER = `SELECT m.*, o.name AS branch_name FROM members m JOIN organisations o ON o.id = m.branch_id`;

function load(ctx: ServiceContext, id: string): MemberRecord {
  const row = ctx.store.sqlite.prepare(`${SELECT_MEMBER} WHERE m.id = ? AND m.deleted_at IS NULL`).get(id) as MemberRecord | undefined;
  if (!row) throw new ApiError('NOT_FOUND', 'Không tìm thấy đảng viên này; có thể hồ sơ đã bị xóa.');
  return row;
}

function toRow(r: MemberRecord): MemberRow {
  return {
    id: r.id,
    fullName: r.full_name,
    branchId: r.branch_id,
    branchName: r.branch_name,
    gender: r.gender,
    birthDate: r.birth_date,
    admissionDate: r.admission_date,
    status: r.status,
    standing: r.standing,
    probationEnd: r.status === 'probationary' && r.admission_date ? probationEndDate(r.admission_date) : null,
  };
}

function toDetail(r: MemberRecord): MemberDetail {
  return {
    ...toRow(r),
    officialDate: r.official_date,
    cardNumber: r.card_number,
    citizenId: r.citizen_id,
    phone: r.phone,
    standingSince: r.standing_since,
    standingReason: r.standing_reason,
    standingResolution: r.standing_resolution,
    awayUntil: r.away_until,
    awayPlace: r.away_place,
    version: r.version,
  };
}

/** A branch of this installation's ward that is not dissolved; a secretary may only name their own. */
function wardBranch(ctx: ServiceContext, user: SessionUser, branchId: string): { id: string; name: string } {
  checkBranchScope(user, branchId);
  const branch = ctx.store.sqlite
    .prepare("SELECT id, name, dissolved_at FROM organisations WHERE id = ? AND kind = 'branch' AND parent_id = ? AND deleted_at IS NULL")
    .get(branchId, currentWardId(ctx)) as { id: string; name: string; dissolved_at: string | null } | undefined;
  if (!branch) throw new ApiError('NOT_FOUND', 'Không tìm thấy chi bộ này trong đảng bộ.');
  if (branch.dissolved_at) throw new ApiError('CONFLICT', `${branch.name} đã giải thể; không thể thêm hay chuyển đảng viên vào.`);
  return branch;
}

function duplicates(ctx: ServiceContext, cardNumber: string | null | undefined, citizenId: string | null | undefined, exceptId: string | null) {
  const fields: { path: string; message: string }[] = [];
  const find = (column: 'card_number' | 'citizen_id', value: string) =>
    ctx.store.sqlite
      .prepare(`SELECT full_name FROM members WHERE ${column} = ? AND deleted_at IS NULL AND id IS NOT ?`)
      .pluck()
      .get(value, exceptId) as string | undefined;
  if (cardNumber) {
    const other = find('card_number', cardNumber);
    if (other) fields.push({ path: 'cardNumber', message: `Số thẻ đảng viên ${cardNumber} đã ghi cho đồng chí ${other}.` });
  }
  if (citizenId) {
    const other = find('citizen_id', citizenId);
    if (other) fields.push({ path: 'citizenId', message: `Số CCCD ${citizenId} đã ghi cho đồng chí ${other}.` });
  }
  if (fields.length > 0) throw new ApiError('CONFLICT', fields.map((f) => f.message).join(' '), fields);
}

function checkDates(ctx: ServiceContext, m: { birthDate: string; admissionDate: string; officialDate?: string | null }) {
  const problems = memberDateProblems({ ...m, officialDate: m.officialDate ?? null }, localDate(ctx.clock()));
  if (problems.length > 0) throw new ApiError('INVALID_INPUT', problems.map((p) => p.message).join(' '), problems);
}

interface Change {
  columns: Partial<Record<keyof MemberTable, string | number | null>>;
  event: { kind: MemberEventKind; effectiveDate: string | null; fromBranchId?: string | null; toBranchId?: string | null; details?: unknown };
  action: string;
  /** The version the person saw; a different one means someone else changed the record meanwhile. */
  expectedVersion?: number;
}

function applyChange(ctx: ServiceContext, user: SessionUser, id: string, change: (before: MemberRecord) => Change): MemberDetail {
  const sqlite = ctx.store.sqlite;
  const after = sqlite.transaction(() => {
    const before = load(ctx, id);
    checkBranchScope(user, before.branch_id);
    const { columns, event, action, expectedVersion } = change(before);
    if (expectedVersion !== undefined && expectedVersion !== before.version) {
      throw new ApiError('CONFLICT', 'Hồ sơ này vừa được người khác sửa. Hãy mở lại để xem bản mới nhất rồi sửa tiếp.');
    }
    const names = Object.keys(columns);
    const stamp = ctx.hlc.now();
    sqlite
      .prepare(`UPDATE members SET ${names.map((n) => `${n} = ?`).join(', ')}${names.length ? ', ' : ''}version = version + 1, updated_at = ? WHERE id = ?`)
      .run(...Object.values(columns), stamp, id);
    insertEvent(ctx, user, id, event, stamp);
    const next = load(ctx, id);
    const changed = Object.fromEntries(names.map((n) => [n, (before as unknown as Record<string, unknown>)[n]]));
    recordAudit(sqlite, {
      at: ctx.clock(),
      userId: user.id,
      action,
      entity: 'members',
      entityId: id,
      before: { member: before.full_name, ...changed },
      after: { member: next.full_name, ...columns },
    });
    return next;
  })();
  ctx.emit('data.changed', { areas: ['members'] });
  return toDetail(after);
}

function insertEvent(ctx: ServiceContext, user: SessionUser | null, memberId: string, event: Change['event'], stamp: number) {
  ctx.store.sqlite
    .prepare(
      `INSERT INTO member_events (id, member_id, kind, effective_date, from_branch_id, to_branch_id, details, recorded_at, recorded_by, owner_site, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      uuidv7(),
      memberId,
      event.kind,
      event.effectiveDate,
      event.fromBranchId ?? null,
      event.toBranchId ?? null,
      event.details === undefined ? null : JSON.stringify(event.details),
      ctx.clock(),
      user?.id ?? null,
      selfSiteId(ctx),
      stamp,
    );
}

function requireStanding(before: MemberRecord, allowed: MemberRecord['standing'][], what: string) {
  if (!allowed.includes(before.standing)) {
    const now: Record<MemberRecord['standing'], string> = {
      active: 'đang sinh hoạt',
      exempt: 'đang miễn sinh hoạt',
      away: 'đang sinh hoạt tạm thời nơi khác',
      transferred_out: 'đã chuyển đi',
      removed: 'đã ra khỏi Đảng',
      deceased: 'đã từ trần',
    };
    throw new ApiError('CONFLICT', `Không thể ${what}: đồng chí ${before.full_name} ${now[before.standing]}.`);
  }
}

function notBefore(before: MemberRecord, date: string, what: string) {
  if (before.standing_since && date < before.standing_since) {
    throw new ApiError('INVALID_INPUT', `${what} (${displayDate(date)}) không thể trước ngày ${displayDate(before.standing_since)} của thay đổi trước.`);
  }
}

// ---- Reading -------------------------------------------------------------------------------------------------------

/**
 * The member list: members of this installation's ward (whose branch's parent is the ward), or of one of its branches,
 * with the filters and the search, one page in name order and the total. A branch secretary sees their own branch.
 */
export async function list(input: ParsedInput<'members.list'>, ctx: ServiceContext, user: SessionUser): Promise<Page<MemberRow>> {
  let branchId = input.branchId;
  if (user.role === 'branch_secretary') {
    if (branchId && branchId !== user.branchId) checkBranchScope(user, branchId);
    branchId = user.branchId ?? undefined;
    if (!branchId) return { total: 0, rows: [] };
  }
  const wardId = currentWardId(ctx);
  if (!wardId) return { total: 0, rows: [] };
  let scope: MemberScope = { kind: 'ward', wardId };
  if (branchId) {
    const inWard = ctx.store.sqlite
      .prepare("SELECT 1 FROM organisations WHERE id = ? AND parent_id = ? AND kind = 'branch'")
      .get(branchId, wardId);
    if (!inWard) return { total: 0, rows: [] };
    scope = { kind: 'branch', branchId };
  }
  const { branchId: _branchId, ...filter } = input;
  return listMembers(ctx, scope, filter);
}

/** One page of members in a scope; `{ kind: 'all' }` (every ward in the file) is for the benchmark only. */
export function listMembers(
  ctx: ServiceContext,
  scope: MemberScope,
  input: MemberFilter & { page: number; pageSize: number },
): Page<MemberRow> {
  const { page, pageSize, ...filter } = input;
  const found = findMemberIds(ctx.store.sqlite, scope, filter, { limit: pageSize, offset: (page - 1) * pageSize });
  if (found.rowids.length === 0) return { total: found.total, rows: [] };
  const rows = prepare(
    ctx.store.sqlite,
    `SELECT m.*, o.name AS branch_name FROM json_each(?) AS p CROSS JOIN members m ON m.rowid = p.value
       JOIN organisations o ON o.id = m.branch_id ORDER BY p.key`,
  ).all(JSON.stringify(found.rowids)) as MemberRecord[];
  return { total: found.total, rows: rows.map(toRow) };
}

export function get(input: { id: string }, ctx: ServiceContext, user: SessionUser): MemberDetail {
  const member = load(ctx, input.id);
  checkBranchScope(user, member.branch_id);
  return toDetail(member);
}

export function history(input: { id: string }, ctx: ServiceContext, user: SessionUser): MemberEvent[] {
  const member = load(ctx, input.id);
  checkBranchScope(user, member.branch_id);
  const rows = ctx.store.sqlite
    .prepare(
      `SELECT e.id, e.kind, e.effective_date, e.details, e.recorded_at, f.name AS from_name, t.name AS to_name, u.display_name AS by_name
         FROM member_events e
         LEFT JOIN organisations f ON f.id = e.from_branch_id
         LEFT JOIN organisations t ON t.id = e.to_branch_id
         LEFT JOIN users u ON u.id = e.recorded_by
        WHERE e.member_id = ? AND e.deleted_at IS NULL
        ORDER BY e.recorded_at DESC, e.id DESC`,
    )
    .all(input.id) as {
    id: string;
    kind: MemberEventKind;
    effective_date: string | null;
    details: string | null;
    recorded_at: number;
    from_name: string | null;
    to_name: string | null;
    by_name: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    effectiveDate: r.effective_date,
    fromBranchName: r.from_name,
    toBranchName: r.to_name,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    recordedAt: r.recorded_at,
    recordedBy: r.by_name,
  }));
}

// ---- Writing -------------------------------------------------------------------------------------------------------

type MemberFields = Omit<ParsedInput<'members.create'>, 'branchId'>;

function columnsOf(fields: MemberFields) {
  const officialDate = fields.officialDate ?? null;
  return {
    full_name: fields.fullName,
    sort_key: nameSortKey(fields.fullName),
    search_name: foldDiacritics(fields.fullName),
    gender: fields.gender,
    birth_date: fields.birthDate,
    admission_date: fields.admissionDate,
    official_date: officialDate,
    card_number: fields.cardNumber ?? null,
    citizen_id: fields.citizenId ?? null,
    phone: fields.phone ?? null,
    status: officialDate ? 'official' : 'probationary',
  } as const;
}

/** Inserts one member and its first history event inside the caller's transaction. */
export function insertMember(
  ctx: ServiceContext,
  user: SessionUser | null,
  branchId: string,
  fields: MemberFields,
  kind: 'created' | 'imported',
): string {
  const id = uuidv7();
  const stamp = ctx.hlc.now();
  const columns = { id, branch_id: branchId, ...columnsOf(fields), standing: 'active', owner_site: selfSiteId(ctx), updated_at: stamp };
  const names = Object.keys(columns);
  ctx.store.sqlite
    .prepare(`INSERT INTO members (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
    .run(...Object.values(columns));
  insertEvent(ctx, user, id, { kind, effectiveDate: fields.admissionDate, toBranchId: branchId }, stamp);
  return id;
}

export function create(input: ParsedInput<'members.create'>, ctx: ServiceContext, user: SessionUser): { id: string } {
  const { branchId, ...fields } = input;
  checkDates(ctx, fields);
  const sqlite = ctx.store.sqlite;
  const id = sqlite.transaction(() => {
    wardBranch(ctx, user, branchId);
    duplicates(ctx, fields.cardNumber, fields.citizenId, null);
    const id = insertMember(ctx, user, branchId, fields, 'created');
    recordAudit(sqlite, { at: ctx.clock(), userId: user.id, action: 'members.create', entity: 'members', entityId: id, after: input });
    return id;
  })();
  ctx.emit('data.changed', { areas: ['members'] });
  return { id };
}

export function update(input: ParsedInput<'members.update'>, ctx: ServiceContext, user: SessionUser): MemberDetail {
  const { id, version, ...fields } = input;
  checkDates(ctx, fields);
  return applyChange(ctx, user, id, (before) => {
    duplicates(ctx, fields.cardNumber, fields.citizenId, id);
    const columns = columnsOf(fields);
    const changed = Object.fromEntries(
      Object.entries(columns).filter(([k, v]) => (before as unknown as Record<string, unknown>)[k] !== v && k !== 'sort_key' && k !== 'search_name'),
    );
    return {
      columns,
      expectedVersion: version,
      action: 'members.update',
      event: {
        kind: before.status === 'probationary' && columns.status === 'official' ? 'official' : 'edited',
        effectiveDate: null,
        details: { changed: Object.keys(changed) },
      },
    };
  });
}

export function recognizeOfficial(input: ParsedInput<'members.recognizeOfficial'>, ctx: ServiceContext, user: SessionUser): MemberDetail {
  return applyChange(ctx, user, input.id, (before) => {
    if (before.status === 'official') throw new ApiError('CONFLICT', `Đồng chí ${before.full_name} đã là đảng viên chính thức.`);
    requireStanding(before, ['active', 'exempt', 'away'], 'công nhận chính thức');
    checkDates(ctx, { birthDate: before.birth_date ?? '1900-01-01', admissionDate: before.admission_date ?? input.officialDate, officialDate: input.officialDate });
    return {
      columns: { status: 'official', official_date: input.officialDate },
      action: 'members.recognizeOfficial',
      event: { kind: 'official', effectiveDate: input.officialDate, details: { resolution: input.resolution ?? null } },
    };
  });
}

export function exempt(input: ParsedInput<'members.exempt'>, ctx: ServiceContext, user: SessionUser): MemberDetail {
  return applyChange(ctx, user, input.id, (before) => {
    requireStanding(before, ['active'], 'miễn sinh hoạt');
    notBefore(before, input.from, 'Ngày bắt đầu miễn');
    return {
      columns: { standing: 'exempt', standing_since: input.from, standing_reason: input.reason, standing_resolution: input.resolution },
      action: 'members.exempt',
      event: { kind: 'exempted', effectiveDate: input.from, details: { reason: input.reason, resolution: input.resolution } },
    };
  });
}

export function endExemption(input: ParsedInput<'members.endExemption'>, ctx: ServiceContext, user: SessionUser): MemberDetail {
  return applyChange(ctx, user, input.id, (before) => {
    requireStanding(before, ['exempt'], 'thôi miễn sinh hoạt');
    notBefore(before, input.date, 'Ngày thôi miễn');
    return {
      columns: { standing: 'active', standing_since: input.date, standing_reason: null, standing_resolution: null },
      action: 'members.endExemption',
      event: { kind: 'exemption_ended', effectiveDate: input.date },
    };
  });
}

export function markAway(input: ParsedInput<'members.markAway'>, ctx: ServiceContext, user: SessionUser): MemberDetail {
  return applyChange(ctx, user, input.id, (before) => {
    requireStanding(before, ['active'], 'ghi sinh hoạt tạm thời nơi khác');
    notBefore(before, input.from, 'Ngày đi');
    if (input.until && input.until < input.from) throw new ApiError('INVALID_INPUT', 'Ngày dự kiến về phải sau ngày đi.');
    return {
      columns: { standing: 'away', standing_since: input.from, away_until: input.until ?? null, away_place: input.place, standing_reason: null },
      action: 'members.markAway',
      event: { kind: 'away', effectiveDate: input.from, details: { place: input.place, until: input.until ?? null } },
    };
  });
}

export function markReturned(input: ParsedInput<'members.markReturned'>, ctx: ServiceContext, user: SessionUser): MemberDetail {
  return applyChange(ctx, user, input.id, (before) => {
    requireStanding(before, ['away'], 'ghi trở về sinh hoạt');
    notBefore(before, input.date, 'Ngày trở về');
    return {
      columns: { standing: 'active', standing_since: input.date, away_until: null, away_place: null },
      action: 'members.markReturned',
      event: { kind: 'returned', effectiveDate: input.date },
    };
  });
}

export function move(input: ParsedInput<'members.move'>, ctx: ServiceContext, user: SessionUser): MemberDetail {
  return applyChange(ctx, user, input.id, (before) => {
    requireStanding(before, ['active', 'exempt', 'away'], 'chuyển sinh hoạt');
    if (before.branch_id === input.toBranchId) throw new ApiError('CONFLICT', `Đồng chí ${before.full_name} đang ở chính chi bộ này.`);
    const target = wardBranch(ctx, user, input.toBranchId);
    return {
      columns: { branch_id: target.id },
      action: 'members.move',
      event: { kind: 'moved', effectiveDate: input.date, fromBranchId: before.branch_id, toBranchId: target.id },
    };
  });
}

export function transferOut(input: ParsedInput<'members.transferOut'>, ctx: ServiceContext, user: SessionUser): MemberDetail {
  return applyChange(ctx, user, input.id, (before) => {
    requireStanding(before, ['active', 'exempt', 'away'], 'chuyển sinh hoạt đi');
    notBefore(before, input.date, 'Ngày chuyển đi');
    return {
      columns: { standing: 'transferred_out', standing_since: input.date, standing_reason: input.destination },
      action: 'members.transferOut',
      event: { kind: 'transferred_out', effectiveDate: input.date, fromBranchId: before.branch_id, details: { destination: input.destination } },
    };
  });
}

export function remove(input: ParsedInput<'members.remove'>, ctx: ServiceContext, user: SessionUser): MemberDetail {
  return applyChange(ctx, user, input.id, (before) => {
    requireStanding(before, ['active', 'exempt', 'away'], input.kind === 'deceased' ? 'ghi từ trần' : 'xóa tên');
    notBefore(before, input.date, 'Ngày');
    return {
      columns: { standing: input.kind, standing_since: input.date, standing_reason: input.reason ?? null },
      action: `members.${input.kind}`,
      event: { kind: input.kind, effectiveDate: input.date, fromBranchId: before.branch_id, details: { reason: input.reason ?? null } },
    };
  });
}


// Chi bộ: the ward's branches (created, renamed, dissolved) and each branch's committee (chi ủy) with its terms.
import { v7 as uuidv7 } from 'uuid';
import { ApiError, type OfficerRow, type ParsedInput, type SessionUser } from '../api';
import { checkBranchScope } from '../auth/access';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { currentWardId, selfSiteId } from './setup';

function wardId(ctx: ServiceContext): string {
  const id = currentWardId(ctx);
  if (!id) throw new ApiError('CONFLICT', 'Chưa thiết lập đảng bộ cho máy này.');
  return id;
}

function loadBranch(ctx: ServiceContext, id: string) {
  const branch = ctx.store.sqlite
    .prepare("SELECT * FROM organisations WHERE id = ? AND kind = 'branch' AND parent_id = ? AND deleted_at IS NULL")
    .get(id, wardId(ctx)) as { id: string; name: string; branch_kind: string; dissolved_at: string | null } | undefined;
  if (!branch) throw new ApiError('NOT_FOUND', 'Không tìm thấy chi bộ này trong đảng bộ.');
  return branch;
}

function uniqueName(ctx: ServiceContext, name: string, exceptId: string | null) {
  const clash = ctx.store.sqlite
    .prepare("SELECT 1 FROM organisations WHERE parent_id = ? AND kind = 'branch' AND lower(name) = lower(?) AND id IS NOT ? AND deleted_at IS NULL")
    .get(wardId(ctx), name, exceptId);
  if (clash) throw new ApiError('CONFLICT', `Đã có "${name}" trong đảng bộ.`, [{ path: 'name', message: 'Tên chi bộ đã có.' }]);
}

export function create(input: ParsedInput<'branches.create'>, ctx: ServiceContext, user: SessionUser): { id: string } {
  const sqlite = ctx.store.sqlite;
  const id = sqlite.transaction(() => {
    uniqueName(ctx, input.name, null);
    const id = uuidv7();
    const order = (sqlite.prepare("SELECT coalesce(max(sort_order), 0) + 1 FROM organisations WHERE parent_id = ?").pluck().get(wardId(ctx)) as number);
    sqlite
      .prepare('INSERT INTO organisations (id, parent_id, kind, name, branch_kind, sort_order, owner_site, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, wardId(ctx), 'branch', input.name, input.branchKind, order, selfSiteId(ctx), ctx.hlc.now());
    recordAudit(sqlite, { at: ctx.clock(), userId: user.id, action: 'branches.create', entity: 'organisations', entityId: id, after: input });
    return id;
  })();
  ctx.emit('data.changed', { areas: ['organisations'] });
  return { id };
}

export function update(input: ParsedInput<'branches.update'>, ctx: ServiceContext, user: SessionUser): null {
  const sqlite = ctx.store.sqlite;
  sqlite.transaction(() => {
    const before = loadBranch(ctx, input.id);
    uniqueName(ctx, input.name, input.id);
    sqlite
      .prepare('UPDATE organisations SET name = ?, branch_kind = ?, version = version + 1, updated_at = ? WHERE id = ?')
      .run(input.name, input.branchKind, ctx.hlc.now(), input.id);
    recordAudit(sqlite, {
      at: ctx.clock(),
      userId: user.id,
      action: 'branches.update',
      entity: 'organisations',
      entityId: input.id,
      before: { name: before.name, branchKind: before.branch_kind },
      after: { name: input.name, branchKind: input.branchKind },
    });
  })();
  ctx.emit('data.changed', { areas: ['organisations'] });
  return null;
}

export function dissolve(input: ParsedInput<'branches.dissolve'>, ctx: ServiceContext, user: SessionUser): null {
  const sqlite = ctx.store.sqlite;
  sqlite.transaction(() => {
    const branch = loadBranch(ctx, input.id);
    if (branch.dissolved_at) throw new ApiError('CONFLICT', `${branch.name} đã giải thể từ trước.`);
    const onRoll = sqlite
      .prepare("SELECT count(*) FROM members WHERE branch_id = ? AND deleted_at IS NULL AND standing IN ('active', 'exempt', 'away')")
      .pluck()
      .get(input.id) as number;
    if (onRoll > 0) {
      throw new ApiError('CONFLICT', `${branch.name} còn ${onRoll} đảng viên. Hãy chuyển sinh hoạt cho các đồng chí trước khi giải thể chi bộ.`);
    }
    sqlite.prepare('UPDATE organisations SET dissolved_at = ?, version = version + 1, updated_at = ? WHERE id = ?').run(input.date, ctx.hlc.now(), input.id);
    recordAudit(sqlite, { at: ctx.clock(), userId: user.id, action: 'branches.dissolve', entity: 'organisations', entityId: input.id, after: { date: input.date } });
  })();
  ctx.emit('data.changed', { areas: ['organisations'] });
  return null;
}

export function committee(input: ParsedInput<'branches.committee'>, ctx: ServiceContext, user: SessionUser): OfficerRow[] {
  checkBranchScope(user, input.branchId);
  loadBranch(ctx, input.branchId);
  const rows = ctx.store.sqlite
    .prepare(
      `SELECT b.id, b.member_id, m.full_name, b.role, b.term_label, b.term_start, b.term_end
         FROM branch_officers b JOIN members m ON m.id = b.member_id
        WHERE b.branch_id = ? AND b.deleted_at IS NULL
        ORDER BY b.term_end IS NOT NULL, b.term_start DESC, CASE b.role WHEN 'secretary' THEN 0 WHEN 'deputy_secretary' THEN 1 ELSE 2 END`,
    )
    .all(input.branchId) as { id: string; member_id: string; full_name: string; role: OfficerRow['role']; term_label: string; term_start: string; term_end: string | null }[];
  return rows.map((r) => ({
    id: r.id,
    memberId: r.member_id,
    memberName: r.full_name,
    role: r.role,
    termLabel: r.term_label,
    termStart: r.term_start,
    termEnd: r.term_end,
  }));
}

export function appointOfficer(input: ParsedInput<'branches.appointOfficer'>, ctx: ServiceContext, user: SessionUser): { id: string } {
  const sqlite = ctx.store.sqlite;
  const id = sqlite.transaction(() => {
    loadBranch(ctx, input.branchId);
    const member = sqlite.prepare('SELECT full_name, branch_id, status, standing FROM members WHERE id = ? AND deleted_at IS NULL').get(input.memberId) as
      | { full_name: string; branch_id: string; status: string; standing: string }
      | undefined;
    if (!member || member.branch_id !== input.branchId) throw new ApiError('NOT_FOUND', 'Đảng viên này không thuộc chi bộ.');
    // Probationary members may not stand for office (Điều lệ Đảng, Điều 5).
    if (member.status !== 'official') throw new ApiError('CONFLICT', `Đồng chí ${member.full_name} là đảng viên dự bị, chưa được ứng cử vào chi ủy.`);
    if (member.standing !== 'active') throw new ApiError('CONFLICT', `Đồng chí ${member.full_name} không đang sinh hoạt tại chi bộ.`);
    if (input.role !== 'committee_member') {
      const holder = sqlite
        .prepare('SELECT m.full_name FROM branch_officers b JOIN members m ON m.id = b.member_id WHERE b.branch_id = ? AND b.role = ? AND b.term_end IS NULL AND b.deleted_at IS NULL')
        .pluck()
        .get(input.branchId, input.role) as string | undefined;
      if (holder) throw new ApiError('CONFLICT', `Chức vụ này đang do đồng chí ${holder} đảm nhiệm; hãy ghi ngày thôi giữ chức trước.`);
    }
    const id = uuidv7();
    sqlite
      .prepare('INSERT INTO branch_officers (id, branch_id, member_id, role, term_label, term_start, owner_site, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, input.branchId, input.memberId, input.role, input.termLabel.replace(/\s*[–-]\s*/, '–'), input.termStart, selfSiteId(ctx), ctx.hlc.now());
    recordAudit(sqlite, { at: ctx.clock(), userId: user.id, action: 'branches.appointOfficer', entity: 'branch_officers', entityId: id, after: input });
    return id;
  })();
  ctx.emit('data.changed', { areas: ['organisations'] });
  return { id };
}

export function endOfficer(input: ParsedInput<'branches.endOfficer'>, ctx: ServiceContext, user: SessionUser): null {
  const sqlite = ctx.store.sqlite;
  sqlite.transaction(() => {
    const officer = sqlite.prepare('SELECT term_start, term_end FROM branch_officers WHERE id = ? AND deleted_at IS NULL').get(input.id) as
      | { term_start: string; term_end: string | null }
      | undefined;
    if (!officer) throw new ApiError('NOT_FOUND', 'Không tìm thấy chức vụ này.');
    if (officer.term_end) throw new ApiError('CONFLICT', 'Chức vụ này đã kết thúc từ trước.');
    if (input.termEnd < officer.term_start) throw new ApiError('INVALID_INPUT', 'Ngày thôi giữ chức phải sau ngày bắt đầu.');
    sqlite.prepare('UPDATE branch_officers SET term_end = ?, version = version + 1, updated_at = ? WHERE id = ?').run(input.termEnd, ctx.hlc.now(), input.id);
    recordAudit(sqlite, { at: ctx.clock(), userId: user.id, action: 'branches.endOfficer', entity: 'branch_officers', entityId: input.id, after: input });
  })();
  ctx.emit('data.changed', { areas: ['organisations'] });
  return null;
}

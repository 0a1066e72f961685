// First start: an installation keeps one ward (Đảng bộ phường/xã). Setup creates it under its superior committee,
// or fills it with the demo ward; either way the site that owns its records is made in the same transaction.
import { v7 as uuidv7 } from 'uuid';
import { generate } from '../../db/generate/generate';
import { ApiError, type DemoSummary, type ParsedInput } from '../api';
import { recordAudit } from '../audit';
import { DEMO_ACCOUNTS_SETTING, insertUser } from '../auth/users';
import type { Call, ServiceContext } from '../context';

export const WARD_SETTING = 'ward.id';

export function currentWardId(ctx: ServiceContext): string | null {
  const row = ctx.store.sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(WARD_SETTING) as string | undefined;
  return row ? (JSON.parse(row) as string) : null;
}

export function selfSiteId(ctx: ServiceContext): string {
  const id = ctx.store.sqlite.prepare('SELECT id FROM sites WHERE is_self = 1').pluck().get() as string | undefined;
  if (!id) throw new ApiError('CONFLICT', 'Chưa thiết lập đảng bộ cho máy này. Hãy tạo đảng bộ hoặc dùng dữ liệu mẫu trước.');
  return id;
}

function refuseIfSetUp(ctx: ServiceContext) {
  if (currentWardId(ctx)) {
    throw new ApiError('CONFLICT', 'Máy này đã có dữ liệu của một đảng bộ; không thể thiết lập lại chồng lên dữ liệu đang có.');
  }
}

function adopt(ctx: ServiceContext, wardId: string, siteId: string, wardName: string) {
  const sqlite = ctx.store.sqlite;
  sqlite
    .prepare('INSERT INTO sites (id, organisation_id, name, is_self, created_at) VALUES (?, ?, ?, 1, ?)')
    .run(siteId, wardId, wardName, ctx.clock());
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(WARD_SETTING, JSON.stringify(wardId));
}

export function createWard(input: ParsedInput<'setup.createWard'>, ctx: ServiceContext, call: Call): { wardId: string } {
  const sqlite = ctx.store.sqlite;
  const result = sqlite.transaction(() => {
    refuseIfSetUp(ctx);
    const siteId = uuidv7();
    const superiorId = uuidv7();
    const wardId = uuidv7();
    const insert = sqlite.prepare(
      'INSERT INTO organisations (id, parent_id, kind, name, owner_site, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run(superiorId, null, input.superiorKind, input.superiorName, siteId, ctx.hlc.now());
    insert.run(wardId, superiorId, 'ward', input.wardName, siteId, ctx.hlc.now());
    adopt(ctx, wardId, siteId, input.wardName);
    const adminId = insertUser(ctx, null, {
      username: input.adminUsername,
      displayName: input.adminName,
      password: input.adminPassword,
      role: 'ward_admin',
      branchId: null,
    });
    recordAudit(sqlite, {
      at: ctx.clock(),
      userId: adminId,
      action: 'setup.createWard',
      entity: 'organisations',
      entityId: wardId,
      after: { wardName: input.wardName, superiorName: input.superiorName, superiorKind: input.superiorKind },
    });
    return { wardId, adminId };
  })();
  // Whoever set the ward up is its administrator and is signed in.
  call.session.token = ctx.sessions.create(result.adminId);
  ctx.emit('data.changed', { areas: ['organisations'] });
  return { wardId: result.wardId };
}

export const DEMO_PASSWORD = 'chibo2026';

export function createDemo(ctx: ServiceContext, call: Call): DemoSummary {
  const sqlite = ctx.store.sqlite;
  const summary = sqlite.transaction(() => {
    refuseIfSetUp(ctx);
    const siteId = uuidv7();
    const result = generate(sqlite, { preset: 'demo', ownerSite: siteId, now: ctx.clock(), hlc: ctx.hlc });
    const wardId = result.wardIds[0]!;
    const wardName = sqlite.prepare('SELECT name FROM organisations WHERE id = ?').pluck().get(wardId) as string;
    adopt(ctx, wardId, siteId, wardName);
    const branch = sqlite
      .prepare("SELECT id, name FROM organisations WHERE parent_id = ? AND kind = 'branch' ORDER BY branch_kind = 'residential' DESC, sort_order LIMIT 1")
      .get(wardId) as { id: string; name: string };
    const accounts: DemoSummary['accounts'] = [
      { username: 'quantri', password: DEMO_PASSWORD, role: 'ward_admin', displayName: 'Nguyễn Thị Quản Trị' },
      { username: 'vanphong', password: DEMO_PASSWORD, role: 'ward_staff', displayName: 'Trần Văn Phòng' },
      { username: 'bithu', password: DEMO_PASSWORD, role: 'branch_secretary', displayName: 'Lê Văn Bình' },
      { username: 'xem', password: DEMO_PASSWORD, role: 'viewer', displayName: 'Phạm Thị Xem' },
    ];
    const ids = accounts.map((a) =>
      insertUser(ctx, null, { ...a, branchId: a.role === 'branch_secretary' ? branch.id : null }),
    );
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DEMO_ACCOUNTS_SETTING, JSON.stringify(accounts));
    const demo: DemoSummary = {
      wardId,
      wardName,
      branches: result.branches,
      members: result.members,
      meetings: result.meetings,
      attendance: result.attendance,
      accounts,
    };
    recordAudit(sqlite, {
      at: ctx.clock(),
      userId: null,
      action: 'demo.create',
      entity: 'organisations',
      entityId: wardId,
      after: { ...demo, accounts: accounts.map((a) => a.username) },
    });
    return { demo, adminId: ids[0]! };
  })();
  call.session.token = ctx.sessions.create(summary.adminId);
  ctx.emit('data.changed', { areas: ['organisations', 'members', 'meetings'] });
  return summary.demo;
}

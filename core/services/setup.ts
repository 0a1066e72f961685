// First start: an installation keeps one ward (Đảng bộ phường/xã). Setup creates it under its superior committee,
// or fills it with the demo ward; either way the site that owns its records is made in the same transaction.
import { v7 as uuidv7 } from 'uuid';
import { generate } from '../../db/generate/generate';
import { ApiError, type DemoSummary, type ParsedInput } from '../api';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';

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

export function createWard(input: ParsedInput<'setup.createWard'>, ctx: ServiceContext): { wardId: string } {
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
    recordAudit(sqlite, {
      at: ctx.clock(),
      userId: null,
      action: 'setup.createWard',
      entity: 'organisations',
      entityId: wardId,
      after: input,
    });
    return { wardId };
  })();
  ctx.emit('data.changed', { areas: ['organisations'] });
  return result;
}

export function createDemo(ctx: ServiceContext): DemoSummary {
  const sqlite = ctx.store.sqlite;
  const summary = sqlite.transaction(() => {
    refuseIfSetUp(ctx);
    const siteId = uuidv7();
    const result = generate(sqlite, { preset: 'demo', ownerSite: siteId, now: ctx.clock(), hlc: ctx.hlc });
    const wardId = result.wardIds[0]!;
    const wardName = sqlite.prepare('SELECT name FROM organisations WHERE id = ?').pluck().get(wardId) as string;
    adopt(ctx, wardId, siteId, wardName);
    const demo: DemoSummary = {
      wardId,
      wardName,
      branches: result.branches,
      members: result.members,
      meetings: result.meetings,
      attendance: result.attendance,
    };
    recordAudit(sqlite, { at: ctx.clock(), userId: null, action: 'demo.create', entity: 'organisations', entityId: wardId, after: demo });
    return demo;
  })();
  ctx.emit('data.changed', { areas: ['organisations', 'members', 'meetings'] });
  return summary;
}

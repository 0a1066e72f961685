import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../db/testing';
import { ApiError } from './api';
import { createDispatcher } from './dispatch';
import { startRuntime, type Runtime } from './runtime';
import { handlers } from './services/index';

const ADMIN = { adminName: 'Nguyễn Thị Quản', adminUsername: 'quantri', adminPassword: 'mat-khau-rat-dai' };
let runtime: Runtime;
let dir: string;
const log = vi.fn();
beforeEach(() => {
  dir = makeTempDir();
  runtime = startRuntime({ dataDir: dir, host: 'cli', appVersion: '0.0.0-test', clock: () => Date.UTC(2026, 10, 26, 8), log });
});
afterEach(async () => {
  await runtime.close();
  fs.rmSync(dir, { recursive: true, force: true });
  log.mockReset();
});
const count = (table: string) => runtime.store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('dispatch', () => {
  it('answers an unknown method, including prototype names, with UNKNOWN_METHOD', async () => {
    for (const method of ['members.drop', '__proto__', 'constructor', 42, null]) {
      const result = await runtime.dispatch(method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('refuses invalid input with a Vietnamese message per field and writes nothing', async () => {
    const result = await runtime.dispatch('setup.createWard', { ...ADMIN, wardName: ' ', superiorName: 7, superiorKind: 'quận' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.message).toContain('Dữ liệu gửi lên không hợp lệ');
    expect(result.error.fields?.map((f) => f.path).sort()).toEqual(['superiorKind', 'superiorName', 'wardName']);
    expect(result.error.fields?.find((f) => f.path === 'wardName')?.message).toBe('Tên đảng bộ phường, xã phải có ít nhất 2 ký tự.');
    expect(count('organisations')).toBe(0);
    expect(count('audit_log')).toBe(0);
  });

  it('refuses unexpected fields and input that is not an object', async () => {
    expect(await runtime.dispatch('organisations.tree', { sql: 'DROP TABLE members' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await runtime.dispatch('members.list', 'all')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await runtime.dispatch('members.list', { pageSize: 10_000 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('tối đa 500 dòng') },
    });
  });

  it('passes a service refusal through with its code, and turns a crash into INTERNAL without losing the process', async () => {
    const boom = createDispatcher(runtime.context, {
      ...handlers,
      'app.info': () => {
        throw new ApiError('FORBIDDEN', 'Không được phép.');
      },
      'auth.status': () => {
        throw new TypeError('undefined is not a function');
      },
    }, log);
    expect(await boom('app.info', {})).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Không được phép.' } });
    const internal = await boom('auth.status', {});
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('thao tác chưa được ghi') } });
    expect(log).toHaveBeenCalledOnce();
  });
});

describe('setup', () => {
  it('creates the ward under its superior, once, with an audit entry', async () => {
    const changed = vi.fn();
    runtime.subscribe('data.changed', changed);
    const session = { token: null as string | null };
    const first = await runtime.dispatch('setup.createWard', {
      ...ADMIN,
      wardName: 'Đảng bộ phường Hồng Hà',
      superiorName: 'Đảng bộ Thành phố Hà Nội',
      superiorKind: 'province',
    }, session);
    expect(first.ok).toBe(true);
    expect(session.token).toEqual(expect.any(String));
    expect(await runtime.dispatch('auth.status', {}, session)).toMatchObject({ ok: true, value: { user: { username: 'quantri', role: 'ward_admin' } } });
    const info = await runtime.dispatch('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { ward: { name: 'Đảng bộ phường Hồng Hà', superiorName: 'Đảng bộ Thành phố Hà Nội' } } });
    expect(changed).toHaveBeenCalledWith({ areas: ['organisations'] });
    expect(runtime.store.sqlite.prepare('SELECT action FROM audit_log ORDER BY at, rowid').pluck().all()).toEqual(['users.create', 'setup.createWard']);
    expect(runtime.store.sqlite.prepare('SELECT password_hash FROM users').pluck().get()).toMatch(/^scrypt\$/);

    const again = await runtime.dispatch('setup.createWard', { ...ADMIN, wardName: 'Đảng bộ xã Khác', superiorName: 'Thành ủy', superiorKind: 'province' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(count('organisations')).toBe(2);
    const demo = await runtime.dispatch('demo.create', {});
    expect(demo).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(count('organisations')).toBe(2);
  });

  it('builds the demo ward with its tree, branches and members', async () => {
    const session = { token: null as string | null };
    const demo = await runtime.dispatch('demo.create', {}, session);
    expect(demo.ok).toBe(true);
    expect(await runtime.dispatch('organisations.tree', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const tree = await runtime.dispatch('organisations.tree', {}, session);
    if (!tree.ok) throw new Error(tree.error.message);
    const nodes = tree.value as { kind: string; parentId: string | null; memberCount: number }[];
    expect(nodes.filter((n) => n.kind === 'ward')).toHaveLength(1);
    const branches = nodes.filter((n) => n.kind === 'branch');
    expect(branches.length).toBeGreaterThanOrEqual(15);
    expect(branches.reduce((sum, b) => sum + b.memberCount, 0)).toBeGreaterThanOrEqual(600);

    const page = await runtime.dispatch('members.list', { search: 'nguyen', pageSize: 500 }, session);
    if (!page.ok) throw new Error(page.error.message);
    const { rows, total } = page.value as { total: number; rows: { fullName: string }[] };
    expect(total).toBeGreaterThan(50);
    for (const row of rows) expect(row.fullName).toMatch(/Nguyễn|Nguyên/);
  });
});

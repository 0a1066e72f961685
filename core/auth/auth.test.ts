// Accounts and roles as a ward office meets them: sign-in, lockout, scrypt hashes, and refusals made by the services
// themselves, whatever the menu shows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../testing';
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from './users';

let t: TestRuntime;
let now = Date.UTC(2026, 10, 26, 2);
beforeEach(async () => {
  now = Date.UTC(2026, 10, 26, 2);
  t = startTestRuntime({ clock: () => now, idleLockMinutes: 15 });
  await t.caller().call('demo.create');
});
afterEach(() => t.close());

describe('sign-in', () => {
  it('signs in with the right password and refuses a wrong one with the attempts left', async () => {
    const c = t.caller();
    expect(await c.raw('auth.login', { username: 'vanphong', password: 'sai-mat-khau' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: `Sai tên đăng nhập hoặc mật khẩu. Còn ${MAX_FAILED_ATTEMPTS - 1} lần thử trước khi tài khoản bị tạm khóa.` },
    });
    expect(c.session.token).toBeNull();
    const user = await c.call('auth.login', { username: 'VanPhong', password: 'chibo2026' });
    expect(user).toMatchObject({ username: 'vanphong', role: 'ward_staff' });
    expect(c.session.token).toEqual(expect.any(String));
  });

  it('locks an account after five wrong passwords, even against the right one, until the lockout ends', async () => {
    const c = t.caller();
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await c.raw('auth.login', { username: 'xem', password: 'doan-mo-' + i });
    const locked = await c.raw('auth.login', { username: 'xem', password: 'chibo2026' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('tạm khóa đến') } });
    now += LOCKOUT_MS + 1000;
    expect(await c.raw('auth.login', { username: 'xem', password: 'chibo2026' })).toMatchObject({ ok: true });
    const actions = t.runtime.store.sqlite.prepare("SELECT action FROM audit_log WHERE action LIKE 'auth.%' ORDER BY at, rowid").pluck().all();
    expect(actions).toEqual(['auth.loginFailed', 'auth.loginFailed', 'auth.loginFailed', 'auth.loginFailed', 'auth.lockedOut', 'auth.login']);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const unknown = await t.caller().raw('auth.login', { username: 'khongco', password: 'chibo2026' });
    expect(unknown).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Sai tên đăng nhập hoặc mật khẩu.' } });
  });

  it('ends a session after the idle time, and on sign-out', async () => {
    const staff = await t.as('ward_staff');
    expect(await staff.raw('branches.list')).toMatchObject({ ok: true });
    now += 16 * 60_000;
    expect(await staff.raw('branches.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const again = await t.as('ward_staff');
    await again.call('auth.logout');
    expect(await again.raw('branches.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('keeps only scrypt hashes of passwords', () => {
    const hashes = t.runtime.store.sqlite.prepare('SELECT password_hash FROM users').pluck().all() as string[];
    expect(hashes).toHaveLength(4);
    for (const hash of hashes) {
      expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(hash).not.toContain('chibo2026');
    }
  });
});

describe('roles, checked by the services', () => {
  it('lets only the administrator manage accounts and read the audit trail', async () => {
    for (const role of ['ward_staff', 'branch_secretary', 'viewer'] as const) {
      const c = await t.as(role);
      expect(await c.raw('users.list')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await c.raw('audit.list')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const admin = await t.as('ward_admin');
    expect((await admin.call('users.list')).map((u) => u.username).sort()).toEqual(['bithu', 'quantri', 'vanphong', 'xem']);
    expect((await admin.call('audit.list')).total).toBeGreaterThan(0);
  });

  it('lets a viewer read but not change anything', async () => {
    const viewer = await t.as('viewer');
    const page = await viewer.call('members.list', { pageSize: 1 });
    expect(await viewer.raw('members.exempt', { id: page.rows[0]!.id, from: '2026-11-01', reason: 'Tuổi cao', resolution: '05-NQ/CB' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Tài khoản người xem không được làm thao tác này.' },
    });
  });

  it('shows a branch secretary only their own branch, and refuses the others at the service', async () => {
    const secretary = await t.as('branch_secretary');
    const me = (await secretary.call('auth.status')).user!;
    const branches = await secretary.call('branches.list');
    expect(branches.map((b) => b.id)).toEqual([me.branchId]);
    const tree = await secretary.call('organisations.tree');
    expect(tree.filter((n) => n.kind === 'branch').map((n) => n.id)).toEqual([me.branchId]);

    const own = await secretary.call('members.list', { pageSize: 500 });
    expect(own.total).toBeGreaterThan(0);
    expect(new Set(own.rows.map((r) => r.branchId))).toEqual(new Set([me.branchId]));

    const staff = await t.as('ward_staff');
    const all = await staff.call('members.list', { pageSize: 500 });
    const other = all.rows.find((r) => r.branchId !== me.branchId)!;
    expect(await secretary.raw('members.get', { id: other.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await secretary.raw('members.list', { branchId: other.branchId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await secretary.raw('members.markAway', { id: other.id, from: '2026-11-01', place: 'Đà Nẵng' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await secretary.raw('members.move', { id: own.rows[0]!.id, toBranchId: other.branchId, date: '2026-11-20' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('signs out every session of an account the administrator disables', async () => {
    const viewer = await t.as('viewer');
    const admin = await t.as('ward_admin');
    const id = (await admin.call('users.list')).find((u) => u.username === 'xem')!.id;
    await admin.call('users.update', { id, displayName: 'Phạm Thị Xem', role: 'viewer', disabled: true });
    expect(await viewer.raw('branches.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await t.caller().raw('auth.login', { username: 'xem', password: 'chibo2026' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

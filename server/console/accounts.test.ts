// The console's accounts and sessions over real HTTP, on SQLite and PostgreSQL: login, lockout, session expiry, logout,
// the CSRF header, roles, the last administrator, and the audit trail of it all.
import { expect, it } from 'vitest';
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from '../../core/auth/users';
import { describeEachDatabase } from '../testing';
import { ABSOLUTE_MS, IDLE_MS } from './sessions';
import { ConsoleBrowser, makeUser, PASSWORD } from './testing';

describeEachDatabase('console accounts', (harness) => {
  it('logs in with a session cookie, answers who is signed in, and logs out', async () => {
    const h = harness();
    await makeUser(h, 'chanh.vp', 'admin', [], { displayName: 'Nguyễn Văn An' });
    const b = new ConsoleBrowser(h);

    expect((await b.ok('auth.status')).user).toBeNull();
    const user = await b.login('chanh.vp');
    expect(user).toMatchObject({ username: 'chanh.vp', displayName: 'Nguyễn Văn An', role: 'admin', scope: null, mustChangePassword: false });
    expect(b.lastSetCookie).toMatch(/^chibo_console=[A-Za-z0-9_-]{43}; Path=\/console; HttpOnly; SameSite=Strict$/);
    expect((await b.ok('auth.status')).user.username).toBe('chanh.vp');

    // Only the token's hash is stored.
    const token = b.cookie!.split('=')[1]!;
    const stored = await h.env.db.selectFrom('console_sessions').select('token_hash').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);

    const kept = b.cookie;
    await b.ok('auth.logout');
    expect(b.cookie).toBeNull();
    expect(await h.env.db.selectFrom('console_sessions').selectAll().execute()).toEqual([]);
    // The old cookie no longer opens anything.
    b.cookie = kept;
    const after = await b.call('users.list');
    expect(after.status).toBe(401);
    expect(after.json).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('đăng nhập lại') } });
  });

  it('gives the same answer for an unknown name and a wrong password, and locks after repeated failures', async () => {
    const h = harness();
    await makeUser(h, 'duyet1', 'reviewer');
    const b = new ConsoleBrowser(h);
    const unknown = await b.call('auth.login', { username: 'khong.co', password: 'sai-mat-khau-1' });
    const wrong = await b.call('auth.login', { username: 'duyet1', password: 'sai-mat-khau-1' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json.error.message).toBe('Sai tên đăng nhập hoặc mật khẩu.');

    for (let i = 2; i < MAX_FAILED_ATTEMPTS; i++) expect((await b.call('auth.login', { username: 'duyet1', password: `sai-${i}` })).status).toBe(401);
    const locking = await b.call('auth.login', { username: 'duyet1', password: 'sai-cuoi' });
    expect(locking.status).toBe(403);
    expect(locking.json.error.message).toContain('Tài khoản tạm khóa đến');
    // Locked: even the right password is refused, until the lock runs out.
    expect((await b.call('auth.login', { username: 'duyet1', password: PASSWORD })).json.error.code).toBe('FORBIDDEN');
    h.clock.advance(LOCKOUT_MS + 1);
    expect((await b.login('duyet1')).username).toBe('duyet1');

    const audit = await h.env.db.selectFrom('audit').select(['actor', 'action']).where('action', 'like', 'auth.%').orderBy('id').execute();
    expect(audit.map((a) => `${a.actor} ${a.action}`)).toEqual([
      'khong.co auth.login_failed',
      ...Array.from({ length: MAX_FAILED_ATTEMPTS - 1 }, () => 'duyet1 auth.login_failed'),
      'duyet1 auth.lockout',
      'duyet1 auth.login_failed',
      'duyet1 auth.login',
    ]);
  });

  it('ends a session after 30 idle minutes and after 12 hours however busy', async () => {
    const h = harness();
    await makeUser(h, 'xem1', 'viewer');
    const b = new ConsoleBrowser(h);
    await b.login('xem1');
    h.clock.advance(IDLE_MS - 60_000);
    expect((await b.ok('auth.status')).user?.username).toBe('xem1');
    h.clock.advance(IDLE_MS - 60_000); // idle time restarts at each request
    expect((await b.ok('auth.status')).user?.username).toBe('xem1');
    h.clock.advance(IDLE_MS);
    expect((await b.ok('auth.status')).user).toBeNull();

    await b.login('xem1');
    for (let spent = 0; spent < ABSOLUTE_MS - IDLE_MS; spent += IDLE_MS - 60_000) {
      h.clock.advance(IDLE_MS - 60_000);
      expect((await b.ok('auth.status')).user?.username).toBe('xem1');
    }
    h.clock.advance(IDLE_MS - 60_000);
    expect((await b.ok('auth.status')).user).toBeNull();
  });

  it('refuses every POST without the CSRF header, the login included', async () => {
    const h = harness();
    await makeUser(h, 'chanh.vp', 'admin');
    const b = new ConsoleBrowser(h);
    const login = await b.call('auth.login', { username: 'chanh.vp', password: PASSWORD }, { csrf: false });
    expect(login.status).toBe(403);
    expect(login.json.error.code).toBe('FORBIDDEN');
    expect(b.cookie).toBeNull();
    await b.login('chanh.vp');
    const create = await b.call('sites.create', { name: 'Phường Đa Kao' }, { csrf: false });
    expect(create.json.error.code).toBe('FORBIDDEN');
    expect(await h.env.db.selectFrom('sites').selectAll().execute()).toEqual([]);
    const upload = await b.request('POST', '/console/files', { body: 'abc', headers: { 'x-file-name': 'a.txt', 'content-type': 'text/plain' }, csrf: false });
    expect(upload.json.error.code).toBe('FORBIDDEN');
  });

  it('validates input in Vietnamese and names the fields', async () => {
    const h = harness();
    await makeUser(h, 'chanh.vp', 'admin');
    const b = new ConsoleBrowser(h);
    await b.login('chanh.vp');
    const res = await b.call('users.create', { username: 'Có Dấu', displayName: '', role: 'boss', password: 'ngan' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('INVALID_INPUT');
    const fields = Object.fromEntries(res.json.error.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
    expect(fields.username).toContain('chữ thường không dấu');
    expect(fields.displayName).toBe('Hãy nhập họ và tên.');
    expect(fields.password).toBe('Mật khẩu cần ít nhất 10 ký tự.');
    expect(fields.role).toMatch(/không hợp lệ/);
    expect((await b.call('no.such')).json.error.code).toBe('UNKNOWN_METHOD');
  });

  it('lets only administrators manage accounts; a new password must be changed and ends the other sessions', async () => {
    const h = harness();
    const site = await h.site('Phường Tân Định');
    await makeUser(h, 'chanh.vp', 'admin');
    await makeUser(h, 'xem1', 'viewer', [site.slotId]);
    const admin = new ConsoleBrowser(h);
    await admin.login('chanh.vp');
    const viewer = new ConsoleBrowser(h);
    await viewer.login('xem1');
    expect((await viewer.call('users.list')).json.error.code).toBe('FORBIDDEN');
    expect((await viewer.call('audit.list')).json.error.code).toBe('FORBIDDEN');
    expect((await viewer.call('sites.create', { name: 'Phường X' })).json.error.code).toBe('FORBIDDEN');

    const created = await admin.ok('users.create', { username: 'duyet.b', displayName: 'Trần Thị Bình', role: 'reviewer', password: 'tam-thoi-12345', scope: [site.slotId] });
    expect(created).toMatchObject({ username: 'duyet.b', role: 'reviewer', scope: [site.slotId], mustChangePassword: true, disabledAt: null });
    const dup = await admin.call('users.create', { username: 'duyet.b', displayName: 'Người khác', role: 'viewer', password: 'tam-thoi-12345' });
    expect(dup.json.error.code).toBe('CONFLICT');
    const foreign = await admin.call('users.create', { username: 'duyet.c', displayName: 'C', role: 'viewer', password: 'tam-thoi-12345', scope: ['khong-co'] });
    expect(foreign.json.error.fields[0].path).toBe('scope');

    // The new account must change its password before anything else.
    const b = new ConsoleBrowser(h);
    expect((await b.login('duyet.b', 'tam-thoi-12345')).mustChangePassword).toBe(true);
    expect((await b.call('sites.list')).json.error.message).toContain('đổi mật khẩu');
    const other = new ConsoleBrowser(h);
    await other.login('duyet.b', 'tam-thoi-12345');
    expect((await b.call('auth.changePassword', { current: 'sai-roi-123', next: 'moi-hon-12345' })).json.error.fields[0].path).toBe('current');
    expect(await b.ok('auth.changePassword', { current: 'tam-thoi-12345', next: 'moi-hon-12345' })).toBeNull();
    expect((await b.ok('sites.list')).map((s: { slotId: string }) => s.slotId)).toEqual([site.slotId]);
    expect((await other.ok('auth.status')).user).toBeNull(); // the other session ended

    // An administrator's new password: must be changed again; every session of the account ends.
    await admin.ok('users.update', { id: created.id, password: 'dat-lai-12345' });
    expect((await b.ok('auth.status')).user).toBeNull();
    expect((await b.login('duyet.b', 'dat-lai-12345')).mustChangePassword).toBe(true);
    // Disabling ends its sessions and refuses its login.
    await admin.ok('users.update', { id: created.id, disabled: true });
    expect((await b.ok('auth.status')).user).toBeNull();
    expect((await b.call('auth.login', { username: 'duyet.b', password: 'dat-lai-12345' })).json.error.message).toContain('đã bị khóa');
  });

  it('never disables or demotes the last active administrator', async () => {
    const h = harness();
    const me = await makeUser(h, 'chanh.vp', 'admin');
    const b = new ConsoleBrowser(h);
    await b.login('chanh.vp');
    for (const change of [{ disabled: true }, { role: 'reviewer' }]) {
      const res = await b.call('users.update', { id: me.id, ...change });
      expect(res.status).toBe(409);
      expect(res.json.error.message).toContain('quản trị viên cuối cùng');
    }
    const second = await b.ok('users.create', { username: 'pho.vp', displayName: 'Lê Văn Cường', role: 'admin', password: 'tam-thoi-12345' });
    expect((await b.ok('users.update', { id: me.id, role: 'viewer' })).role).toBe('viewer');
    expect((await b.call('users.update', { id: second.id, disabled: true })).status).toBe(403); // no longer an administrator
  });

  it('lists the audit trail newest first with a Vietnamese summary of each act', async () => {
    const h = harness();
    await makeUser(h, 'chanh.vp', 'admin');
    const b = new ConsoleBrowser(h);
    await b.call('auth.login', { username: 'chanh.vp', password: 'sai-mat-khau' });
    await b.login('chanh.vp');
    const site = await b.ok('sites.create', { name: 'Phường Đa Kao' });
    expect(site.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await b.ok('users.create', { username: 'xem.a', displayName: 'Phạm Thị Dung', role: 'viewer', password: 'tam-thoi-12345', scope: [site.slotId] });
    await b.ok('sites.revoke', { slotId: site.slotId });
    const rows = await b.ok('audit.list', {});
    expect(rows.map((r: { actor: string; summary: string }) => `${r.actor}: ${r.summary}`)).toEqual([
      'chanh.vp: Thu hồi quyền đồng bộ của đơn vị "Phường Đa Kao".',
      'chanh.vp: Tạo tài khoản "xem.a" (Phạm Thị Dung), vai trò người xem.',
      'chanh.vp: Tạo đơn vị "Phường Đa Kao" và mã đăng ký.',
      'chanh.vp: Đăng nhập bảng điều khiển.',
      'chanh.vp: Đăng nhập không thành công (sai mật khẩu).',
      'admin: Tạo tài khoản "chanh.vp" (Đồng chí chanh.vp), vai trò quản trị viên.',
    ]);
    const older = await b.ok('audit.list', { before: rows[2].id, limit: 2 });
    expect(older.map((r: { id: number }) => r.id)).toEqual([rows[3].id, rows[4].id]);
    expect((await b.ok('audit.list', { actor: 'admin' })).length).toBe(1);
    expect((await b.ok('sites.list')).map((s: { state: string }) => s.state)).toEqual(['revoked']);
  });
});

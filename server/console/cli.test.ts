// `npm run server -- user …`: the console's accounts from the command line, as real processes on a running server's
// database; the printed password signs in at /console/ and must be changed first.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase, type Harness } from '../testing';
import { ConsoleBrowser } from './testing';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const CLI = path.join(ROOT, 'server/cli.ts');

function cli(h: Harness, args: string[]) {
  const result = spawnSync(process.execPath, [TSX, CLI, ...args], { cwd: ROOT, env: { ...process.env, ...h.cliEnv }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describeEachDatabase('npm run server -- user', (harness) => {
  it('creates an account with a password printed once, lists it, and resets its password', async () => {
    const h = harness();
    const site = await h.site('Phường Tân Định');
    const created = cli(h, ['user', 'create', 'duyet.a', '--role', 'reviewer', '--name', 'Trần Thị Bình', '--ward', site.slotId]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Đã tạo tài khoản "duyet.a" (Trần Thị Bình), vai trò người duyệt.');
    const password = /Mật khẩu: (\S+)/.exec(created.stdout)?.[1];
    expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);

    const b = new ConsoleBrowser(h);
    expect(await b.login('duyet.a', password)).toMatchObject({ role: 'reviewer', scope: [site.slotId], mustChangePassword: true });

    const listed = cli(h, ['user', 'list']);
    expect(listed.stdout).toContain('duyet.a  Trần Thị Bình  [người duyệt; hoạt động; phải đổi mật khẩu]');
    expect(listed.stdout).toContain(`đơn vị: ${site.slotId}`);

    const reset = cli(h, ['user', 'reset-password', 'duyet.a', '--json']);
    expect(reset.code, reset.stderr).toBe(0);
    const fresh = JSON.parse(reset.stdout) as { password: string };
    expect(fresh.password).not.toBe(password);
    expect((await b.ok('auth.status')).user).toBeNull(); // the session ended with the old password
    expect((await b.call('auth.login', { username: 'duyet.a', password })).json.error.code).toBe('UNAUTHENTICATED');
    expect((await b.login('duyet.a', fresh.password)).username).toBe('duyet.a');

    // The server keeps its own name: --name there is the person's.
    expect((await b.ok('auth.status')).serverName).not.toBe('Trần Thị Bình');
  });

  it('explains what is wrong in Vietnamese', () => {
    const h = harness();
    const badRole = cli(h, ['user', 'create', 'abc', '--role', 'boss', '--name', 'Ai Đó']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role: phải là admin, reviewer hoặc viewer.');
    const noName = cli(h, ['user', 'create', 'abc', '--role', 'viewer']);
    expect(noName.stderr).toContain('--name: Hãy nhập họ và tên.');
    const twice = [cli(h, ['user', 'create', 'abc', '--role', 'admin', '--name', 'Ai Đó']), cli(h, ['user', 'create', 'abc', '--role', 'admin', '--name', 'Ai Đó'])];
    expect(twice[0]!.code).toBe(0);
    expect(twice[1]!.code).toBe(1);
    expect(twice[1]!.stderr).toContain('Tên đăng nhập "abc" đã có người dùng.');
    expect(cli(h, ['user', 'reset-password', 'khong.co']).stderr).toContain('Không có tài khoản "khong.co".');
    expect(cli(h, ['help']).stdout).toContain('user create TÊN_ĐĂNG_NHẬP --role admin|reviewer|viewer');
  });
});

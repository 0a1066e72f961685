// npm run server as an administrator runs it: real processes on the database and data folder of a running server.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { PROTOCOL, sha256Hex, signText, verifyText } from '../core/sync/protocol';
import { describeEachDatabase, get, makeTempDir, TestSite, type Harness } from './testing';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const CLI = path.join(ROOT, 'server/cli.ts');

function cli(h: Harness, args: string[]) {
  const result = spawnSync(process.execPath, [TSX, CLI, ...args], { cwd: ROOT, env: { ...process.env, ...h.cliEnv }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describeEachDatabase('npm run server', (h) => {
  it('site create prints a slot id and a code, and the code enrols', async () => {
    const created = cli(h(), ['site', 'create', 'Phường Tân Định']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/Đã tạo đơn vị "Phường Tân Định"/);
    const code = /Mã đăng ký: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(created.stdout)?.[1];
    const slotId = /Mã khe: (\S+)/.exec(created.stdout)?.[1];
    expect(code).toBeDefined();
    const site = new TestSite(h(), 'Phường Tân Định');
    const enrolled = await site.enrol(code!);
    expect(enrolled.status).toBe(200);
    expect(enrolled.json.slotId).toBe(slotId);
  });

  it('site create --json, site list --json, site revoke', async () => {
    const created = JSON.parse(cli(h(), ['site', 'create', 'Xã Bình Chánh', '--json']).stdout) as { slotId: string; code: string; name: string };
    expect(created).toMatchObject({ name: 'Xã Bình Chánh', code: expect.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/) });
    const site = new TestSite(h(), 'Xã Bình Chánh');
    expect((await site.enrol(created.code)).status).toBe(200);
    const listed = JSON.parse(cli(h(), ['site', 'list', '--json']).stdout) as { slotId: string; status: string; siteId: string }[];
    expect(listed).toEqual([expect.objectContaining({ slotId: created.slotId, status: 'enrolled', siteId: site.siteId })]);
    expect(cli(h(), ['site', 'list']).stdout).toMatch(/Xã Bình Chánh\s+\[đã đăng ký\]/);
    const revoked = cli(h(), ['site', 'revoke', created.slotId]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/Đã thu hồi/);
    expect((await site.request('GET', '/v1/pull')).json.error.code).toBe('SITE_REVOKED');
    const unknown = cli(h(), ['site', 'revoke', 'no-such-slot']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Không có đơn vị/);
  });

  it('import-file writes a signed answer file', async () => {
    const site = await h().site();
    const payload = `${JSON.stringify({ push: { protocol: PROTOCOL, schema: 6, epoch: 1, afterToken: null, fromSeq: 1, toSeq: 1, ops: [site.op('members', 'm-1')] } })}\n`;
    const header = JSON.stringify({ format: 'chibo-sync', version: 1, direction: 'up', siteId: site.siteId, epoch: 1, createdAt: 1, payloadSha256: sha256Hex(payload) });
    const dir = makeTempDir('chibo-file-');
    try {
      fs.writeFileSync(path.join(dir, 'up.chibo'), `${header}\n${signText(site.keys.privateKey, header)}\n${payload}`);
      const out = cli(h(), ['import-file', path.join(dir, 'up.chibo'), '--answer', path.join(dir, 'down.chibo')]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toMatch(/áp dụng 1/);
      const [downHeader, signature] = fs.readFileSync(path.join(dir, 'down.chibo'), 'utf8').split('\n');
      const info = await get(h().url, '/v1/info');
      expect(verifyText(info.json.server.publicKey, downHeader!, signature!)).toBe(true);
      expect(JSON.parse(downHeader!)).toMatchObject({ direction: 'down', siteId: site.siteId });
      expect(cli(h(), ['import-file', path.join(dir, 'up.chibo')]).code).toBe(2); // --answer is required
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the server, prints its address in one line, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [TSX, CLI, '--port', '0'], { cwd: ROOT, env: { ...process.env, ...h().cliEnv } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed: ${stdout}`)), 30_000);
      child.stdout.on('data', () => {
        const match = /đang chạy tại (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    const info = await get(url, '/v1/info');
    expect(info.status).toBe(200);
    expect(info.json.server.id).toBe((await get(h().url, '/v1/info')).json.server.id);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(stdout).toMatch(/Đã dừng máy chủ/);
  });

  it('explains an unknown command in Vietnamese', () => {
    const out = cli(h(), ['frobnicate']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/Không có lệnh "frobnicate"/);
  });
});

// The ward's sync commands as an administrator runs them (npm run cli -- sync …), each a real process on a real data
// folder, against a real server: enrol, sync, status, a file there and back, revocation.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_TEXT } from '../../core/sync/messages';
import { createSite, exportAnswerFile, importFile, publishDocument, revokeSite } from '../admin';
import { startSyncServer, type RunningServer } from '../app';
import { makeTempDir } from '../testing';

const ROOT = path.resolve(import.meta.dirname, '../..');

let server: RunningServer;
let serverDir: string;
let wardDir: string;

beforeAll(async () => {
  serverDir = makeTempDir('chibo-int-cli-server-');
  wardDir = makeTempDir('chibo-int-cli-ward-');
  server = await startSyncServer({ dataDir: serverDir, port: 0, name: 'Quận ủy Ba Đình' });
});
afterAll(async () => {
  await server.close();
  for (const dir of [serverDir, wardDir]) fs.rmSync(dir, { recursive: true, force: true });
});

/** Asynchronous: the server answers from this process while the command runs. */
function cli(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'host/cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, CHIBO_DATA_DIR: wardDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run cli -- sync', () => {
  let slotId: string;

  it('enrols with the code, syncs, and shows the state', async () => {
    expect(spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'host/cli.ts'), 'demo'], { cwd: ROOT, env: { ...process.env, CHIBO_DATA_DIR: wardDir } }).status).toBe(0);
    const site = await createSite(server.db, 'Đảng bộ phường Trúc Bạch');
    slotId = site.slotId;
    const enrol = await cli(['sync', 'enrol', '--server', server.url, '--code', site.code]);
    expect(enrol.stderr).toBe('');
    expect(enrol.code).toBe(0);
    expect(enrol.stdout).toContain('Đã đăng ký đồng bộ với máy chủ "Quận ủy Ba Đình"');

    const waiting = JSON.parse((await cli(['sync', 'status', '--json'])).stdout).status;
    expect(waiting).toMatchObject({ enrolled: true, state: 'waiting', serverUrl: server.url });
    expect(waiting.waiting).toBeGreaterThan(1000);

    const now = await cli(['sync', 'now']);
    expect(now.code).toBe(0);
    expect(now.stdout).toMatch(/Đã gửi \d+ thay đổi trong \d+ đợt/);
    expect(now.stdout).toContain('Không còn thay đổi nào chờ gửi.');
    const held = await server.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(held.n)).toBe(waiting.waiting);

    const status = await cli(['sync', 'status']);
    expect(status.stdout).toContain('Đồng bộ: đã đồng bộ, không còn gì chờ gửi.');
    expect(status.stdout).toContain('Máy chủ: Quận ủy Ba Đình');
  });

  it('carries the sync by file: an up file written, the server’s answer read back', async () => {
    await publishDocument(server.db, { kind: 'news', title: 'Thông báo lịch học nghị quyết', body: 'Ngày 10/12.', files: [], audience: 'all' });
    const upFile = path.join(wardDir, 'ra');
    fs.mkdirSync(upFile);
    const exported = await cli(['sync', 'export-file', upFile, '--json']);
    expect(exported.code).toBe(0);
    const written = JSON.parse(exported.stdout) as { file: string; pushes: number };
    expect(path.basename(written.file)).toMatch(/^dong-bo-dang-bo-phuong-.+\.chibo$/);
    const result = await importFile({ db: server.db, dataDir: serverDir, clock: Date.now }, fs.readFileSync(written.file));
    const answerFile = path.join(wardDir, 'tra-loi.chibo');
    fs.writeFileSync(answerFile, await exportAnswerFile({ db: server.db, dataDir: serverDir, clock: Date.now }, result));

    const imported = await cli(['sync', 'import-file', answerFile]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('nhận 1 văn bản từ cấp trên');
    const again = await cli(['sync', 'import-file', answerFile]);
    expect(again.stdout).toContain('không có gì mới');

    fs.writeFileSync(answerFile, fs.readFileSync(answerFile, 'utf8').replace('lịch học', 'lịch thi'));
    const tampered = await cli(['sync', 'import-file', answerFile]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(SYNC_TEXT.fileTampered);
  });

  it('stops when the site is revoked, with the message', async () => {
    await revokeSite(server.db, slotId);
    const now = await cli(['sync', 'now']);
    expect(now.code).toBe(1);
    expect(now.stderr).toContain(SYNC_TEXT.revoked);
    expect((await cli(['sync', 'status'])).stdout).toContain('Đồng bộ: đã bị cấp trên thu hồi quyền đồng bộ.');
  });
});

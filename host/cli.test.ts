// The command line as an administrator runs it: a real process on a real data folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index';
import { makeTempDir } from '../db/testing';
import { buildWorkbook } from '../core/members/workbook.fixtures';
import { ROOT } from './common';

let dataDir: string;
beforeAll(() => {
  dataDir = makeTempDir('chibo-cli-');
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function cli(args: string[], dir = dataDir) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'host/cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, CHIBO_DATA_DIR: dir },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run cli', () => {
  it('prints the version, as JSON with --json', () => {
    const { code, stdout } = cli(['version', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), schemaVersion: LATEST_SCHEMA_VERSION });
  });

  it('creates the demo ward once, and refuses to create it over existing data', () => {
    const first = cli(['demo', '--json']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.branches).toBeGreaterThanOrEqual(15);
    expect(summary.members).toBeGreaterThanOrEqual(600);

    const again = cli(['demo']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('đã có dữ liệu của một đảng bộ');
  });

  it('backs up the database to a checked copy with the same records', () => {
    const out = path.join(dataDir, 'sao-luu', 'ban-sao.sqlite');
    const { code, stdout } = cli(['backup', '--out', out, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ file: out, integrity: 'ok', schemaVersion: LATEST_SCHEMA_VERSION });
    const copy = new BetterSqlite3(out, { readonly: true });
    const original = new BetterSqlite3(path.join(dataDir, 'chibo.sqlite'), { readonly: true });
    const count = (db: BetterSqlite3.Database) => db.prepare('SELECT count(*) FROM members').pluck().get();
    expect(count(copy)).toBe(count(original));
    copy.close();
    original.close();

    const refused = cli(['backup', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('đã có; hãy chọn tên khác');
  });

  it('imports members from Excel: the per-row report first, nothing written while rows are wrong', async () => {
    const db = () => new BetterSqlite3(path.join(dataDir, 'chibo.sqlite'), { readonly: true });
    const read = db();
    const branch = read.prepare("SELECT name FROM organisations WHERE kind = 'branch' ORDER BY sort_order LIMIT 1").pluck().get() as string;
    const count = () => {
      const d = db();
      const n = d.prepare('SELECT count(*) FROM members').pluck().get();
      d.close();
      return n;
    };
    read.close();
    const before = count();
    const header = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Ngày vào Đảng', 'Ngày chính thức', 'Số CCCD', 'Chi bộ'];
    const file = path.join(dataDir, 'danh-sach.xlsx');
    fs.writeFileSync(
      file,
      await buildWorkbook([
        {
          rows: [
            ['DANH SÁCH ĐẢNG VIÊN'],
            [],
            header,
            [1, 'Vũ Thị Mai Anh', '12/03/1985', 'Nữ', '19/05/2010', '19/05/2011', '001185000101', branch],
            [2, 'Đỗ Văn Hùng', '01/01/1970', 'Nam', '03/02/1995', '03/02/1996', '001070000102', branch],
            [3, 'Bùi Minh Châu', '31/02/1980', 'Nam', '03/02/2005', '', '001080000103', branch],
          ],
        },
      ]),
    );

    const dry = cli(['members', 'import', file, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report).toMatchObject({ written: false, report: { total: 3, valid: 2, invalid: 1 } });
    expect(report.report.rows).toEqual([expect.objectContaining({ row: 6, errors: [expect.stringContaining('31/02/1980')] })]);
    expect(count()).toBe(before);

    const refused = cli(['members', 'import', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Dòng 6.*31\/02\/1980/);
    expect(refused.stderr).toContain('Chưa ghi gì');
    expect(count()).toBe(before);

    const done = cli(['members', 'import', file, '--skip-invalid']);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Đã nhập 2 đảng viên, bỏ qua 1 dòng lỗi');
    expect(count()).toBe((before as number) + 2);

    const notExcel = path.join(dataDir, 'ghi-chu.txt');
    fs.writeFileSync(notExcel, 'Họ và tên, Ngày sinh');
    const wrong = cli(['members', 'import', notExcel]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/không phải|\.xlsx/);
  });

  it('lists meetings and exports a meeting’s minutes as Word and PDF', () => {
    const listed = cli(['meetings', 'list', '--json']);
    expect(listed.code).toBe(0);
    const meetings = JSON.parse(listed.stdout).meetings as { id: string; status: string }[];
    expect(meetings.length).toBeGreaterThan(100);
    const adopted = meetings.find((m) => m.status === 'adopted')!;
    const docx = path.join(dataDir, 'xuat', 'bien-ban.docx');
    expect(cli(['minutes', 'export', '--meeting', adopted.id, '--format', 'docx', '--out', docx]).code).toBe(0);
    expect(fs.readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
    const pdf = path.join(dataDir, 'xuat', 'bien-ban.pdf');
    const printed = cli(['minutes', 'export', '--meeting', adopted.id, '--format', 'pdf', '--out', pdf, '--json']);
    expect(printed.code).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const noResolution = cli(['minutes', 'export', '--meeting', adopted.id, '--format', 'docx', '--resolution', '--out', path.join(dataDir, 'nq.docx')]);
    expect(noResolution.code).toBe(1);
    expect(noResolution.stderr).toContain('Nghị quyết xuất được khi');
    expect(fs.existsSync(path.join(dataDir, 'nq.docx'))).toBe(false);
  });

  it('refuses a data folder written by a newer version, in Vietnamese, and leaves it alone', () => {
    const dir = makeTempDir('chibo-cli-newer-');
    const file = path.join(dir, 'chibo.sqlite');
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    const { code, stdout } = cli(['backup', '--json'], dir);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'DB_FROM_NEWER_VERSION', message: expect.stringContaining('mới hơn') });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows that sync is not set up, and says why enrolment cannot go on, in Vietnamese', () => {
    const status = cli(['sync', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Đồng bộ: chưa đăng ký với cấp trên.');
    expect(JSON.parse(cli(['sync', 'status', '--json']).stdout).status).toMatchObject({ enrolled: false, state: 'not_enrolled', waiting: 0 });

    const now = cli(['sync', 'now']);
    expect(now.code).toBe(1);
    expect(now.stderr).toContain('chưa đăng ký đồng bộ');

    const usage = cli(['sync', 'enrol', '--server', 'http://127.0.0.1:9']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('sync enrol --server');
    const badCode = cli(['sync', 'enrol', '--server', 'http://127.0.0.1:9', '--code', 'ABCD']);
    expect(badCode.code).toBe(2);
    expect(badCode.stderr).toContain('Mã đăng ký gồm 12 ký tự');
    // Port 9 (discard) is closed on a test machine: the server cannot be reached, and nothing is stored.
    const unreachable = cli(['sync', 'enrol', '--server', 'http://127.0.0.1:9', '--code', 'ABCD-EFGH-JKMN']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('Không kết nối được máy chủ đồng bộ http://127.0.0.1:9');
    expect(JSON.parse(cli(['sync', 'status', '--json']).stdout).status.enrolled).toBe(false);

    const exported = cli(['sync', 'export-file', path.join(dataDir, 'dong-bo.chibo')]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain('chưa đăng ký đồng bộ');
  });

  it('explains an unknown command', () => {
    const { code, stdout } = cli(['xoa-het']);
    expect(code).toBe(2);
    expect(stdout + cli(['xoa-het']).stderr).toContain('Không có lệnh "xoa-het"');
  });
});

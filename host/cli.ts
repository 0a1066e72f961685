// npm run cli -- <command> [--json]: the administrators' and the tests' command line. It works on the data folder
// that CHIBO_DATA_DIR names (or --data-dir), the same one the app and the preview use.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { DemoSummary } from '../core/api';
import { startRuntime, type Runtime } from '../core/runtime';
import { DatabaseOpenError } from '../db/connection';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index';
import { appVersion, dataDirFrom, parseArgs } from './common';

const HELP = `Cách dùng: npm run cli -- <lệnh> [--json] [--data-dir THƯ_MỤC]

Lệnh:
  version                 phiên bản ứng dụng, lược đồ dữ liệu, Node và SQLite
  demo                    tạo đảng bộ phường mẫu (khoảng 20 chi bộ, 600+ đảng viên, một năm sinh hoạt) trong thư mục dữ liệu trống
  backup [--out TỆP]      sao lưu cơ sở dữ liệu (mặc định vào <thư mục dữ liệu>/backups/), rồi kiểm tra bản sao

Thư mục dữ liệu: biến môi trường CHIBO_DATA_DIR, hoặc --data-dir, hoặc thư mục dữ liệu người dùng của hệ điều hành.`;

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

type Output = { text: string; json: Record<string, unknown> };

function timestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

async function backup(runtime: Runtime, out: string | undefined): Promise<Output> {
  const target = path.resolve(out ?? path.join(runtime.context.dataDir, 'backups', `chibo-${timestamp(new Date())}.sqlite`));
  if (fs.existsSync(target)) throw new CliError(`Tệp "${target}" đã có; hãy chọn tên khác để không ghi đè.`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  try {
    await runtime.store.sqlite.backup(partial);
    const check = new BetterSqlite3(partial, { readonly: true });
    const integrity = check.pragma('integrity_check', { simple: true });
    const version = check.pragma('user_version', { simple: true }) as number;
    check.close();
    if (integrity !== 'ok') throw new CliError(`Bản sao lưu không đạt kiểm tra toàn vẹn (${String(integrity)}); đã xóa bản hỏng.`);
    fs.renameSync(partial, target);
    const bytes = fs.statSync(target).size;
    return {
      text: `Đã sao lưu vào ${target} (${(bytes / 1024 / 1024).toFixed(1)} MB, lược đồ ${version}, kiểm tra toàn vẹn: đạt).`,
      json: { file: target, bytes, schemaVersion: version, integrity: 'ok' },
    };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    if (error instanceof CliError) throw error;
    throw new CliError(`Không sao lưu được: ${(error as Error).message}. Dữ liệu gốc không bị ảnh hưởng.`);
  }
}

async function demo(runtime: Runtime): Promise<Output> {
  const result = await runtime.dispatch('demo.create', {});
  if (!result.ok) throw new CliError(result.error.message);
  const d = result.value as DemoSummary;
  return {
    text: `Đã tạo dữ liệu mẫu: ${d.wardName}: ${d.branches} chi bộ, ${d.members} đảng viên, ${d.meetings} buổi sinh hoạt, ${d.attendance} lượt điểm danh.`,
    json: { ...d },
  };
}

function version(): Output {
  const sqlite = new BetterSqlite3(':memory:');
  const sqliteVersion = sqlite.prepare('SELECT sqlite_version()').pluck().get() as string;
  sqlite.close();
  const info = { version: appVersion(), schemaVersion: LATEST_SCHEMA_VERSION, node: process.versions.node, sqlite: sqliteVersion };
  return {
    text: `Chi bộ số ${info.version} (lược đồ dữ liệu ${info.schemaVersion}; Node ${info.node}; SQLite ${info.sqlite})`,
    json: info,
  };
}

async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['json', 'help']);
  const json = flags.json === true;
  const [command] = positional;
  const print = (out: Output) => console.log(json ? JSON.stringify(out.json) : out.text);
  try {
    if (!command || flags.help || command === 'help') {
      console.log(HELP);
      return command || flags.help ? 0 : 2;
    }
    if (command === 'version') {
      print(version());
      return 0;
    }
    if (command !== 'demo' && command !== 'backup') throw new CliError(`Không có lệnh "${command}".\n\n${HELP}`, 2);
    const runtime = startRuntime({ dataDir: dataDirFrom(flags['data-dir'] as string | undefined), host: 'cli', appVersion: appVersion() });
    try {
      print(command === 'demo' ? await demo(runtime) : await backup(runtime, flags.out as string | undefined));
    } finally {
      await runtime.close();
    }
    return 0;
  } catch (error) {
    const known = error instanceof CliError || error instanceof DatabaseOpenError;
    const message = known ? (error as Error).message : `Lỗi không mong muốn: ${(error as Error).message}`;
    if (json) console.log(JSON.stringify({ error: { message, code: error instanceof DatabaseOpenError ? error.code : 'ERROR' } }));
    else console.error(message);
    if (!known) console.error(error);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

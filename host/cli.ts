// npm run cli -- <command> [--json]: the administrators' and the tests' command line. It works on the data folder
// that CHIBO_DATA_DIR names (or --data-dir), the same one the app and the preview use.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ApiError, schemas, type DemoSummary, type SessionUser, type SyncStatus } from '../core/api';
import { displayDate, localDate } from '../core/dates';
import { startRuntime, type Runtime } from '../core/runtime';
import { list as listMeetings } from '../core/services/meetings';
import { importCommit, importPreview } from '../core/services/memberWorkbooks';
import { exportDocx, exportPdf } from '../core/services/minutesExport';
import * as syncService from '../core/services/sync';
import { exportUpFile, importDownFile } from '../core/sync/file';
import { STATE_LABEL, SYNC_TEXT, TABLE_LABEL } from '../core/sync/messages';
import { DatabaseOpenError } from '../db/connection';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index';
import { appVersion, dataDirFrom, parseArgs } from './common';

const HELP = `Cách dùng: npm run cli -- <lệnh> [--json] [--data-dir THƯ_MỤC]

Lệnh:
  version                 phiên bản ứng dụng, lược đồ dữ liệu, Node và SQLite
  demo                    tạo đảng bộ phường mẫu (khoảng 20 chi bộ, 600+ đảng viên, một năm sinh hoạt) trong thư mục dữ liệu trống
  backup [--out TỆP]      sao lưu cơ sở dữ liệu (mặc định vào <thư mục dữ liệu>/backups/), rồi kiểm tra bản sao
  meetings list [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                          các buổi sinh hoạt của đảng bộ (mới nhất trước)
  minutes export --meeting MÃ --format docx|pdf [--resolution] --out TỆP
                          xuất biên bản (hoặc nghị quyết, với --resolution) ra Word hay PDF theo thể thức văn bản của Đảng
  members import TỆP.xlsx [--dry-run] [--skip-invalid]
                          nhập danh sách đảng viên từ Excel: in báo cáo từng dòng lỗi; --dry-run chỉ kiểm tra, không ghi;
                          có dòng lỗi thì không ghi gì, trừ khi có --skip-invalid (nhập các dòng hợp lệ trong một giao dịch)
  sync enrol --server ĐỊA_CHỈ --code MÃ
                          đăng ký máy này với máy chủ của cấp ủy cấp trên bằng mã đăng ký (XXXX-XXXX-XXXX) cấp trên cấp
  sync now                đồng bộ ngay: gửi các thay đổi lên cấp trên, nhận văn bản và góp ý về
  sync status             tình trạng đồng bộ: lần gần nhất, số thay đổi chờ gửi, thay đổi bị từ chối
  sync export-file TỆP    ghi các thay đổi chờ gửi ra tệp (khi không có mạng) để mang lên cấp trên
  sync import-file TỆP    nhập tệp trả lời cấp trên gửi về (xác nhận đã nhận, văn bản, góp ý)

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

// The command line works on the data folder directly, as the person who owns it: like a backup, it needs no sign-in.
// The audit trail records the import with no user, as done from the command line.
async function importMembers(runtime: Runtime, file: string | undefined, dryRun: boolean, skipInvalid: boolean): Promise<Output> {
  if (!file) throw new CliError('Hãy chỉ ra tệp Excel: npm run cli -- members import TỆP.xlsx', 2);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new CliError(`Không đọc được tệp "${file}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'không có tệp này' : (error as Error).message}.`);
  }
  const input = { fileName: path.basename(file), data: bytes.toString('base64') };
  let report;
  try {
    report = await importPreview(input, runtime.context);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const bad = report.rows.filter((r) => r.errors.length > 0);
  const lines = [
    `Tệp ${report.fileName}, trang "${report.sheetName}", dòng tiêu đề ${report.headerRow}: ${report.total} dòng, ${report.valid} hợp lệ, ${report.invalid} có lỗi.`,
    ...(report.missingFields.length ? [`Thiếu cột: ${report.missingFields.join(', ')}.`] : []),
    ...bad.map((r) => `  Dòng ${r.row}${r.fullName ? ` (${r.fullName})` : ''}: ${r.errors.join('; ')}`),
  ];
  const json = { report: { ...report, rows: bad }, imported: 0, skipped: report.invalid, written: false };
  if (dryRun) return { text: [...lines, 'Chạy thử (--dry-run): chưa ghi gì.'].join('\n'), json };
  if (report.invalid > 0 && !skipInvalid) {
    throw Object.assign(new CliError([...lines, 'Chưa ghi gì vì còn dòng lỗi. Sửa tệp, hoặc chạy lại với --skip-invalid để chỉ nhập các dòng hợp lệ.'].join('\n')), { json });
  }
  let result;
  try {
    result = await importCommit({ ...input, skipInvalid }, runtime.context, null);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  return {
    text: [...lines, `Đã nhập ${result.imported} đảng viên${result.skipped ? `, bỏ qua ${result.skipped} dòng lỗi` : ''}.`].join('\n'),
    json: { ...json, imported: result.imported, skipped: result.skipped, written: true },
  };
}

/** The command line reads as the ward's administrator would; its reading commands write nothing. */
const CLI_READER: SessionUser = { id: 'cli', username: 'cli', displayName: 'Dòng lệnh', role: 'ward_admin', branchId: null, branchName: null };

const STATUS: Record<string, string> = {
  planned: 'đã lên kế hoạch',
  shared: 'đã gửi tài liệu',
  held: 'đã họp',
  adopted: 'đã thông qua biên bản',
  sent: 'đã gửi lên cấp trên',
};

function meetingsList(runtime: Runtime, from: string | undefined, to: string | undefined): Output {
  const rows = listMeetings({ from, to }, runtime.context, CLI_READER);
  const text = rows.length
    ? rows.map((m) => `${m.id}  ${m.scheduledAt.slice(0, 10).split('-').reverse().join('/')} ${m.scheduledAt.slice(11)}  ${m.branchName}  (${STATUS[m.status]})`).join('\n')
    : 'Chưa có buổi sinh hoạt nào.';
  return { text, json: { meetings: rows } };
}

async function minutesExport(runtime: Runtime, flags: Record<string, string | true>): Promise<Output> {
  const meetingId = flags.meeting;
  const format = flags.format;
  const out = flags.out;
  if (typeof meetingId !== 'string' || (format !== 'docx' && format !== 'pdf') || typeof out !== 'string') {
    throw new CliError('Cách dùng: npm run cli -- minutes export --meeting MÃ --format docx|pdf [--resolution] --out TỆP', 2);
  }
  const input = { meetingId, resolution: flags.resolution === true };
  let file;
  try {
    file = format === 'docx' ? await exportDocx(input, runtime.context, CLI_READER) : await exportPdf(input, runtime.context, CLI_READER);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const target = path.resolve(out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.writeFileSync(partial, Buffer.from(file.data, 'base64'));
  fs.renameSync(partial, target);
  const bytes = fs.statSync(target).size;
  return { text: `Đã ghi ${target} (${Math.ceil(bytes / 1024)} KB).`, json: { file: target, bytes, format } };
}

async function demo(runtime: Runtime): Promise<Output> {
  const result = await runtime.dispatch('demo.create', {});
  if (!result.ok) throw new CliError(result.error.message);
  const d = result.value as DemoSummary;
  return {
    text:
      `Đã tạo dữ liệu mẫu: ${d.wardName}: ${d.branches} chi bộ, ${d.members} đảng viên, ${d.meetings} buổi sinh hoạt, ${d.attendance} lượt điểm danh.\n` +
      `Tài khoản dùng thử (mật khẩu ${d.accounts[0]?.password}): ${d.accounts.map((a) => a.username).join(', ')}.`,
    json: { ...d },
  };
}

const CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hour12: false });
/** 'dd/mm/yyyy HH:mm' in Vietnam's time. */
const when = (ms: number | null) => (ms === null ? 'chưa có' : `${displayDate(localDate(ms))} ${CLOCK.format(new Date(ms))}`);

function describeStatus(s: SyncStatus): string {
  const lines = [`Đồng bộ: ${STATE_LABEL[s.state] ?? s.state}.`];
  if (s.enrolled) {
    lines.push(`Máy chủ: ${s.serverName ?? ''} (${s.serverUrl ?? ''}); mã đơn vị ${s.siteId ?? ''}, kỳ đồng bộ ${s.epoch ?? ''}.`);
    lines.push(`Lần đồng bộ thành công gần nhất: ${when(s.lastSuccessAt)}; lần thử gần nhất: ${when(s.lastAttemptAt)}.`);
    if (s.nextAttemptAt !== null) lines.push(`Lần tự động tiếp theo: ${when(s.nextAttemptAt)}.`);
    lines.push(
      s.waiting === 0
        ? 'Không còn thay đổi nào chờ gửi.'
        : `Chờ gửi: ${s.waiting} thay đổi (${s.waitingByTable.map((t) => `${TABLE_LABEL[t.table] ?? t.table} ${t.count}`).join(', ')}).`,
    );
    if (s.rejected.length) {
      lines.push(`Bị máy chủ từ chối (${s.rejected.length}):`);
      for (const r of s.rejected.slice(0, 20)) lines.push(`  ${TABLE_LABEL[r.table] ?? r.table} ${r.key}: ${r.reason}`);
    }
  }
  if (s.lastError) lines.push(`Lỗi gần nhất: ${s.lastError}`);
  return lines.join('\n');
}

/** Writes a file whole or not at all; a full disk is said plainly. */
function writeWhole(target: string, bytes: Buffer) {
  const partial = `${target}.partial`;
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(partial, bytes);
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new CliError((error as NodeJS.ErrnoException).code === 'ENOSPC' ? SYNC_TEXT.diskFull : `Không ghi được tệp "${target}": ${(error as Error).message}`);
  }
}

function readWhole(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new CliError(`Không đọc được tệp "${file}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'không có tệp này' : (error as Error).message}.`);
  }
}

// Sync from the command line works on the data folder as its owner, like a backup: no sign-in; the audit trail
// records the enrolment and the files with no user.
async function sync(runtime: Runtime, sub: string | undefined, file: string | undefined, flags: Record<string, string | true>): Promise<Output> {
  const ctx = runtime.context;
  const refused = (error: unknown): never => {
    if (error instanceof ApiError) throw new CliError(error.message);
    throw error;
  };
  if (sub === 'enrol') {
    const parsed = schemas['sync.enrol'].safeParse({ serverUrl: flags.server, code: flags.code });
    if (typeof flags.server !== 'string' || typeof flags.code !== 'string') {
      throw new CliError('Cách dùng: npm run cli -- sync enrol --server ĐỊA_CHỈ --code XXXX-XXXX-XXXX', 2);
    }
    if (!parsed.success) throw new CliError([...new Set(parsed.error.issues.map((i) => i.message))].join(' '), 2);
    const status = await syncService.enrol(parsed.data, ctx, null).catch(refused);
    return {
      text:
        `Đã đăng ký đồng bộ với máy chủ "${status.serverName}" (${status.serverUrl}). ` +
        `${status.waiting} bản ghi đang chờ gửi lên lần đầu; chạy "npm run cli -- sync now" để gửi ngay.`,
      json: { status },
    };
  }
  if (sub === 'now') {
    if (!syncService.status(ctx).enrolled) throw new CliError(SYNC_TEXT.notEnrolled);
    const outcome = await ctx.sync.run();
    const s = outcome.summary;
    const lines: string[] = [];
    if (s) {
      if (s.recovered) {
        lines.push(
          s.recovered.reason === 'stale'
            ? `Đã lấy lại ${s.recovered.restored} bản ghi mới hơn từ máy chủ.`
            : `Phát hiện dữ liệu máy này được khôi phục từ bản sao lưu: đã lấy lại ${s.recovered.restored} bản ghi từ máy chủ và gửi lại toàn bộ hồ sơ.`,
        );
      }
      lines.push(
        `Đã gửi ${s.pushed} thay đổi trong ${s.pushes} đợt (máy chủ ghi ${s.applied}, đã có ${s.skipped}` +
          `${s.rejected ? `, từ chối ${s.rejected}` : ''})${s.blobsUploaded ? `, tải lên ${s.blobsUploaded} tệp đính kèm` : ''}.`,
      );
      lines.push(
        `Đã nhận ${s.pulled.documents} văn bản và ${s.pulled.feedback} góp ý từ cấp trên` +
          `${s.pulled.comments ? ` (${s.pulled.comments} góp ý được đưa vào dự thảo)` : ''}${s.filesDownloaded ? `, tải về ${s.filesDownloaded} tệp` : ''}.`,
      );
    }
    lines.push(describeStatus(outcome.status));
    const json = { status: outcome.status, summary: s };
    if (outcome.error) throw Object.assign(new CliError([...lines.slice(0, -1), outcome.error.message].join('\n')), { json });
    return { text: lines.join('\n'), json };
  }
  if (sub === 'status') {
    const status = syncService.status(ctx);
    return { text: describeStatus(status), json: { status } };
  }
  if (sub === 'export-file') {
    if (!file) throw new CliError('Cách dùng: npm run cli -- sync export-file TỆP', 2);
    let up;
    try {
      up = exportUpFile(ctx, null);
    } catch (error) {
      refused(error);
    }
    const target = fs.existsSync(file) && fs.statSync(file).isDirectory() ? path.join(file, up!.fileName) : path.resolve(file);
    writeWhole(target, up!.bytes);
    return {
      text:
        `Đã ghi tệp đồng bộ ${target} (${Math.ceil(up!.bytes.length / 1024)} KB): ${up!.ops} thay đổi trong ${up!.pushes} đợt, ${up!.blobs} tệp đính kèm. ` +
        'Hãy mang tệp lên cấp trên để nhập, rồi nhập tệp trả lời bằng "npm run cli -- sync import-file TỆP".',
      json: { file: target, bytes: up!.bytes.length, pushes: up!.pushes, ops: up!.ops, blobs: up!.blobs, fromSeq: up!.fromSeq, toSeq: up!.toSeq },
    };
  }
  if (sub === 'import-file') {
    if (!file) throw new CliError('Cách dùng: npm run cli -- sync import-file TỆP', 2);
    const bytes = readWhole(file);
    let effect;
    try {
      effect = importDownFile(ctx, bytes, null);
    } catch (error) {
      refused(error);
    }
    return { text: effect!.summary, json: { ...effect!, status: syncService.status(ctx) } };
  }
  throw new CliError(`Không có lệnh "sync ${sub ?? ''}".\n\n${HELP}`, 2);
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
  const { positional, flags } = parseArgs(argv, ['json', 'help', 'dry-run', 'skip-invalid', 'resolution']);
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
    const known =
      command === 'demo' ||
      command === 'backup' ||
      (command === 'members' && positional[1] === 'import') ||
      (command === 'meetings' && positional[1] === 'list') ||
      (command === 'minutes' && positional[1] === 'export') ||
      (command === 'sync' && ['enrol', 'now', 'status', 'export-file', 'import-file'].includes(positional[1] ?? ''));
    if (!known) throw new CliError(`Không có lệnh "${positional.slice(0, 2).join(' ')}".\n\n${HELP}`, 2);
    const runtime = startRuntime({ dataDir: dataDirFrom(flags['data-dir'] as string | undefined), host: 'cli', appVersion: appVersion() });
    try {
      if (command === 'demo') print(await demo(runtime));
      else if (command === 'backup') print(await backup(runtime, flags.out as string | undefined));
      else if (command === 'meetings') print(meetingsList(runtime, flags.from as string | undefined, flags.to as string | undefined));
      else if (command === 'minutes') print(await minutesExport(runtime, flags));
      else if (command === 'sync') print(await sync(runtime, positional[1], positional[2], flags));
      else print(await importMembers(runtime, positional[2], flags['dry-run'] === true, flags['skip-invalid'] === true));
    } finally {
      await runtime.close();
    }
    return 0;
  } catch (error) {
    const known = error instanceof CliError || error instanceof DatabaseOpenError;
    const message = known ? (error as Error).message : `Lỗi không mong muốn: ${(error as Error).message}`;
    const extra = (error as { json?: Record<string, unknown> }).json ?? {};
    if (json) console.log(JSON.stringify({ ...extra, error: { message, code: error instanceof DatabaseOpenError ? error.code : 'ERROR' } }));
    else console.error(message);
    if (!known) console.error(error);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

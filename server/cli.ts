// npm run server -- [command]: the superior committee's sync server and its administration. Without a command it runs
// the server; with one it works on the same data (the folder of --data-dir or CHIBO_SERVER_DATA_DIR, default
// ./server-data; DATABASE_URL=postgres://… for PostgreSQL) and exits.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AdminError, createSite, exportAnswerFile, importFile, listSites, revokeSite, type SiteInfo, type SiteStatus } from './admin';
import { startSyncServer } from './app';
import { openServerDb, type ServerDb } from './db';
import { SyncError as ClientSyncError } from '../core/sync/messages';
import { SyncError } from './errors';
import { ConsoleError } from './console/errors';
import { consoleSchemas, type ConsoleUserRow } from '../core/consoleApi';
import { createUser, findUserByName, generatePassword, listUsers, ROLE_NAMES, updateUser } from './console/accounts';
import { enrolUpstream, STATUS_REJECTIONS, syncUpstream, upstreamStatus, type UpstreamStatus, type UpstreamSummary } from './upstream';

const DEFAULT_PORT = 8787;

const HELP = `Cách dùng: npm run server -- [lệnh] [tùy chọn]

Không có lệnh: chạy máy chủ đồng bộ.
  --port CỔNG              cổng lắng nghe (mặc định ${DEFAULT_PORT}; 0 = cổng trống bất kỳ)
  --host ĐỊA_CHỈ           địa chỉ lắng nghe (mặc định 127.0.0.1; 0.0.0.0 để nhận từ mạng)
  --name TÊN               tên máy chủ, đặt ở lần chạy đầu tiên

Lệnh:
  site create TÊN [--json] tạo một đơn vị; in mã khe và mã đăng ký dùng một lần (hết hạn sau 7 ngày)
  site revoke MÃ_KHE       thu hồi quyền đồng bộ của một đơn vị (có hiệu lực từ yêu cầu kế tiếp)
  site list [--json]       danh sách đơn vị
  import-file TỆP --answer TỆP_TRẢ_LỜI
                           nhập tệp đồng bộ của một đơn vị không có mạng và ghi tệp trả lời
  upstream enrol --server ĐỊA_CHỈ --code MÃ
                           đăng ký máy chủ này với máy chủ cấp trên (khi đã đăng ký, máy chủ đang chạy tự đồng bộ
                           lên cấp trên 5 phút một lần và ngay sau khi đơn vị gửi dữ liệu)
  upstream sync [--json]   đồng bộ với máy chủ cấp trên ngay
  upstream status [--json] tình trạng đồng bộ với máy chủ cấp trên
  user create TÊN_ĐĂNG_NHẬP --role admin|reviewer|viewer --name "Họ tên" [--ward MÃ_KHE]... [--json]
                           tạo tài khoản trang quản lý (/console/); in mật khẩu tạo ngẫu nhiên một lần duy nhất,
                           phải đổi ở lần đăng nhập đầu. --ward (lặp lại được): đơn vị giao cho người duyệt, người xem
  user list [--json]       danh sách tài khoản trang quản lý
  user reset-password TÊN_ĐĂNG_NHẬP [--json]
                           đặt mật khẩu mới ngẫu nhiên (in một lần), mở khóa, kết thúc các phiên đang mở

Dữ liệu: --data-dir THƯ_MỤC, hoặc biến CHIBO_SERVER_DATA_DIR, mặc định ./server-data.
PostgreSQL: đặt DATABASE_URL=postgres://người_dùng:mật_khẩu@máy:5432/tên_csdl (tệp đính kèm vẫn nằm trong thư mục dữ liệu).`;

class UsageError extends Error {}

interface Options {
  positionals: string[];
  json: boolean;
  port?: string;
  host?: string;
  name?: string;
  answer?: string;
  server?: string;
  code?: string;
  role?: string;
  ward: string[];
  dataDir: string;
  help: boolean;
}

function readOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        name: { type: 'string' },
        answer: { type: 'string' },
        server: { type: 'string' },
        code: { type: 'string' },
        role: { type: 'string' },
        ward: { type: 'string', multiple: true },
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`Tùy chọn không hợp lệ: ${(error as Error).message}`);
  }
  const v = parsed.values;
  const dataDir = path.resolve(v['data-dir'] ?? process.env.CHIBO_SERVER_DATA_DIR ?? 'server-data');
  return { positionals: parsed.positionals, json: v.json, port: v.port, host: v.host, name: v.name, answer: v.answer, server: v.server, code: v.code, role: v.role, ward: v.ward ?? [], dataDir, help: v.help };
}

const databaseUrl = () => process.env.DATABASE_URL?.trim() || undefined;
const when = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString('vi-VN'));

async function withDb<T>(options: Options, task: (store: ServerDb) => Promise<T>): Promise<T> {
  const store = await openServerDb({ dataDir: options.dataDir, databaseUrl: databaseUrl(), name: options.name });
  try {
    return await task(store);
  } finally {
    await store.close();
  }
}

// ---- Commands ----------------------------------------------------------------------------------------------------------

async function serve(options: Options): Promise<void> {
  const port = options.port === undefined ? DEFAULT_PORT : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`Cổng không hợp lệ: "${options.port}".`);
  const running = await startSyncServer({
    dataDir: options.dataDir,
    databaseUrl: databaseUrl(),
    port,
    host: options.host ?? '127.0.0.1',
    name: options.name,
    logger: { level: process.env.CHIBO_SERVER_LOG ?? 'error' },
    upstream: { log: (message, error) => console.error(`Đồng bộ lên cấp trên: ${message}${error ? ` — ${(error as Error).message ?? String(error)}` : ''}`) },
  });
  console.log(`Máy chủ đồng bộ Chi bộ số đang chạy tại ${running.url} — dữ liệu: ${running.databaseLabel}, tệp: ${options.dataDir}. Nhấn Ctrl+C để dừng.`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => {
        console.log(`Đã dừng máy chủ đồng bộ (${signal}).`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`Lỗi khi dừng máy chủ: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

async function siteCreate(options: Options, name: string | undefined): Promise<void> {
  if (!name?.trim()) throw new UsageError('Thiếu tên đơn vị: npm run server -- site create "Tên đơn vị".');
  const created = await withDb(options, ({ db }) => createSite(db, name));
  if (options.json) return void console.log(JSON.stringify({ ...created, name: name.trim() }));
  console.log(
    [
      `Đã tạo đơn vị "${name.trim()}".`,
      `Mã khe: ${created.slotId}`,
      `Mã đăng ký: ${created.code} (dùng một lần, hết hạn lúc ${when(created.expiresAt)})`,
      'Hãy chuyển mã đăng ký cho văn phòng đơn vị; máy chủ chỉ lưu bản băm, không hiện lại được mã này.',
    ].join('\n'),
  );
}

async function siteRevoke(options: Options, slotId: string | undefined): Promise<void> {
  if (!slotId) throw new UsageError('Thiếu mã khe: npm run server -- site revoke MÃ_KHE.');
  await withDb(options, ({ db }) => revokeSite(db, slotId));
  if (options.json) return void console.log(JSON.stringify({ slotId, revoked: true }));
  console.log(`Đã thu hồi quyền đồng bộ của đơn vị ${slotId}; yêu cầu kế tiếp của đơn vị sẽ bị từ chối.`);
}

const STATUS_TEXT: Record<SiteStatus, string> = {
  waiting: 'chờ đăng ký',
  expired: 'mã đã hết hạn',
  enrolled: 'đã đăng ký',
  revoked: 'đã thu hồi',
};

function describeSite(s: SiteInfo): string {
  const parts = [`${s.slotId}  ${s.name}  [${STATUS_TEXT[s.status]}]`];
  if (s.siteId) parts.push(`   mã đơn vị: ${s.siteId}${s.organisation ? ` (${s.organisation.name})` : ''}; phiên bản ${s.appVersion ?? '—'}`);
  if (s.enrolledAt) {
    parts.push(`   liên lạc lần cuối: ${when(s.lastSeenAt)}; gửi dữ liệu lần cuối: ${when(s.lastPushAt)}; kỳ đồng bộ: ${s.epochs.map((e) => e.epoch).join(', ')}`);
  }
  return parts.join('\n');
}

async function siteList(options: Options): Promise<void> {
  const sites = await withDb(options, ({ db }) => listSites(db));
  if (options.json) return void console.log(JSON.stringify(sites));
  console.log(sites.length === 0 ? 'Chưa có đơn vị nào. Tạo bằng: npm run server -- site create "Tên đơn vị".' : sites.map(describeSite).join('\n'));
}

async function importFileCommand(options: Options, file: string | undefined): Promise<void> {
  if (!file) throw new UsageError('Thiếu tệp cần nhập: npm run server -- import-file TỆP --answer TỆP_TRẢ_LỜI.');
  if (!options.answer) throw new UsageError('Thiếu --answer TỆP_TRẢ_LỜI: nơi ghi tệp trả lời cho đơn vị.');
  const bytes = fs.readFileSync(path.resolve(file));
  const answerPath = path.resolve(options.answer);
  const { result, answer } = await withDb(options, async ({ db }) => {
    const env = { db, dataDir: options.dataDir, clock: Date.now };
    const result = await importFile(env, bytes);
    return { result, answer: await exportAnswerFile(env, result) };
  });
  // Written beside, then renamed: a half-written answer never looks like a whole one.
  fs.writeFileSync(`${answerPath}.partial`, answer);
  fs.renameSync(`${answerPath}.partial`, answerPath);
  if (options.json) return void console.log(JSON.stringify({ ...result, answer: answerPath }));
  const oks = result.acks.filter((a) => !('error' in a));
  const sum = (k: 'applied' | 'skipped') => oks.reduce((n, a) => n + ('error' in a ? 0 : a[k]), 0);
  const rejected = oks.reduce((n, a) => n + ('error' in a ? 0 : a.rejected.length), 0);
  const lines = [
    result.repeated
      ? `Tệp của "${result.siteName}" đã được nhập trước đây; không áp dụng lại.`
      : `Đã nhập tệp của "${result.siteName}": ${result.acks.length} lượt gửi, áp dụng ${sum('applied')}, bỏ qua ${sum('skipped')}, từ chối ${rejected} bản ghi; ${result.blobs} tệp đính kèm.`,
    ...result.acks.flatMap((a) => ('error' in a ? [`Một lượt gửi bị từ chối: ${a.error.message}`] : [])),
    `Tệp trả lời: ${answerPath}`,
  ];
  console.log(lines.join('\n'));
}

// ---- The server above (§11) ---------------------------------------------------------------------------------------------

const envOf = (options: Options, db: ServerDb['db']) => ({ db, dataDir: options.dataDir, clock: Date.now });

/** Refused records `upstream status` lists (--json: the first STATUS_REJECTIONS). */
const REJECTIONS_SHOWN = 10;

function describeUpstream(s: UpstreamStatus): string {
  if (s.state === 'not_enrolled') return 'Máy chủ này chưa đăng ký với máy chủ cấp trên.';
  return [
    `Máy chủ cấp trên: ${s.server!.name} (${s.url}) [${s.state === 'revoked' ? 'đã thu hồi' : 'đã đăng ký'}]`,
    `   mã khe: ${s.slotId}; kỳ đồng bộ ${s.epoch}; đã gửi đến số ${s.lastSeq}; chờ gửi: ${s.waiting}`,
    `   thử lần cuối: ${when(s.lastAttemptAt)}; thành công lần cuối: ${when(s.lastSuccessAt)}`,
    ...(s.lastError ? [`   lỗi: ${s.lastError}`] : []),
    ...(s.leaseUntil !== null ? [`   một lượt đồng bộ đang chạy (giữ lượt đến ${when(s.leaseUntil)})`] : []),
    ...(s.rejected > 0
      ? [
          `   cấp trên từ chối ${s.rejected} bản ghi (sẽ gửi lại khi bản ghi thay đổi):`,
          ...s.rejections.slice(0, REJECTIONS_SHOWN).map((r) => `      ${r.table} ${r.key} (${when(r.at)}): ${r.reason}`),
          ...(s.rejected > REJECTIONS_SHOWN ? [`      … và ${s.rejected - REJECTIONS_SHOWN} bản ghi khác (--json liệt kê ${STATUS_REJECTIONS} bản ghi đầu).`] : []),
        ]
      : []),
  ].join('\n');
}

function describeSync(s: UpstreamSummary): string {
  return [
    `Đã đồng bộ với máy chủ cấp trên: gửi ${s.pushed} bản ghi trong ${s.pushes} lượt (áp dụng ${s.applied}, bỏ qua ${s.skipped}, từ chối ${s.rejected.length}); ${s.blobsUploaded} tệp đính kèm.`,
    `Nhận về: ${s.documents} văn bản, ${s.feedback} góp ý; ${s.filesDownloaded} tệp.`,
    ...(s.newEpoch ? [`Cấp trên đã mở kỳ đồng bộ mới (${s.newEpoch}); toàn bộ dữ liệu được gửi lại.`] : []),
    ...(s.heldAt ? [`Chưa tải được tệp "${s.heldAt}" lên cấp trên; phần còn lại sẽ gửi ở lần sau.`] : []),
    ...s.rejected.slice(0, 10).map((r) => `   từ chối ${r.table} ${r.key}: ${r.reason}`),
  ].join('\n');
}

async function upstreamCommand(options: Options, sub: string | undefined): Promise<void> {
  if (sub === 'enrol') {
    if (!options.server || !options.code) throw new UsageError('Cách dùng: npm run server -- upstream enrol --server ĐỊA_CHỈ --code MÃ.');
    const status = await withDb(options, ({ db }) => enrolUpstream(envOf(options, db), { url: options.server!, code: options.code! }));
    if (options.json) return void console.log(JSON.stringify(status));
    return void console.log(`Đã đăng ký với máy chủ cấp trên "${status.server!.name}"; ${status.waiting} bản ghi chờ gửi lên.\n${describeUpstream(status)}`);
  }
  if (sub === 'sync') {
    const summary = await withDb(options, ({ db }) => syncUpstream(envOf(options, db)));
    return void console.log(options.json ? JSON.stringify(summary) : describeSync(summary));
  }
  if (sub === 'status') {
    const status = await withDb(options, ({ db }) => upstreamStatus(db));
    return void console.log(options.json ? JSON.stringify(status) : describeUpstream(status));
  }
  throw new UsageError(`Không có lệnh "upstream ${sub ?? ''}".\n\n${HELP}`);
}

// ---- The console's accounts (issue 7) ------------------------------------------------------------------------------------

/** The account commands must not name the server: --name is the person's name there. */
const withAccounts = <T>(options: Options, task: (store: ServerDb) => Promise<T>) => withDb({ ...options, name: undefined }, task);

function describeUser(u: ConsoleUserRow): string {
  const state = u.disabledAt !== null ? 'đã khóa' : u.lockedUntil !== null && u.lockedUntil > Date.now() ? `tạm khóa đến ${when(u.lockedUntil)}` : 'hoạt động';
  const scope = u.scope === null ? 'mọi đơn vị' : u.scope.length === 0 ? 'chưa giao đơn vị nào' : `đơn vị: ${u.scope.join(', ')}`;
  return [
    `${u.username}  ${u.displayName}  [${ROLE_NAMES[u.role]}; ${state}${u.mustChangePassword ? '; phải đổi mật khẩu' : ''}]`,
    `   ${scope}; đăng nhập lần cuối: ${when(u.lastLoginAt)}`,
  ].join('\n');
}

async function userCommand(options: Options, sub: string | undefined, username: string | undefined): Promise<void> {
  if (sub === 'list') {
    const users = await withAccounts(options, ({ db }) => listUsers(db));
    if (options.json) return void console.log(JSON.stringify(users));
    return void console.log(users.length === 0 ? 'Chưa có tài khoản nào. Tạo bằng: npm run server -- user create TÊN --role admin --name "Họ tên".' : users.map(describeUser).join('\n'));
  }
  if (sub === 'create') {
    const password = generatePassword();
    const parsed = consoleSchemas['users.create'].safeParse({ username, displayName: options.name, role: options.role, password, scope: options.ward });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = ({ username: 'TÊN_ĐĂNG_NHẬP', displayName: '--name', role: '--role', scope: '--ward' } as Record<string, string>)[String(issue.path[0])] ?? String(issue.path[0]);
      const why = issue.path[0] === 'role' ? 'phải là admin, reviewer hoặc viewer.' : issue.path[0] === 'displayName' && !options.name ? 'Hãy nhập họ và tên.' : issue.message;
      throw new UsageError(`${field}: ${why}\nCách dùng: npm run server -- user create TÊN_ĐĂNG_NHẬP --role admin|reviewer|viewer --name "Họ tên" [--ward MÃ_KHE]...`);
    }
    const user = await withAccounts(options, ({ db }) => createUser(db, parsed.data, 'admin'));
    if (options.json) return void console.log(JSON.stringify({ ...user, password }));
    return void console.log(
      [
        `Đã tạo tài khoản "${user.username}" (${user.displayName}), vai trò ${ROLE_NAMES[user.role]}.`,
        `Mật khẩu: ${password}`,
        'Mật khẩu chỉ hiện một lần; người dùng phải đổi mật khẩu ở lần đăng nhập đầu tại /console/.',
      ].join('\n'),
    );
  }
  if (sub === 'reset-password') {
    if (!username) throw new UsageError('Thiếu tên đăng nhập: npm run server -- user reset-password TÊN_ĐĂNG_NHẬP.');
    const password = generatePassword();
    const user = await withAccounts(options, async ({ db }) => {
      const found = await findUserByName(db, username);
      if (!found) throw new ConsoleError('NOT_FOUND', `Không có tài khoản "${username}".`);
      return updateUser(db, { id: found.id, password, unlock: true }, 'admin');
    });
    if (options.json) return void console.log(JSON.stringify({ username: user.username, password }));
    return void console.log(`Đã đặt mật khẩu mới cho "${user.username}": ${password}\nMật khẩu chỉ hiện một lần; người dùng phải đổi mật khẩu ở lần đăng nhập kế tiếp.`);
  }
  throw new UsageError(`Không có lệnh "user ${sub ?? ''}".\n\n${HELP}`);
}

async function main(argv: string[]): Promise<void> {
  const options = readOptions(argv);
  const [command, sub, arg] = options.positionals;
  if (options.help || command === 'help') return void console.log(HELP);
  if (command === undefined) return serve(options);
  if (command === 'site' && sub === 'create') return siteCreate(options, arg);
  if (command === 'site' && sub === 'revoke') return siteRevoke(options, arg);
  if (command === 'site' && sub === 'list') return siteList(options);
  if (command === 'import-file') return importFileCommand(options, sub);
  if (command === 'upstream') return upstreamCommand(options, sub);
  if (command === 'user') return userCommand(options, sub, arg);
  throw new UsageError(`Không có lệnh "${options.positionals.join(' ')}".\n\n${HELP}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(error.message);
    process.exit(2);
  }
  if (error instanceof AdminError || error instanceof SyncError || error instanceof ClientSyncError || error instanceof ConsoleError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(`Lỗi: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});

// The console's HTTP face, a Fastify plugin under /console with its own error answers (the app's envelope, not the sync
// protocol's): `POST /console/api/:method` (core/consoleApi.ts), `POST /console/files`, `GET /console/export/report.xlsx`
// and the browser app's files from out/console. Every POST carries the CSRF header; every method is checked for the
// account's role, and every read and write for the account's wards (scope), here on the server.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ErrorCode } from '../../core/api';
import {
  consoleSchemas,
  isConsoleMethod,
  CONSOLE_CSRF_HEADER,
  type ConsoleMethod,
  type ConsoleOutput,
  type ConsoleParsedInput,
  type ConsoleUser,
  type UploadedFile,
} from '../../core/consoleApi';
import { storeFile } from '../admin';
import type { SyncEnv } from '../context';
import { audit, serverIdentity } from '../meta';
import { changePassword, createUser, getUser, listUsers, login, publicUser, updateUser } from './accounts';
import { listAudit } from './audit';
import { addFeedbackForConsole, listDocuments, publishForConsole, slotOfMeeting, withdrawForConsole } from './documents';
import { ConsoleError, forbidden, inScope, notFound } from './errors';
import { consoleMeeting } from './meeting';
import { monthOverview } from './overview';
import { periodReport, reportWorkbook, trend } from './reports';
import { clearedCookie, closeSession, openSession, readCookie, sessionCookie, sweepSessions, touchSession } from './sessions';
import { consoleSites, createConsoleSite, revokeConsoleSite } from './sites';

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
export const DEFAULT_CONSOLE_DIR = path.resolve(import.meta.dirname, '../../out/console');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

const STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNKNOWN_METHOD: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

type Access = 'public' | 'session' | 'read' | 'review' | 'admin';

/** Who may call what. 'session': any signed-in account, even one that must first change its password. */
const ACCESS: Record<ConsoleMethod, Access> = {
  'auth.status': 'public',
  'auth.login': 'public',
  'auth.logout': 'public',
  'auth.changePassword': 'session',
  'users.list': 'admin',
  'users.create': 'admin',
  'users.update': 'admin',
  'audit.list': 'admin',
  'sites.list': 'read',
  'sites.create': 'admin',
  'sites.revoke': 'admin',
  'overview.month': 'read',
  'meetings.get': 'read',
  'feedback.add': 'review',
  'documents.list': 'read',
  'documents.publish': 'review',
  'documents.withdraw': 'review',
  'reports.period': 'read',
  'reports.trend': 'read',
};

interface Session {
  user: ConsoleUser;
  tokenHash: string;
}

interface Call {
  env: SyncEnv;
  req: FastifyRequest;
  reply: FastifyReply;
  session: Session | null;
  secure: boolean;
}

const SIGNED_OUT = 'Phiên làm việc đã hết hoặc đồng chí chưa đăng nhập. Hãy đăng nhập lại.';

async function sessionOf(env: SyncEnv, req: FastifyRequest): Promise<Session | null> {
  const token = readCookie(req.headers.cookie);
  if (!token) return null;
  const live = await touchSession(env.db, token, env.clock());
  if (!live) return null;
  const row = await getUser(env.db, live.userId);
  return row ? { user: publicUser(row), tokenHash: live.tokenHash } : null;
}

/** The session's account, allowed `access`; throws otherwise. */
function allow(session: Session | null, access: Access): ConsoleUser {
  if (!session) throw new ConsoleError('UNAUTHENTICATED', SIGNED_OUT);
  const { user } = session;
  if (access !== 'session' && user.mustChangePassword) {
    throw new ConsoleError('FORBIDDEN', 'Đồng chí cần đổi mật khẩu trước khi tiếp tục làm việc.');
  }
  if (access === 'admin' && user.role !== 'admin') throw forbidden('Việc này chỉ quản trị viên được làm.');
  if (access === 'review' && user.role === 'viewer') throw forbidden('Tài khoản người xem chỉ được xem, không được gửi góp ý hay văn bản.');
  return user;
}

function checkSlot(user: ConsoleUser, slotId: string | undefined): void {
  if (slotId !== undefined && !inScope(user.scope, slotId)) throw forbidden('Đơn vị này nằm ngoài phạm vi được giao cho đồng chí.');
}

type Handler<M extends ConsoleMethod> = (call: Call, input: ConsoleParsedInput<M>) => Promise<ConsoleOutput<M>>;

const handlers: { [M in ConsoleMethod]: Handler<M> } = {
  'auth.status': async ({ env, session }) => ({ user: session?.user ?? null, serverName: (await serverIdentity(env.db)).name }),
  'auth.login': async ({ env, req, reply, secure }, input) => {
    const previous = readCookie(req.headers.cookie);
    const user = await login(env.db, input.username, input.password, env.clock);
    const live = previous ? await touchSession(env.db, previous, env.clock()) : null;
    if (live) await closeSession(env.db, live.tokenHash);
    await sweepSessions(env.db, env.clock());
    const { token } = await openSession(env.db, user.id, env.clock());
    void reply.header('set-cookie', sessionCookie(token, secure));
    return publicUser(user);
  },
  'auth.logout': async ({ env, reply, session, secure }) => {
    if (session) {
      await closeSession(env.db, session.tokenHash);
      await audit(env.db, { at: env.clock(), actor: session.user.username, action: 'auth.logout' });
    }
    void reply.header('set-cookie', clearedCookie(secure));
    return null;
  },
  'auth.changePassword': async ({ env, session }, input) => {
    await changePassword(env.db, session!.user.id, input, env.clock, session!.tokenHash);
    return null;
  },
  'users.list': async ({ env }) => listUsers(env.db),
  'users.create': async ({ env, session }, input) => createUser(env.db, input, session!.user.username, env.clock),
  'users.update': async ({ env, session }, input) => updateUser(env.db, input, session!.user.username, env.clock, session!.tokenHash),
  'audit.list': async ({ env }, input) => listAudit(env.db, input),
  'sites.list': async ({ env, session }) => consoleSites(env.db, session!.user.scope, env.clock),
  'sites.create': async ({ env, session }, input) => createConsoleSite(env.db, input.name, session!.user.username, env.clock),
  'sites.revoke': async ({ env, session }, input) => {
    await revokeConsoleSite(env.db, input.slotId, session!.user.username, env.clock);
    return null;
  },
  'overview.month': async ({ env, session }, input) => {
    checkSlot(session!.user, input.slotId);
    return monthOverview(env.db, session!.user.scope, input);
  },
  'meetings.get': async ({ env, session }, input) => {
    const user = session!.user;
    const slot = await slotOfMeeting(env.db, input.id);
    if (slot === null || !inScope(user.scope, slot)) throw notFound('Không có cuộc họp này, hoặc cuộc họp thuộc đơn vị ngoài phạm vi của đồng chí.');
    const meeting = await consoleMeeting(env.db, user.scope, input.id);
    return { ...meeting, canReview: user.role !== 'viewer' };
  },
  'feedback.add': async ({ env, session }, input) => addFeedbackForConsole(env.db, session!.user, input, env.clock),
  'documents.list': async ({ env, session }) => listDocuments(env.db, session!.user.scope),
  'documents.publish': async ({ env, session }, input) => publishForConsole(env.db, session!.user, input, env.clock),
  'documents.withdraw': async ({ env, session }, input) => {
    await withdrawForConsole(env.db, session!.user, input.id, env.clock);
    return null;
  },
  'reports.period': async ({ env, session }, input) => {
    checkSlot(session!.user, input.slotId);
    return periodReport(env.db, session!.user.scope, input);
  },
  'reports.trend': async ({ env, session }, input) => {
    checkSlot(session!.user, input.slotId);
    return trend(env.db, session!.user.scope, input);
  },
};

/** zod's refusals in Vietnamese: the schemas' own messages, zod's Vietnamese locale for the rest. */
const vietnamese = z.locales.vi().localeError;

function parseInput<M extends ConsoleMethod>(method: M, raw: unknown): ConsoleParsedInput<M> {
  const result = consoleSchemas[method].safeParse(raw ?? {}, { error: vietnamese });
  if (result.success) return result.data as ConsoleParsedInput<M>;
  const fields = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw new ConsoleError('INVALID_INPUT', fields[0]?.message ?? 'Dữ liệu không hợp lệ.', fields);
}

function parseBody(req: FastifyRequest): unknown {
  const body = req.body;
  if (body === undefined || body === null) return {};
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConsoleError('INVALID_INPUT', 'Nội dung yêu cầu không phải JSON hợp lệ.');
  }
}

function requireCsrf(req: FastifyRequest): void {
  if (req.headers[CONSOLE_CSRF_HEADER] !== '1') {
    throw new ConsoleError('FORBIDDEN', 'Yêu cầu thiếu tiêu đề bảo vệ của trang quản lý; hãy dùng trang quản lý tại /console/.');
  }
}

function toConsoleError(error: unknown): ConsoleError {
  if (error instanceof ConsoleError) return error;
  const { code, statusCode } = error as { code?: string; statusCode?: number };
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || statusCode === 413) {
    return new ConsoleError('INVALID_INPUT', `Tệp hoặc nội dung quá lớn (tối đa ${MAX_UPLOAD_BYTES / 1024 / 1024} MB).`);
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return new ConsoleError('INVALID_INPUT', 'Yêu cầu không hợp lệ.');
  return new ConsoleError('INTERNAL', 'Máy chủ gặp lỗi khi xử lý yêu cầu. Hãy thử lại; nếu vẫn lỗi, báo người quản trị máy chủ.');
}

function envelopeError(reply: FastifyReply, error: ConsoleError) {
  return reply
    .code(STATUS[error.code])
    .header('content-type', 'application/json; charset=utf-8')
    .send({ ok: false, error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } });
}

// ---- Static files ------------------------------------------------------------------------------------------------------

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Chi bộ số · Trang quản lý chưa được dựng</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Trang quản lý chưa được dựng</h1>
<p>Máy chủ đồng bộ đang chạy, nhưng chưa có các tệp của trang quản lý dành cho cấp trên.
Người quản trị máy chủ hãy chạy lệnh <code>npm run build:console</code> trong thư mục mã nguồn, rồi tải lại trang này.</p>
</body></html>`;

/** The file under `root` a URL path names, or null: decoding errors, NUL bytes and anything leaving `root` are refused. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

async function sendStatic(root: string, rest: string, reply: FastifyReply): Promise<FastifyReply> {
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) {
    return reply.code(503).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
  }
  const file = resolveStatic(root, rest);
  if (file === null) return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Không có tệp này.');
  const stat = await fs.promises.stat(file).catch(() => null);
  if (stat?.isFile()) {
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const immutable = rest.startsWith('assets/');
    return reply
      .header('content-type', type)
      .header('content-length', String(stat.size))
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(fs.createReadStream(file));
  }
  // A file that is not there (a name with an extension) is a 404; any other path is one of the app's pages.
  if (path.extname(rest) !== '') return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Không có tệp này.');
  return reply.header('content-type', TYPES['.html']!).header('cache-control', 'no-cache').send(await fs.promises.readFile(index));
}

// ---- The plugin --------------------------------------------------------------------------------------------------------

export interface ConsoleRoutesOptions {
  env: SyncEnv;
  /** The built browser app; out/console by default. */
  consoleDir?: string;
}

/** Registers the console's routes on `app` (call it with `app.register(consoleRoutes, { prefix: '/console', … })`). */
export async function consoleRoutes(app: FastifyInstance, options: ConsoleRoutesOptions): Promise<void> {
  const { env } = options;
  const root = path.resolve(options.consoleDir ?? DEFAULT_CONSOLE_DIR);

  // Uploads come with the file's own type; everything is kept as raw bytes, as on the rest of the server.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) void reply.header(name, value);
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
  app.setErrorHandler((error, req, reply) => {
    const consoleError = toConsoleError(error);
    if (consoleError.code === 'INTERNAL') req.log.error(error);
    return envelopeError(reply, consoleError);
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET') return sendStatic(root, '', reply);
    return envelopeError(reply, new ConsoleError('NOT_FOUND', 'Không có đường dẫn này trên trang quản lý.'));
  });

  const secure = (req: FastifyRequest) => req.protocol === 'https';

  app.post('/api/:method', async (req: FastifyRequest<{ Params: { method: string } }>, reply) => {
    requireCsrf(req);
    const name = req.params.method;
    if (!isConsoleMethod(name)) throw new ConsoleError('UNKNOWN_METHOD', `Không có thao tác "${name}".`);
    const raw = parseBody(req);
    const session = await sessionOf(env, req);
    const access = ACCESS[name];
    if (access !== 'public') allow(session, access);
    const input = parseInput(name, raw);
    const handler = handlers[name] as Handler<ConsoleMethod>;
    const value = await handler({ env, req, reply, session, secure: secure(req) }, input);
    return reply.header('content-type', 'application/json; charset=utf-8').send({ ok: true, value });
  });

  // The header and the session are checked before the body is read: no one uploads 25 MB without an account.
  const uploaders = new WeakMap<FastifyRequest, ConsoleUser>();
  const checkUploader = async (req: FastifyRequest) => {
    requireCsrf(req);
    uploaders.set(req, allow(await sessionOf(env, req), 'review'));
  };
  app.post('/files', { bodyLimit: MAX_UPLOAD_BYTES, onRequest: checkUploader }, async (req, reply) => {
    const user = uploaders.get(req)!;
    const header = req.headers['x-file-name'];
    let name: string;
    try {
      name = typeof header === 'string' ? decodeURIComponent(header).trim() : '';
    } catch {
      name = '';
    }
    if (!name || name.length > 255 || /[\\/\0]/.test(name)) {
      throw new ConsoleError('INVALID_INPUT', 'Tên tệp không hợp lệ.', [{ path: 'name', message: 'Tên tệp không hợp lệ.' }]);
    }
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (bytes.length === 0) throw new ConsoleError('INVALID_INPUT', 'Tệp rỗng.', [{ path: 'file', message: 'Tệp rỗng.' }]);
    const type = req.headers['content-type'];
    const mime = typeof type === 'string' && /^[\w.+-]+\/[\w.+-]+/.test(type) ? type.split(';')[0]!.trim() : 'application/octet-stream';
    const sha256 = await storeFile(env, bytes);
    await audit(env.db, { at: env.clock(), actor: user.username, action: 'file.upload', detail: { sha256, name, size: bytes.length } });
    const value: UploadedFile = { sha256, size: bytes.length, name, mime };
    return reply.header('content-type', 'application/json; charset=utf-8').send({ ok: true, value });
  });

  app.get('/export/report.xlsx', async (req: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
    const user = allow(await sessionOf(env, req), 'read');
    const input = parseInput('reports.period', { period: req.query.period, slotId: req.query.slotId || undefined, branches: req.query.branches === '1' });
    checkSlot(user, input.slotId);
    const report = await periodReport(env.db, user.scope, input);
    const workbook = await reportWorkbook(report);
    const ascii = `bao-cao-${report.period}.xlsx`;
    // A slash (tháng 3/2026) cannot be in a file name.
    const utf8 = encodeURIComponent(`Báo cáo ${report.label.replace(/[\\/:*?"<>|]/g, '-')}.xlsx`);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`)
      .header('cache-control', 'no-store')
      .send(workbook);
  });

  app.get('/', async (_req, reply) => sendStatic(root, '', reply));
  // The path as sent (still percent-encoded), decoded once by resolveStatic.
  app.get('/*', async (req, reply) => sendStatic(root, (req.raw.url ?? '').split('?')[0]!.replace(/^\/console\/?/, ''), reply));
}

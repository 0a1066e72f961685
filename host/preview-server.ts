// The preview's HTTP side: the same services as the Electron app at POST /api/:method, events at GET /api/events,
// and the built renderer, on 127.0.0.1 only, behind a token made for this run. The browser gets the token once in
// the address it is given (?token=…) and sends it back as a bearer header.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Envelope } from '../core/api';
import type { Runtime } from '../core/runtime';

// A member list workbook travels as base64 in one call; 32 MB holds a 20 MB file.
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
const SESSION_COOKIE = 'chibo_session';

function sessionFromCookie(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === SESSION_COOKIE && value) return value;
  }
  return null;
}

/**
 * The response header carries the policy of the built page's own <meta> tag (renderer/index.html, checked against
 * electron/csp.ts at build time), so there is one policy, plus what only a header can say.
 */
export function contentSecurityPolicy(indexHtml: string): string {
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml)?.[1];
  return `${meta ?? "default-src 'none'"}; frame-ancestors 'none'`;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js's worker: a module script, which the browser runs only when served as JavaScript.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export interface PreviewServerOptions {
  runtime: Runtime;
  token: string;
  /** The built renderer (out/web). */
  staticDir: string;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function sendJson(res: http.ServerResponse, status: number, body: Envelope<unknown>, extra: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...extra,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

const failure = (code: 'INVALID_INPUT' | 'UNAUTHENTICATED' | 'NOT_FOUND' | 'FORBIDDEN', message: string): Envelope<never> => ({
  ok: false,
  error: { code, message },
});

function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Resolves a request path inside `root`, or null for anything that would leave it. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

export function createPreviewServer({ runtime, token, staticDir }: PreviewServerOptions): http.Server {
  const root = path.resolve(staticDir);
  const indexFile = path.join(root, 'index.html');
  const csp = contentSecurityPolicy(fs.existsSync(indexFile) ? fs.readFileSync(indexFile, 'utf8') : '');
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Only this machine's loopback names: a page elsewhere that rebinds its DNS to 127.0.0.1 is refused.
    const port = (server.address() as { port: number } | null)?.port;
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      sendJson(res, 403, failure('FORBIDDEN', 'Yêu cầu không đến từ máy này.'));
      return;
    }

    if (url.pathname.startsWith('/api/')) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (url.pathname === '/api/events' && req.method === 'GET') {
        if (!sameToken(url.searchParams.get('token'), token)) {
          sendJson(res, 401, failure('UNAUTHENTICATED', 'Thiếu hoặc sai mã phiên của bản xem trước.'));
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': chibo\n\n');
        // No Nagle delay: a slide change reaches the projector's page as soon as it is written.
        req.socket.setNoDelay(true);
        const offs = (['data.changed', 'presentation.changed', 'sync.changed'] as const).map((topic) =>
          runtime.subscribe(topic, (payload) => {
            res.write(`event: ${topic}\ndata: ${JSON.stringify(payload)}\n\n`);
          }),
        );
        req.on('close', () => offs.forEach((off) => off()));
        return;
      }
      if (req.method !== 'POST') {
        sendJson(res, 405, failure('NOT_FOUND', 'Chỉ nhận yêu cầu POST.'));
        return;
      }
      if (!sameToken(bearer, token)) {
        sendJson(res, 401, failure('UNAUTHENTICATED', 'Thiếu hoặc sai mã phiên của bản xem trước. Hãy mở đúng địa chỉ mà lệnh npm run preview đã in ra.'));
        return;
      }
      const body = await readBody(req);
      if (body === 'too-large') {
        sendJson(res, 413, failure('INVALID_INPUT', 'Dữ liệu gửi lên quá lớn (tối đa 32 MB một yêu cầu).'));
        return;
      }
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        sendJson(res, 400, failure('INVALID_INPUT', 'Dữ liệu gửi lên không phải JSON hợp lệ.'));
        return;
      }
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      // The sign-in lives in an HttpOnly cookie, so the page's scripts never see the session token.
      const before = sessionFromCookie(req.headers.cookie);
      const session = { token: before };
      const envelope = await runtime.dispatch(method, input, session);
      const cookie: Record<string, string> =
        session.token === before
          ? {}
          : {
              'set-cookie': session.token
                ? `${SESSION_COOKIE}=${session.token}; HttpOnly; SameSite=Strict; Path=/`
                : `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`,
            };
      sendJson(res, 200, envelope, cookie);
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let file = resolveStatic(root, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) {
      res.writeHead(400).end();
      return;
    }
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) file = path.join(root, 'index.html');
    const isIndex = file.endsWith('index.html');
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
  return server;
}

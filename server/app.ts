// The sync server's HTTP face (docs/sync-protocol.md): every route of the specification on Fastify. Bodies are kept
// as raw bytes (the signature covers their hash) and read as JSON only once the signature has been checked. Every
// answer carries chibo-server-time; every error has the specification's code, status and a Vietnamese message.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import { MAX_BLOB_BYTES, MAX_BODY_BYTES, MAX_OPS, MAX_PULL, PROTOCOL } from '../core/sync/protocol';
import { authenticate } from './auth';
import { consoleRoutes } from './console/http';
import { blobPath, blobState, checkSha, ERROR_HEADER, missingBlobs, putBlobChunk } from './blobs';
import { maySeeBlob, ownRecords, parseOwnQuery, parsePullQuery, pull } from './changes';
import type { EnrolledSite, SyncEnv } from './context';
import { openServerDb, type ServerKysely } from './db';
import { enrol } from './enrol';
import { fail, SyncError } from './errors';
import { serverIdentity } from './meta';
import { applyPush, parsePush } from './push';
import { startUpstreamScheduler, type SchedulerOptions, type UpstreamScheduler } from './upstream';
import { parseJson, parseWith } from './validate';

export interface BuildServerOptions {
  db: ServerKysely;
  dataDir: string;
  clock?: () => number;
  logger?: FastifyServerOptions['logger'];
  /** Called after each accepted push (the upward relay syncs soon after, §11). */
  onPush?: () => void;
  /** The web console's built files (issue 7); out/console by default. */
  consoleDir?: string;
}

export const MAX_MISSING_HASHES = 1000;

/** Fastify's own errors, in the protocol's words. */
function toSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const { code, statusCode } = error as { code?: string; statusCode?: number };
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || statusCode === 413) return fail('TOO_LARGE', { maxBytes: MAX_BODY_BYTES });
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return fail('MALFORMED');
  return fail('INTERNAL');
}

const rawBody = (req: FastifyRequest): Buffer => (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));

const INTEGER_HEADER = /^\d{1,15}$/;
function integerHeader(req: FastifyRequest, name: string, required: boolean): number | undefined {
  const value = req.headers[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !INTEGER_HEADER.test(value)) throw fail('MALFORMED', { field: name }, `Tiêu đề ${name} phải là số byte.`);
  return Number(value);
}

const missingSchema = z.object({ hashes: z.array(z.string()) });

export function buildServer(options: BuildServerOptions): FastifyInstance {
  const env: SyncEnv = { db: options.db, dataDir: options.dataDir, clock: options.clock ?? Date.now };
  // HEAD /v1/blobs/:sha256 has its own meaning (§8), so Fastify must not derive HEAD routes from the GET ones.
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: MAX_BODY_BYTES, exposeHeadRoutes: false });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('chibo-server-time', String(env.clock()));
    return payload;
  });
  app.setErrorHandler((error, req, reply) => {
    const syncError = toSyncError(error);
    if (syncError.code === 'INTERNAL') req.log.error(error);
    void reply.code(syncError.status).send(syncError.toBody());
  });
  app.setNotFoundHandler((_req, reply) => {
    const error = fail('NOT_FOUND', {}, 'Không có đường dẫn này trên máy chủ đồng bộ.');
    void reply.code(error.status).send(error.toBody());
  });

  const signed = (req: FastifyRequest): Promise<EnrolledSite> =>
    authenticate(env, { method: req.method, url: req.raw.url ?? req.url, headers: req.headers, body: rawBody(req) });

  app.get('/v1/info', async () => {
    const server = await serverIdentity(env.db);
    return {
      protocol: PROTOCOL,
      protocols: [PROTOCOL],
      server: { id: server.id, name: server.name, publicKey: server.publicKey },
      serverTime: env.clock(),
      limits: { maxBodyBytes: MAX_BODY_BYTES, maxOps: MAX_OPS, maxBlobBytes: MAX_BLOB_BYTES, maxPull: MAX_PULL, maxMissingHashes: MAX_MISSING_HASHES },
    };
  });

  app.post('/v1/enrol', async (req) => enrol(env, parseJson(rawBody(req))));

  app.post('/v1/push', async (req) => {
    const site = await signed(req);
    const answer = await applyPush(env, site, parsePush(parseJson(rawBody(req))));
    options.onPush?.();
    return answer;
  });

  app.get('/v1/pull', async (req) => {
    const site = await signed(req);
    const { cursor, limit } = parsePullQuery(req.query as Record<string, unknown>);
    return pull(env, site, cursor, limit);
  });

  app.get('/v1/own', async (req) => {
    const site = await signed(req);
    const { after, limit } = parseOwnQuery(req.query as Record<string, unknown>);
    return ownRecords(env, site, after, limit);
  });

  app.post('/v1/blobs/missing', async (req) => {
    await signed(req);
    const raw = parseJson(rawBody(req));
    const hashes = (raw as { hashes?: unknown } | null)?.hashes;
    if (Array.isArray(hashes) && hashes.length > MAX_MISSING_HASHES) {
      throw fail('TOO_LARGE', { maxHashes: MAX_MISSING_HASHES }, `Mỗi lần hỏi tối đa ${MAX_MISSING_HASHES} tệp.`);
    }
    const body = parseWith(missingSchema, raw);
    return { missing: await missingBlobs(env, body.hashes.map(checkSha)) };
  });

  type BlobRequest = FastifyRequest<{ Params: { sha256: string } }>;

  // A HEAD answer carries no body, so every refusal also names its code in a header (§8); the error handler, which keeps
  // the headers already set, sends the status.
  app.head('/v1/blobs/:sha256', async (req: BlobRequest, reply: FastifyReply) => {
    try {
      await signed(req);
      const state = await blobState(env, checkSha(req.params.sha256));
      if (state.complete) return reply.code(200).header('content-length', String(state.size)).send();
      return reply.code(404).header('chibo-received', String(state.received)).header(ERROR_HEADER, 'NOT_FOUND').send();
    } catch (error) {
      void reply.header(ERROR_HEADER, toSyncError(error).code);
      throw error;
    }
  });

  app.put('/v1/blobs/:sha256', { bodyLimit: MAX_BLOB_BYTES }, async (req: BlobRequest) => {
    await signed(req);
    const sha = checkSha(req.params.sha256);
    const offset = integerHeader(req, 'chibo-offset', true)!;
    const total = integerHeader(req, 'chibo-total', false);
    return putBlobChunk(env, sha, offset, rawBody(req), total);
  });

  app.get('/v1/blobs/:sha256', async (req: BlobRequest, reply: FastifyReply) => {
    const site = await signed(req);
    const sha = checkSha(req.params.sha256);
    if (!(await maySeeBlob(env, site, sha))) throw fail('FORBIDDEN');
    const state = await blobState(env, sha);
    if (!state.complete) throw fail('NOT_FOUND', {}, 'Máy chủ chưa có đủ tệp này.');
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-length', String(state.size))
      .send(fs.createReadStream(blobPath(env.dataDir, sha)));
  });

  // The superior committee's web console (issue 7): its own routes, error answers and security headers under /console.
  void app.register(consoleRoutes, { prefix: '/console', env, consoleDir: options.consoleDir });

  return app;
}

export interface StartOptions {
  dataDir: string;
  /** `postgres://…`; absent, the SQLite file in dataDir. */
  databaseUrl?: string;
  /** PostgreSQL schema to work in (tests). */
  databaseSchema?: string;
  port?: number;
  host?: string;
  clock?: () => number;
  /** The server's name, set on its first start. */
  name?: string;
  logger?: FastifyServerOptions['logger'];
  /** Sync with the server above in the background while enrolled there (§11): `npm run server` turns it on. */
  upstream?: SchedulerOptions;
}

export interface RunningServer {
  url: string;
  db: ServerKysely;
  server: FastifyInstance;
  /** Where the data is, for people: "SQLite (…)" or "PostgreSQL (…)". */
  databaseLabel: string;
  close(): Promise<void>;
}

/** Opens the database, builds the server and listens (port 0: any free port). */
export async function startSyncServer(options: StartOptions): Promise<RunningServer> {
  const store = await openServerDb({
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    schema: options.databaseSchema,
    name: options.name,
    clock: options.clock,
  });
  let upstream: UpstreamScheduler | null = null;
  const server = buildServer({ db: store.db, dataDir: options.dataDir, clock: options.clock, logger: options.logger, onPush: () => upstream?.nudge() });
  try {
    await server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    await store.close();
    throw error;
  }
  if (options.upstream) {
    upstream = startUpstreamScheduler({ db: store.db, dataDir: options.dataDir, clock: options.clock ?? Date.now }, options.upstream);
  }
  const address = server.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    db: store.db,
    server,
    databaseLabel: store.label,
    async close() {
      await upstream?.stop();
      await closeHttp(server);
      await store.close();
    },
  };
}

/** How long requests still running when the server stops may take before their connections are cut. */
export const CLOSE_GRACE_MS = 10_000;

/**
 * Stops the HTTP server: no new connections, running requests finish. Fastify's close ends only the keep-alive
 * connections idle at that moment; one whose request finishes a moment later (a ward's push in flight) stayed open for
 * the whole keep-alive timeout (72 s), and the close with it. Connections are closed here as soon as they go idle, and
 * whatever is still open after CLOSE_GRACE_MS is cut: the ward retries a cut push, whose transaction either committed or
 * did not (§5).
 */
export async function closeHttp(server: FastifyInstance, graceMs = CLOSE_GRACE_MS): Promise<void> {
  const closing = server.close();
  const sweep = setInterval(() => server.server.closeIdleConnections(), 50);
  const cut = setTimeout(() => server.server.closeAllConnections(), graceMs);
  try {
    await closing;
  } finally {
    clearInterval(sweep);
    clearTimeout(cut);
  }
}

// The ward's sync client (docs/sync-protocol.md): signed HTTP requests to the superior's server, enrolment (§4), and
// one sync cycle: blobs (§8), push until the outbox is empty (§5, with §6's recovery), pull (§7), documents' files.
// A cycle throws a SyncError saying what the person should know; the controller (scheduler.ts) records it.
import { ApiError, type SyncStatus } from '../api';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { currentWardId } from '../services/setup';
import {
  addPullEffect,
  applyOwnRecords,
  applyPullPage,
  emptyPullEffect,
  parseDocumentFiles,
  resetServerRecords,
  type OwnRecord,
  type PullEffect,
  type RecoverEffect,
} from './apply';
import { hasBlob, readBlob, writeBlob } from './blobs';
import { SYNC_TEXT, SyncError, messageForCode } from './messages';
import {
  enqueueAll,
  applyPushAnswer,
  buildBatch,
  firstOutboxSeq,
  lastIssuedSeq,
  outboxCount,
  pendingBlobs,
  recordId,
  rejectLocally,
  MAX_BATCH_BYTES,
} from './outbox';
import {
  MAX_OPS,
  PROTOCOL,
  enrolRequestBody,
  makeKeyPair,
  normaliseCode,
  sha256Hex,
  signRequest,
  type Change,
  type PushAnswer,
  type PushBody,
} from './protocol';
import { readChainMarker, readState, restoredFromBackup, selfSite, updateState, writeChainMarker, type SyncStateRow } from './state';
import { enrolAnswer, missingAnswer, ownAnswer, pullAnswer, pushAnswer, putAnswer } from './wire';

export interface ClientOptions {
  fetch?: typeof fetch;
  /** The machine's wall clock; the server's is estimated from it plus the learned offset. */
  wallClock?: () => number;
  /** Stops a cycle (the host is closing). */
  signal?: AbortSignal;
  onProgress?: (progress: SyncPhaseProgress) => void;
  log?: (message: string, error?: unknown) => void;
  /** Bytes per blob upload request. */
  blobChunkBytes?: number;
}

export type SyncPhaseProgress = NonNullable<SyncStatus['progress']>;

const REQUEST_TIMEOUT_MS = 60_000;
const BLOB_CHUNK_BYTES = 4 * 1024 * 1024;

/** A refusal from the server, with its protocol code and details. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly details: Record<string, unknown>,
  ) {
    super(`${status} ${code}: ${serverMessage}`);
    this.name = 'HttpError';
  }
}

/** What a failure means to the person and to the state: revoked stops, a refusal is an error. */
export function toSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  if (error instanceof HttpError) {
    return new SyncError(error.code === 'SITE_REVOKED' ? 'revoked' : 'error', messageForCode(error.code, error.serverMessage), error.code, error.details, error.status);
  }
  return new SyncError('error', `Lỗi không mong muốn khi đồng bộ: ${(error as Error)?.message ?? String(error)}`);
}

interface Reply {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** Signed HTTP to one server, learning the server's clock from every answer. */
export class Transport {
  offsetMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly wall: () => number;
  private readonly prefix: string;

  constructor(
    readonly baseUrl: string,
    private readonly signer: { site: string; privateKey: string } | null,
    offsetMs: number,
    private readonly options: ClientOptions = {},
  ) {
    this.offsetMs = offsetMs;
    this.fetchImpl = options.fetch ?? fetch;
    this.wall = options.wallClock ?? Date.now;
    this.prefix = new URL(baseUrl).pathname.replace(/\/+$/, '');
  }

  async send(
    method: 'GET' | 'POST' | 'PUT' | 'HEAD',
    path: string,
    request: { json?: unknown; jsonText?: string; bytes?: Buffer; headers?: Record<string, string>; signed?: boolean; accept?: number[]; timeoutMs?: number } = {},
  ): Promise<Reply> {
    const body =
      request.jsonText !== undefined
        ? Buffer.from(request.jsonText, 'utf8')
        : request.json !== undefined
          ? Buffer.from(JSON.stringify(request.json), 'utf8')
          : (request.bytes ?? Buffer.alloc(0));
    const url = `${this.baseUrl.replace(/\/+$/, '')}${path}`;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { ...request.headers };
      if (request.json !== undefined || request.jsonText !== undefined) headers['content-type'] = 'application/json';
      else if (request.bytes) headers['content-type'] = 'application/octet-stream';
      if (request.signed !== false) {
        if (!this.signer) throw new SyncError('error', SYNC_TEXT.notEnrolled);
        Object.assign(headers, signRequest(this.signer.privateKey, { method, path: `${this.prefix}${path}`, site: this.signer.site, body, now: this.wall() + this.offsetMs }));
      }
      const signals = [AbortSignal.timeout(request.timeoutMs ?? REQUEST_TIMEOUT_MS), ...(this.options.signal ? [this.options.signal] : [])];
      let response: Response;
      let bytes: Buffer;
      try {
        response = await this.fetchImpl(url, {
          method,
          headers,
          body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(body),
          signal: AbortSignal.any(signals),
        });
        bytes = Buffer.from(await response.arrayBuffer());
      } catch (error) {
        const name = (error as Error)?.name;
        throw new SyncError('offline', name === 'TimeoutError' ? SYNC_TEXT.timeout(this.baseUrl) : SYNC_TEXT.unreachable(this.baseUrl), name ?? null);
      }
      const serverTime = Number(response.headers.get('chibo-server-time'));
      if (Number.isFinite(serverTime) && serverTime > 0) this.offsetMs = Math.round(serverTime - this.wall());
      if (response.ok || request.accept?.includes(response.status)) return { status: response.status, headers: response.headers, body: bytes };
      const failure = parseFailure(response.status, bytes);
      // CLOCK_SKEW, and STALE_REQUEST (a push signed before the site's last push was applied, §5): the clock is set from
      // the server's and the request signed again, once.
      if (attempt === 0 && (failure.code === 'CLOCK_SKEW' || failure.code === 'STALE_REQUEST') && Number.isFinite(Number(failure.details.serverTime))) {
        this.offsetMs = Math.round(Number(failure.details.serverTime) - this.wall());
        continue;
      }
      if (attempt === 0 && failure.code === 'REPLAY') continue;
      throw failure;
    }
  }

  async json<T>(method: 'GET' | 'POST', path: string, schema: { parse(v: unknown): T }, request: Parameters<Transport['send']>[2] = {}): Promise<T> {
    const reply = await this.send(method, path, request);
    try {
      return schema.parse(JSON.parse(reply.body.toString('utf8')));
    } catch {
      throw new SyncError('error', SYNC_TEXT.notAServer(this.baseUrl), 'MALFORMED_ANSWER');
    }
  }
}

function parseFailure(status: number, bytes: Buffer): HttpError {
  try {
    const body = JSON.parse(bytes.toString('utf8')) as { error?: { code?: unknown; message?: unknown } };
    if (body.error && typeof body.error.code === 'string') {
      const { code, message, ...details } = body.error as Record<string, unknown>;
      return new HttpError(status, code as string, typeof message === 'string' ? message : '', details);
    }
  } catch {
    // not the protocol's error body
  }
  return new HttpError(status, status >= 500 ? 'INTERNAL' : status === 404 ? 'NOT_FOUND' : 'MALFORMED', `HTTP ${status}`, {});
}

function transportFor(st: SyncStateRow, siteId: string, options: ClientOptions): Transport {
  if (!st.enrolled || !st.server_url || !st.private_key) throw new SyncError('error', SYNC_TEXT.notEnrolled);
  return new Transport(st.server_url, { site: siteId, privateKey: st.private_key }, st.clock_offset_ms, options);
}

// ---- Enrolment (§4) ------------------------------------------------------------------------------------------------

export async function enrol(ctx: ServiceContext, input: { serverUrl: string; code: string }, userId: string | null, options: ClientOptions = {}): Promise<void> {
  const sqlite = ctx.store.sqlite;
  const st = readState(sqlite);
  if (st.enrolled && st.state !== 'revoked') throw new ApiError('CONFLICT', SYNC_TEXT.alreadyEnrolled(st.server_name ?? st.server_url ?? ''));
  const code = normaliseCode(input.code);
  if (!code) throw new ApiError('INVALID_INPUT', SYNC_TEXT.codeFormat);
  const wardId = currentWardId(ctx);
  const siteId = selfSite(sqlite);
  if (!wardId || !siteId) throw new ApiError('CONFLICT', SYNC_TEXT.noWard);
  const wardName = sqlite.prepare('SELECT name FROM organisations WHERE id = ?').pluck().get(wardId) as string;
  const serverUrl = input.serverUrl.trim().replace(/\/+$/, '');
  // The key pair is kept before it is sent: if the server's answer is lost, the next attempt sends the same key and the
  // server, which already bound it, answers again instead of refusing a used code.
  const keys = st.enrolled === 0 && st.private_key && st.public_key ? { privateKey: st.private_key, publicKey: st.public_key } : makeKeyPair();
  updateState(sqlite, { private_key: keys.privateKey, public_key: keys.publicKey });
  const transport = new Transport(serverUrl, null, 0, options);
  let answer;
  try {
    answer = await transport.json('POST', '/v1/enrol', enrolAnswer, {
      signed: false,
      json: enrolRequestBody({ code, siteId, organisation: { id: wardId, name: wardName }, keys, appVersion: ctx.appVersion }),
    });
  } catch (error) {
    const failure = toSyncError(error);
    throw new ApiError(failure.kind === 'offline' ? 'UNAVAILABLE' : 'CONFLICT', failure.message);
  }
  if (answer.siteId !== siteId) throw new ApiError('CONFLICT', SYNC_TEXT.notAServer(serverUrl));
  sqlite.transaction(() => {
    updateState(sqlite, {
      enrolled: 1,
      server_url: serverUrl,
      server_id: answer.server.id,
      server_name: answer.server.name,
      server_public_key: answer.server.publicKey,
      slot_id: answer.slotId,
      private_key: keys.privateKey,
      public_key: keys.publicKey,
      epoch: answer.epoch,
      token: null,
      last_seq: 0,
      pull_cursor: 0,
      clock_offset_ms: transport.offsetMs,
      last_success_at: null,
      last_error: null,
      state: 'idle',
      file_to_seq: 0,
    });
    sqlite.prepare('DELETE FROM sync_rejections').run();
    sqlite.prepare('DELETE FROM sync_stale').run();
    const queued = enqueueAll(sqlite);
    recordAudit(sqlite, {
      at: ctx.clock(),
      userId,
      action: 'sync.enrol',
      entity: 'sync_state',
      entityId: siteId,
      after: { serverUrl, serverName: answer.server.name, serverId: answer.server.id, slotId: answer.slotId, epoch: answer.epoch, queued },
    });
  })();
  writeChainMarker(ctx.store.file, { siteId, epoch: answer.epoch, token: null, lastSeq: 0 });
}

// ---- One cycle -----------------------------------------------------------------------------------------------------

export interface CycleSummary {
  /** Ops sent and acknowledged. */
  pushed: number;
  pushes: number;
  applied: number;
  skipped: number;
  rejected: number;
  stale: number;
  blobsUploaded: number;
  pulled: PullEffect;
  filesDownloaded: number;
  recovered: (RecoverEffect & { reason: 'epoch' | 'restored' | 'stale' }) | null;
  /** The attachment whose blob could not be uploaded: the outbox waits at it. */
  heldAt: string | null;
}

export async function runCycle(ctx: ServiceContext, options: ClientOptions = {}): Promise<CycleSummary> {
  const sqlite = ctx.store.sqlite;
  const siteId = selfSite(sqlite);
  if (!siteId) throw new SyncError('error', SYNC_TEXT.noWard);
  const transport = transportFor(readState(sqlite), siteId, options);
  const summary: CycleSummary = {
    pushed: 0,
    pushes: 0,
    applied: 0,
    skipped: 0,
    rejected: 0,
    stale: 0,
    blobsUploaded: 0,
    pulled: emptyPullEffect(),
    filesDownloaded: 0,
    recovered: null,
    heldAt: null,
  };
  const progress = (phase: SyncPhaseProgress['phase'], done: number, total: number) => options.onProgress?.({ phase, done, total });
  try {
    const marker = readChainMarker(ctx.store.file);
    if (restoredFromBackup(readState(sqlite), siteId, marker)) {
      summary.recovered = { reason: 'restored', ...(await recover(ctx, transport, siteId, { kind: 'restored', marker: marker! }, options)) };
    } else if (hasStale(ctx)) {
      summary.recovered = { reason: 'stale', ...(await recover(ctx, transport, siteId, { kind: 'stale' }, options)) };
    }
    const blobs = await uploadBlobs(ctx, transport, summary, progress, options);
    await pushAll(ctx, transport, siteId, blobs, summary, progress, options);
    if (hasStale(ctx)) summary.recovered = { reason: 'stale', ...(await recover(ctx, transport, siteId, { kind: 'stale' }, options)) };
    await pullAll(ctx, transport, summary, progress, options);
    summary.filesDownloaded = await downloadDocumentFiles(ctx, transport, options);
  } finally {
    updateState(sqlite, { clock_offset_ms: transport.offsetMs });
  }
  return summary;
}

function hasStale(ctx: ServiceContext): boolean {
  return (ctx.store.sqlite.prepare('SELECT count(*) FROM sync_stale').pluck().get() as number) > 0;
}

// ---- Blobs (§8) ----------------------------------------------------------------------------------------------------

/** Which attachments' blobs are ready for their records to go: on the server, or never to be had from here. */
async function uploadBlobs(
  ctx: ServiceContext,
  transport: Transport,
  summary: CycleSummary,
  progress: (phase: 'blobs', done: number, total: number) => void,
  options: ClientOptions,
): Promise<(sha256: string) => boolean> {
  const pending = pendingBlobs(ctx.store.sqlite);
  if (pending.length === 0) return () => true;
  const missing = new Set<string>();
  for (let i = 0; i < pending.length; i += 1000) {
    const hashes = pending.slice(i, i + 1000).map((p) => p.sha256);
    const answer = await transport.json('POST', '/v1/blobs/missing', missingAnswer, { json: { hashes } });
    for (const h of answer.missing) missing.add(h);
  }
  const ready = new Set(pending.filter((p) => !missing.has(p.sha256)).map((p) => p.sha256));
  const todo = pending.filter((p) => missing.has(p.sha256));
  progress('blobs', 0, todo.length);
  let done = 0;
  for (const blob of todo) {
    const bytes = readBlob(ctx.dataDir, blob.sha256);
    if (!bytes || sha256Hex(bytes) !== blob.sha256) {
      // The file is not on this machine (or damaged): nothing to wait for; the server will refuse the record and say so.
      ready.add(blob.sha256);
    } else {
      try {
        await uploadBlob(transport, blob.sha256, bytes, options);
        ready.add(blob.sha256);
        summary.blobsUploaded++;
      } catch (error) {
        if (error instanceof SyncError && error.kind === 'offline') throw error;
        options.log?.(`blob ${blob.sha256} not uploaded`, error);
      }
    }
    progress('blobs', ++done, todo.length);
  }
  return (sha256) => ready.has(sha256) || !pending.some((p) => p.sha256 === sha256);
}

/** Resumable: asks how much the server has, then sends the rest in chunks, each saying its offset and the total. */
export async function uploadBlob(transport: Transport, sha256: string, bytes: Buffer, options: ClientOptions = {}): Promise<void> {
  // A HEAD answer has no body: the server names its refusal in x-chibo-error (§8), so every status is read here. A 404
  // without it (an older server) means absent or partial, as does NOT_FOUND. CLOCK_SKEW and REPLAY are retried once, as
  // the transport does for other requests; by then it has learned the server's clock from chibo-server-time.
  const anyStatus = Array.from({ length: 200 }, (_, i) => 400 + i);
  let head: Awaited<ReturnType<Transport['send']>>;
  for (let attempt = 0; ; attempt++) {
    head = await transport.send('HEAD', `/v1/blobs/${sha256}`, { accept: anyStatus });
    if (head.status === 200) return;
    const code = head.headers.get('x-chibo-error');
    if (head.status === 404 && (code === null || code === 'NOT_FOUND')) break;
    if (attempt === 0 && (code === 'CLOCK_SKEW' || code === 'REPLAY')) continue;
    const fallback = head.status >= 500 ? 'INTERNAL' : 'MALFORMED';
    throw new HttpError(head.status, code ?? fallback, `mã lỗi ${code ?? fallback} (HTTP ${head.status}) khi hỏi máy chủ về tệp ${sha256.slice(0, 12)}…`, {});
  }
  let offset = Math.min(Number(head.headers.get('chibo-received')) || 0, bytes.length);
  const chunk = options.blobChunkBytes ?? BLOB_CHUNK_BYTES;
  for (let guard = 0; guard < 100_000; guard++) {
    const part = bytes.subarray(offset, Math.min(bytes.length, offset + chunk));
    let answer;
    try {
      const reply = await transport.send('PUT', `/v1/blobs/${sha256}`, {
        bytes: part,
        headers: { 'chibo-offset': String(offset), 'chibo-total': String(bytes.length) },
        timeoutMs: 5 * 60_000,
      });
      answer = putAnswer.parse(JSON.parse(reply.body.toString('utf8')));
    } catch (error) {
      if (error instanceof HttpError && error.code === 'SEQUENCE_GAP' && Number.isSafeInteger(error.details.expected)) {
        offset = Math.min(Number(error.details.expected), bytes.length);
        continue;
      }
      throw error;
    }
    if (answer.complete) return;
    if (answer.received >= bytes.length) throw new HttpError(422, 'HASH_MISMATCH', 'incomplete after the last byte', {});
    offset = answer.received;
  }
}

// ---- Push (§5, §6) -------------------------------------------------------------------------------------------------

function schemaVersion(ctx: ServiceContext): number {
  return ctx.store.sqlite.pragma('user_version', { simple: true }) as number;
}

async function pushAll(
  ctx: ServiceContext,
  transport: Transport,
  siteId: string,
  blobReady: (sha256: string) => boolean,
  summary: CycleSummary,
  progress: (phase: 'push', done: number, total: number) => void,
  options: ClientOptions,
): Promise<void> {
  const sqlite = ctx.store.sqlite;
  let fromSeq: number | undefined;
  let maxOps = MAX_OPS;
  let maxBytes = MAX_BATCH_BYTES;
  const skip = new Set<string>();
  let epochConflicts = 0;
  let refilled = false;
  let total = outboxCount(sqlite);
  let done = 0;
  progress('push', 0, total);
  // The next batch, built while the server applies the one in flight (undefined: not built ahead).
  let ahead: ReturnType<typeof buildBatch> | undefined;
  for (let guard = 0; guard < 100_000; guard++) {
    const batch = ahead ? ahead : buildBatch(sqlite, { fromSeq, maxOps, maxBytes, blobReady, skip });
    ahead = undefined;
    if (!batch) break;
    if (batch.toSeq < batch.fromSeq) {
      summary.heldAt = batch.heldAt?.name ?? null;
      break;
    }
    const st = readState(sqlite);
    // The body as text around the batch's ops, serialised once when the batch was built.
    const head: Omit<PushBody, 'ops'> & { appVersion: string } = {
      protocol: PROTOCOL,
      schema: schemaVersion(ctx),
      epoch: st.epoch!,
      afterToken: st.token,
      fromSeq: batch.fromSeq,
      toSeq: batch.toSeq,
      // Optional (§10): the server shows its administrator which version each site runs.
      appVersion: ctx.appVersion,
    };
    const jsonText = `${JSON.stringify(head).slice(0, -1)},"ops":[${batch.opsJson}]}`;
    let answer: PushAnswer;
    try {
      // Rejection codes the client does not know are still shown with the server's reason.
      const request = transport.json('POST', '/v1/push', pushAnswer, { jsonText });
      request.catch(() => undefined); // awaited below; handled now so a quick failure is not an unhandled rejection
      if (!batch.heldAt && fromSeq === undefined && maxOps === MAX_OPS) {
        // Let the request go out, then build the next batch from the entry after this range while the server works.
        await new Promise((resolve) => setImmediate(resolve));
        ahead = buildBatch(sqlite, { fromSeq: batch.toSeq + 1, maxOps, maxBytes, blobReady, skip });
      }
      answer = (await request) as PushAnswer;
    } catch (error) {
      ahead = undefined;
      if (!(error instanceof HttpError)) throw error;
      if (error.code === 'SEQUENCE_GAP' && Number.isSafeInteger(error.details.expected)) {
        const expected = Number(error.details.expected);
        const first = firstOutboxSeq(sqlite);
        if (first !== null && expected < first && !refilled) {
          // The server lacks entries this site already removed as acknowledged: send everything again from there.
          refilled = true;
          enqueueAll(sqlite, Math.max(lastIssuedSeq(sqlite), expected - 1));
          total = outboxCount(sqlite);
        } else if (fromSeq === expected) {
          throw toSyncError(error);
        }
        fromSeq = expected;
        continue;
      }
      if (error.code === 'EPOCH_CONFLICT' && Number.isSafeInteger(error.details.epoch) && epochConflicts++ === 0) {
        summary.recovered = {
          reason: 'epoch',
          ...(await recover(ctx, transport, siteId, { kind: 'epoch', epoch: Number(error.details.epoch) }, options)),
        };
        fromSeq = undefined;
        total = outboxCount(sqlite);
        done = 0;
        continue;
      }
      if (error.code === 'TOO_LARGE') {
        if (batch.refs.length > 1) {
          maxOps = Math.max(1, Math.floor(batch.refs.length / 2));
          maxBytes = Math.max(64 * 1024, Math.floor(maxBytes / 2));
        } else if (batch.refs.length === 1) {
          const op = batch.refs[0]!;
          skip.add(recordId(op.table, op.key));
          rejectLocally(sqlite, { seq: op.seq, table: op.table, key: op.key, code: 'TOO_LARGE', reason: SYNC_TEXT.tooLarge }, ctx.clock());
        } else throw toSyncError(error);
        continue;
      }
      throw error;
    }
    const effect = applyPushAnswer(sqlite, answer, { toSeq: batch.toSeq, ops: batch.refs }, ctx.clock());
    // Anything but a plain acknowledgement of the whole range: the next batch is built afresh.
    if (answer.lastSeq !== batch.toSeq || effect.rejected > 0 || effect.stale > 0) ahead = undefined;
    writeChainMarker(ctx.store.file, { siteId, epoch: st.epoch!, token: answer.token, lastSeq: answer.lastSeq });
    summary.pushes++;
    summary.pushed += batch.refs.length;
    summary.applied += answer.applied;
    summary.skipped += answer.skipped;
    summary.rejected += effect.rejected;
    summary.stale += effect.stale;
    fromSeq = undefined;
    maxOps = MAX_OPS;
    maxBytes = MAX_BATCH_BYTES;
    done += effect.removed;
    progress('push', Math.min(done, total), Math.max(total, done));
    if (batch.heldAt) {
      summary.heldAt = batch.heldAt.name;
      break;
    }
  }
}

type RecoverMode = { kind: 'epoch'; epoch: number } | { kind: 'restored'; marker: { epoch: number; token: string | null; lastSeq: number } } | { kind: 'stale' };

async function fetchOwn(transport: Transport, progress: (done: number) => void): Promise<OwnRecord[]> {
  const records: OwnRecord[] = [];
  let after = '';
  for (let guard = 0; guard < 100_000; guard++) {
    const page = await transport.json('GET', `/v1/own?after=${encodeURIComponent(after)}&limit=1000`, ownAnswer);
    records.push(...(page.records as OwnRecord[]));
    progress(records.length);
    if (!page.next || page.next === after || page.records.length === 0) break;
    after = page.next;
  }
  return records;
}

/**
 * §6: pulls this site's records back from the server and keeps the newer copy of each; then, after EPOCH_CONFLICT,
 * takes the new epoch with no token and a fresh outbox; after a restored backup, continues the chain the marker
 * remembers with a fresh outbox numbered past it; for stale records only, the records are simply written back.
 */
async function recover(ctx: ServiceContext, transport: Transport, siteId: string, mode: RecoverMode, options: ClientOptions): Promise<RecoverEffect> {
  const sqlite = ctx.store.sqlite;
  const records = await fetchOwn(transport, (done) => options.onProgress?.({ phase: 'recover', done, total: done }));
  const effect = sqlite.transaction(() => {
    const st = readState(sqlite);
    const stale =
      mode.kind === 'stale'
        ? new Set((sqlite.prepare('SELECT tbl, key FROM sync_stale').all() as { tbl: string; key: string }[]).map((s) => recordId(s.tbl, s.key)))
        : null;
    const result = applyOwnRecords(ctx, records);
    sqlite.prepare('DELETE FROM sync_stale').run();
    if (mode.kind === 'epoch') {
      updateState(sqlite, { epoch: mode.epoch, token: null, last_seq: 0, file_to_seq: 0 });
      enqueueAll(sqlite, 0);
    } else if (mode.kind === 'restored') {
      updateState(sqlite, { epoch: mode.marker.epoch, token: mode.marker.token, last_seq: mode.marker.lastSeq });
      enqueueAll(sqlite, Math.max(mode.marker.lastSeq, lastIssuedSeq(sqlite)));
    }
    recordAudit(sqlite, {
      at: ctx.clock(),
      userId: null,
      action: mode.kind === 'epoch' ? 'sync.epochConflict' : mode.kind === 'restored' ? 'sync.restoredBackup' : 'sync.staleRecovered',
      entity: 'sync_state',
      entityId: siteId,
      before: { epoch: st.epoch, lastSeq: st.last_seq },
      after: {
        epoch: mode.kind === 'epoch' ? mode.epoch : mode.kind === 'restored' ? mode.marker.epoch : st.epoch,
        records: records.length,
        restored: result.restored,
        kept: result.kept,
        failed: result.failed.length,
        staleRecords: stale?.size,
      },
    });
    return result;
  })();
  if (mode.kind === 'epoch') writeChainMarker(ctx.store.file, { siteId, epoch: mode.epoch, token: null, lastSeq: 0 });
  if (effect.failed.length) options.log?.(`recovery left ${effect.failed.length} records as they were`, effect.failed.slice(0, 5));
  if (effect.restored > 0) ctx.emit('data.changed', { areas: ['organisations', 'members', 'meetings'] });
  return effect;
}

// ---- Pull (§7) -----------------------------------------------------------------------------------------------------

async function pullAll(
  ctx: ServiceContext,
  transport: Transport,
  summary: CycleSummary,
  progress: (phase: 'pull', done: number, total: number) => void,
  options: ClientOptions,
): Promise<void> {
  const sqlite = ctx.store.sqlite;
  let cursor = readState(sqlite).pull_cursor;
  let resets = 0;
  const effect = emptyPullEffect();
  progress('pull', 0, 0);
  for (let guard = 0; guard < 100_000; guard++) {
    const page = await transport.json('GET', `/v1/pull?cursor=${cursor}&limit=1000`, pullAnswer);
    if ('reset' in page) {
      if (resets++ > 0) throw new SyncError('error', SYNC_TEXT.serverError, 'RESET_LOOP');
      resetServerRecords(sqlite);
      cursor = 0;
      continue;
    }
    const applied = applyPullPage(ctx, { changes: page.changes as Change[], cursor: page.cursor }, (error, change) =>
      options.log?.(`change ${change?.table}:${change?.key} not applied`, error),
    );
    addPullEffect(effect, applied);
    progress('pull', effect.applied + effect.unchanged + effect.failed, effect.applied + effect.unchanged + effect.failed);
    const advanced = page.cursor > cursor;
    cursor = Math.max(cursor, page.cursor);
    // A page that brought changes is followed by one more pull, even when the server said there is no more: its
    // cursor tells the server what this site now holds (§7), and the committee's console shows the receipt. A page
    // that only moved the cursor past other sites' changes has nothing to acknowledge.
    if (!advanced || (!page.more && page.changes.length === 0)) break;
  }
  summary.pulled = effect;
  const areas = [...(effect.documents ? ['documents'] : []), ...(effect.comments ? ['meetings'] : [])];
  if (areas.length) ctx.emit('data.changed', { areas });
}

/** Fetches the files of the superior's documents that are not on this machine yet. */
async function downloadDocumentFiles(ctx: ServiceContext, transport: Transport, options: ClientOptions): Promise<number> {
  const rows = ctx.store.sqlite.prepare('SELECT files FROM superior_documents WHERE deleted_at IS NULL').pluck().all() as string[];
  const wanted = new Set(rows.flatMap((f) => parseDocumentFiles(f).map((file) => file.sha256)).filter((sha) => !hasBlob(ctx.dataDir, sha)));
  let count = 0;
  for (const sha256 of wanted) {
    let reply;
    try {
      reply = await transport.send('GET', `/v1/blobs/${sha256}`, { timeoutMs: 5 * 60_000 });
    } catch (error) {
      if (error instanceof HttpError && ['NOT_FOUND', 'FORBIDDEN'].includes(error.code)) {
        options.log?.(`document file ${sha256} not available`, error);
        continue;
      }
      throw error;
    }
    if (writeBlob(ctx.dataDir, sha256, reply.body)) count++;
    else options.log?.(`document file ${sha256} did not match its hash`);
  }
  if (count) ctx.emit('data.changed', { areas: ['documents'] });
  return count;
}

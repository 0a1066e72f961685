// §11: this server as a site of the server above it, with the ward's own client code (core/sync: signed requests with a
// clock offset, the wire parsers, resumable blob uploads). Enrolment binds this server's id and key pair (server_meta)
// to a slot upstairs. A cycle pushes the upward outbox (relay_outbox): each ward record once, at its last entry, owned by
// this server (`owner_site`) with the ward kept in `origin_site`; then pulls what the server above publishes and
// publishes it again here: documents to every ward, feedback to the ward whose meeting it is about.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { HttpError, Transport, toSyncError, uploadBlob, type ClientOptions } from '../core/sync/client';
import { SYNC_TEXT, SyncError as ClientSyncError } from '../core/sync/messages';
import {
  enrolRequestBody,
  normaliseCode,
  MAX_OPS,
  PROTOCOL,
  SHA256,
  sha256Hex,
  type Op,
  type PushAnswer,
  type PushBody,
  type WardTable,
} from '../core/sync/protocol';
import { enrolAnswer, isServerTable, missingAnswer, pullAnswer, pushAnswer } from '../core/sync/wire';
import { AdminError, republishRecord } from './admin';
import { blobPath, blobState, storeBlob } from './blobs';
import type { SyncEnv } from './context';
import { audit, serverIdentity } from './meta';
import { queueAllForRelay } from './relay';
import type { ServerDatabase, UpstreamTable } from './schema';

type Db = Kysely<ServerDatabase>;

export const UPSTREAM_TEXT = {
  notEnrolled: 'Máy chủ này chưa đăng ký với máy chủ cấp trên. Đăng ký bằng: npm run server -- upstream enrol --server ĐỊA_CHỈ --code MÃ.',
  alreadyEnrolled: (name: string, url: string) =>
    `Máy chủ này đã đăng ký với máy chủ cấp trên "${name}" (${url}). Chỉ đăng ký lại khi cấp trên đã thu hồi quyền đồng bộ.`,
  revoked: 'Máy chủ cấp trên đã thu hồi quyền đồng bộ của máy chủ này nên đồng bộ lên cấp trên đã dừng. Hãy xin cấp trên một mã đăng ký mới.',
  cannotEnrolSelf: 'Không thể đăng ký máy chủ với chính nó.',
  busy: 'Một lượt đồng bộ lên cấp trên khác đang chạy; thử lại sau.',
  leaseLost: 'Lượt đồng bộ lên cấp trên này chạy quá lâu nên một lượt khác đã tiếp quản; lượt này dừng lại, phần đã gửi được giữ nguyên.',
} as const;

/** The code of the error a cycle throws when another holds the lease: the background loop skips its round. */
export const UPSTREAM_BUSY = 'UPSTREAM_BUSY';

/** How long a cycle's lease lasts without being extended: a cycle that dies leaves it to expire. Extended at each
 *  push and pull page, so only a cycle stuck this long on one request loses it. */
export const LEASE_MS = 10 * 60_000;

const APP_VERSION = (() => {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return `server ${pkg.version ?? ''}`.trim();
  } catch {
    return 'server';
  }
})();

/** Bytes of ops per push, below the 8 MiB body limit. */
const MAX_BATCH_BYTES = 6 * 1024 * 1024;

export interface UpstreamOptions {
  fetch?: typeof fetch;
  log?: (message: string, error?: unknown) => void;
  signal?: AbortSignal;
  /** Ops per push (tests make it small). */
  maxOps?: number;
}

const clientOptions = (env: SyncEnv, options: UpstreamOptions): ClientOptions => ({
  fetch: options.fetch,
  wallClock: env.clock,
  signal: options.signal,
  log: options.log,
});

export async function readUpstream(db: Db): Promise<UpstreamTable | null> {
  return (await db.selectFrom('upstream').selectAll().where('id', '=', 1).executeTakeFirst()) ?? null;
}

async function updateUpstream(db: Db, values: Partial<Omit<UpstreamTable, 'id'>>): Promise<void> {
  await db.updateTable('upstream').set(values).where('id', '=', 1).execute();
}

// ---- Status --------------------------------------------------------------------------------------------------------

export interface UpstreamStatus {
  state: 'not_enrolled' | 'enrolled' | 'revoked';
  url: string | null;
  server: { id: string; name: string } | null;
  slotId: string | null;
  siteId: string | null;
  epoch: number | null;
  lastSeq: number;
  pullCursor: number;
  /** Entries of the upward outbox. */
  waiting: number;
  enrolledAt: number | null;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  /** Until when a cycle holds the lease (one is running, or died and its lease has not expired), or null. */
  leaseUntil: number | null;
  /** Records the server above refused and has not accepted since. */
  rejected: number;
  /** The first of them (by when they were refused), with the server above's reason. */
  rejections: UpstreamRejection[];
}

export interface UpstreamRejection {
  table: string;
  key: string;
  seq: number;
  code: string;
  reason: string;
  at: number;
}

/** How many refused records the status lists; `rejected` counts them all. */
export const STATUS_REJECTIONS = 100;

export async function upstreamStatus(db: Db): Promise<UpstreamStatus> {
  const st = await readUpstream(db);
  const count = await db
    .selectFrom('relay_outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const refused = await db
    .selectFrom('upstream_rejections')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const rejections = await db
    .selectFrom('upstream_rejections')
    .selectAll()
    .orderBy('at')
    .orderBy('table_name')
    .orderBy('record_key')
    .limit(STATUS_REJECTIONS)
    .execute();
  return {
    state: !st ? 'not_enrolled' : st.revoked_at !== null ? 'revoked' : 'enrolled',
    url: st?.url ?? null,
    server: st ? { id: st.server_id, name: st.server_name } : null,
    slotId: st?.slot_id ?? null,
    siteId: st?.site_id ?? null,
    epoch: st?.epoch ?? null,
    lastSeq: st?.last_seq ?? 0,
    pullCursor: st?.pull_cursor ?? 0,
    waiting: Number(count?.n ?? 0),
    enrolledAt: st?.enrolled_at ?? null,
    lastAttemptAt: st?.last_attempt_at ?? null,
    lastSuccessAt: st?.last_success_at ?? null,
    lastError: st?.last_error ?? null,
    leaseUntil: st?.lease_until ?? null,
    rejected: Number(refused?.n ?? 0),
    rejections: rejections.map((r) => ({ table: r.table_name, key: r.record_key, seq: Number(r.seq), code: r.code, reason: r.reason, at: Number(r.at) })),
  };
}

// ---- Enrolment (§4) ------------------------------------------------------------------------------------------------

/** Enrols this server at the server above with a one-time code, signing the proof with this server's own key, and
 *  queues every ward record it holds (the initial sync). */
export async function enrolUpstream(env: SyncEnv, input: { url: string; code: string }, options: UpstreamOptions = {}): Promise<UpstreamStatus> {
  const held = await readUpstream(env.db);
  if (held && held.revoked_at === null) throw new AdminError(UPSTREAM_TEXT.alreadyEnrolled(held.server_name, held.url));
  const code = normaliseCode(input.code);
  if (!code) throw new AdminError(SYNC_TEXT.codeFormat);
  const me = await serverIdentity(env.db);
  const url = input.url.trim().replace(/\/+$/, '');
  const transport = new Transport(url, null, 0, clientOptions(env, options));
  let answer;
  try {
    answer = await transport.json('POST', '/v1/enrol', enrolAnswer, {
      signed: false,
      json: enrolRequestBody({ code, siteId: me.id, organisation: { id: me.id, name: me.name }, keys: me, appVersion: APP_VERSION }),
    });
  } catch (error) {
    throw new AdminError(toSyncError(error).message);
  }
  if (answer.siteId !== me.id) throw new AdminError(SYNC_TEXT.notAServer(url));
  if (answer.server.id === me.id) throw new AdminError(UPSTREAM_TEXT.cannotEnrolSelf);
  const now = env.clock();
  await env.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('upstream').execute();
    await trx.deleteFrom('upstream_rejections').execute();
    await trx
      .insertInto('upstream')
      .values({
        id: 1,
        url,
        slot_id: answer.slotId,
        site_id: me.id,
        server_id: answer.server.id,
        server_name: answer.server.name,
        server_public_key: answer.server.publicKey,
        epoch: answer.epoch,
        token: null,
        last_seq: 0,
        pull_cursor: 0,
        clock_offset_ms: transport.offsetMs,
        revoked_at: null,
        enrolled_at: now,
        last_attempt_at: null,
        last_success_at: null,
        last_error: null,
        lease_until: null,
        lease_holder: null,
      })
      .execute();
    const queued = await queueAllForRelay(trx, now);
    await audit(trx, {
      at: now,
      actor: 'admin',
      action: 'upstream.enrol',
      detail: { url, serverId: answer.server.id, serverName: answer.server.name, slotId: answer.slotId, epoch: answer.epoch, queued },
    });
  });
  return upstreamStatus(env.db);
}

// ---- One cycle -----------------------------------------------------------------------------------------------------

export interface UpstreamSummary {
  pushes: number;
  /** Ops sent and acknowledged. */
  pushed: number;
  applied: number;
  skipped: number;
  rejected: PushAnswer['rejected'];
  blobsUploaded: number;
  /** A new epoch the server above gave (EPOCH_CONFLICT), everything queued again. */
  newEpoch: number | null;
  /** Records the server above published that were published again here (changed ones only). */
  documents: number;
  feedback: number;
  filesDownloaded: number;
  /** The attachment the push waits at: its blob could not be uploaded. */
  heldAt: string | null;
}

// ---- The lease: one cycle at a time --------------------------------------------------------------------------------

/** A cycle's hold on the `upstream` row: while `lease_until` lies ahead, no other cycle starts, in this process or in
 *  another on the same database (the server's background loop and `upstream sync` on the command line). */
interface Lease {
  holder: string;
}

/** Takes the lease when it is free or expired. One conditional UPDATE, its own transaction: of two cycles racing for it,
 *  SQLite's single writer or PostgreSQL's row lock lets exactly one match. */
async function takeLease(env: SyncEnv): Promise<Lease> {
  const holder = crypto.randomUUID();
  const now = env.clock();
  const taken = await env.db
    .updateTable('upstream')
    .set({ lease_until: now + LEASE_MS, lease_holder: holder })
    .where('id', '=', 1)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1) throw new ClientSyncError('error', UPSTREAM_TEXT.busy, UPSTREAM_BUSY);
  return { holder };
}

/** Pushes the lease on by another LEASE_MS; a cycle whose lease was taken over (it ran past it) stops. */
async function extendLease(env: SyncEnv, lease: Lease): Promise<void> {
  const kept = await env.db
    .updateTable('upstream')
    .set({ lease_until: env.clock() + LEASE_MS })
    .where('id', '=', 1)
    .where('lease_holder', '=', lease.holder)
    .executeTakeFirst();
  if (Number(kept.numUpdatedRows) !== 1) throw new ClientSyncError('error', UPSTREAM_TEXT.leaseLost, 'UPSTREAM_LEASE_LOST');
}

async function releaseLease(env: SyncEnv, lease: Lease): Promise<void> {
  await env.db.updateTable('upstream').set({ lease_until: null, lease_holder: null }).where('id', '=', 1).where('lease_holder', '=', lease.holder).execute();
}

/** One sync with the server above: push everything queued, then pull, holding the lease throughout. Records the outcome
 *  in `upstream`; throws the ward client's SyncError (a Vietnamese message; kind 'revoked' once the server above revoked
 *  this one; code UPSTREAM_BUSY, with nothing done or recorded, while another cycle holds the lease). */
export async function syncUpstream(env: SyncEnv, options: UpstreamOptions = {}): Promise<UpstreamSummary> {
  const held = await readUpstream(env.db);
  if (!held) throw new AdminError(UPSTREAM_TEXT.notEnrolled);
  if (held.revoked_at !== null) throw new ClientSyncError('revoked', UPSTREAM_TEXT.revoked, 'SITE_REVOKED');
  const lease = await takeLease(env);
  try {
    return await syncHoldingLease(env, lease, options);
  } finally {
    await releaseLease(env, lease);
  }
}

async function syncHoldingLease(env: SyncEnv, lease: Lease, options: UpstreamOptions): Promise<UpstreamSummary> {
  // Read again under the lease: the cycle that held it may have changed the row (or found this server revoked).
  const st = (await readUpstream(env.db))!;
  if (st.revoked_at !== null) throw new ClientSyncError('revoked', UPSTREAM_TEXT.revoked, 'SITE_REVOKED');
  const me = await serverIdentity(env.db);
  const transport = new Transport(st.url, { site: st.site_id, privateKey: me.privateKey }, st.clock_offset_ms, clientOptions(env, options));
  const summary: UpstreamSummary = {
    pushes: 0,
    pushed: 0,
    applied: 0,
    skipped: 0,
    rejected: [],
    blobsUploaded: 0,
    newEpoch: null,
    documents: 0,
    feedback: 0,
    filesDownloaded: 0,
    heldAt: null,
  };
  await updateUpstream(env.db, { last_attempt_at: env.clock() });
  try {
    await pushAll(env, transport, lease, summary, options);
    await pullAll(env, transport, lease, summary, options);
  } catch (error) {
    const failure = toSyncError(error);
    const message = failure.kind === 'revoked' ? UPSTREAM_TEXT.revoked : failure.message;
    await updateUpstream(env.db, { last_error: message, clock_offset_ms: transport.offsetMs, ...(failure.kind === 'revoked' ? { revoked_at: env.clock() } : {}) });
    if (failure.kind === 'revoked') await audit(env.db, { at: env.clock(), actor: 'upstream', action: 'upstream.revoked', detail: { url: st.url } });
    throw failure.kind === 'revoked' ? new ClientSyncError('revoked', message, 'SITE_REVOKED') : failure;
  }
  const now = env.clock();
  await updateUpstream(env.db, { last_success_at: now, last_error: null, clock_offset_ms: transport.offsetMs });
  if (summary.pushes > 0 || summary.documents > 0 || summary.feedback > 0) {
    const { rejected, ...counts } = summary;
    await audit(env.db, { at: now, actor: 'upstream', action: 'upstream.sync', detail: { ...counts, rejected: rejected.slice(0, 20) } });
  }
  return summary;
}

// ---- Push (§5, §6) -------------------------------------------------------------------------------------------------

interface RelayBatch {
  fromSeq: number;
  toSeq: number;
  ops: Op[];
  /** The entries read, to remove once acknowledged (an entry committed late with a lower seq stays for the next batch). */
  entries: number[];
}

/** The next batch of the upward outbox: each record once, at the seq of its last entry in the window, rewritten so that
 *  this server owns it and the ward stays named in `origin_site`. */
async function buildBatch(env: SyncEnv, st: UpstreamTable, maxOps: number): Promise<RelayBatch | null> {
  const entries = await env.db.selectFrom('relay_outbox').select(['seq', 'table_name', 'record_key']).orderBy('seq').limit(maxOps).execute();
  if (entries.length === 0) return null;
  const last = new Map<string, { seq: number; table: string; key: string }>();
  for (const e of entries) {
    const id = `${e.table_name}\u0000${e.record_key}`;
    last.delete(id);
    last.set(id, { seq: e.seq, table: e.table_name, key: e.record_key });
  }
  const byTable = new Map<string, string[]>();
  for (const e of last.values()) byTable.set(e.table, [...(byTable.get(e.table) ?? []), e.key]);
  const rows = new Map<string, { owner_site: string; version: number; updated_at: number; deleted_at: number | null; data: string }>();
  for (const [table, keys] of byTable) {
    for (let i = 0; i < keys.length; i += 500) {
      const found = await env.db
        .selectFrom('records')
        .select(['record_key', 'owner_site', 'version', 'updated_at', 'deleted_at', 'data'])
        .where('table_name', '=', table)
        .where('record_key', 'in', keys.slice(i, i + 500))
        .execute();
      for (const r of found) rows.set(`${table}\u0000${r.record_key}`, r);
    }
  }
  const fromSeq = Math.min(st.last_seq + 1, entries[0]!.seq);
  let toSeq = entries[entries.length - 1]!.seq;
  const ops: Op[] = [];
  let bytes = 0;
  for (const [id, e] of [...last.entries()].sort((a, b) => a[1].seq - b[1].seq)) {
    const row = rows.get(id);
    if (!row) continue;
    const data = JSON.parse(row.data) as Record<string, unknown>;
    const origin = typeof data.origin_site === 'string' ? data.origin_site : row.owner_site;
    const op: Op = {
      seq: e.seq,
      table: e.table as WardTable,
      key: e.key,
      version: row.version,
      updatedAt: row.updated_at,
      deletedAt: row.deleted_at,
      data: e.table === 'attendance' ? { ...data, origin_site: origin } : { ...data, owner_site: st.site_id, origin_site: origin },
    };
    const size = JSON.stringify(op).length;
    if (ops.length > 0 && bytes + size > MAX_BATCH_BYTES) {
      // Entries up to here are covered; a record whose last entry lies beyond keeps that entry for the next batch.
      toSeq = e.seq - 1;
      break;
    }
    bytes += size;
    ops.push(op);
  }
  return { fromSeq, toSeq, ops, entries: entries.map((e) => e.seq) };
}

/** Makes sure the blobs of the batch's attachments are complete upstairs, uploading them from this server's store.
 *  Answers the seq of the first attachment whose blob could not go up (the batch stops before it), or null. */
async function uploadBlobs(env: SyncEnv, transport: Transport, lease: Lease, ops: Op[], summary: UpstreamSummary, options: UpstreamOptions): Promise<Op | null> {
  const attachments = ops.filter((o) => o.table === 'attachments' && o.deletedAt === null && typeof o.data.sha256 === 'string' && SHA256.test(o.data.sha256));
  const hashes = [...new Set(attachments.map((o) => String(o.data.sha256)))];
  const missing = new Set<string>();
  for (let i = 0; i < hashes.length; i += 1000) {
    const answer = await transport.json('POST', '/v1/blobs/missing', missingAnswer, { json: { hashes: hashes.slice(i, i + 1000) } });
    for (const h of answer.missing) missing.add(h);
  }
  const failed = new Set<string>();
  for (const sha of missing) {
    const state = await blobState(env, sha);
    // Not held here whole: nothing to wait for; the server above refuses the record and says so.
    if (!state.complete) continue;
    // Each file may take minutes on a slow line: the lease is extended before each (and the cycle stops if it was lost).
    await extendLease(env, lease);
    try {
      await uploadBlob(transport, sha, fs.readFileSync(blobPath(env.dataDir, sha)));
      summary.blobsUploaded++;
    } catch (error) {
      if (error instanceof ClientSyncError && error.kind === 'offline') throw error;
      options.log?.(`blob ${sha} not uploaded upstream`, error);
      failed.add(sha);
    }
  }
  return attachments.find((o) => failed.has(String(o.data.sha256))) ?? null;
}

async function pushAll(env: SyncEnv, transport: Transport, lease: Lease, summary: UpstreamSummary, options: UpstreamOptions): Promise<void> {
  let maxOps = options.maxOps ?? MAX_OPS;
  let refilled = false;
  let conflicts = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    await extendLease(env, lease);
    const st = (await readUpstream(env.db))!;
    const batch = await buildBatch(env, st, maxOps);
    if (!batch) return;
    const held = await uploadBlobs(env, transport, lease, batch.ops, summary, options);
    // The uploads may have outlasted the lease: another cycle that took it over must not see this one push as well.
    await extendLease(env, lease);
    if (held) {
      batch.toSeq = held.seq - 1;
      batch.ops = batch.ops.filter((o) => o.seq < held.seq);
      summary.heldAt = String(held.data.name ?? held.data.file_name ?? held.key);
      if (batch.toSeq < batch.fromSeq) return;
    }
    const body: PushBody & { appVersion: string } = {
      protocol: PROTOCOL,
      // Relayed rows come from wards of any schema; the server above stores records of any schema (§5).
      schema: 0,
      epoch: st.epoch,
      afterToken: st.token,
      fromSeq: batch.fromSeq,
      toSeq: batch.toSeq,
      ops: batch.ops,
      appVersion: APP_VERSION,
    };
    let answer: PushAnswer;
    try {
      answer = (await transport.json('POST', '/v1/push', pushAnswer, { json: body })) as PushAnswer;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const { expected, epoch } = error.details;
      if (error.code === 'SEQUENCE_GAP' && Number.isSafeInteger(expected) && !refilled) {
        // The server above lacks entries this server removed as acknowledged (it was restored from a backup): queue
        // everything again and send it from where the server above stands.
        refilled = true;
        await env.db.transaction().execute(async (trx) => {
          await trx.updateTable('upstream').set({ last_seq: Number(expected) - 1 }).where('id', '=', 1).execute();
          await queueAllForRelay(trx, env.clock());
        });
        continue;
      }
      if (error.code === 'EPOCH_CONFLICT' && Number.isSafeInteger(epoch) && conflicts++ === 0) {
        // The wards' records here are the source of truth: a new epoch with everything queued again is all it takes.
        summary.newEpoch = Number(epoch);
        await env.db.transaction().execute(async (trx) => {
          await trx.updateTable('upstream').set({ epoch: Number(epoch), token: null, last_seq: 0 }).where('id', '=', 1).execute();
          await queueAllForRelay(trx, env.clock());
          await audit(trx, { at: env.clock(), actor: 'upstream', action: 'upstream.epochConflict', detail: { before: st.epoch, epoch: Number(epoch) } });
        });
        continue;
      }
      if (error.code === 'TOO_LARGE' && batch.ops.length > 1) {
        maxOps = Math.max(1, Math.floor(batch.ops.length / 2));
        continue;
      }
      throw error;
    }
    await env.db.transaction().execute(async (trx) => {
      const covered = batch.entries.filter((seq) => seq <= batch.toSeq);
      for (let i = 0; i < covered.length; i += 500) await trx.deleteFrom('relay_outbox').where('seq', 'in', covered.slice(i, i + 500)).execute();
      await trx.updateTable('upstream').set({ token: answer.token, last_seq: answer.lastSeq }).where('id', '=', 1).execute();
      await recordRejections(trx, batch.ops, answer.rejected, env.clock());
    });
    summary.pushes++;
    summary.pushed += batch.ops.length;
    summary.applied += answer.applied;
    summary.skipped += answer.skipped;
    summary.rejected.push(...answer.rejected);
    maxOps = options.maxOps ?? MAX_OPS;
    if (held) return;
  }
}

/** Keeps what the server above refused, for review (`upstream status`): a record refused again replaces its row, and
 *  one the server above took (applied, skipped as held or stale) leaves the list. */
async function recordRejections(trx: Db, ops: Op[], rejected: PushAnswer['rejected'], at: number): Promise<void> {
  const refused = new Set(rejected.map((r) => `${r.table}\u0000${r.key}`));
  const held = await trx
    .selectFrom('upstream_rejections')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  if (Number(held?.n ?? 0) > 0) {
    const taken = new Map<string, string[]>();
    for (const o of ops) if (!refused.has(`${o.table}\u0000${o.key}`)) taken.set(o.table, [...(taken.get(o.table) ?? []), o.key]);
    for (const [table, keys] of taken) {
      for (let i = 0; i < keys.length; i += 500) {
        await trx.deleteFrom('upstream_rejections').where('table_name', '=', table).where('record_key', 'in', keys.slice(i, i + 500)).execute();
      }
    }
  }
  for (const r of rejected) {
    const values = { seq: r.seq, code: r.code, reason: r.reason, at };
    await trx
      .insertInto('upstream_rejections')
      .values({ table_name: r.table, record_key: r.key, ...values })
      .onConflict((oc) => oc.columns(['table_name', 'record_key']).doUpdateSet(values))
      .execute();
  }
}

// ---- Pull (§7) and publishing again here ---------------------------------------------------------------------------

async function pullAll(env: SyncEnv, transport: Transport, lease: Lease, summary: UpstreamSummary, options: UpstreamOptions): Promise<void> {
  let cursor = (await readUpstream(env.db))!.pull_cursor;
  let resets = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    await extendLease(env, lease);
    const page = await transport.json('GET', `/v1/pull?cursor=${cursor}&limit=1000`, pullAnswer);
    if ('reset' in page) {
      // Publishing again is idempotent: pulling everything from 0 re-sends nothing the wards already have.
      if (resets++ > 0) throw new ClientSyncError('error', SYNC_TEXT.serverError, 'RESET_LOOP');
      cursor = 0;
      continue;
    }
    for (const change of page.changes) await relayDown(env, transport, change, summary, options);
    const advanced = page.cursor > cursor;
    cursor = Math.max(cursor, page.cursor);
    await updateUpstream(env.db, { pull_cursor: cursor });
    if (!page.more || !advanced) return;
  }
}

type PulledChange = { table: string; key: string; deletedAt: number | null; data: Record<string, unknown> | null };

function documentFiles(data: Record<string, unknown>): string[] {
  try {
    const files = JSON.parse(String(data.files ?? '[]')) as { sha256?: unknown }[];
    return Array.isArray(files) ? files.map((f) => f?.sha256).filter((s): s is string => typeof s === 'string' && SHA256.test(s)) : [];
  } catch {
    return [];
  }
}

/** Fetches a document's file from the server above unless it is held here already. */
async function fetchFile(env: SyncEnv, transport: Transport, sha: string, summary: UpstreamSummary, options: UpstreamOptions): Promise<void> {
  if ((await blobState(env, sha)).complete) return;
  try {
    const reply = await transport.send('GET', `/v1/blobs/${sha}`, { timeoutMs: 5 * 60_000 });
    if (sha256Hex(reply.body) !== sha) return void options.log?.(`document file ${sha} did not match its hash`);
    await storeBlob(env, reply.body);
    summary.filesDownloaded++;
  } catch (error) {
    if (error instanceof HttpError && ['NOT_FOUND', 'FORBIDDEN'].includes(error.code)) return void options.log?.(`document file ${sha} not available`, error);
    throw error;
  }
}

async function relayDown(env: SyncEnv, transport: Transport, change: PulledChange, summary: UpstreamSummary, options: UpstreamOptions): Promise<void> {
  const data = change.data ?? {};
  if (!isServerTable(change.table) || typeof data.id !== 'string' || data.id !== change.key) {
    return void options.log?.(`change ${change.table}:${change.key} from upstream not relayed`);
  }
  if (change.table === 'documents') {
    const files = change.deletedAt === null ? documentFiles(data) : [];
    for (const sha of files) await fetchFile(env, transport, sha, summary, options);
    const input = { table: change.table, key: change.key, data, deletedAt: change.deletedAt, audiences: ['*'], files };
    if (await republishRecord(env.db, input, env.clock)) summary.documents++;
    return;
  }
  // Feedback upstairs on a meeting is addressed to this server (it owns the meeting there); here it goes to the ward.
  const meeting = await env.db
    .selectFrom('records')
    .select('owner_site')
    .where('table_name', '=', 'meetings')
    .where('record_key', '=', String(data.meeting_id))
    .executeTakeFirst();
  if (!meeting) return void options.log?.(`feedback ${change.key} names a meeting not held here`);
  const input = { table: change.table, key: change.key, data, deletedAt: change.deletedAt, audiences: [meeting.owner_site], files: [] };
  if (await republishRecord(env.db, input, env.clock)) summary.feedback++;
}

// ---- In the background ---------------------------------------------------------------------------------------------

export interface UpstreamScheduler {
  /** A ward pushed: sync soon (debounced). */
  nudge(): void;
  stop(): Promise<void>;
}

export interface SchedulerOptions extends UpstreamOptions {
  /** Between cycles (5 minutes). */
  intervalMs?: number;
  /** After a ward's push, and after starting (10 s). */
  debounceMs?: number;
  /** The first wait after a failure, doubled each time up to an hour (1 minute). */
  backoffMs?: number;
}

/** Syncs upward every 5 minutes and shortly after ward pushes while this server is enrolled upward; waits longer after
 *  each failure. Does nothing (but look again) while not enrolled or revoked. */
export function startUpstreamScheduler(env: SyncEnv, options: SchedulerOptions = {}): UpstreamScheduler {
  const interval = options.intervalMs ?? 5 * 60_000;
  const debounce = options.debounceMs ?? 10_000;
  const backoff = options.backoffMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let dueAt = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let failures = 0;
  let stopped = false;
  // Stopping (the server closing) cuts a cycle's requests short; what was acknowledged is kept, the rest goes next time.
  const abort = new AbortController();
  const cycleOptions = { ...options, signal: options.signal ? AbortSignal.any([options.signal, abort.signal]) : abort.signal };
  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    dueAt = Date.now() + ms;
    timer = setTimeout(() => void tick(), ms);
    timer.unref();
  };
  const tick = async () => {
    again = false;
    running = (async () => {
      try {
        const st = await readUpstream(env.db);
        if (!st || st.revoked_at !== null) return;
        await syncUpstream(env, cycleOptions);
        failures = 0;
      } catch (error) {
        // Another cycle (`upstream sync` on the command line) holds the lease: skip this round, look again soon.
        if (error instanceof ClientSyncError && error.code === UPSTREAM_BUSY) {
          again = true;
          return;
        }
        failures++;
        options.log?.('upstream sync failed', error);
      }
    })();
    await running;
    running = null;
    schedule(failures > 0 ? Math.min(3600_000, backoff * 2 ** (failures - 1)) : again ? debounce : interval);
  };
  schedule(debounce);
  return {
    nudge() {
      if (stopped || failures > 0) return;
      if (running) again = true;
      else if (dueAt - Date.now() > debounce) schedule(debounce);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      abort.abort();
      await running;
    },
  };
}

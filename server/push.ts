// Push (§5), shared by POST /v1/push and the import of an up file (§9). One transaction per push: the epoch and token
// checks, then each op checked on its own (a bad op is acknowledged as rejected, the rest goes on, so a ward's queue
// never wedges), then the accepted ops written, then the epoch's new token. The owner of every record is the signing
// site, whatever the body says.
import crypto from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import {
  isWardTable,
  MAX_OPS,
  PROTOCOL,
  rowKey,
  SHA256,
  type PushAnswer,
  type RejectCode,
  type WardTable,
} from '../core/sync/protocol';
import type { EnrolledSite, SyncEnv } from './context';
import { isPostgres, sqliteHandle } from './db';
import { fail } from './errors';
import { projectWrites } from './console/projections';
import { queueRelay } from './relay';
import type { ServerDatabase } from './schema';
import { checkProtocol, parseWith, safeInt } from './validate';

type Trx = Transaction<ServerDatabase>;
type Rejected = PushAnswer['rejected'][number];

const pushSchema = z.object({
  protocol: z.literal(PROTOCOL),
  schema: safeInt.min(0),
  epoch: safeInt.min(1),
  afterToken: z.string().min(1).max(200).nullable(),
  fromSeq: safeInt.min(1),
  toSeq: safeInt.min(1),
  ops: z.array(z.unknown()),
  /** Optional (§10): the app version the site runs, recorded for the administrator. */
  appVersion: z.string().max(100).optional(),
});

export type ParsedPush = z.infer<typeof pushSchema>;

/** Checks a push body's shape and limits. Everything here happens before the transaction opens. */
export function parsePush(raw: unknown): ParsedPush {
  checkProtocol(raw);
  const ops = (raw as { ops?: unknown } | null)?.ops;
  if (Array.isArray(ops) && ops.length > MAX_OPS) {
    throw fail('TOO_LARGE', { maxOps: MAX_OPS }, `Một lần gửi có tối đa ${MAX_OPS} thay đổi; lần này có ${ops.length}.`);
  }
  const body = parseWith(pushSchema, raw);
  if (body.toSeq < body.fromSeq) throw fail('MALFORMED', { field: 'toSeq' }, 'toSeq phải lớn hơn hoặc bằng fromSeq.');
  return body;
}

// ---- Per-op checks ------------------------------------------------------------------------------------------------

const REASONS: Record<RejectCode | 'ATTENDANCE_OWNER' | 'HELD_BY_OTHER', string> = {
  UNKNOWN_TABLE: 'Bảng dữ liệu này không được đồng bộ lên cấp trên.',
  MALFORMED_OP: 'Bản ghi không đúng định dạng.',
  OWNER_MISMATCH: 'Bản ghi này thuộc đơn vị khác.',
  HELD_BY_OTHER: 'Bản ghi này thuộc đơn vị khác.',
  ATTENDANCE_OWNER: 'Điểm danh này thuộc một cuộc họp không phải của đơn vị (hoặc cuộc họp chưa được gửi lên).',
  BLOB_MISSING: 'Tệp đính kèm chưa được tải lên máy chủ đầy đủ; sẽ gửi lại sau khi tải tệp.',
};

interface Held {
  owner: string;
  version: number;
  updatedAt: number;
}

export interface Accepted {
  seq: number;
  table: WardTable;
  key: string;
  version: number;
  updatedAt: number;
  deletedAt: number | null;
  data: Record<string, unknown>;
}

const id = (table: string, key: string) => `${table}\u0000${key}`;

/** `(version, updatedAt)` of a is greater than b's. */
const newer = (a: { version: number; updatedAt: number }, b: { version: number; updatedAt: number }) =>
  a.version > b.version || (a.version === b.version && a.updatedAt > b.updatedAt);

function reject(raw: unknown, code: RejectCode, reason: string = REASONS[code]): Rejected {
  const op = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    seq: typeof op.seq === 'number' ? op.seq : 0,
    table: typeof op.table === 'string' ? op.table : '',
    key: typeof op.key === 'string' ? op.key : '',
    code,
    reason,
  };
}

const isInt = (v: unknown, min: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** An op's field rules (seq ≥ 1, key 1..300 characters, version ≥ 1, updatedAt ≥ 0, deletedAt ≥ 0 or null, data an
 *  object): the first field that breaks them, or null. */
function badOpField(o: Record<string, unknown>): string | null {
  if (!isInt(o.seq, 1)) return 'seq';
  if (typeof o.key !== 'string' || o.key.length < 1 || o.key.length > 300) return 'key';
  if (!isInt(o.version, 1)) return 'version';
  if (!isInt(o.updatedAt, 0)) return 'updatedAt';
  if (o.deletedAt !== null && !isInt(o.deletedAt, 0)) return 'deletedAt';
  if (typeof o.data !== 'object' || o.data === null || Array.isArray(o.data)) return 'data';
  return null;
}

/** The checks that need nothing but the op itself: shape, table, key, range, the owner named in the row. */
function checkShape(raw: unknown, body: ParsedPush, site: EnrolledSite): Accepted | Rejected {
  const table = (raw as { table?: unknown } | null)?.table;
  if (!isWardTable(table)) return reject(raw, 'UNKNOWN_TABLE', `Bảng "${String(table)}" không được đồng bộ lên cấp trên.`);
  // The op's shape checked by hand (zod costs ~3 µs an op): an int is a safe integer, the first bad field is named.
  const o = raw as Record<string, unknown>;
  const field = badOpField(o);
  if (field !== null) return reject(raw, 'MALFORMED_OP', `Bản ghi không đúng định dạng (trường "${field}").`);
  const op = {
    seq: o.seq as number,
    table,
    key: o.key as string,
    version: o.version as number,
    updatedAt: o.updatedAt as number,
    deletedAt: o.deletedAt as number | null,
    data: o.data as Record<string, unknown>,
  };
  if (rowKey(table, op.data) !== op.key) return reject(raw, 'MALFORMED_OP', 'Khóa của bản ghi không khớp với dữ liệu.');
  if (op.seq < body.fromSeq || op.seq > body.toSeq) return reject(raw, 'MALFORMED_OP', 'Số thứ tự nằm ngoài đoạn được gửi.');
  if (table !== 'attendance') {
    if (typeof op.data.owner_site !== 'string') return reject(raw, 'MALFORMED_OP', 'Bản ghi thiếu đơn vị sở hữu (owner_site).');
    if (op.data.owner_site !== site.site_id) return reject(raw, 'OWNER_MISMATCH');
  }
  if (table === 'attachments' && op.deletedAt === null && !(typeof op.data.sha256 === 'string' && SHA256.test(op.data.sha256))) {
    return reject(raw, 'MALFORMED_OP', 'Tệp đính kèm thiếu mã SHA-256 hợp lệ.');
  }
  return op;
}

const isRejected = (x: Accepted | Rejected): x is Rejected => 'code' in x;

// ---- Reading what the server holds ----------------------------------------------------------------------------------

const CHUNK = 500;
function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The held copies of every record the batch names, and of the meetings its attendance rows belong to. */
async function loadHeld(trx: Trx, ops: Accepted[]): Promise<Map<string, Held>> {
  const byTable = new Map<string, Set<string>>();
  const want = (table: string, key: string) => byTable.set(table, (byTable.get(table) ?? new Set()).add(key));
  for (const op of ops) {
    want(op.table, op.key);
    if (op.table === 'attendance') want('meetings', String(op.data.meeting_id));
  }
  const held = new Map<string, Held>();
  if (isPostgres(trx)) {
    // One statement for the whole batch, the keys as arrays, each looked up by the primary key (the lateral `limit 1`
    // keeps the planner from reading the whole table for a hash join, whatever its statistics say).
    const t: string[] = [];
    const k: string[] = [];
    for (const [table, keys] of byTable) {
      for (const key of keys) {
        t.push(table);
        k.push(key);
      }
    }
    const { rows } = await sql<{ table_name: string; record_key: string; owner_site: string; version: number; updated_at: number }>`
      select w.t as table_name, w.k as record_key, r.owner_site, r.version, r.updated_at
        from unnest(${t}::text[], ${k}::text[]) as w(t, k)
        cross join lateral (select owner_site, version, updated_at from records where table_name = w.t and record_key = w.k limit 1) as r`.execute(trx);
    for (const r of rows) held.set(id(r.table_name, r.record_key), { owner: r.owner_site, version: r.version, updatedAt: r.updated_at });
    return held;
  }
  for (const [table, keys] of byTable) {
    // SQLite: one lookup per table, the keys as one JSON array.
    const list = [...keys];
    const rows = await trx
      .selectFrom('records')
      .select(['record_key', 'owner_site', 'version', 'updated_at'])
      .where('table_name', '=', table)
      .where(sql<boolean>`record_key in (select value from json_each(${JSON.stringify(list)}))`)
      .execute();
    for (const r of rows) held.set(id(table, r.record_key), { owner: r.owner_site, version: r.version, updatedAt: r.updated_at });
  }
  return held;
}

async function loadCompleteBlobs(trx: Trx, ops: Accepted[]): Promise<Set<string>> {
  const hashes = [...new Set(ops.filter((o) => o.table === 'attachments').map((o) => String(o.data.sha256)))];
  const complete = new Set<string>();
  for (const part of chunks(hashes)) {
    const rows = await trx.selectFrom('blobs').select('sha256').where('sha256', 'in', part).where('complete', '=', 1).execute();
    for (const r of rows) complete.add(r.sha256);
  }
  return complete;
}

// ---- Deciding each op ------------------------------------------------------------------------------------------------

interface Outcome {
  writes: Map<string, Accepted>;
  applied: number;
  skipped: number;
  stale: PushAnswer['stale'];
  rejected: Rejected[];
}

/** Owner, blob and version checks against what is held, updating `held` as ops are accepted so later ops see them. */
function decide(op: Accepted, site: EnrolledSite, held: Map<string, Held>, blobs: Set<string>, out: Outcome): void {
  const current = held.get(id(op.table, op.key));
  if (current && current.owner !== site.site_id) return void out.rejected.push(reject(op, 'OWNER_MISMATCH', REASONS.HELD_BY_OTHER));
  if (op.table === 'attendance') {
    const meeting = held.get(id('meetings', String(op.data.meeting_id)));
    if (!meeting || meeting.owner !== site.site_id) return void out.rejected.push(reject(op, 'OWNER_MISMATCH', REASONS.ATTENDANCE_OWNER));
  }
  if (op.table === 'attachments' && op.deletedAt === null && !blobs.has(String(op.data.sha256))) {
    return void out.rejected.push(reject(op, 'BLOB_MISSING'));
  }
  if (current && !newer(op, current)) {
    out.skipped++;
    if (newer(current, op)) out.stale.push({ seq: op.seq, table: op.table, key: op.key });
    return;
  }
  held.set(id(op.table, op.key), { owner: site.site_id, version: op.version, updatedAt: op.updatedAt });
  out.writes.set(id(op.table, op.key), op);
  out.applied++;
}

/** The checks that need nothing the server holds, op by op. */
function checkShapes(body: ParsedPush, site: EnrolledSite): { accepted: Accepted[]; rejected: Rejected[] } {
  const accepted: Accepted[] = [];
  const rejected: Rejected[] = [];
  for (const raw of body.ops) {
    const checked = checkShape(raw, body, site);
    if (isRejected(checked)) rejected.push(checked);
    else accepted.push(checked);
  }
  return { accepted, rejected };
}

/** Checks every op. Attendance goes last: a meeting sent in the same batch (even at a later seq, because it changed
 *  again after its attendance was taken) then counts as the site's own. */
async function evaluate(trx: Trx, site: EnrolledSite, shapes: { accepted: Accepted[]; rejected: Rejected[] }): Promise<Outcome> {
  const out: Outcome = { writes: new Map(), applied: 0, skipped: 0, stale: [], rejected: [...shapes.rejected] };
  const accepted = shapes.accepted;
  const held = await loadHeld(trx, accepted);
  const blobs = await loadCompleteBlobs(trx, accepted);
  for (const op of accepted.filter((o) => o.table !== 'attendance')) decide(op, site, held, blobs, out);
  for (const op of accepted.filter((o) => o.table === 'attendance')) decide(op, site, held, blobs, out);
  out.rejected.sort((a, b) => a.seq - b.seq);
  return out;
}

// ---- Writing ---------------------------------------------------------------------------------------------------------

// On PostgreSQL all of a push's rows go in one statement, as arrays (unnest), so the statement's text is short and the
// same for every push (no 3,200-parameter VALUES lists to parse). On SQLite one prepared statement runs per row on the
// transaction's connection: better-sqlite3 runs it in about a microsecond, less than packing the rows into one JSON
// argument and unpacking it again with json_each (measured by npm run bench -- sync).
const UPSERT = `on conflict (table_name, record_key) do update set owner_site = excluded.owner_site, version = excluded.version,
  updated_at = excluded.updated_at, deleted_at = excluded.deleted_at, data = excluded.data, received_at = excluded.received_at`;
const SQLITE_INSERT = `insert into "records" (table_name, record_key, owner_site, version, updated_at, deleted_at, data, received_at)
  values (?, ?, ?, ?, ?, ?, ?, ?) ${UPSERT}`;
const sqliteInserts = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();

/** Writes accepted ops as records (exported for bench/sync.ts, which times it alone). */
export async function writeRecords(trx: Trx, sqlite: BetterSqlite3.Database | null, ops: Accepted[], owner: string, now: number): Promise<void> {
  if (ops.length === 0) return;
  if (!isPostgres(trx)) {
    if (!sqlite) throw new Error('writeRecords: the SQLite connection of a database not opened by openServerDb');
    let insert = sqliteInserts.get(sqlite);
    if (!insert) sqliteInserts.set(sqlite, (insert = sqlite.prepare(SQLITE_INSERT)));
    for (const op of ops) insert.run(op.table, op.key, owner, op.version, op.updatedAt, op.deletedAt, JSON.stringify(op.data), now);
  } else {
    const cols = { t: [] as string[], k: [] as string[], v: [] as number[], u: [] as number[], d: [] as (number | null)[], j: [] as string[] };
    for (const op of ops) {
      cols.t.push(op.table);
      cols.k.push(op.key);
      cols.v.push(op.version);
      cols.u.push(op.updatedAt);
      cols.d.push(op.deletedAt);
      cols.j.push(JSON.stringify(op.data));
    }
    await sql`insert into "records" (table_name, record_key, owner_site, version, updated_at, deleted_at, data, received_at)
      select t, k, ${owner}, v, u, d, j, ${now}::bigint
        from unnest(${cols.t}::text[], ${cols.k}::text[], ${cols.v}::int[], ${cols.u}::bigint[], ${cols.d}::bigint[], ${cols.j}::text[]) as x(t, k, v, u, d, j)
      ${sql.raw(UPSERT)}`.execute(trx);
  }
  await writeBlobRefs(trx, ops.filter((op) => op.table === 'attachments'));
}

/** Which attachment names which blob: GET /v1/blobs/:sha256 lets a site read the files of its own attachments. */
async function writeBlobRefs(trx: Trx, attachments: Accepted[]): Promise<void> {
  for (const part of chunks(attachments)) {
    await trx
      .deleteFrom('blob_refs')
      .where('table_name', '=', 'attachments')
      .where(
        'record_key',
        'in',
        part.map((op) => op.key),
      )
      .execute();
    const refs = part
      .filter((op) => typeof op.data.sha256 === 'string' && SHA256.test(op.data.sha256))
      .map((op) => ({ sha256: String(op.data.sha256), table_name: 'attachments', record_key: op.key }));
    if (refs.length > 0) await trx.insertInto('blob_refs').values(refs).execute();
  }
}

// ---- Epochs and tokens (§5 step 1, §6) -------------------------------------------------------------------------------

const newToken = () => crypto.randomBytes(24).toString('base64url');

/** `afterToken` must be the epoch's current or previous token; null only while the epoch has none yet. */
function tokenAccepted(epoch: { token_current: string | null; token_previous: string | null }, after: string | null): boolean {
  if (epoch.token_current === null) return after === null;
  // A retry of the epoch's first push, whose answer was lost, still carries no token.
  if (after === null) return epoch.token_previous === null;
  return after === epoch.token_current || after === epoch.token_previous;
}

/** What an epoch's last accepted push carried (§5 step 1): per table, `[key, version, updatedAt]` of each record. */
interface LastPush {
  fromSeq: number;
  toSeq: number;
  records: Record<string, [string, number, number][]>;
}

/** Read only for a retry: after an initial sync it holds thousands of records. */
async function readLastPush(trx: Trx, slotId: string, epoch: number): Promise<LastPush | null> {
  const row = await trx
    .selectFrom('site_epochs')
    .select('last_push')
    .where('slot_id', '=', slotId)
    .where('epoch', '=', epoch)
    .executeTakeFirst();
  if (!row?.last_push) return null;
  try {
    return JSON.parse(row.last_push) as LastPush;
  } catch {
    return null;
  }
}

/** A push on the previous token is the retry of the last push only if it resends every record that push carried, each
 *  at the same `(version, updatedAt)` or newer. A site restored from a backup made just before the last push shows the
 *  same token but lacks what that push carried: it must get EPOCH_CONFLICT and pull its records back (§6). */
function coversLastPush(last: LastPush | null, accepted: Accepted[]): boolean {
  if (!last) return false;
  const sent = new Map<string, Accepted>();
  for (const op of accepted) sent.set(id(op.table, op.key), op);
  for (const [table, records] of Object.entries(last.records)) {
    for (const [key, version, updatedAt] of records) {
      const op = sent.get(id(table, key));
      if (!op || newer({ version, updatedAt }, op)) return false;
    }
  }
  return true;
}

/** The ops of a push that were not rejected (applied or skipped). */
function carried(accepted: Accepted[], rejected: Rejected[]): Accepted[] {
  if (rejected.length === 0) return accepted;
  const refused = new Set(rejected.map((r) => `${r.seq}\u0000${id(r.table, r.key)}`));
  return accepted.filter((op) => !refused.has(`${op.seq}\u0000${id(op.table, op.key)}`));
}

/** What to remember of this push: every op it applied or skipped; after a retry, also what the retried push carried
 *  (the retry resent it, the same or newer), so a retry of the retry must still resend all of it. */
function lastPushText(body: ParsedPush, accepted: Accepted[], retried: LastPush | null): string {
  const records = new Map<string, { table: string; key: string; version: number; updatedAt: number }>();
  const keep = (r: { table: string; key: string; version: number; updatedAt: number }) => {
    const current = records.get(id(r.table, r.key));
    if (!current || newer(r, current)) records.set(id(r.table, r.key), r);
  };
  for (const [table, list] of Object.entries(retried?.records ?? {})) {
    for (const [key, version, updatedAt] of list) keep({ table, key, version, updatedAt });
  }
  for (const op of accepted) keep(op);
  const byTable: LastPush['records'] = {};
  for (const r of records.values()) (byTable[r.table] ??= []).push([r.key, r.version, r.updatedAt]);
  const last: LastPush = {
    fromSeq: Math.min(body.fromSeq, retried?.fromSeq ?? body.fromSeq),
    toSeq: Math.max(body.toSeq, retried?.toSeq ?? 0),
    records: byTable,
  };
  return JSON.stringify(last);
}

/** A new epoch for a site whose history diverged: lastSeq 0, no tokens. */
export async function openNewEpoch(trx: Trx, site: EnrolledSite, now: number): Promise<number> {
  const last = await trx
    .selectFrom('site_epochs')
    .select((eb) => eb.fn.max('epoch').as('epoch'))
    .where('slot_id', '=', site.slot_id)
    .executeTakeFirst();
  const epoch = Number(last?.epoch ?? 0) + 1;
  await trx
    .insertInto('site_epochs')
    .values({ slot_id: site.slot_id, epoch, last_seq: 0, token_current: null, token_previous: null, created_at: now })
    .execute();
  await trx.updateTable('sites').set({ current_epoch: epoch }).where('slot_id', '=', site.slot_id).execute();
  return epoch;
}

/** On PostgreSQL, pushes of one site (two installations, a retry racing its original) take turns. SQLite runs one
 *  transaction at a time anyway. */
async function lockSite(trx: Trx, slotId: string): Promise<void> {
  if (isPostgres(trx)) await trx.selectFrom('sites').select('slot_id').where('slot_id', '=', slotId).forUpdate().execute();
}

type PushResult = { answer: PushAnswer } | { conflict: number } | { stale: number };

/** A push not on the epoch's current token, signed before the site's last accepted push was applied: a request that
 *  was on its way while a newer one went through (held by the network and delivered late, or a retry overtaken by its
 *  original). It cannot be a site restored from a backup or a copied installation: those sign their requests after
 *  the push they diverge from. It is refused (STALE_REQUEST) without opening an epoch: nobody may be waiting for its
 *  answer, and the site that sent it goes on with its current token. Only for signed requests (a file has no time). */
async function signedBeforeLastPush(trx: Trx, site: EnrolledSite): Promise<boolean> {
  if (site.signed_at === undefined) return false;
  const row = await trx.selectFrom('sites').select('last_push_at').where('slot_id', '=', site.slot_id).executeTakeFirst();
  return row?.last_push_at != null && site.signed_at < row.last_push_at;
}

async function pushInTransaction(trx: Trx, env: SyncEnv, site: EnrolledSite, body: ParsedPush): Promise<PushResult> {
  const now = env.clock();
  await lockSite(trx, site.slot_id);
  const epoch = await trx
    .selectFrom('site_epochs')
    .select(['last_seq', 'token_current', 'token_previous'])
    .where('slot_id', '=', site.slot_id)
    .where('epoch', '=', body.epoch)
    .executeTakeFirst();
  const current = epoch !== undefined && epoch.token_current !== null && body.afterToken === epoch.token_current;
  if (epoch && !current && (await signedBeforeLastPush(trx, site))) return { stale: now };
  if (!epoch || !tokenAccepted(epoch, body.afterToken)) return { conflict: await openNewEpoch(trx, site, now) };
  const shapes = checkShapes(body, site);
  // A push on the previous token (or null after the first push): the retry of the last push, if it resends all of it.
  const retry = epoch.token_current !== null && !current;
  const retried = retry ? await readLastPush(trx, site.slot_id, body.epoch) : null;
  if (retry && !coversLastPush(retried, shapes.accepted)) return { conflict: await openNewEpoch(trx, site, now) };
  if (body.fromSeq > epoch.last_seq + 1) throw fail('SEQUENCE_GAP', { expected: epoch.last_seq + 1 });

  const outcome = await evaluate(trx, site, shapes);
  const writes = [...outcome.writes.values()];
  await writeRecords(trx, sqliteHandle(env.db), writes, site.site_id, now);
  await queueRelay(trx, writes, now);
  await projectWrites(trx, writes, site, now);

  // (previous, current) ← (afterToken, new): after a retry, the token of the lost answer is gone for good.
  const lastSeq = Math.max(epoch.last_seq, body.toSeq);
  const token = newToken();
  await trx
    .updateTable('site_epochs')
    .set({
      last_seq: lastSeq,
      token_previous: body.afterToken,
      token_current: token,
      last_push: lastPushText(body, carried(shapes.accepted, outcome.rejected), retried),
    })
    .where('slot_id', '=', site.slot_id)
    .where('epoch', '=', body.epoch)
    .execute();
  await trx
    .updateTable('sites')
    .set({ last_push_at: now, ...(body.appVersion ? { app_version: body.appVersion } : {}) })
    .where('slot_id', '=', site.slot_id)
    .execute();
  const { applied, skipped, stale, rejected } = outcome;
  return { answer: { lastSeq, token, applied, skipped, stale, rejected } };
}

/** Applies a parsed push for a site whose signature (or signed file) was checked. Throws SyncError for the answers
 *  that refuse the whole batch: SEQUENCE_GAP and STALE_REQUEST (nothing written) and EPOCH_CONFLICT (only the new
 *  epoch written). */
export async function applyPush(env: SyncEnv, site: EnrolledSite, body: ParsedPush): Promise<PushAnswer> {
  const result = await env.db.transaction().execute((trx) => pushInTransaction(trx, env, site, body));
  if ('conflict' in result) throw fail('EPOCH_CONFLICT', { epoch: result.conflict });
  if ('stale' in result) throw fail('STALE_REQUEST', { serverTime: result.stale });
  await refreshStatistics(env, result.answer.applied);
  return result.answer;
}

// PostgreSQL plans queries over records from the table's statistics; a records table filled faster than autovacuum
// analyses it (every initial sync on a new server) gets plans that read the whole table per lookup (the held-copy
// lookup above is shaped not to depend on them; the console's projections and /v1/own do). After large pushes, at most
// every 10 s, the statistics are refreshed.
const analysed = new WeakMap<object, { at: number; rows: number }>();
async function refreshStatistics(env: SyncEnv, applied: number): Promise<void> {
  if (applied < 1000 || !isPostgres(env.db)) return;
  const state = analysed.get(env.db) ?? { at: 0, rows: 0 };
  analysed.set(env.db, state);
  state.rows += applied;
  if (Date.now() - state.at < 10_000) return;
  state.at = Date.now();
  state.rows = 0;
  await sql`analyze records`.execute(env.db);
}


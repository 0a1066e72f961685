// The outbox (docs/sync-protocol.md §1, §5): filled by triggers (db/migrations/006-sync.ts) once the site is enrolled,
// read here into push batches, emptied by the server's acknowledgements. Everything here is synchronous and runs on the
// one connection, so a batch is a consistent picture of the rows it names.
import type BetterSqlite3 from 'better-sqlite3';
import { MAX_OPS, WARD_TABLES, isWardTable, type Op, type PushAnswer, type WardTable } from './protocol';

/** A push body stays well under the server's 8 MiB limit. */
export const MAX_BATCH_BYTES = 6 * 1024 * 1024;

/** Empties the outbox and enqueues every record this site owns, table by table in WARD_TABLES order (parents first).
 *  Entries are numbered from `seqBase + 1`. Answers how many entries it wrote. */
export function enqueueAll(sqlite: BetterSqlite3.Database, seqBase = 0): number {
  return sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM outbox').run();
    sqlite.prepare("DELETE FROM sqlite_sequence WHERE name = 'outbox'").run();
    if (seqBase > 0) sqlite.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)").run(seqBase);
    const site = sqlite.prepare('SELECT id FROM sites WHERE is_self = 1').pluck().get() as string | undefined;
    if (!site) return 0;
    const at = Date.now();
    let count = 0;
    for (const table of WARD_TABLES) {
      const sql =
        table === 'attendance'
          ? `INSERT INTO outbox (tbl, key, at) SELECT 'attendance', meeting_id || ':' || member_id, ? FROM attendance ORDER BY meeting_id, member_id`
          : `INSERT INTO outbox (tbl, key, at) SELECT '${table}', id, ? FROM ${table} WHERE owner_site = ? ORDER BY rowid`;
      count += (table === 'attendance' ? sqlite.prepare(sql).run(at) : sqlite.prepare(sql).run(at, site)).changes;
    }
    return count;
  })();
}

/** The highest sequence number the outbox has handed out (entries are never renumbered). */
export function lastIssuedSeq(sqlite: BetterSqlite3.Database): number {
  return (sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").pluck().get() as number | undefined) ?? 0;
}

export function firstOutboxSeq(sqlite: BetterSqlite3.Database): number | null {
  return (sqlite.prepare('SELECT min(seq) FROM outbox').pluck().get() as number | null) ?? null;
}

export function outboxCount(sqlite: BetterSqlite3.Database): number {
  return sqlite.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
}

const readers = new WeakMap<BetterSqlite3.Database, Map<WardTable, BetterSqlite3.Statement>>();

/** The current row of a record, as the table holds it, or undefined when it is gone. */
export function readRecord(sqlite: BetterSqlite3.Database, table: WardTable, key: string): Record<string, unknown> | undefined {
  let byTable = readers.get(sqlite);
  if (!byTable) readers.set(sqlite, (byTable = new Map()));
  let statement = byTable.get(table);
  if (!statement) {
    statement = sqlite.prepare(
      table === 'attendance' ? 'SELECT * FROM attendance WHERE meeting_id = ? AND member_id = ?' : `SELECT * FROM ${table} WHERE id = ?`,
    );
    byTable.set(table, statement);
  }
  if (table === 'attendance') {
    const at = key.indexOf(':');
    if (at < 0) return undefined;
    return statement.get(key.slice(0, at), key.slice(at + 1)) as Record<string, unknown> | undefined;
  }
  return statement.get(key) as Record<string, unknown> | undefined;
}

export interface BatchOptions {
  /** Start here instead of at the first entry (the server's `expected` after SEQUENCE_GAP); the batch declares it as
   *  its fromSeq even when the outbox holds nothing that low. */
  fromSeq?: number;
  maxOps?: number;
  maxBytes?: number;
  /** Whether an attachment's blob is complete on the server (or will never be: then the server decides). */
  blobReady?: (sha256: string) => boolean;
  /** Records covered by the range but not sent (refused here, e.g. too large): "table\u0000key". */
  skip?: ReadonlySet<string>;
}

export interface Batch {
  fromSeq: number;
  toSeq: number;
  /** Which records the batch carries, in seq order. */
  refs: OpRef[];
  /** The ops as JSON, in seq order, joined by commas: the push body's "ops" array without its brackets. */
  opsJson: string;
  /** The ops themselves, parsed from `opsJson` when first asked for (a sync file writes them; a push sends the text). */
  readonly ops: Op[];
  /** The attachment the batch stopped before, its blob not yet on the server. */
  heldAt: { seq: number; key: string; sha256: string; name: string } | null;
}

export interface OpRef {
  seq: number;
  table: WardTable;
  key: string;
}

export const recordId = (table: string, key: string) => `${table}\u0000${key}`;

interface OpRow {
  seq: number;
  json: string;
  sha256?: string;
  name?: string;
}

const opReaders = new WeakMap<BetterSqlite3.Database, Map<WardTable, BetterSqlite3.Statement>>();

/**
 * The ops of one table's records named by the outbox entries in a seq range, in one statement, in seq order (one row per
 * entry whose record exists), each already serialised by SQLite as the protocol's op: `{"seq","table","key","version",
 * "updatedAt","deletedAt","data"}`, data holding every column of the row. SQLite writes the JSON in C, several times
 * faster than reading the row into an object and stringifying it; its numbers read back exactly (reals with 17 digits).
 */
function opReader(sqlite: BetterSqlite3.Database, table: WardTable): BetterSqlite3.Statement {
  let byTable = opReaders.get(sqlite);
  if (!byTable) opReaders.set(sqlite, (byTable = new Map()));
  let statement = byTable.get(table);
  if (!statement) {
    const columns = (sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    const data = `json_object(${columns.map((c) => `'${c}', t."${c}"`).join(', ')})`;
    const join =
      table === 'attendance'
        ? `JOIN attendance t ON t.meeting_id = substr(o.key, 1, instr(o.key, ':') - 1) AND t.member_id = substr(o.key, instr(o.key, ':') + 1)`
        : `JOIN ${table} t ON t.id = o.key`;
    statement = sqlite.prepare(
      `SELECT o.seq AS seq,
              json_object('seq', o.seq, 'table', '${table}', 'key', o.key, 'version', t.version, 'updatedAt', t.updated_at,
                          'deletedAt', t.deleted_at, 'data', ${data}) AS json${table === 'attachments' ? ', t.sha256 AS sha256, t.name AS name' : ''}
         FROM outbox o ${join}
        WHERE o.seq BETWEEN ? AND ? AND +o.tbl = '${table}' ORDER BY o.seq`,
    );
    byTable.set(table, statement);
  }
  return statement;
}

/**
 * The next push batch: the outbox entries from `fromSeq` (or the first entry) in order, each record once at its last
 * entry's seq with its current row, at most `maxOps` records and about `maxBytes` of JSON. It stops before an attachment
 * whose blob the server does not hold yet. Null when the outbox holds nothing from there; `toSeq < fromSeq` when the
 * very first entry is held.
 */
export function buildBatch(sqlite: BetterSqlite3.Database, options: BatchOptions = {}): Batch | null {
  const maxOps = options.maxOps ?? MAX_OPS;
  const maxBytes = options.maxBytes ?? MAX_BATCH_BYTES;
  const first = options.fromSeq ?? firstOutboxSeq(sqlite);
  if (first === null) return null;
  const page = sqlite.prepare('SELECT seq, tbl, key FROM outbox WHERE seq >= ? ORDER BY seq LIMIT 2000');
  const byRecord = new Map<string, { ref: OpRef; json: string }>();
  let repeated = false;
  let bytes = 0;
  let toSeq = first - 1;
  let heldAt: Batch['heldAt'] = null;
  let next = first;
  let any = false;
  scan: for (;;) {
    const entries = page.all(next) as { seq: number; tbl: string; key: string }[];
    if (entries.length === 0) break;
    // Each run of entries of one table is read with one statement, in seq order: an entry without its row (the
    // record is gone) has no op.
    let rows: OpRow[] = [];
    let r = 0;
    let runEnd = -1;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (i > runEnd) {
        runEnd = i;
        while (runEnd + 1 < entries.length && entries[runEnd + 1]!.tbl === entry.tbl) runEnd++;
        rows = isWardTable(entry.tbl) ? (opReader(sqlite, entry.tbl).all(entry.seq, entries[runEnd]!.seq) as OpRow[]) : [];
        r = 0;
      }
      any = true;
      const row = rows[r]?.seq === entry.seq ? rows[r++] : undefined;
      const id = recordId(entry.tbl, entry.key);
      const seen = byRecord.get(id);
      if (seen) {
        seen.ref.seq = entry.seq;
        repeated = true;
        toSeq = entry.seq;
        continue;
      }
      if (!isWardTable(entry.tbl) || options.skip?.has(id) || !row) {
        toSeq = entry.seq;
        continue;
      }
      if (entry.tbl === 'attachments' && options.blobReady && !options.blobReady(String(row.sha256))) {
        heldAt = { seq: entry.seq, key: entry.key, sha256: String(row.sha256), name: String(row.name) };
        break scan;
      }
      const size = Buffer.byteLength(row.json) + 1;
      if (byRecord.size > 0 && (byRecord.size >= maxOps || bytes + size > maxBytes)) break scan;
      byRecord.set(id, { ref: { seq: entry.seq, table: entry.tbl, key: entry.key }, json: row.json });
      bytes += size;
      toSeq = entry.seq;
    }
    next = entries[entries.length - 1]!.seq + 1;
  }
  if (!any) return null;
  const items = [...byRecord.values()];
  // A record met again later in the range moved to its last entry's seq: re-sorted, its seq rewritten (rare).
  if (repeated) {
    items.sort((a, b) => a.ref.seq - b.ref.seq);
    for (const item of items) {
      if (!item.json.startsWith(`{"seq":${item.ref.seq},`)) item.json = `{"seq":${item.ref.seq},${item.json.slice(item.json.indexOf(',') + 1)}`;
    }
  }
  const opsJson = items.map((i) => i.json).join(',');
  let parsed: Op[] | null = null;
  return {
    fromSeq: first,
    toSeq,
    refs: items.map((i) => i.ref),
    opsJson,
    get ops() {
      return (parsed ??= JSON.parse(`[${opsJson}]`) as Op[]);
    },
    heldAt,
  };
}

/** Attachments the outbox will send, whose blobs must be on the server first. */
export function pendingBlobs(sqlite: BetterSqlite3.Database): { sha256: string; name: string; size: number }[] {
  return sqlite
    .prepare(
      `SELECT a.sha256, min(a.name) AS name, max(a.size) AS size FROM outbox o JOIN attachments a ON o.tbl = 'attachments' AND a.id = o.key
        GROUP BY a.sha256 ORDER BY min(o.seq)`,
    )
    .all() as { sha256: string; name: string; size: number }[];
}

export interface AnswerEffect {
  removed: number;
  rejected: number;
  stale: number;
}

/**
 * Applies the server's answer to a push, in one transaction: removes the acknowledged entries (up to lastSeq, and never
 * past the entries the push covered), stores the token and lastSeq, keeps the rejected ops with their reasons and
 * forgets older rejections of records that went through, and notes the records the server holds newer copies of.
 */
export function applyPushAnswer(
  sqlite: BetterSqlite3.Database,
  answer: PushAnswer,
  sent: { toSeq: number; ops: readonly { table: string; key: string }[] | null },
  now: number,
): AnswerEffect {
  return sqlite.transaction(() => {
    const bound = Math.min(answer.lastSeq, sent.toSeq);
    const removed = sqlite.prepare('DELETE FROM outbox WHERE seq <= ?').run(bound).changes;
    sqlite.prepare('UPDATE sync_state SET token = ?, last_seq = ? WHERE id = 1').run(answer.token, answer.lastSeq);
    const rejectedIds = new Set(answer.rejected.map((r) => recordId(r.table, r.key)));
    // The per-op clearing only when some rejection is kept at all.
    if (sent.ops && sqlite.prepare('SELECT EXISTS (SELECT 1 FROM sync_rejections)').pluck().get()) {
      const clear = sqlite.prepare('DELETE FROM sync_rejections WHERE tbl = ? AND key = ?');
      for (const op of sent.ops) if (!rejectedIds.has(recordId(op.table, op.key))) clear.run(op.table, op.key);
    }
    const reject = sqlite.prepare('INSERT OR REPLACE INTO sync_rejections (tbl, key, seq, code, reason, at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const r of answer.rejected) reject.run(r.table, r.key, r.seq, r.code, r.reason, now);
    const stale = sqlite.prepare('INSERT OR REPLACE INTO sync_stale (tbl, key, at) VALUES (?, ?, ?)');
    for (const s of answer.stale) stale.run(s.table, s.key, now);
    return { removed, rejected: answer.rejected.length, stale: answer.stale.length };
  })();
}

/** Keeps a refusal made on this side (a record too large to send), shown like the server's. */
export function rejectLocally(sqlite: BetterSqlite3.Database, r: { seq: number; table: string; key: string; code: string; reason: string }, now: number) {
  sqlite.prepare('INSERT OR REPLACE INTO sync_rejections (tbl, key, seq, code, reason, at) VALUES (?, ?, ?, ?, ?, ?)').run(r.table, r.key, r.seq, r.code, r.reason, now);
}

// The way down (§7): the change log of server-owned records, what each site may see of it, its compaction, and the
// site's own records read back (GET /v1/own) after a restored backup.
import { sql, type Kysely, type Transaction } from 'kysely';
import { MAX_PULL, TOMBSTONE_TTL_MS, type Change, type OwnAnswer, type PullAnswer, type ServerTable, type WardTable } from '../core/sync/protocol';
import { acknowledgeCursor } from './console/receipts';
import { audiencesOf, type EnrolledSite, type SyncEnv } from './context';
import { isPostgres } from './db';
import { fail } from './errors';
import { getMeta, META, setMeta } from './meta';
import type { ServerDatabase } from './schema';

type Db = Kysely<ServerDatabase>;
type Trx = Transaction<ServerDatabase>;

// ---- Writing the change log ------------------------------------------------------------------------------------------

const CHANGE_LOG_LOCK = 0x63686962; // "chib"

/** On PostgreSQL, writers of the change log take turns until they commit. A bigserial number is taken when a row is
 *  inserted, not when it commits; without this, a puller could see cursor 12 before 11 commits and skip 11 forever.
 *  With it, cursors commit in order. SQLite has one writer at a time anyway. */
export async function lockChangeLog(trx: Trx): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`.execute(trx);
}

/** Records the latest change of a record: its earlier entries go, one new entry per audience. Call inside the
 *  transaction that changed the record. */
export async function logChange(trx: Trx, table: ServerTable, key: string, audiences: string[], now: number): Promise<void> {
  await lockChangeLog(trx);
  await trx.deleteFrom('change_log').where('table_name', '=', table).where('record_key', '=', key).execute();
  const unique = [...new Set(audiences)];
  if (unique.length === 0) return;
  await trx
    .insertInto('change_log')
    .values(unique.map((audience) => ({ table_name: table, record_key: key, audience, at: now })))
    .execute();
}

/** The audiences a record was last sent to (to send its next change to the same sites). */
export async function audiencesOfRecord(trx: Trx | Db, table: ServerTable, key: string): Promise<string[]> {
  const rows = await trx.selectFrom('change_log').select('audience').where('table_name', '=', table).where('record_key', '=', key).execute();
  return rows.map((r) => r.audience);
}

// ---- Pull ------------------------------------------------------------------------------------------------------------

const DIGITS = /^\d{1,15}$/;

function queryInt(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !DIGITS.test(value) || Number(value) < min || Number(value) > max) {
    throw fail('MALFORMED', { field: name }, `Tham số "${name}" phải là số nguyên từ ${min} đến ${max}.`);
  }
  return Number(value);
}

export function parsePullQuery(query: Record<string, unknown>): { cursor: number; limit: number } {
  return {
    cursor: queryInt(query.cursor, 'cursor', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: queryInt(query.limit, 'limit', 1000, 1, MAX_PULL),
  };
}

async function tombstoneHorizon(db: Db): Promise<number> {
  return Number((await getMeta(db, META.tombstoneHorizon)) ?? 0);
}

/** The newest cursor ever issued that pullers may rely on: the log's highest, or the horizon if compaction took it. */
async function logHead(db: Db): Promise<number> {
  const row = await db
    .selectFrom('change_log')
    .select((eb) => eb.fn.max('cursor').as('head'))
    .executeTakeFirst();
  return Math.max(Number(row?.head ?? 0), await tombstoneHorizon(db));
}

/** The changes after `cursor` the site may see, in cursor order. A cursor below the tombstone horizon may have missed a
 *  deletion that is no longer in the log; a cursor beyond the log's head comes from a server restored from an older
 *  backup: both are told to reset and pull again from 0. */
export async function pull(
  env: SyncEnv,
  site: EnrolledSite,
  cursor: number,
  limit: number,
  options: { acknowledge?: boolean } = {},
): Promise<PullAnswer> {
  const horizon = await tombstoneHorizon(env.db);
  // The head is read first: every row at or below it has committed (see lockChangeLog), so none can appear later.
  const head = await logHead(env.db);
  if ((cursor > 0 && cursor < horizon) || cursor > head) return { reset: true, cursor: 0 };
  // The cursor says the site has stored everything up to it: the console's receipts (issue 7).
  if (options.acknowledge !== false) await acknowledgeCursor(env, site, cursor);
  const rows = await env.db
    .selectFrom('change_log as c')
    .innerJoin('records as r', (join) => join.onRef('r.table_name', '=', 'c.table_name').onRef('r.record_key', '=', 'c.record_key'))
    .select(['c.cursor', 'c.table_name', 'c.record_key', 'r.version', 'r.updated_at', 'r.deleted_at', 'r.data'])
    .where('c.cursor', '>', cursor)
    .where('c.cursor', '<=', head)
    .where('c.audience', 'in', audiencesOf(site))
    .orderBy('c.cursor')
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  // A record sent to two of the site's audiences (say, to it and to its organisation) comes once.
  const seen = new Set<string>();
  const changes: Change[] = [];
  for (const r of page) {
    if (seen.has(`${r.table_name}:${r.record_key}`)) continue;
    seen.add(`${r.table_name}:${r.record_key}`);
    changes.push({
      cursor: r.cursor,
      table: r.table_name as ServerTable,
      key: r.record_key,
      version: r.version,
      updatedAt: r.updated_at,
      deletedAt: r.deleted_at,
      data: JSON.parse(r.data) as Record<string, unknown>,
    });
  }
  return { changes, cursor: more ? page[page.length - 1]!.cursor : head, more };
}

// ---- Own records -----------------------------------------------------------------------------------------------------

export function parseOwnQuery(query: Record<string, unknown>): { after: { table: string; key: string } | null; limit: number } {
  const limit = queryInt(query.limit, 'limit', 1000, 1, MAX_PULL);
  const after = query.after;
  if (after === undefined || after === '') return { after: null, limit };
  const colon = typeof after === 'string' ? after.indexOf(':') : -1;
  if (typeof after !== 'string' || colon <= 0) throw fail('MALFORMED', { field: 'after' }, 'Tham số "after" phải có dạng bảng:khóa.');
  // Table names have no colon; attendance keys do (meeting:member), so only the first colon separates.
  return { after: { table: after.slice(0, colon), key: after.slice(colon + 1) }, limit };
}

/** The records the site owns, as held here, in (table, key) order, for a site recovering from a restored backup. */
export async function ownRecords(env: SyncEnv, site: EnrolledSite, after: { table: string; key: string } | null, limit: number): Promise<OwnAnswer> {
  let query = env.db
    .selectFrom('records')
    .select(['table_name', 'record_key', 'version', 'updated_at', 'deleted_at', 'data'])
    .where('owner_site', '=', site.site_id);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('table_name', '>', after.table), eb.and([eb('table_name', '=', after.table), eb('record_key', '>', after.key)])]),
    );
  }
  const rows = await query.orderBy('table_name').orderBy('record_key').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    records: page.map((r) => ({
      table: r.table_name as WardTable,
      key: r.record_key,
      version: r.version,
      updatedAt: r.updated_at,
      deletedAt: r.deleted_at,
      data: JSON.parse(r.data) as Record<string, unknown>,
    })),
    next: rows.length > limit && last ? `${last.table_name}:${last.record_key}` : null,
  };
}

// ---- Compaction ------------------------------------------------------------------------------------------------------

/** Forgets server-owned records deleted more than 90 days ago, with their change-log entries, and raises the tombstone
 *  horizon past them: a site whose cursor is below it may have missed one of those deletions, so it is told to reset. */
export async function compactChangeLog(db: Db, now: number): Promise<{ removed: number; horizon: number }> {
  return db.transaction().execute(async (trx) => {
    await lockChangeLog(trx);
    const rows = await trx
      .selectFrom('change_log as c')
      .innerJoin('records as r', (join) => join.onRef('r.table_name', '=', 'c.table_name').onRef('r.record_key', '=', 'c.record_key'))
      .select(['c.cursor', 'c.table_name', 'c.record_key'])
      .where('r.deleted_at', 'is not', null)
      .where('r.deleted_at', '<', now - TOMBSTONE_TTL_MS)
      .execute();
    let horizon = await tombstoneHorizon(trx);
    const records = new Map(rows.map((r) => [`${r.table_name}\u0000${r.record_key}`, r]));
    for (const r of rows) horizon = Math.max(horizon, r.cursor);
    for (const r of records.values()) {
      for (const table of ['change_log', 'blob_refs', 'records'] as const) {
        await trx.deleteFrom(table).where('table_name', '=', r.table_name).where('record_key', '=', r.record_key).execute();
      }
    }
    if (records.size > 0) await setMeta(trx, META.tombstoneHorizon, String(horizon));
    return { removed: records.size, horizon };
  });
}

// ---- Who may read a blob ---------------------------------------------------------------------------------------------

/** A site may download a blob named by one of its own records, or by a server record sent to it (§8). */
export async function maySeeBlob(env: SyncEnv, site: EnrolledSite, sha256: string): Promise<boolean> {
  const row = await env.db
    .selectFrom('blob_refs as b')
    .innerJoin('records as r', (join) => join.onRef('r.table_name', '=', 'b.table_name').onRef('r.record_key', '=', 'b.record_key'))
    .select('b.record_key')
    .where('b.sha256', '=', sha256)
    .where((eb) =>
      eb.or([
        eb('r.owner_site', '=', site.site_id),
        eb.exists(
          eb
            .selectFrom('change_log as c')
            .select('c.cursor')
            .whereRef('c.table_name', '=', 'b.table_name')
            .whereRef('c.record_key', '=', 'b.record_key')
            .where('c.audience', 'in', audiencesOf(site)),
        ),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// The upward outbox (§11): once this server is enrolled at the server above, every ward record it applies is queued
// for relaying, in the same transaction as the record; enrolling (or a new epoch upstairs) queues every ward record held.
// Nothing is queued before enrolment or after the server above revoked this one.
import { sql, type Kysely, type Transaction } from 'kysely';
import { WARD_TABLES } from '../core/sync/protocol';
import type { ServerDatabase } from './schema';

type Db = Kysely<ServerDatabase> | Transaction<ServerDatabase>;

/** True when this server syncs with a server above it (enrolled and not revoked). */
export async function relaying(db: Db): Promise<boolean> {
  const row = await db.selectFrom('upstream').select('revoked_at').where('id', '=', 1).executeTakeFirst();
  return row !== undefined && row.revoked_at === null;
}

/** Queues the records a push applied; call inside that push's transaction. */
export async function queueRelay(trx: Db, records: { table: string; key: string }[], now: number): Promise<void> {
  if (records.length === 0 || !(await relaying(trx))) return;
  for (let i = 0; i < records.length; i += 400) {
    await trx
      .insertInto('relay_outbox')
      .values(records.slice(i, i + 400).map((r) => ({ table_name: r.table, record_key: r.key, at: now })))
      .execute();
  }
}

/** Empties the upward outbox and queues every ward record held, parents first (WARD_TABLES order). Answers how many. */
export async function queueAllForRelay(trx: Db, now: number): Promise<number> {
  await trx.deleteFrom('relay_outbox').execute();
  let queued = 0;
  for (const table of WARD_TABLES) {
    const result = await trx
      .insertInto('relay_outbox')
      .columns(['table_name', 'record_key', 'at'])
      .expression((eb) =>
        eb
          .selectFrom('records')
          .select([sql<string>`cast(${table} as text)`.as('table_name'), 'record_key', sql<number>`cast(${now} as bigint)`.as('at')])
          .where('table_name', '=', table)
          .orderBy('record_key'),
      )
      .executeTakeFirst();
    queued += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return queued;
}

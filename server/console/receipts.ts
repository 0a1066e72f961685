// Receipts: when a ward's site fetched what this server sent down to it (documents and feedback). A pull carrying
// cursor c says the site has stored every change up to c, so the documents and feedback in the change log for its
// audiences with a cursor up to c are receipted at the time of that request, unless already receipted at that version.
// Cheap: only the range between the site's previously acknowledged cursor and c is read.
import { sql } from 'kysely';
import { audiencesOf, type EnrolledSite, type SyncEnv } from '../context';
import type { ServerKysely } from '../db';

/** The server-owned tables whose receipts the console shows. */
export const RECEIPTED_TABLES = ['documents', 'feedback'] as const;

/** Records that the site has stored every change up to `cursor`. Call only for a cursor the server issued (not one it
 *  answers with a reset). */
export async function acknowledgeCursor(env: SyncEnv, site: EnrolledSite, cursor: number): Promise<void> {
  const previous = Number(site.acked_cursor ?? 0);
  if (cursor === previous && site.acked_cursor !== null) return;
  const now = env.clock();
  await env.db.transaction().execute(async (trx) => {
    if (cursor > previous) {
      const rows = await trx
        .selectFrom('change_log as c')
        .innerJoin('records as r', (join) => join.onRef('r.table_name', '=', 'c.table_name').onRef('r.record_key', '=', 'c.record_key'))
        .select(['c.table_name', 'c.record_key', 'r.version'])
        .where('c.cursor', '>', previous)
        .where('c.cursor', '<=', cursor)
        .where('c.audience', 'in', audiencesOf(site))
        .where('c.table_name', 'in', [...RECEIPTED_TABLES])
        .execute();
      const seen = new Set<string>();
      const values = [];
      for (const r of rows) {
        const id = `${r.table_name}\u0000${r.record_key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        values.push({ table_name: r.table_name, record_key: r.record_key, slot_id: site.slot_id, version: r.version, received_at: now });
      }
      for (let i = 0; i < values.length; i += 500) {
        await trx
          .insertInto('console_receipts')
          .values(values.slice(i, i + 500))
          .onConflict((oc) =>
            oc
              .columns(['table_name', 'record_key', 'slot_id'])
              .doUpdateSet({ version: (eb) => eb.ref('excluded.version'), received_at: (eb) => eb.ref('excluded.received_at') })
              .where('console_receipts.version', '<', sql<number>`excluded.version`),
          )
          .execute();
      }
    }
    // A lower cursor (a site restored from a backup pulls again) moves the mark back; what was receipted stays.
    await trx.updateTable('sites').set({ acked_cursor: cursor }).where('slot_id', '=', site.slot_id).execute();
  });
}

/** The receipts of some records of one table, by `${key}\u0000${slotId}`. */
export async function receiptsOf(
  db: ServerKysely,
  table: (typeof RECEIPTED_TABLES)[number],
  keys: string[],
): Promise<Map<string, { version: number; receivedAt: number }>> {
  const out = new Map<string, { version: number; receivedAt: number }>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('console_receipts')
      .select(['record_key', 'slot_id', 'version', 'received_at'])
      .where('table_name', '=', table)
      .where('record_key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(`${r.record_key}\u0000${r.slot_id}`, { version: r.version, receivedAt: r.received_at });
  }
  return out;
}

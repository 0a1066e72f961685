// The console's typed projections of the wards' records (issue 7). `records` holds every row as JSON text, which is
// right for sync and wrong for "every branch of the city in March": these tables hold what the overview, the reports and
// the meeting page read, one typed row per branch and per meeting, and a link from each child record (agenda item,
// draft, comment, opinion, addendum, feedback) to its meeting. They are written in the same transaction as the push that
// changed the records (projectWrites, called from server/push.ts), so they are never behind; rebuildProjections()
// recomputes them all from `records` (migration 005 runs it once for a server upgraded with records already held).
import { randomUUID } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { foldDiacritics, nameSortKey } from '../../db/names';
import type { ServerDatabase } from '../schema';

type Db = Kysely<ServerDatabase> | Transaction<ServerDatabase>;

/** One written record, as push.ts applies it (its `Accepted` op) or as the server writes its own (feedback). */
export interface ProjectedWrite {
  table: string;
  key: string;
  deletedAt: number | null;
  data: Record<string, unknown>;
}

/** Child tables whose rows name a meeting (`meeting_id`). Attendance is found by its key's prefix instead. */
const LINKED = new Set(['agenda_items', 'drafts', 'comments', 'opinions', 'minutes_addenda', 'feedback']);
/** Tables whose changes change a meeting's projected row. */
const COUNTS_FOR_MEETING = new Set(['opinions', 'feedback']);

/** `column in (<keys>)` with the keys as one parameter (a JSON array on SQLite, a text array on PostgreSQL): the
 *  statement's text is the same for every list, so it costs nothing to prepare however many keys it names. */
function inKeys(db: Db, column: string, keys: readonly string[]): RawBuilder<boolean> {
  return isPg(db)
    ? sql<boolean>`${sql.ref(column)} in (select unnest(${[...keys]}::text[]))`
    : sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(keys)}))`;
}
const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

const CHUNK = 400;
function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A key whose binary order is the Vietnamese order of an organisation's name (a < ă < â, d < đ…, tones after
 *  letters), numbers by value ("Chi bộ số 2" before "Chi bộ số 10"): db/names.ts nameSortKey over the name as one word
 *  ('!' between words sorts before every letter and digit, as a space does). */
export function orgSortKey(name: string): string {
  return nameSortKey(
    name
      .trim()
      .replace(/\d+/g, (d) => d.padStart(8, '0'))
      .replace(/\s+/g, '!'),
  );
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** 'YYYY-MM-DDTHH:mm' in Vietnam's time as epoch milliseconds (as core/services/meetings.ts meetingTime). */
export const meetingTime = (scheduledAt: string) => Date.parse(`${scheduledAt.slice(0, 16)}:00+07:00`);

/** Keeps the projections in step with one push's writes: called in the push's transaction, after the records are
 *  written. Each affected meeting is recomputed once per batch, however many of its rows the batch carries. */
export async function projectWrites(trx: Db, writes: readonly ProjectedWrite[], site: { site_id: string }, now: number): Promise<void> {
  void now; // The projections hold no time of their own; the parameter keeps the call shaped like its neighbours in push.ts.
  await project(trx, writes, site, true);
}

async function project(trx: Db, writes: readonly ProjectedWrite[], site: { site_id: string }, recompute: boolean): Promise<void> {
  if (writes.length === 0) return;
  const meetings = new Set<string>();
  const branchUpserts: ServerDatabase['console_branches'][] = [];
  const branchDeletes: string[] = [];
  const linkUpserts = new Map<string, ServerDatabase['console_links']>();
  const linkDeletes = new Map<string, string[]>();

  for (const w of writes) {
    if (w.table === 'meetings') meetings.add(w.key);
    else if (w.table === 'attendance') meetings.add(str(w.data.meeting_id) ?? w.key.split(':')[0]!);
    else if (w.table === 'organisations') {
      if (w.deletedAt === null && w.data.kind === 'branch') {
        const name = str(w.data.name) ?? '';
        branchUpserts.push({
          branch_id: w.key,
          site_id: site.site_id,
          name,
          search_name: foldDiacritics(name),
          sort_key: orgSortKey(name),
          dissolved_at: str(w.data.dissolved_at),
        });
      } else branchDeletes.push(w.key);
    } else if (LINKED.has(w.table)) {
      const meetingId = str(w.data.meeting_id);
      if (w.deletedAt === null && meetingId) linkUpserts.set(`${w.table}\u0000${w.key}`, { table_name: w.table, record_key: w.key, meeting_id: meetingId });
      else linkDeletes.set(w.table, [...(linkDeletes.get(w.table) ?? []), w.key]);
      if (COUNTS_FOR_MEETING.has(w.table) && meetingId) meetings.add(meetingId);
    }
  }

  if (branchDeletes.length > 0 || branchUpserts.length > 0) await bumpBranchesVersion(trx);
  for (const part of chunks(branchDeletes)) await trx.deleteFrom('console_branches').where('branch_id', 'in', part).execute();
  for (const part of chunks(branchUpserts)) {
    await trx
      .insertInto('console_branches')
      .values(part)
      .onConflict((oc) =>
        oc.column('branch_id').doUpdateSet((eb) => ({
          site_id: eb.ref('excluded.site_id'),
          name: eb.ref('excluded.name'),
          search_name: eb.ref('excluded.search_name'),
          sort_key: eb.ref('excluded.sort_key'),
          dissolved_at: eb.ref('excluded.dissolved_at'),
        })),
      )
      .execute();
  }
  for (const [table, keys] of linkDeletes) {
    // A deleted opinion or feedback changes its meeting's count: find the meeting before forgetting the link.
    if (COUNTS_FOR_MEETING.has(table)) {
      for (const part of chunks(keys)) {
        const rows = await trx.selectFrom('console_links').select('meeting_id').where('table_name', '=', table).where('record_key', 'in', part).execute();
        for (const r of rows) meetings.add(r.meeting_id);
      }
    }
    for (const part of chunks(keys)) await trx.deleteFrom('console_links').where('table_name', '=', table).where('record_key', 'in', part).execute();
  }
  for (const part of chunks([...linkUpserts.values()])) {
    await trx
      .insertInto('console_links')
      .values(part)
      .onConflict((oc) => oc.columns(['table_name', 'record_key']).doUpdateSet((eb) => ({ meeting_id: eb.ref('excluded.meeting_id') })))
      .execute();
  }
  if (recompute) await recomputeMeetings(trx, [...meetings]);
}

/** server_meta key whose value changes whenever console_branches does: the overview keeps the branch list in memory
 *  and checks this stamp on every request, so a change made by another process (an up file imported from the command
 *  line) is seen at once. */
export const BRANCHES_VERSION_KEY = 'console.branches_version';

async function bumpBranchesVersion(trx: Db): Promise<void> {
  await trx
    .insertInto('server_meta')
    .values({ key: BRANCHES_VERSION_KEY, value: randomUUID() })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
}

interface MeetingData {
  branch_id?: unknown;
  kind?: unknown;
  scheduled_at?: unknown;
  status?: unknown;
  draft_shared_at?: unknown;
}

/**
 * Recomputes the projected rows of these meetings from `records`: a tombstoned or unknown meeting loses its row.
 *
 * The roll call as the server sees it: the attendance rows the ward sent. Summoned = the rows of members who are not
 * exempt from activity nor attending elsewhere (core/rules/meeting.ts attendanceTotals; an exempt member who came is
 * counted apart, not among the summoned); present = those marked present. A meeting without any attendance row has had
 * no roll call yet (present and summoned null). The standing is the member's current one.
 */
export async function recomputeMeetings(trx: Db, ids: readonly string[]): Promise<void> {
  for (const part of chunks([...new Set(ids)], 200)) {
    // The branch months these meetings were in, and will be in: their overview rows are worked out again afterwards.
    const touched: BranchMonthKey[] = await trx
      .selectFrom('console_meetings')
      .select(['month', 'site_id', 'branch_id'])
      .where(inKeys(trx, 'meeting_id', part))
      .execute();
    const meetingRows = await trx
      .selectFrom('records')
      .select(['record_key', 'owner_site', 'deleted_at', 'data'])
      .where('table_name', '=', 'meetings')
      .where(inKeys(trx, 'record_key', part))
      .execute();
    await trx.deleteFrom('console_meetings').where(inKeys(trx, 'meeting_id', part)).execute();
    const live = meetingRows.filter((r) => r.deleted_at === null);
    if (live.length === 0) {
      await refreshBranchMonths(trx, touched);
      continue;
    }
    const liveIds = live.map((r) => r.record_key);

    // Attendance keys are `<meeting_id>:<member_id>`: one key range per meeting (';' follows ':'), read through the
    // primary key. Only the status is read out of each row's JSON. PostgreSQL takes an OR of the ranges (a bitmap OR of
    // index scans, whatever the table's statistics say: a lateral join of the ids to the ranges was planned as a scan
    // of every attendance row per meeting on a table filled faster than it was analysed, 240 ms a push). SQLite joins
    // the ids, as one parameter, to the ranges (CROSS JOIN: the ids first), one statement text for every push.
    const attendance: { record_key: string; status: string | null }[] = [];
    if (isPg(trx)) {
      for (const ids of chunks(liveIds, 200)) {
        const rows = await trx
          .selectFrom('records')
          .select(['record_key', sql<string | null>`data::json ->> 'status'`.as('status')])
          .where('table_name', '=', 'attendance')
          .where('deleted_at', 'is', null)
          .where((eb) => eb.or(ids.map((id) => eb.and([eb('record_key', '>=', `${id}:`), eb('record_key', '<', `${id};`)]))))
          .execute();
        attendance.push(...rows);
      }
    } else {
      const { rows } = await sql<{ record_key: string; status: string | null }>`
        select r.record_key, json_extract(r.data, '$.status') as status
          from json_each(${JSON.stringify(liveIds)}) as m
          cross join records as r
         where r.table_name = 'attendance' and r.record_key >= m.value || ':' and r.record_key < m.value || ';' and r.deleted_at is null`.execute(trx);
      attendance.push(...rows);
    }
    const memberIds = [...new Set(attendance.map((a) => a.record_key.slice(a.record_key.indexOf(':') + 1)))];
    const standing = new Map<string, string>();
    for (const mpart of chunks(memberIds, 2000)) {
      const members = await trx
        .selectFrom('records')
        .select(['record_key', 'data'])
        .where('table_name', '=', 'members')
        .where(inKeys(trx, 'record_key', mpart))
        .execute();
      for (const m of members) standing.set(m.record_key, str((JSON.parse(m.data) as Record<string, unknown>).standing) ?? 'active');
    }
    const roll = new Map<string, { present: number; summoned: number }>();
    for (const a of attendance) {
      const colon = a.record_key.indexOf(':');
      const meetingId = a.record_key.slice(0, colon);
      const memberStanding = standing.get(a.record_key.slice(colon + 1)) ?? 'active';
      const totals = roll.get(meetingId) ?? { present: 0, summoned: 0 };
      roll.set(meetingId, totals);
      if (memberStanding === 'exempt' || memberStanding === 'away') continue;
      totals.summoned++;
      if (a.status === 'present') totals.present++;
    }

    const counts = await trx
      .selectFrom('console_links')
      .select(['meeting_id', 'table_name', (eb) => eb.fn.countAll<number>().as('n')])
      .where(inKeys(trx, 'meeting_id', liveIds))
      .where('table_name', 'in', ['opinions', 'feedback'])
      .groupBy(['meeting_id', 'table_name'])
      .execute();
    const count = (meetingId: string, table: string) => Number(counts.find((c) => c.meeting_id === meetingId && c.table_name === table)?.n ?? 0);

    const values = live.flatMap((r) => {
      const d = JSON.parse(r.data) as MeetingData;
      const scheduledAt = str(d.scheduled_at);
      const branchId = str(d.branch_id);
      if (!scheduledAt || !branchId) return [];
      const shared = num(d.draft_shared_at);
      const at = meetingTime(scheduledAt);
      const lead = shared === null || Number.isNaN(at) ? null : Math.floor((at - shared) / 3_600_000);
      const totals = roll.get(r.record_key);
      return [
        {
          meeting_id: r.record_key,
          site_id: r.owner_site,
          branch_id: branchId,
          month: scheduledAt.slice(0, 7),
          kind: str(d.kind) ?? 'regular',
          scheduled_at: scheduledAt,
          status: str(d.status) ?? 'planned',
          present: totals ? totals.present : null,
          summoned: totals ? totals.summoned : null,
          opinions: count(r.record_key, 'opinions'),
          draft_shared_at: shared,
          lead_hours: lead,
          // core/rules/meetingPlan.ts draftLeadTime: late when shared less than 24 hours before the meeting.
          late: shared !== null && !Number.isNaN(at) && at - shared < 24 * 3_600_000 ? 1 : 0,
          feedback: count(r.record_key, 'feedback'),
        },
      ];
    });
    if (values.length > 0) await trx.insertInto('console_meetings').values(values).execute();
    await refreshBranchMonths(trx, [...touched, ...values]);
  }
}

type MeetingRow = ServerDatabase['console_meetings'];
type BranchMonthRow = ServerDatabase['console_branch_months'];
type BranchMonthKey = Pick<BranchMonthRow, 'month' | 'site_id' | 'branch_id'>;

const keyOf = (k: BranchMonthKey) => `${k.month}\u0000${k.site_id}\u0000${k.branch_id}`;
const isHeld = (status: string) => status === 'held' || status === 'adopted' || status === 'sent';

/**
 * The month overview's rows (console_branch_months) of these meetings: one per month, ward (the meeting's site) and
 * branch. The main meeting is the one the month is judged by: the first regular or combined one by time, else the
 * first one (ties by meeting id). The sums cover all the branch's meetings of that month.
 */
export function branchMonths(meetings: readonly MeetingRow[]): BranchMonthRow[] {
  const groups = new Map<string, MeetingRow[]>();
  for (const m of meetings) {
    const key = keyOf(m);
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  }
  const out: BranchMonthRow[] = [];
  for (const list of groups.values()) {
    const sorted = list.length === 1 ? list : [...list].sort((a, b) => cmp(a.scheduled_at, b.scheduled_at) || cmp(a.meeting_id, b.meeting_id));
    const main = sorted.find((m) => m.kind === 'regular' || m.kind === 'combined') ?? sorted[0]!;
    const row: BranchMonthRow = { ...main, meetings: list.length, sum_present: 0, sum_summoned: 0, held: 0, held_opinions: 0, late_drafts: 0 };
    for (const m of list) {
      if (m.summoned !== null) {
        row.sum_present += m.present ?? 0;
        row.sum_summoned += m.summoned;
      }
      if (isHeld(m.status)) {
        row.held++;
        row.held_opinions += m.opinions;
      }
      row.late_drafts += m.late;
    }
    out.push(row);
  }
  return out;
}
const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** Works out these branch months' rows again from console_meetings (within the caller's transaction). */
async function refreshBranchMonths(trx: Db, keys: readonly BranchMonthKey[]): Promise<void> {
  const unique = new Map<string, BranchMonthKey>();
  for (const k of keys) unique.set(keyOf(k), { month: k.month, site_id: k.site_id, branch_id: k.branch_id });
  for (const part of chunks([...unique.values()], 500)) {
    // The keys as one parameter, as in inKeys: each branch's month is a range of the (branch_id, scheduled_at) index,
    // the keys joined to the ranges (CROSS JOIN on SQLite, a lateral join on PostgreSQL). Meetings of another ward are
    // dropped after.
    const months = part.map((k) => k.month);
    const sites = part.map((k) => k.site_id);
    const branches = part.map((k) => k.branch_id);
    let found: MeetingRow[];
    if (isPg(trx)) {
      await sql`delete from console_branch_months as b using unnest(${months}::text[], ${sites}::text[], ${branches}::text[]) as k(m, s, br)
                 where b.month = k.m and b.site_id = k.s and b.branch_id = k.br`.execute(trx);
      ({ rows: found } = await sql<MeetingRow>`
        select cm.* from unnest(${branches}::text[], ${months}::text[]) as k(b, m)
         cross join lateral (select * from console_meetings where branch_id = k.b and scheduled_at >= k.m and scheduled_at < k.m || '-99') as cm`.execute(trx));
    } else {
      const json = JSON.stringify(part.map((k) => [k.month, k.site_id, k.branch_id]));
      await sql`delete from console_branch_months
                 where (month, site_id, branch_id) in (select value ->> 0, value ->> 1, value ->> 2 from json_each(${json}))`.execute(trx);
      ({ rows: found } = await sql<MeetingRow>`
        select cm.* from json_each(${json}) as k
         cross join console_meetings as cm
         where cm.branch_id = k.value ->> 2 and cm.scheduled_at >= k.value ->> 0 and cm.scheduled_at < (k.value ->> 0) || '-99'`.execute(trx));
    }
    const wanted = new Set(part.map(keyOf));
    const rows = found.filter((m) => wanted.has(keyOf(m)));
    const values = branchMonths(rows);
    for (const vpart of chunks(values, 200)) await trx.insertInto('console_branch_months').values(vpart).execute();
  }
}

const PROJECTED_TABLES = ['organisations', 'agenda_items', 'drafts', 'comments', 'opinions', 'minutes_addenda', 'feedback', 'meetings'];
const PAGE = 2_000;

/** Empties the projections and fills them again from `records`, page by page, through the same code as a push. In its
 *  own transaction unless given one (the migration's). */
export async function rebuildProjections(db: Db): Promise<void> {
  if (!db.isTransaction) return (db as Kysely<ServerDatabase>).transaction().execute((trx) => rebuildProjections(trx));
  await db.deleteFrom('console_branches').execute();
  await bumpBranchesVersion(db);
  await db.deleteFrom('console_meetings').execute();
  await db.deleteFrom('console_branch_months').execute();
  await db.deleteFrom('console_links').execute();
  // Links first, so the meetings' counts find them; meetings last.
  for (const table of PROJECTED_TABLES) {
    let after = '';
    for (;;) {
      const rows = await db
        .selectFrom('records')
        .select(['record_key', 'owner_site', 'deleted_at', 'data'])
        .where('table_name', '=', table)
        .where('record_key', '>', after)
        .orderBy('record_key')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) break;
      after = rows.at(-1)!.record_key;
      if (table === 'meetings') {
        await recomputeMeetings(
          db,
          rows.map((r) => r.record_key),
        );
        continue;
      }
      const bySite = new Map<string, ProjectedWrite[]>();
      for (const r of rows) {
        const list = bySite.get(r.owner_site) ?? [];
        list.push({ table, key: r.record_key, deletedAt: r.deleted_at, data: JSON.parse(r.data) as Record<string, unknown> });
        bySite.set(r.owner_site, list);
      }
      for (const [siteId, list] of bySite) await project(db, list, { site_id: siteId }, false);
    }
  }
}

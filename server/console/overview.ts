// The month overview (issue 7): every branch of the wards in the account's scope with its meeting's status for the month,
// its attendance, opinions and whether the draft went out a day ahead; the branches that need attention first; totals per
// ward and for all of them. Read from the projections (projections.ts) and worked out by the database: statuses, flags,
// per-ward totals, filters, order and paging in SQL, so a city's month (16,000 branches) comes back as one page of rows.
import type {
  AttentionFlag,
  BranchMonthRow,
  BranchMonthStatus,
  ConsoleParsedInput,
  MonthOverview,
  WardMonthTotals,
} from '../../core/consoleApi';
import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import { foldDiacritics } from '../../db/names';
import type { ServerKysely } from '../db';
import type { ServerDatabase } from '../schema';
import { forbidden, inScope, type Scope } from './errors';
import { BRANCHES_VERSION_KEY } from './projections';

export interface ScopedSite {
  slotId: string;
  siteId: string;
  wardName: string;
}

/** Vietnamese order (DOMAIN.md, Members: `Intl.Collator('vi')` compares), numbers by value: "Chi bộ số 2" before "số 10". */
export const viCompare = new Intl.Collator('vi', { numeric: true }).compare;

/** The enrolled wards in the scope, in Vietnamese order of their names. Ward name = the ward's own organisation name,
 *  else the name the administrator gave. */
export async function scopedSites(db: ServerKysely, scope: Scope): Promise<ScopedSite[]> {
  if (scope !== null && scope.length === 0) return [];
  let query = db.selectFrom('sites').select(['slot_id', 'site_id', 'name', 'organisation_name']).where('site_id', 'is not', null);
  if (scope !== null) query = query.where('slot_id', 'in', [...scope]);
  const rows = await query.execute();
  return rows
    .map((r) => ({ slotId: r.slot_id, siteId: r.site_id!, wardName: r.organisation_name ?? r.name }))
    .sort((a, b) => viCompare(a.wardName, b.wardName));
}

/** The sites of `scope`, narrowed to one slot when asked: a slot outside the scope is refused. */
export async function sitesFor(db: ServerKysely, scope: Scope, slotId: string | undefined): Promise<{ all: ScopedSite[]; picked: ScopedSite[] }> {
  if (slotId !== undefined && !inScope(scope, slotId)) throw forbidden('Đơn vị này nằm ngoài phạm vi được giao cho tài khoản của đồng chí.');
  const all = await scopedSites(db, scope);
  return { all, picked: slotId === undefined ? all : all.filter((s) => s.slotId === slotId) };
}

type BranchRow = ServerDatabase['console_branches'];

/** Every branch, kept per database and reused while the version stamp (projections.ts) is unchanged: the branch list
 *  changes when a ward edits its organisations, far less often than the reports are read. */
const branchCache = new WeakMap<object, { version: string; rows: BranchRow[] }>();

async function allBranches(db: ServerKysely): Promise<BranchRow[]> {
  const stamp = await db.selectFrom('server_meta').select('value').where('key', '=', BRANCHES_VERSION_KEY).executeTakeFirst();
  const version = stamp?.value ?? '';
  const cached = branchCache.get(db);
  if (cached && cached.version === version) return cached.rows;
  const rows = await db.selectFrom('console_branches').selectAll().execute();
  branchCache.set(db, { version, rows });
  return rows;
}

/** Branches of these sites alive at some point of the month starting `firstDay` ('YYYY-MM-DD'). */
export async function branchesOf(db: ServerKysely, sites: ScopedSite[], everySite: boolean, firstDay: string): Promise<BranchRow[]> {
  if (sites.length === 0) return [];
  const alive = (b: BranchRow) => b.dissolved_at === null || b.dissolved_at >= firstDay;
  if (everySite || sites.length > 10) {
    const wanted = everySite ? null : new Set(sites.map((s) => s.siteId));
    return (await allBranches(db)).filter((b) => alive(b) && (wanted === null || wanted.has(b.site_id)));
  }
  const rows = await db
    .selectFrom('console_branches')
    .selectAll()
    .where('site_id', 'in', sites.map((s) => s.siteId))
    .execute();
  return rows.filter(alive);
}

const FLAG_ORDER: AttentionFlag[] = ['no_meeting', 'draft_late', 'draft_not_shared', 'low_attendance', 'no_opinions', 'minutes_pending'];
/** Below half of the summoned present. DOMAIN.md gives no attendance quorum for a branch meeting; its nearest rule is the
 *  vote's (Votes: "a resolution passes with more than half of the denominator"), which a meeting with fewer than half of
 *  its summoned members present is unlikely to reach. */
export const LOW_ATTENDANCE = 0.5;
// (Compared in SQL as present × (1 / LOW_ATTENDANCE) < summoned: exact in integers while the reciprocal is whole.)
const MINUTES_PENDING_MS = 7 * 24 * 3_600_000;

/** 'YYYY-MM-DDTHH:mm' in Vietnam's time (UTC+7, no daylight saving): compared as text with scheduled_at. */
const localMinute = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);

const emptyByStatus = (): Record<BranchMonthStatus, number> => ({ none: 0, planned: 0, shared: 0, held: 0, adopted: 0 });

/** One ward's sums, as the database adds them up over its branches of the month (numbers may come back as text). */
type Sum = number | string | null;
interface WardSums {
  slot_id: string;
  t_branches: Sum;
  t_none: Sum;
  t_planned: Sum;
  t_shared: Sum;
  t_held_status: Sum;
  t_adopted: Sum;
  t_attention: Sum;
  t_present: Sum;
  t_summoned: Sum;
  t_held: Sum;
  t_opinions: Sum;
  t_late: Sum;
  /** Branches that pass the request's filters. */
  t_matched: Sum;
}

interface Totals {
  branches: number;
  byStatus: Record<BranchMonthStatus, number>;
  present: number;
  summoned: number;
  opinions: number;
  held: number;
  lateDrafts: number;
  needAttention: number;
}
const zeroTotals = (): Totals => ({ branches: 0, byStatus: emptyByStatus(), present: 0, summoned: 0, opinions: 0, held: 0, lateDrafts: 0, needAttention: 0 });

function addTotals(acc: Totals, s: Totals): void {
  acc.branches += s.branches;
  for (const k of Object.keys(acc.byStatus) as BranchMonthStatus[]) acc.byStatus[k] += s.byStatus[k];
  acc.present += s.present;
  acc.summoned += s.summoned;
  acc.opinions += s.opinions;
  acc.held += s.held;
  acc.lateDrafts += s.lateDrafts;
  acc.needAttention += s.needAttention;
}

function totalsOf(acc: Totals): Omit<WardMonthTotals, 'slotId' | 'wardName'> {
  return {
    branches: acc.branches,
    byStatus: acc.byStatus,
    attendanceRate: acc.summoned > 0 ? acc.present / acc.summoned : null,
    opinionsPerMeeting: acc.held > 0 ? acc.opinions / acc.held : null,
    lateDrafts: acc.lateDrafts,
    needAttention: acc.needAttention,
  };
}

/** A row of the page as the database gives it: the branch, its main meeting's columns, its flags (0/1). */
interface PageRow {
  slot_id: string;
  branch_id: string;
  branch_name: string;
  meeting_id: string | null;
  kind: string | null;
  scheduled_at: string | null;
  status: string;
  present: number | null;
  summoned: number | null;
  opinions: number | null;
  draft_shared_at: number | string | null;
  lead_hours: number | null;
  late: number | null;
  feedback: number | null;
  n: number | string;
  f0: number;
  f1: number;
  f2: number;
  f3: number;
  f4: number;
  f5: number;
}

/** A row of the overview's one statement: a ward's sums (part 0) or a row of the page (part 1). */
type OverviewRow = WardSums & PageRow & { part: number | string };

const HELD = sql`('held', 'adopted', 'sent')`;
/** The flags, in FLAG_ORDER, as 0/1 columns of `c`. */
const FLAG_SUM = sql`(f0 + f1 + f2 + f3 + f4 + f5)`;
/** The most serious flag first (its place in FLAG_ORDER), then more flags before fewer; 6 (none) sorts last. */
const ATTENTION = sql`(case when f0 = 1 then 0 when f1 = 1 then 1 when f2 = 1 then 2 when f3 = 1 then 3 when f4 = 1 then 4 when f5 = 1 then 5 else 6 end) * 8 + 8 - ${FLAG_SUM}`;

/**
 * The month overview, worked out by the database. For every branch of the wards in the scope alive during the month,
 * its row of console_branch_months (projections.ts branchMonths: the main meeting, the first regular or combined one by
 * time, else the first one; sums over all its meetings of the month), its status and its flags (as 0/1 columns f0…f5,
 * in FLAG_ORDER). One query adds them up per ward, with how many pass the filters; another filters, sorts and pages
 * them, so only the page's rows come back. Sorting by ward uses the wards' place in Vietnamese order (a VALUES list),
 * by branch the projected sort key compared byte by byte (COLLATE "C" on PostgreSQL); ties go by ward, branch sort key
 * and branch id. Meetings count for their own ward's branches only.
 */
export async function monthOverview(
  db: ServerKysely,
  scope: Scope,
  input: ConsoleParsedInput<'overview.month'>,
  now: number = Date.now(),
): Promise<MonthOverview> {
  const { all } = await sitesFor(db, scope, input.slotId);
  if (all.length === 0) return { month: input.month, wards: [], all: totalsOf(zeroTotals()), total: 0, rows: [] };
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const binary = pg ? sql`collate "C"` : sql``;
  const search = input.search ? foldDiacritics(input.search) : '';
  const nowLocal = localMinute(now);
  const weekAgoLocal = localMinute(now - MINUTES_PENDING_MS);

  const wards = sql.join(
    all.map((s, i) => sql`(${s.siteId}, ${s.slotId}, cast(${i} as integer), cast(${search && foldDiacritics(s.wardName).includes(search) ? 1 : 0} as integer))`),
  );
  const real = pg ? sql`double precision` : sql`real`;
  const withBranches = sql`
    with w (site_id, slot_id, idx, hit) as (values ${wards}),
    c as ${pg ? sql`` : sql`materialized`} (
      select w.slot_id, w.idx, w.hit, b.branch_id, b.name as branch_name, b.search_name, b.sort_key,
        m.meeting_id, m.kind, m.scheduled_at, m.present, m.summoned, m.opinions, m.draft_shared_at, m.lead_hours, m.late, m.feedback,
        coalesce(m.meetings, 0) as n, coalesce(m.sum_present, 0) as sp, coalesce(m.sum_summoned, 0) as ss, coalesce(m.held, 0) as sh,
        coalesce(m.held_opinions, 0) as so, coalesce(m.late_drafts, 0) as sl,
        case when m.branch_id is null then 'none' when m.status = 'sent' then 'adopted' else m.status end as status,
        case when m.branch_id is null then 1 else 0 end as f0,
        case when m.late = 1 then 1 else 0 end as f1,
        case when m.branch_id is not null and m.draft_shared_at is null and (m.status in ${HELD} or m.scheduled_at <= ${nowLocal} ${binary})
          then 1 else 0 end as f2,
        case when m.summoned > 0 and coalesce(m.present, 0) * ${sql.lit(1 / LOW_ATTENDANCE)} < m.summoned then 1 else 0 end as f3,
        case when m.status in ${HELD} and m.opinions = 0 then 1 else 0 end as f4,
        case when m.status = 'held' and m.scheduled_at < ${weekAgoLocal} ${binary} then 1 else 0 end as f5,
        case when m.summoned > 0 then cast(coalesce(m.present, 0) as ${real}) / m.summoned end as rate
      from console_branches b
      join w on w.site_id = b.site_id
      left join console_branch_months m on m.month = ${input.month} and m.site_id = b.site_id and m.branch_id = b.branch_id
      where b.dissolved_at is null or b.dissolved_at >= ${`${input.month}-01`}
    )`;

  const conditions = [
    input.slotId !== undefined ? sql`slot_id = ${input.slotId}` : null,
    input.status && input.status.length > 0 ? sql`status in (${sql.join(input.status)})` : null,
    input.attentionOnly ? sql`${FLAG_SUM} > 0` : null,
    search ? (pg ? sql`(hit = 1 or strpos(search_name, ${search}) > 0)` : sql`(hit = 1 or instr(search_name, ${search}) > 0)`) : null,
  ].filter((c) => c !== null);
  const keep = conditions.length > 0 ? sql.join(conditions, sql` and `) : sql`1 = 1`;

  // The page's order as two columns, o1 (nulls last whatever the direction) then o2, and then ward, branch, id.
  const dir = input.descending ? sql`desc` : sql`asc`;
  const [o1, o2, o2Text] = ((): [RawBuilder<unknown> | null, RawBuilder<unknown>, boolean] => {
    const isNull = (column: string) => sql`case when ${sql.ref(column)} is null then 1 else 0 end`;
    switch (input.sort) {
      case 'attention':
        return [null, ATTENTION, false];
      case 'ward':
        return [null, sql`idx`, false];
      case 'branch':
        return [null, sql`sort_key`, true];
      case 'date':
        return [isNull('scheduled_at'), sql`scheduled_at`, true];
      case 'attendance':
        return [isNull('rate'), sql`rate`, false];
      case 'opinions':
        return [null, sql`coalesce(opinions, 0)`, false];
      case 'lead':
        return [isNull('lead_hours'), sql`lead_hours`, false];
    }
  })();
  const orderBy = (first: RawBuilder<unknown> | null, second: RawBuilder<unknown>) =>
    sql`${first ? sql`${first}, ` : sql``}${second} ${o2Text ? binary : sql``} ${dir}, idx, sort_key ${binary}, branch_id ${binary}`;

  // The wards' sums (part 0) and the page (part 1), in order.
  const totalsPart = sql`
      select 0 as part, slot_id, null as branch_id, null as branch_name, null as meeting_id, null as kind, null as scheduled_at, null as status,
        null as present, null as summoned, null as opinions, null as draft_shared_at, null as lead_hours, null as late, null as feedback, null as n,
        null as f0, null as f1, null as f2, null as f3, null as f4, null as f5,
        count(*) as t_branches,
        sum(case when status = 'none' then 1 else 0 end) as t_none,
        sum(case when status = 'planned' then 1 else 0 end) as t_planned,
        sum(case when status = 'shared' then 1 else 0 end) as t_shared,
        sum(case when status = 'held' then 1 else 0 end) as t_held_status,
        sum(case when status = 'adopted' then 1 else 0 end) as t_adopted,
        sum(case when ${FLAG_SUM} > 0 then 1 else 0 end) as t_attention,
        sum(sp) as t_present, sum(ss) as t_summoned, sum(sh) as t_held, sum(so) as t_opinions, sum(sl) as t_late,
        sum(case when ${keep} then 1 else 0 end) as t_matched,
        null as o1, null as o2, null as idx, null as sort_key
      from c group by slot_id`;
  const noSums = ['t_branches', 't_none', 't_planned', 't_shared', 't_held_status', 't_adopted', 't_attention', 't_present', 't_summoned', 't_held', 't_opinions', 't_late', 't_matched'];
  const pagePart = sql`
        select 1 as part, slot_id, branch_id, branch_name, meeting_id, kind, scheduled_at, status, present, summoned, opinions, draft_shared_at,
          lead_hours, late, feedback, n, f0, f1, f2, f3, f4, f5, ${sql.join(noSums.map((name) => sql`cast(null as bigint) as ${sql.id(name)}`))},
          ${o1 ?? sql`0`} as o1, ${o2} as o2, idx, sort_key
        from c where ${keep}
        order by ${orderBy(o1, o2)}
        limit ${input.limit} offset ${input.offset}`;
  // SQLite: one statement, c materialized once and read twice. PostgreSQL: two at once, on two connections (as one
  // statement it writes the 16,000 rows of c to a temporary file and reads them twice, slower than the join twice).
  const result = pg
    ? (await Promise.all([sql<OverviewRow>`${withBranches} ${totalsPart}`.execute(db), sql<OverviewRow>`${withBranches} ${pagePart}`.execute(db)])).flatMap((r) => r.rows)
    : (await sql<OverviewRow>`${withBranches} select * from (${totalsPart} union all select * from (${pagePart}) p) u order by part, ${orderBy(sql`o1`, sql`o2`)}`.execute(db))
        .rows;
  const sums = result.filter((r) => Number(r.part) === 0);
  const pageRows = result.filter((r) => Number(r.part) === 1) as PageRow[];

  const perWard = new Map<string, Totals>();
  const everything = zeroTotals();
  let total = 0;
  for (const r of sums) {
    const t: Totals = {
      branches: Number(r.t_branches),
      byStatus: {
        none: Number(r.t_none ?? 0),
        planned: Number(r.t_planned ?? 0),
        shared: Number(r.t_shared ?? 0),
        held: Number(r.t_held_status ?? 0),
        adopted: Number(r.t_adopted ?? 0),
      },
      present: Number(r.t_present ?? 0),
      summoned: Number(r.t_summoned ?? 0),
      opinions: Number(r.t_opinions ?? 0),
      held: Number(r.t_held ?? 0),
      lateDrafts: Number(r.t_late ?? 0),
      needAttention: Number(r.t_attention ?? 0),
    };
    perWard.set(r.slot_id, t);
    addTotals(everything, t);
    total += Number(r.t_matched ?? 0);
  }
  const siteBySlot = new Map(all.map((s) => [s.slotId, s]));
  const rows = pageRows.map((r): BranchMonthRow => {
    const flags = FLAG_ORDER.filter((_, i) => r[`f${i}` as 'f0'] === 1);
    return {
      slotId: r.slot_id,
      wardName: siteBySlot.get(r.slot_id)!.wardName,
      branchId: r.branch_id,
      branchName: r.branch_name,
      meetingId: r.meeting_id,
      meetingKind: r.kind as BranchMonthRow['meetingKind'],
      meetings: Number(r.n),
      scheduledAt: r.scheduled_at,
      status: r.status as BranchMonthStatus,
      present: r.present,
      summoned: r.summoned,
      attendanceRate: r.summoned !== null && r.summoned > 0 ? (r.present ?? 0) / r.summoned : null,
      opinions: r.opinions ?? 0,
      draftSharedAt: r.draft_shared_at === null ? null : Number(r.draft_shared_at),
      draftLeadHours: r.lead_hours,
      draftLate: r.late === 1,
      feedback: r.feedback ?? 0,
      flags,
    };
  });
  return {
    month: input.month,
    wards: all.map((s) => ({ slotId: s.slotId, wardName: s.wardName, ...totalsOf(perWard.get(s.slotId) ?? zeroTotals()) })),
    all: totalsOf(everything),
    total,
    rows,
  };
}

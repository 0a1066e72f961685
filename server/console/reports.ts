// Monthly and quarterly statistics per ward and branch, and the month-by-month trend (issue 7), from the projections.
import { sql, type RawBuilder } from 'kysely';
import type { ConsoleParsedInput, PeriodReport, ReportRow, TrendPoint } from '../../core/consoleApi';
import type { ServerKysely } from '../db';
import type { Scope } from './errors';
import { branchesOf, sitesFor, type ScopedSite } from './overview';

/** The HTTP route exports the report through here too. */
export { reportWorkbook } from './workbook';

const ROMAN = ['I', 'II', 'III', 'IV'];

/** The months of 'YYYY-MM' or 'YYYY-Qn', and its Vietnamese label. */
export function periodMonths(period: string): { months: string[]; label: string } {
  const year = period.slice(0, 4);
  const quarter = /^\d{4}-Q([1-4])$/.exec(period);
  if (quarter) {
    const q = Number(quarter[1]);
    const months = [1, 2, 3].map((i) => `${year}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
    return { months, label: `Quý ${ROMAN[q - 1]} năm ${year}` };
  }
  return { months: [period], label: `Tháng ${Number(period.slice(5, 7))} năm ${year}` };
}

function shiftMonth(month: string, by: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

interface Sums {
  branches: number;
  expected: number;
  held: number;
  adopted: number;
  thematic: number;
  present: number;
  summoned: number;
  opinions: number;
  lateDrafts: number;
  feedback: number;
}
const zero = (): Sums => ({ branches: 0, expected: 0, held: 0, adopted: 0, thematic: 0, present: 0, summoned: 0, opinions: 0, lateDrafts: 0, feedback: 0 });

const HELD = sql`status in ('held', 'adopted', 'sent')`;

/** Each branch's sums over the months, added up by the database (a quarter of the city is some 50,000 meetings). A
 *  regular meeting, or a regular and thematic one held together, is the month's meeting the report expects. */
async function branchSums(db: ServerKysely, sites: ScopedSite[], everySite: boolean, months: string[]) {
  if (sites.length === 0) return [];
  const count = (condition: RawBuilder<unknown>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;
  let query = db
    .selectFrom('console_meetings')
    .select((eb) => [
      'branch_id',
      count(sql`${HELD} and kind in ('regular', 'combined')`).as('held'),
      count(sql`status in ('adopted', 'sent')`).as('adopted'),
      count(sql`${HELD} and kind in ('thematic', 'combined')`).as('thematic'),
      count(HELD).as('held_all'),
      sql<number>`sum(case when summoned is not null then coalesce(present, 0) else 0 end)`.as('present'),
      sql<number>`sum(coalesce(summoned, 0))`.as('summoned'),
      sql<number>`sum(case when ${HELD} then opinions else 0 end)`.as('opinions'),
      eb.fn.sum<number>('late').as('late'),
      eb.fn.sum<number>('feedback').as('feedback'),
    ])
    .where('month', 'in', months)
    .groupBy('branch_id');
  if (!everySite) query = query.where('site_id', 'in', sites.map((s) => s.siteId));
  return query.execute();
}

function addSums(into: Sums, from: Sums): void {
  for (const key of Object.keys(into) as (keyof Sums)[]) into[key] += from[key];
}

/** Meetings held (all kinds) are the denominator of opinions per meeting. */
function figures(s: Sums, heldAll: number): Omit<ReportRow, 'slotId' | 'wardName' | 'branchId' | 'branchName'> {
  return {
    branches: s.branches,
    expected: s.expected,
    held: s.held,
    adopted: s.adopted,
    thematic: s.thematic,
    attendanceRate: s.summoned > 0 ? s.present / s.summoned : null,
    opinionsPerMeeting: heldAll > 0 ? s.opinions / heldAll : null,
    lateDrafts: s.lateDrafts,
    feedback: s.feedback,
  };
}

export async function periodReport(db: ServerKysely, scope: Scope, input: ConsoleParsedInput<'reports.period'>): Promise<PeriodReport> {
  const { months, label } = periodMonths(input.period);
  const { picked } = await sitesFor(db, scope, input.slotId);
  const everySite = scope === null && input.slotId === undefined;
  const [branches, sums] = await Promise.all([branchesOf(db, picked, everySite, `${months[0]}-01`), branchSums(db, picked, everySite, months)]);
  const bySite = new Map(picked.map((s) => [s.siteId, s]));
  const perBranch = new Map<string, { sums: Sums; heldAll: number }>();
  for (const b of branches) if (bySite.has(b.site_id)) perBranch.set(b.branch_id, { sums: { ...zero(), branches: 1, expected: months.length }, heldAll: 0 });
  for (const r of sums) {
    const entry = perBranch.get(r.branch_id);
    if (!entry) continue;
    const s = entry.sums;
    s.held = Number(r.held);
    s.adopted = Number(r.adopted);
    s.thematic = Number(r.thematic);
    s.present = Number(r.present);
    s.summoned = Number(r.summoned);
    s.opinions = Number(r.opinions);
    s.lateDrafts = Number(r.late);
    s.feedback = Number(r.feedback);
    entry.heldAll = Number(r.held_all);
  }

  const rows: ReportRow[] = [];
  const all = zero();
  let allHeld = 0;
  const sorted = [...branches].sort((a, b) => (a.sort_key < b.sort_key ? -1 : a.sort_key > b.sort_key ? 1 : 0));
  for (const site of picked) {
    const ward = zero();
    let wardHeld = 0;
    const branchRows: ReportRow[] = [];
    for (const b of sorted) {
      if (b.site_id !== site.siteId) continue;
      const entry = perBranch.get(b.branch_id)!;
      addSums(ward, entry.sums);
      wardHeld += entry.heldAll;
      if (input.branches) {
        branchRows.push({ slotId: site.slotId, wardName: site.wardName, branchId: b.branch_id, branchName: b.name, ...figures(entry.sums, entry.heldAll) });
      }
    }
    rows.push({ slotId: site.slotId, wardName: site.wardName, branchId: null, branchName: null, ...figures(ward, wardHeld) }, ...branchRows);
    addSums(all, ward);
    allHeld += wardHeld;
  }
  return { period: input.period, label, months, rows, all: figures(all, allHeld) };
}

export async function trend(db: ServerKysely, scope: Scope, input: ConsoleParsedInput<'reports.trend'>): Promise<TrendPoint[]> {
  const months = Array.from({ length: input.months }, (_, i) => shiftMonth(input.to, i - input.months + 1));
  const { picked } = await sitesFor(db, scope, input.slotId);
  const everySite = scope === null && input.slotId === undefined;
  if (picked.length === 0) return months.map((month) => ({ month, branches: 0, held: 0, heldRate: 0, attendanceRate: null, lateDrafts: 0 }));
  const siteIds = picked.map((s) => s.siteId);
  let branchQuery = db.selectFrom('console_branches').select(['dissolved_at']);
  if (!everySite) branchQuery = branchQuery.where('site_id', 'in', siteIds);
  // Summed by the database, month by month: a year of the city is some 200,000 meetings.
  const HELD_MAIN = sql`status in ('held', 'adopted', 'sent') and kind in ('regular', 'combined')`;
  let meetingQuery = db
    .selectFrom('console_meetings')
    .select((eb) => [
      'month',
      sql<number>`count(distinct case when ${HELD_MAIN} then branch_id end)`.as('held'),
      sql<number>`sum(case when summoned is not null then coalesce(present, 0) else 0 end)`.as('present'),
      sql<number>`sum(coalesce(summoned, 0))`.as('summoned'),
      eb.fn.sum<number>('late').as('late'),
    ])
    .where('month', '>=', months[0]!)
    .where('month', '<=', months.at(-1)!)
    .groupBy('month');
  if (!everySite) meetingQuery = meetingQuery.where('site_id', 'in', siteIds);
  const [branches, sums] = await Promise.all([branchQuery.execute(), meetingQuery.execute()]);
  const byMonth = new Map(sums.map((r) => [r.month, r]));

  return months.map((month) => {
    // A branch counts in a month unless it was dissolved before the month began.
    const alive = branches.filter((b) => b.dissolved_at === null || b.dissolved_at >= `${month}-01`).length;
    const row = byMonth.get(month);
    const held = Number(row?.held ?? 0);
    const present = Number(row?.present ?? 0);
    const summoned = Number(row?.summoned ?? 0);
    const lateDrafts = Number(row?.late ?? 0);
    return {
      month,
      branches: alive,
      held,
      heldRate: alive > 0 ? held / alive : 0,
      attendanceRate: summoned > 0 ? present / summoned : null,
      lateDrafts,
    };
  });
}


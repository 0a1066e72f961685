// `npm run bench -- console [--pg URL] [--pg-schema NAME] [--runs N] [--regenerate] [--sqlite-only] [--projection-cost]`
//
// The superior committee's console (issue 7) on a city-scale server: 126 wards, 16,762 branches, ten years of monthly
// meetings (~2 million meeting rows), on SQLite and, with --pg URL or CHIBO_BENCH_PG, on PostgreSQL (schema
// `bench_console` unless --pg-schema). Measured through the same functions the HTTP routes call (server/console):
//
//   1. the month overview of the whole city: first page (50 rows) sorted by attention, with every ward's totals and the
//      city's — target p95 < 200 ms;
//   2. the month overview of one ward, as a reviewer whose scope is that ward — target p95 < 30 ms; and, for the record,
//      an administrator filtering on one ward (the all-wards totals still cover the city);
//   3. opening a branch's meeting with its drafts (consoleMeeting) — target p95 < 50 ms;
//   4. for the record: a quarter's report for the city with a line per branch, and the 12-month trend.
//
// With --projection-cost it measures instead what projectWrites adds to the pushes of a ward's initial sync.
//
// BULK-GENERATED: pushing ten years of raw records for 16,762 branches (tens of millions of attendance rows) is far
// beyond what a bench run can do, so the projection tables (console_branches, console_meetings and, through
// projections.ts branchMonths, console_branch_months) are filled in bulk with realistic generated values. Only a sample of meetings (the last three months, two branches per ward per month) also
// have their records (meeting, agenda, two draft versions, attendance with members, opinions, comments, feedback with a
// receipt), written in the same record shape a push stores and linked as projections.ts links them; the meeting page is
// measured on those. The generated databases are kept under bench/out/ (SQLite) and in the PostgreSQL schema, and
// reused by later runs (--regenerate builds them again).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { consoleSchemas } from '../core/consoleApi';
import { agendaTemplate } from '../core/rules/meetingPlan';
import { foldDiacritics, nameSortKey } from '../db/names';
import { BranchNamer, HANOI_WARDS, personName, wardOrganisationName, type BranchKindName } from '../db/generate/names';
import { Random } from '../db/generate/random';
import { consoleMeeting } from '../server/console/meeting';
import { monthOverview } from '../server/console/overview';
import { branchMonths, orgSortKey, projectWrites, type ProjectedWrite } from '../server/console/projections';
import { periodReport, trend } from '../server/console/reports';
import { openServerDb, type ServerDb, type ServerKysely } from '../server/db';
import type { ServerDatabase } from '../server/schema';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(here, 'out', 'console-sqlite');
/** Bump when the generated data changes shape: cached databases with another version are generated again. */
const GENERATION = 'console-city-v2';
const MARKER = 'bench.console';
const SEED = 20260701;
const WARDS = 126;
const BRANCHES = 16_762;
const MONTHS = 120;
const TARGETS = { cityP95Ms: 200, wardP95Ms: 30, meetingP95Ms: 50 };

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (message: string) => process.stderr.write(`[console ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { n: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted.at(-1)!) };
}

const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const meetingTime = (scheduledAt: string) => Date.parse(`${scheduledAt}:00+07:00`);

// ---- Generation ------------------------------------------------------------------------------------------------------

type MeetingRow = ServerDatabase['console_meetings'];
type BranchRow = ServerDatabase['console_branches'];
type RecordRow = ServerDatabase['records'];

type SiteRow = Omit<ServerDatabase['sites'], 'acked_cursor'>;

interface Plan {
  sites: SiteRow[];
  branches: (BranchRow & { size: number; kind: BranchKindName })[];
  lastMonth: string;
}

function plan(now: number): Plan {
  const random = new Random(SEED);
  const sites: SiteRow[] = [];
  const branches: Plan['branches'] = [];
  const weights = HANOI_WARDS.slice(0, WARDS).map(() => random.range(0.45, 1.6));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(12, Math.round((w / sum) * BRANCHES)));
  counts[counts.length - 1]! += BRANCHES - counts.reduce((a, b) => a + b, 0);
  HANOI_WARDS.slice(0, WARDS).forEach((ward, w) => {
    const siteId = uuidv7();
    const name = wardOrganisationName(ward);
    sites.push({
      slot_id: uuidv7(),
      name,
      site_id: siteId,
      organisation_id: uuidv7(),
      organisation_name: name,
      public_key: null,
      code_hash: `bench-${w}`,
      code_expires_at: now,
      code_used_at: now,
      created_at: now,
      enrolled_at: now,
      revoked_at: null,
      last_seen_at: now,
      last_push_at: now,
      app_version: 'bench',
      current_epoch: 1,
    });
    const namer = new BranchNamer(random, ward);
    for (let i = 0; i < counts[w]!; i++) {
      const roll = random.next();
      const kind: BranchKindName = i < 7 ? 'agency' : roll < 0.8 ? 'residential' : roll < 0.88 ? 'school' : roll < 0.95 ? 'enterprise' : 'other';
      const { name: branchName } = namer.next(kind);
      const dissolved = random.chance(0.01) ? `${2016 + random.int(0, 9)}-0${random.int(1, 9)}-01` : null;
      branches.push({
        branch_id: uuidv7(),
        site_id: siteId,
        name: branchName,
        search_name: foldDiacritics(branchName),
        sort_key: orgSortKey(branchName),
        dissolved_at: dissolved,
        size: kind === 'residential' ? random.int(15, 120) : random.int(5, 40),
        kind,
      });
    }
  });
  return { sites, branches, lastMonth: new Date(now + 7 * 3_600_000).toISOString().slice(0, 7) };
}

/** One branch's meetings over the ten years, month by month, with realistic statuses, rolls, opinions and lead times. */
function* meetingsOf(branch: Plan['branches'][number], last: number, now: number, random: Random): Generator<MeetingRow> {
  for (let k = last - MONTHS + 1; k <= last; k++) {
    const month = monthOf(k);
    if (branch.dissolved_at && branch.dissolved_at < `${month}-01`) return;
    const mains = random.chance(0.98) ? 1 : 0;
    const extra = random.chance(0.06) ? 1 : 0;
    for (let i = 0; i < mains + extra; i++) {
      const kind = i === 1 ? 'thematic' : random.chance(0.1) ? 'combined' : 'regular';
      const scheduledAt = `${month}-${String(random.int(1, 28)).padStart(2, '0')}T${random.pick(['08:00', '14:00', '19:30'])}`;
      const at = meetingTime(scheduledAt);
      const age = last - k;
      const r = random.next();
      let status: string;
      if (at > now) status = r < 0.5 ? 'planned' : 'shared';
      else if (age === 0) status = r < 0.1 ? 'planned' : r < 0.7 ? 'held' : 'adopted';
      else if (age === 1) status = r < 0.02 ? 'planned' : r < 0.2 ? 'held' : r < 0.7 ? 'adopted' : 'sent';
      else status = r < 0.015 ? 'planned' : r < 0.05 ? 'held' : r < 0.15 ? 'adopted' : 'sent';
      const held = status === 'held' || status === 'adopted' || status === 'sent';
      const summoned = held ? Math.max(1, branch.size - random.int(0, Math.floor(branch.size / 8))) : null;
      const rate = random.chance(0.03) ? random.range(0.25, 0.5) : Math.min(1, random.range(0.7, 1.02));
      const present = summoned === null ? null : Math.min(summoned, Math.round(summoned * rate));
      const shared = status === 'planned' ? null : random.chance(0.03) ? null : at - (random.chance(0.08) ? random.int(2, 23) : random.int(24, 96)) * 3_600_000;
      yield {
        meeting_id: uuidv7(),
        site_id: branch.site_id,
        branch_id: branch.branch_id,
        month,
        kind,
        scheduled_at: scheduledAt,
        status,
        present,
        summoned,
        opinions: held ? (random.chance(0.05) ? 0 : random.int(1, 8)) : 0,
        draft_shared_at: shared,
        lead_hours: shared === null ? null : Math.floor((at - shared) / 3_600_000),
        late: shared !== null && at - shared < 24 * 3_600_000 ? 1 : 0,
        feedback: random.chance(0.03) ? random.int(1, 3) : 0,
      };
    }
  }
}

const PARAGRAPH =
  'Tiếp tục lãnh đạo, chỉ đạo thực hiện thắng lợi nghị quyết của Đảng bộ phường; nâng cao chất lượng sinh hoạt chi bộ, ' +
  'phát huy vai trò tiên phong, gương mẫu của đảng viên; vận động nhân dân giữ gìn vệ sinh môi trường, trật tự đô thị và ' +
  'an ninh trên địa bàn; quan tâm chăm lo các gia đình chính sách, hộ nghèo, người cao tuổi.';

/** A draft resolution of about four pages: six sections of four paragraphs, roughly 130 numbered lines. */
function draftContent(version: number) {
  return JSON.stringify(
    ['Đánh giá kết quả tháng trước', 'Nhiệm vụ trọng tâm', 'Công tác xây dựng Đảng', 'Công tác dân vận', 'Quốc phòng, an ninh', 'Tổ chức thực hiện'].map(
      (title, s) => ({ heading: `${['I', 'II', 'III', 'IV', 'V', 'VI'][s]}. ${title}`, paragraphs: [1, 2, 3, 4].map((p) => `${p}. ${PARAGRAPH}${version > 1 ? ' (đã sửa)' : ''}`) }),
    ),
  );
}

/** The records of a sampled meeting, in the shape a push stores them, with the links projections.ts writes. */
function sampleRecords(meeting: MeetingRow, branch: Plan['branches'][number], random: Random, now: number, serverId: string) {
  const records: RecordRow[] = [];
  const links: ServerDatabase['console_links'][] = [];
  let stamp = now * 1024;
  const add = (table: string, key: string, data: Record<string, unknown>, owner = meeting.site_id) => {
    records.push({ table_name: table, record_key: key, owner_site: owner, version: 1, updated_at: stamp++, deleted_at: null, data: JSON.stringify(data), received_at: now });
    if (table !== 'meetings' && table !== 'attendance' && table !== 'members') links.push({ table_name: table, record_key: key, meeting_id: meeting.meeting_id });
  };
  const id = meeting.meeting_id;
  add('meetings', id, {
    id,
    owner_site: meeting.site_id,
    branch_id: meeting.branch_id,
    kind: meeting.kind,
    scheduled_at: meeting.scheduled_at,
    place: 'Nhà văn hóa khu dân cư',
    status: meeting.status,
    topic: null,
    draft_shared_at: meeting.draft_shared_at,
    vote_for: meeting.present,
    vote_against: meeting.present === null ? null : 0,
    vote_abstain: meeting.present === null ? null : 0,
    conclusion: meeting.present === null ? null : 'Chi bộ thống nhất thông qua nghị quyết.',
    minutes_text: meeting.present === null ? null : 'Biên bản sinh hoạt chi bộ.',
    adopted_at: meeting.status === 'adopted' || meeting.status === 'sent' ? now : null,
  });
  agendaTemplate(meeting.kind as 'regular').forEach((item, i) =>
    add('agenda_items', uuidv7(), { id: '', meeting_id: id, owner_site: meeting.site_id, position: i + 1, ...item }),
  );
  for (const v of [1, 2]) add('drafts', uuidv7(), { meeting_id: id, owner_site: meeting.site_id, version_no: v, content: draftContent(v), source: v === 1 ? 'written' : 'comments', created_at: now });
  for (let i = 0; i < 5; i++) {
    add('comments', uuidv7(), { meeting_id: id, owner_site: meeting.site_id, draft_version: 1, source: 'member', author_name: personName(random, 'male', 1970), line_from: 3 + i * 10, line_to: 5 + i * 10, text: 'Đề nghị bổ sung chỉ tiêu cụ thể.', proposed_text: null, decision: 'pending', created_at: now });
  }
  const summoned = meeting.summoned ?? Math.min(branch.size, 40);
  for (let i = 0; i < summoned; i++) {
    const member = uuidv7();
    const name = personName(random, random.chance(0.5) ? 'male' : 'female', random.int(1940, 2000));
    add('members', member, { id: member, owner_site: meeting.site_id, branch_id: meeting.branch_id, full_name: name, sort_key: nameSortKey(name), standing: 'active', status: 'official' });
    if (meeting.present !== null) add('attendance', `${id}:${member}`, { meeting_id: id, member_id: member, status: i < meeting.present ? 'present' : 'absent_excused', reason: i < meeting.present ? null : 'Ốm' });
  }
  for (let i = 0; i < meeting.opinions; i++) add('opinions', uuidv7(), { meeting_id: id, owner_site: meeting.site_id, speaker_name: personName(random, 'female', 1965), summary: 'Nhất trí với dự thảo, đề nghị bổ sung giải pháp.', position: i + 1 });
  const feedback = uuidv7();
  add('feedback', feedback, { id: feedback, meeting_id: id, draft_version: 2, line_from: 10, line_to: 14, author_name: 'Ban Tổ chức Thành ủy', text: 'Đề nghị làm rõ chỉ tiêu.', created_at: now }, serverId);
  return { records, links, receipt: { table_name: 'feedback', record_key: feedback, slot_id: '', version: 1, received_at: now + 60_000 } };
}

async function insertRows<T extends keyof ServerDatabase>(db: ServerKysely, table: T, rows: ServerDatabase[T][], batch: number): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one generic bulk insert over the typed tables
    await db.insertInto(table).values(rows.slice(i, i + batch) as any).execute();
  }
}

/** console_branch_months in bulk (the overview's per-branch rows, as projections.ts branchMonths computes them). */
async function insertBranchMonths(db: ServerKysely, dialect: 'sqlite' | 'postgres', rows: ServerDatabase['console_branch_months'][]): Promise<void> {
  if (dialect === 'sqlite') return insertRows(db, 'console_branch_months', rows, 1_000);
  const col = <K extends keyof ServerDatabase['console_branch_months']>(k: K) => rows.map((r) => r[k]);
  await sql`insert into console_branch_months (month, site_id, branch_id, meeting_id, kind, scheduled_at, status, present, summoned, opinions, draft_shared_at,
      lead_hours, late, feedback, meetings, sum_present, sum_summoned, held, held_opinions, late_drafts)
    select * from unnest(${col('month')}::text[], ${col('site_id')}::text[], ${col('branch_id')}::text[], ${col('meeting_id')}::text[], ${col('kind')}::text[],
      ${col('scheduled_at')}::text[], ${col('status')}::text[], ${col('present')}::int[], ${col('summoned')}::int[], ${col('opinions')}::int[],
      ${col('draft_shared_at')}::bigint[], ${col('lead_hours')}::int[], ${col('late')}::int[], ${col('feedback')}::int[], ${col('meetings')}::int[],
      ${col('sum_present')}::int[], ${col('sum_summoned')}::int[], ${col('held')}::int[], ${col('held_opinions')}::int[], ${col('late_drafts')}::int[])`.execute(db);
}

/** console_meetings in bulk: multi-row inserts on SQLite, unnest() arrays on PostgreSQL. */
async function insertMeetings(db: ServerKysely, dialect: 'sqlite' | 'postgres', rows: MeetingRow[]): Promise<void> {
  if (dialect === 'sqlite') return insertRows(db, 'console_meetings', rows, 2_000);
  const col = <K extends keyof MeetingRow>(k: K) => rows.map((r) => r[k]);
  await sql`insert into console_meetings (meeting_id, site_id, branch_id, month, kind, scheduled_at, status, present, summoned, opinions, draft_shared_at, lead_hours, late, feedback)
    select * from unnest(${col('meeting_id')}::text[], ${col('site_id')}::text[], ${col('branch_id')}::text[], ${col('month')}::text[], ${col('kind')}::text[],
      ${col('scheduled_at')}::text[], ${col('status')}::text[], ${col('present')}::int[], ${col('summoned')}::int[], ${col('opinions')}::int[],
      ${col('draft_shared_at')}::bigint[], ${col('lead_hours')}::int[], ${col('late')}::int[], ${col('feedback')}::int[])`.execute(db);
}

interface Generated {
  generation: string;
  generatedAt: number;
  lastMonth: string;
  meetings: number;
  sampleMeetings: string[];
  slots: string[];
  generateMs: number;
}

async function generate(server: ServerDb): Promise<Generated> {
  const { db, dialect } = server;
  const started = performance.now();
  const now = Date.now();
  const p = plan(now);
  const last = monthIndex(p.lastMonth);
  const serverId = (await db.selectFrom('server_meta').select('value').where('key', '=', 'server_id').executeTakeFirst())?.value ?? 'server';
  log(`generating on ${server.label}: ${p.sites.length} wards, ${p.branches.length} branches, ${MONTHS} months to ${p.lastMonth}…`);
  let meetings = 0;
  const sampleMeetings: string[] = [];
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('sites').values(p.sites).execute();
    await insertRows(trx, 'console_branches', p.branches.map(({ size: _s, kind: _k, ...b }) => b), 1_000);
    const random = new Random(SEED + 1);
    const sampleRandom = new Random(SEED + 2);
    let buffer: MeetingRow[] = [];
    let summaries: ServerDatabase['console_branch_months'][] = [];
    const slotOf = new Map(p.sites.map((s) => [s.site_id!, s.slot_id]));
    const sampledPerWard = new Map<string, number>();
    for (const branch of p.branches) {
      const own: MeetingRow[] = [];
      for (const m of meetingsOf(branch, last, now, random)) {
        buffer.push(m);
        own.push(m);
        // The sample: two branches per ward, their meetings of the last three months, with records to open.
        const ward = sampledPerWard.get(branch.site_id) ?? 0;
        if (ward < 6 && monthIndex(m.month) > last - 3 && branch.kind === 'residential') {
          sampledPerWard.set(branch.site_id, ward + 1);
          const s = sampleRecords(m, branch, sampleRandom, now, serverId);
          await insertRows(trx, 'records', s.records, 500);
          await insertRows(trx, 'console_links', s.links, 1_000);
          await insertRows(trx, 'console_receipts', [{ ...s.receipt, slot_id: slotOf.get(branch.site_id)! }], 1);
          sampleMeetings.push(m.meeting_id);
        }
      }
      summaries.push(...branchMonths(own));
      if (summaries.length >= 20_000) {
        await insertBranchMonths(trx, dialect, summaries);
        summaries = [];
      }
      if (buffer.length >= 20_000) {
        await insertMeetings(trx, dialect, buffer);
        meetings += buffer.length;
        buffer = [];
        if (meetings % 200_000 < 20_000) log(`  ${meetings.toLocaleString('en')} meetings…`);
      }
    }
    await insertMeetings(trx, dialect, buffer);
    await insertBranchMonths(trx, dialect, summaries);
    meetings += buffer.length;
  });
  // Fresh statistics (and, on PostgreSQL, the visibility map that lets the month be read from its covering index).
  await (dialect === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(db);
  const info: Generated = {
    generation: GENERATION,
    generatedAt: now,
    lastMonth: p.lastMonth,
    meetings,
    sampleMeetings,
    slots: p.sites.map((s) => s.slot_id),
    generateMs: round(performance.now() - started, 0),
  };
  await db.insertInto('server_meta').values({ key: MARKER, value: JSON.stringify(info) }).execute();
  log(`generated ${meetings.toLocaleString('en')} meetings and ${sampleMeetings.length} sampled meetings' records in ${round(info.generateMs / 1000)} s`);
  return info;
}

async function marker(db: ServerKysely): Promise<Generated | null> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', MARKER).executeTakeFirst();
  const info = row ? (JSON.parse(row.value) as Generated) : null;
  return info?.generation === GENERATION ? info : null;
}

// ---- Opening (or generating) the cached servers -----------------------------------------------------------------------

async function openSqlite(regenerate: boolean): Promise<{ server: ServerDb; info: Generated; reused: boolean }> {
  const file = path.join(OUT, 'server.sqlite');
  if (regenerate) fs.rmSync(OUT, { recursive: true, force: true });
  let server = await openServerDb({ dataDir: OUT, name: 'Thành ủy Hà Nội' });
  const cached = await marker(server.db);
  if (cached) return { server, info: cached, reused: true };
  await server.close();
  fs.rmSync(OUT, { recursive: true, force: true });
  server = await openServerDb({ dataDir: OUT, name: 'Thành ủy Hà Nội' });
  log(`SQLite: ${file}`);
  return { server, info: await generate(server), reused: false };
}

async function openPostgres(url: string, schema: string, regenerate: boolean): Promise<{ server: ServerDb; info: Generated; reused: boolean }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chibo-bench-console-'));
  let server = await openServerDb({ dataDir, databaseUrl: url, schema, name: 'Thành ủy Hà Nội' });
  const cached = regenerate ? null : await marker(server.db);
  if (cached) return { server, info: cached, reused: true };
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(server.db);
  await server.close();
  server = await openServerDb({ dataDir, databaseUrl: url, schema, name: 'Thành ủy Hà Nội' });
  return { server, info: await generate(server), reused: false };
}

// ---- Measuring -------------------------------------------------------------------------------------------------------

/** Wall time per call, and this process's CPU time per call: on a shared machine (2 cores, other work running) the
 *  wall time includes waiting for a core; the CPU time is what the call itself costs (the database's own CPU time is
 *  in it for SQLite, which runs in this process, not for PostgreSQL). */
async function time(runs: number, warmup: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const c = percentiles(cpu);
  return { ...percentiles(samples), cpuP50: c.p50, cpuP95: c.p95 };
}

async function measure(server: ServerDb, info: Generated, runs: number) {
  const { db } = server;
  const random = new Random(SEED + 3);
  const last = monthIndex(info.lastMonth);
  const recentMonth = (i: number) => monthOf(last - (i % 12));
  const overview = (month: string, slotId?: string) =>
    consoleSchemas['overview.month'].parse({ month, sort: 'attention', limit: 50, ...(slotId ? { slotId } : {}) });

  const counts = {
    branches: Number((await db.selectFrom('console_branches').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    meetings: Number((await db.selectFrom('console_meetings').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    records: Number((await db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  };
  const sample = await monthOverview(db, null, overview(info.lastMonth));
  log(`${server.label}: ${counts.branches} branches, ${counts.meetings} meetings; city overview of ${info.lastMonth}: ${sample.total} rows, ${sample.rows.filter((r) => r.flags.length > 0).length} of the first 50 flagged`);

  log('city overview…');
  const city = await time(Math.max(20, Math.round(runs / 3)), 3, (i) => monthOverview(db, null, overview(recentMonth(i))));
  log('ward overview (reviewer of one ward)…');
  const ward = await time(runs, 10, (i) => {
    const slot = info.slots[random.int(0, info.slots.length - 1)]!;
    return monthOverview(db, [slot], overview(recentMonth(i)));
  });
  log('one ward filtered by an administrator…');
  const wardFilter = await time(Math.max(20, Math.round(runs / 5)), 3, (i) => monthOverview(db, null, overview(recentMonth(i), info.slots[i % info.slots.length])));
  log('opening a meeting…');
  const meeting = await time(runs, 10, () => consoleMeeting(db, null, info.sampleMeetings[random.int(0, info.sampleMeetings.length - 1)]!));
  const opened = await consoleMeeting(db, null, info.sampleMeetings[0]!);
  log('quarter report and trend…');
  const quarter = `${info.lastMonth.slice(0, 4)}-Q${Math.ceil(Number(info.lastMonth.slice(5, 7)) / 3)}`;
  const report = await time(10, 1, () => periodReport(db, null, consoleSchemas['reports.period'].parse({ period: quarter, branches: true })));
  const trendMs = await time(10, 1, () => trend(db, null, consoleSchemas['reports.trend'].parse({ to: info.lastMonth, months: 12 })));
  return {
    database: server.label.replace(/\(.*\)/, '').trim(),
    counts,
    cityOverviewMs: { ...city, targetP95: TARGETS.cityP95Ms, met: city.p95 < TARGETS.cityP95Ms },
    wardOverviewMs: { ...ward, targetP95: TARGETS.wardP95Ms, met: ward.p95 < TARGETS.wardP95Ms },
    wardFilteredByAdminMs: wardFilter,
    openMeetingMs: {
      ...meeting,
      targetP95: TARGETS.meetingP95Ms,
      met: meeting.p95 < TARGETS.meetingP95Ms,
      draftLines: opened.drafts.at(-1)?.lines.length ?? 0,
      attendanceRows: opened.attendance.rows.length,
      history: opened.history.length,
    },
    quarterReportWithBranchesMs: report,
    trend12MonthsMs: trendMs,
  };
}

// ---- What the projections add to a push ------------------------------------------------------------------------------

/**
 * The cost of projectWrites in an initial sync: the records of a generated ten-year ward (bench/out/ward.sqlite, from
 * `npm run bench -- generate --preset ward`: organisations, members, 7,200 meetings, ~300,000 attendance rows) in
 * batches of 5,000 ops in outbox order, each batch written to `records` and then projected in one transaction, only the
 * projection timed. Compare with the push handling of `npm run bench -- sync` for the same ward.
 */
async function projectionCost(server: ServerDb): Promise<Record<string, unknown>> {
  const file = path.join(here, 'out', 'ward.sqlite');
  if (!fs.existsSync(file)) return { skipped: `${file} is missing: run npm run bench -- generate --preset ward` };
  const { default: Database } = await import('better-sqlite3');
  const ward = new Database(file, { readonly: true });
  const siteId = uuidv7();
  const now = Date.now();
  const ops: ProjectedWrite[] = [];
  const rows = (table: string) => ward.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
  for (const table of ['organisations', 'members', 'meetings']) {
    for (const r of rows(table)) ops.push({ table, key: String(r.id), deletedAt: null, data: { ...r, owner_site: siteId } });
  }
  for (const r of rows('attendance')) ops.push({ table: 'attendance', key: `${r.meeting_id}:${r.member_id}`, deletedAt: null, data: r });
  ward.close();
  let projectMs = 0;
  let batches = 0;
  const perBatch: number[] = [];
  for (let i = 0; i < ops.length; i += 5_000) {
    const batch = ops.slice(i, i + 5_000);
    await server.db.transaction().execute(async (trx) => {
      for (let j = 0; j < batch.length; j += 400) {
        await trx
          .insertInto('records')
          .values(
            batch.slice(j, j + 400).map((op) => ({
              table_name: op.table,
              record_key: op.key,
              owner_site: siteId,
              version: 1,
              updated_at: now * 1024,
              deleted_at: null,
              data: JSON.stringify(op.data),
              received_at: now,
            })),
          )
          .execute();
      }
      const t = performance.now();
      await projectWrites(trx, batch, { site_id: siteId }, now);
      const ms = performance.now() - t;
      perBatch.push(ms);
      projectMs += ms;
    });
    batches++;
  }
  const projected = Number((await server.db.selectFrom('console_meetings').select((eb) => eb.fn.countAll().as('n')).where('site_id', '=', siteId).executeTakeFirstOrThrow()).n);
  return {
    database: server.label.replace(/\(.*\)/, '').trim(),
    records: ops.length,
    batches,
    projectedMeetings: projected,
    projectWritesMs: round(projectMs, 0),
    perRecordUs: round((projectMs * 1000) / ops.length, 2),
    perBatchMs: percentiles(perBatch),
  };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args,
    options: {
      pg: { type: 'string' },
      'pg-schema': { type: 'string', default: 'bench_console' },
      runs: { type: 'string', default: '300' },
      regenerate: { type: 'boolean', default: false },
      'sqlite-only': { type: 'boolean', default: false },
      'projection-cost': { type: 'boolean', default: false },
    },
  });
  if (values['projection-cost']) {
    const pgCostUrl = values['sqlite-only'] ? undefined : values.pg?.trim() || process.env.CHIBO_BENCH_PG?.trim() || undefined;
    const out: Record<string, unknown>[] = [];
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chibo-bench-projection-'));
    const targets: (string | undefined)[] = [undefined, ...(pgCostUrl ? [pgCostUrl] : [])];
    for (const url of targets) {
      const schema = url ? `bench_projection_${process.pid}` : undefined;
      const server = await openServerDb({ dataDir, databaseUrl: url, schema });
      try {
        log(`projection cost on ${server.label}…`);
        out.push(await projectionCost(server));
      } finally {
        if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(server.db);
        await server.close();
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    return { projectionCost: out, loadAverage: os.loadavg().slice(0, 2).map((n) => round(n, 2)) };
  }
  const runs = Math.max(10, Number(values.runs));
  const pgUrl = values['sqlite-only'] ? undefined : values.pg?.trim() || process.env.CHIBO_BENCH_PG?.trim() || undefined;
  const results: Record<string, unknown>[] = [];
  const generation: Record<string, unknown> = {};

  const lite = await openSqlite(values.regenerate);
  try {
    generation.sqlite = { reused: lite.reused, generateMs: lite.info.generateMs, lastMonth: lite.info.lastMonth, sampleMeetings: lite.info.sampleMeetings.length };
    results.push(await measure(lite.server, lite.info, runs));
  } finally {
    await lite.server.close();
  }
  if (pgUrl) {
    const pgServer = await openPostgres(pgUrl, values['pg-schema']!, values.regenerate);
    try {
      generation.postgres = { reused: pgServer.reused, generateMs: pgServer.info.generateMs, lastMonth: pgServer.info.lastMonth, sampleMeetings: pgServer.info.sampleMeetings.length };
      results.push(await measure(pgServer.server, pgServer.info, runs));
    } finally {
      await pgServer.server.close();
    }
  } else log('PostgreSQL skipped: pass --pg URL or set CHIBO_BENCH_PG.');

  return {
    note:
      'Projections (console_branches, console_meetings) bulk-generated with realistic values, not pushed; only the sampled meetings ' +
      'opened by the meeting page have their records (meeting, agenda, drafts, attendance, members, opinions, comments, feedback).',
    wards: WARDS,
    branches: BRANCHES,
    months: MONTHS,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().slice(0, 2).map((n) => round(n, 2)),
    generation,
    results,
  };
}

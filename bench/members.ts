// The member list over a whole city in one file: `npm run bench -- members [--db FILE] [--reps N] [--ward ID]`.
// Opens the database (migrating it to the newest schema the first time), makes a ward of about the median size this
// installation's ward (settings 'ward.id'), and times members.list and branches.list as a ward_staff user calls them,
// through the same handlers the dispatcher uses: a ward's list, filtered, by branch and searched, then searches over
// every member of the city (the same query with the ward scope off). Targets: a filtered, sorted page of a ward in
// under 20 ms; a search without diacritics over the city in under 50 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { schemas, type Input, type Method, type SessionUser } from '../core/api';
import type { Call } from '../core/context';
import { startRuntime } from '../core/runtime';
import { handlers } from '../core/services/index';
import { listMembers } from '../core/services/members';
import { findMemberIds, searchExpression, type MemberFilter } from '../core/services/memberSearch';
import { currentWardId, WARD_SETTING } from '../core/services/setup';
import { readSchemaVersion } from '../db/connection';
import { foldDiacritics } from '../db/names';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Timing {
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  reps: number;
}

async function time(reps: number, warmup: number, fn: () => unknown): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
  const round = (ms: number) => Number(ms.toFixed(2));
  return { medianMs: round(at(0.5)), p95Ms: round(at(0.95)), maxMs: round(samples[samples.length - 1]!), reps };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string', default: path.join(here, 'out', 'city.sqlite') },
      reps: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '10' },
      ward: { type: 'string' },
    },
    strict: true,
  });
  const file = path.resolve(values.db);
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist: run \`npm run bench -- generate --preset city\` first.`);
  const reps = Number(values.reps);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(reps) || reps < 1 || !Number.isInteger(warmup) || warmup < 0) throw new Error('--reps and --warmup must be whole numbers');

  const loadBefore = os.loadavg().map((l) => Number(l.toFixed(2)));
  const versionBefore = readSchemaVersion(file);
  const openStarted = Date.now();
  process.stderr.write(`Opening ${file} (schema ${versionBefore}); migrating takes a while the first time…\n`);
  const runtime = startRuntime({ dataDir: path.dirname(file), databaseFile: file, host: 'cli', appVersion: 'bench' });
  const openSeconds = (Date.now() - openStarted) / 1000;
  const ctx = runtime.context;
  const sqlite = runtime.store.sqlite;
  try {
    const schemaVersion = sqlite.pragma('user_version', { simple: true }) as number;
    const cityMembers = sqlite.prepare('SELECT count(*) FROM members WHERE deleted_at IS NULL').pluck().get() as number;
    const wards = sqlite
      .prepare(
        `SELECT w.id, w.name, count(DISTINCT b.id) AS branches, count(m.rowid) AS members
           FROM organisations w JOIN organisations b ON b.parent_id = w.id AND b.kind = 'branch'
           LEFT JOIN members m ON m.branch_id = b.id AND m.deleted_at IS NULL
          WHERE w.kind = 'ward' GROUP BY w.id ORDER BY members, w.id`,
      )
      .all() as { id: string; name: string; branches: number; members: number }[];
    if (wards.length === 0) throw new Error('No ward in this database.');
    const ward = values.ward ? wards.find((w) => w.id === values.ward) : wards[Math.floor((wards.length - 1) / 2)];
    if (!ward) throw new Error(`No ward ${values.ward} in this database.`);

    // This installation's ward: the bench database's settings are changed in place, and the change is reported.
    const wardSettingBefore = currentWardId(ctx);
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(WARD_SETTING, JSON.stringify(ward.id));

    const user: SessionUser = { id: 'bench', username: 'bench', displayName: 'Benchmark', role: 'ward_staff', branchId: null, branchName: null };
    const call: Call = { user, session: { token: null } };
    // As the dispatcher calls a service once the caller may: the input parsed by the contract's schema, then the handler.
    const callMethod = <M extends Method>(method: M, input: Input<M>) => {
      const handler = handlers[method] as (input: unknown, c: typeof ctx, call: Call) => unknown;
      return handler(schemas[method].parse(input), ctx, call);
    };
    const list = (input: Input<'members.list'>) => callMethod('members.list', input);
    const listPage = async (input: Input<'members.list'>) => (await list(input)) as { total: number; rows: { fullName: string }[] };

    // Test data from the ward itself: its biggest branch, a full name that exists, the city's rarest given name.
    const biggestBranch = sqlite
      .prepare(
        `SELECT b.id, b.name, count(*) AS members FROM organisations b JOIN members m ON m.branch_id = b.id
          WHERE b.parent_id = ? AND m.deleted_at IS NULL GROUP BY b.id ORDER BY members DESC, b.id LIMIT 1`,
      )
      .get(ward.id) as { id: string; name: string; members: number };
    const firstPage = await listPage({});
    const fullName = foldDiacritics(firstPage.rows[Math.min(7, firstPage.rows.length - 1)]!.fullName);
    // The given name that is the rarest word of any name in the city (a given name elsewhere is often a middle name).
    sqlite.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.members_words USING fts5vocab(main, 'members_fts', 'row')");
    const rareGiven = sqlite
      .prepare(
        `SELECT w.term AS given, w.doc AS n FROM temp.members_words w
          WHERE w.term IN (SELECT replace(search_name, rtrim(search_name, replace(search_name, ' ', '')), '') FROM members)
          ORDER BY w.doc, w.term LIMIT 1`,
      )
      .get() as { given: string; n: number };
    sqlite.exec('DROP TABLE temp.members_words');
    const cases: Record<string, { input: Input<'members.list'>; what: string }> = {
      wardPage1: { input: {}, what: 'ward, page 1 of 50 in name order, no filter' },
      wardFilteredPage1: { input: { status: 'official', standing: 'on_roll' }, what: 'ward, official and on the roll, page 1' },
      wardFilteredPage20: { input: { status: 'official', standing: 'on_roll', page: 20 }, what: 'ward, official and on the roll, page 20' },
      wardBranch: { input: { branchId: biggestBranch.id }, what: `ward, branch filter (${biggestBranch.name}, ${biggestBranch.members} members)` },
      wardProbationDue: { input: { dueForOfficialIn: '2026-11' }, what: 'ward, probationary members due for official recognition' },
      wardSearch: { input: { search: 'nguyen van' }, what: 'ward, search "nguyen van"' },
      wardSearchFiltered: { input: { search: 'tran thi', status: 'official', standing: 'on_roll' }, what: 'ward, search "tran thi", official and on the roll' },
    };
    const figures: Record<string, Timing & { what: string; total?: number; rows?: number }> = {};
    for (const [name, { input, what }] of Object.entries(cases)) {
      const page = await listPage(input);
      figures[name] = { what, total: page.total, rows: page.rows.length, ...(await time(reps, warmup, () => list(input))) };
      process.stderr.write(`${name}: ${JSON.stringify(figures[name])}\n`);
    }
    const branches = callMethod('branches.list', {}) as unknown[];
    figures.wardBranchCounts = { what: 'branches.list: member counts per branch of the ward', rows: branches.length, ...(await time(reps, warmup, () => callMethod('branches.list', {}))) };
    process.stderr.write(`wardBranchCounts: ${JSON.stringify(figures.wardBranchCounts)}\n`);

    // Over the whole city: the same query builder and row loading as members.list, with the ward scope off.
    const citySearches: Record<string, string> = {
      cityFullName: fullName,
      cityNguyen: 'nguyen',
      cityTranThi: 'tran thi',
      // A middle name that goes with women's given names: its matches cluster in name order.
      cityThi: 'thi',
      cityRareGivenName: rareGiven.given,
      cityNoMatch: 'xyzzy qwerty',
      cityNguyenVanPage20: 'nguyen van',
    };
    for (const [name, search] of Object.entries(citySearches)) {
      const filter: MemberFilter & { page: number; pageSize: number } = { search, page: name.endsWith('Page20') ? 20 : 1, pageSize: 50 };
      const shape = findMemberIds(sqlite, { kind: 'all' }, filter, { limit: 50, offset: (filter.page - 1) * 50 }).shape;
      const page = listMembers(ctx, { kind: 'all' }, filter);
      figures[name] = {
        what: `city, search "${search}" (${searchExpression(search)}), page ${filter.page}, shape ${shape}`,
        total: page.total,
        rows: page.rows.length,
        ...(await time(reps, warmup, () => listMembers(ctx, { kind: 'all' }, filter))),
      };
      process.stderr.write(`${name}: ${JSON.stringify(figures[name])}\n`);
    }

    const worst = (names: string[]) => Math.max(...names.map((n) => figures[n]!.medianMs));
    const wardFiltered = ['wardPage1', 'wardFilteredPage1', 'wardFilteredPage20', 'wardBranch', 'wardProbationDue'];
    const city = Object.keys(citySearches);
    return {
      db: file,
      schemaVersionBefore: versionBefore,
      schemaVersion,
      openSeconds: Number(openSeconds.toFixed(1)),
      cityMembers,
      wards: wards.length,
      ward: { id: ward.id, name: ward.name, members: ward.members, branches: ward.branches, rank: `${wards.indexOf(ward) + 1} of ${wards.length} by members` },
      wardSetting: { key: WARD_SETTING, before: wardSettingBefore, after: ward.id },
      targets: {
        wardFilteredPageUnder20ms: worst(wardFiltered) < 20,
        wardWorstMedianMs: worst(wardFiltered),
        citySearchUnder50ms: worst(city) < 50,
        cityWorstMedianMs: worst(city),
      },
      figures,
      // Other work on the machine shows in the figures: the 1, 5 and 15 minute load averages (2 cores).
      loadAverage: { before: loadBefore, after: os.loadavg().map((l) => Number(l.toFixed(2))) },
      node: process.version,
      sqlite: sqlite.prepare('SELECT sqlite_version()').pluck().get(),
    };
  } finally {
    await runtime.close();
  }
}

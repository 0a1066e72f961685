// `npm run bench -- sync [--pg URL] [--wards N] [--skip-initial] [--skip-many] [--in-process] [--no-breakdown]
//                        [--stall-ms MS] [--history-years N] [--month-meetings N] [--initial-concurrency N]`
//
// Sync with the superior's server over loopback HTTP: the real server (server/app.ts startSyncServer, listening on
// 127.0.0.1) and the ward's real client (core/sync through ctx.sync.run(), with the global fetch).
//
// 1. Initial sync of a ward's ten years (db/generate preset 'ward'): from enrolment (which enqueues every owned record)
//    to quiescence (outbox empty, every push acknowledged), on the embedded SQLite server and, with --pg URL or
//    CHIBO_BENCH_PG, on PostgreSQL in a fresh schema. Then, unless --no-breakdown, the same batches are replayed without
//    HTTP through the same functions (buildBatch, signRequest, authenticate, parsePush, applyPush, applyPushAnswer) into
//    a fresh server database, timing each step: where the time goes; then the floor: only JSON.parse of the same bodies
//    and push.ts writeRecords into another fresh database, the least any server must do per row on this machine.
//    Target (issue): 100,000 rows/s end to end.
// 2. Many wards at once: --wards (126) generated wards (60 branches, 3,000 members each; --history-years of meetings,
//    default none) enrolled on one server and synced, then each writes a month of work (--month-meetings meetings, 60 by
//    default: planned, agenda, chair and secretary, a draft, attendance, four opinions, the vote, held) and all sync at
//    once (Promise.all over ctx.sync.run()). A cycle not done within --stall-ms is a stall. Target: no error or stall.
//
// The server runs in a worker thread (its own core, as on its own machine) unless --in-process. Every server's data is
// temporary; a PostgreSQL schema is created for the run and dropped after it.
import crypto from 'node:crypto';
import dc from 'node:diagnostics_channel';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../core/context';
import { agendaTemplate } from '../core/rules/meetingPlan';
import { startRuntime, type Runtime } from '../core/runtime';
import { enrol as enrolWard } from '../core/services/sync';
import { applyPushAnswer, buildBatch, enqueueAll, outboxCount } from '../core/sync/outbox';
import { enrolRequestBody, makeKeyPair, PROTOCOL, signRequest, WARD_TABLES, type PushAnswer } from '../core/sync/protocol';
import { buildStatus, selfSite, writeChainMarker } from '../core/sync/state';
import { pushAnswer } from '../core/sync/wire';
import { DATABASE_FILE_NAME } from '../db/connection';
import { generate, type GenerateOptions, type GenerateSummary } from '../db/generate/generate';
import { makeTempDir } from '../db/testing';
import { createSite } from '../server/admin';
import { startSyncServer } from '../server/app';
import { authenticate } from '../server/auth';
import type { SyncEnv } from '../server/context';
import { openServerDb, sqliteHandle, type ServerDb, type ServerKysely } from '../server/db';
import { enrol as enrolOnServer } from '../server/enrol';
import { applyPush, parsePush, writeRecords } from '../server/push';
import { parseJson } from '../server/validate';

const APP_VERSION = 'bench';
const SERVER_NAME = 'Thành ủy Hà Nội';
const WORKER_ROLE = 'chibo-bench-sync-server';
const TARGET_ROWS_PER_SEC = 100_000;

// ---- Small helpers ---------------------------------------------------------------------------------------------------

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (message: string) => process.stderr.write(`[sync ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const perSecond = (rows: number, ms: number) => (ms > 0 ? Math.round((rows * 1000) / ms) : null);
/** The machine's 1- and 5-minute load averages: other work on the machine shows here (2 cores: 2.0 is full). */
const loadAverage = () => os.loadavg().slice(0, 2).map((n) => round(n, 2));
const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

function percentiles(samples: number[]) {
  if (samples.length === 0) return { n: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { n: sorted.length, min: round(sorted[0]!), p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted.at(-1)!) };
}

async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

function removeDir(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
}

const freshSchema = () => `bench_sync_${crypto.randomBytes(6).toString('hex')}`;

async function dropSchema(db: ServerKysely, schema: string | undefined) {
  if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
}

/** Opening a server creates its schema first: when the opening fails after that, the schema is dropped here. */
async function dropSchemaAt(url: string | undefined, schema: string | undefined) {
  if (!url || !schema) return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
  } catch (error) {
    log(`could not drop schema ${schema}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Records the ward owns in the protocol's tables: what an initial sync must put on the server (outbox.ts enqueueAll). */
function ownedRecords(sqlite: BetterSqlite3.Database, siteId: string): number {
  let total = 0;
  for (const table of WARD_TABLES) {
    total +=
      table === 'attendance'
        ? (sqlite.prepare('SELECT count(*) FROM attendance').pluck().get() as number)
        : (sqlite.prepare(`SELECT count(*) FROM ${table} WHERE owner_site = ?`).pluck().get(siteId) as number);
  }
  return total;
}

// ---- The server: its timing, seen from inside (diagnostics channels), in a worker thread or in this one ----------------

interface RouteStats {
  count: number;
  ms: number;
  bytesIn: number;
}

interface ServerStats {
  routes: Record<string, RouteStats>;
  /** Milliseconds from each push's request line to its answer's last byte. */
  pushMs: number[];
  maxInFlight: number;
  /** Share of the server thread's time spent working (event loop utilisation) since the last reset. */
  busy: number;
}

interface ServerHandle {
  url: string;
  label: string;
  createSite(name: string): Promise<{ slotId: string; code: string }>;
  resetStats(): Promise<void>;
  stats(): Promise<ServerStats>;
  /** Records held per owner site. */
  ownedCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

const routeOf = (method: string | undefined, url: string | undefined) =>
  `${method ?? '?'} ${(url ?? '').split('?')[0]!.replace(/\/[0-9a-f]{64}$/, '/:sha256')}`;

async function openServerCore(pg: string | undefined): Promise<Omit<ServerHandle, 'resetStats' | 'stats'> & { resetStats(): void; stats(): ServerStats }> {
  const dataDir = makeTempDir('chibo-bench-sync-server-');
  const schema = pg ? freshSchema() : undefined;
  let running: Awaited<ReturnType<typeof startSyncServer>>;
  try {
    running = await startSyncServer({ dataDir, port: 0, name: SERVER_NAME, databaseUrl: pg, databaseSchema: schema });
  } catch (error) {
    await dropSchemaAt(pg, schema);
    removeDir(dataDir);
    throw error;
  }
  const http = running.server.server;
  const started = new WeakMap<object, number>();
  let stats: ServerStats = { routes: {}, pushMs: [], maxInFlight: 0, busy: 0 };
  let inFlight = 0;
  let elu = performance.eventLoopUtilization();
  type Message = { server?: unknown; request?: { method?: string; url?: string; headers?: Record<string, unknown> }; response?: object };
  const onStart = (message: unknown) => {
    const m = message as Message;
    if (m.server !== http || !m.response) return;
    started.set(m.response, performance.now());
    stats.maxInFlight = Math.max(stats.maxInFlight, ++inFlight);
  };
  const onFinish = (message: unknown) => {
    const m = message as Message;
    if (m.server !== http || !m.response) return;
    const t0 = started.get(m.response);
    if (t0 === undefined) return;
    started.delete(m.response);
    inFlight--;
    const ms = performance.now() - t0;
    const route = routeOf(m.request?.method, m.request?.url);
    const r = (stats.routes[route] ??= { count: 0, ms: 0, bytesIn: 0 });
    r.count++;
    r.ms += ms;
    r.bytesIn += Number(m.request?.headers?.['content-length'] ?? 0) || 0;
    if (route === 'POST /v1/push') stats.pushMs.push(ms);
  };
  dc.subscribe('http.server.request.start', onStart);
  dc.subscribe('http.server.response.finish', onFinish);
  return {
    url: running.url,
    label: running.databaseLabel,
    createSite: (name) => createSite(running.db, name),
    resetStats() {
      stats = { routes: {}, pushMs: [], maxInFlight: inFlight, busy: 0 };
      elu = performance.eventLoopUtilization();
    },
    stats() {
      return { ...stats, busy: round(performance.eventLoopUtilization(elu).utilization, 3) };
    },
    async ownedCounts() {
      const rows = await running.db
        .selectFrom('records')
        .select((eb) => ['owner_site', eb.fn.countAll<number>().as('n')])
        .groupBy('owner_site')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.owner_site, Number(r.n)]));
    },
    async close() {
      dc.unsubscribe('http.server.request.start', onStart);
      dc.unsubscribe('http.server.response.finish', onFinish);
      try {
        await dropSchema(running.db, schema);
      } finally {
        await running.close();
        removeDir(dataDir);
      }
    },
  };
}

type ServerCall = { id: number; op: 'createSite' | 'resetStats' | 'stats' | 'ownedCounts' | 'close'; arg?: string };
type ServerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** The worker's side: opens the server and answers the bench's calls. */
async function serveInWorker(pg: string | undefined): Promise<void> {
  const port = parentPort!;
  let core: Awaited<ReturnType<typeof openServerCore>>;
  try {
    core = await openServerCore(pg);
  } catch (error) {
    port.postMessage({ ready: false, error: (error as Error)?.stack ?? String(error) });
    return;
  }
  port.on('message', (call: ServerCall) => {
    const work = async (): Promise<unknown> => {
      switch (call.op) {
        case 'createSite':
          return core.createSite(call.arg!);
        case 'resetStats':
          return core.resetStats();
        case 'stats':
          return core.stats();
        case 'ownedCounts':
          return core.ownedCounts();
        case 'close':
          return core.close();
      }
    };
    work().then(
      (value) => port.postMessage({ id: call.id, ok: true, value } satisfies ServerReply),
      (error: unknown) => port.postMessage({ id: call.id, ok: false, error: (error as Error)?.stack ?? String(error) } satisfies ServerReply),
    );
  });
  port.postMessage({ ready: true, url: core.url, label: core.label });
}

async function startServer(pg: string | undefined, inProcess: boolean): Promise<ServerHandle> {
  if (inProcess) {
    const core = await openServerCore(pg);
    return { ...core, resetStats: async () => core.resetStats(), stats: async () => core.stats() };
  }
  // tsx's loader is registered per thread: the worker registers it, then loads this very file in the server's role.
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(import.meta.url)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: { role: WORKER_ROLE, pg } });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failed: Error | null = null;
  const failAll = (error: Error) => {
    failed ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const ready = new Promise<{ url: string; label: string }>((resolve, reject) => {
    worker.once('message', (m: { ready: boolean; url?: string; label?: string; error?: string }) =>
      m.ready ? resolve({ url: m.url!, label: m.label! }) : reject(new Error(`the server did not start: ${m.error}`)),
    );
    worker.once('error', reject);
  });
  const { url, label } = await ready;
  worker.on('message', (reply: ServerReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(new Error(`server: ${reply.error}`));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the server's worker exited (${code})`)));
  const call = <T>(op: ServerCall['op'], arg?: string): Promise<T> => {
    if (failed) return Promise.reject(failed);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, arg } satisfies ServerCall);
    });
  };
  return {
    url,
    label,
    createSite: (name) => call('createSite', name),
    resetStats: () => call('resetStats'),
    stats: () => call('stats'),
    ownedCounts: () => call('ownedCounts'),
    async close() {
      try {
        await call('close');
      } finally {
        await worker.terminate();
      }
    },
  };
}

// ---- A ward: a runtime on a data folder, its client's fetch timed -------------------------------------------------------

interface FetchStats {
  routes: Record<string, { count: number; ms: number; bytesOut: number; bytesIn: number }>;
}

/** The global fetch, timed from the call to the answer's last byte. */
function timedFetch(stats: FetchStats): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const route = routeOf(init?.method ?? 'GET', new URL(url).pathname);
    const t0 = performance.now();
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    const r = (stats.routes[route] ??= { count: 0, ms: 0, bytesOut: 0, bytesIn: 0 });
    r.count++;
    r.ms += performance.now() - t0;
    r.bytesOut += init?.body instanceof Uint8Array ? init.body.byteLength : 0;
    r.bytesIn += body.byteLength;
    const empty = [101, 204, 205, 304].includes(response.status) || init?.method === 'HEAD';
    return new Response(empty ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

interface Ward {
  dir: string;
  runtime: Runtime;
  ctx: ServiceContext;
  sqlite: BetterSqlite3.Database;
  siteId: string;
  wardId: string;
  fetch: FetchStats;
  logs: string[];
}

function openWard(dir: string): Ward {
  const fetchStats: FetchStats = { routes: {} };
  const logs: string[] = [];
  const runtime = startRuntime({
    dataDir: dir,
    host: 'cli',
    appVersion: APP_VERSION,
    log: (error) => logs.push(error instanceof Error ? `${error.message}${error.cause ? `: ${String(error.cause)}` : ''}` : String(error)),
    printPdf: async () => new Uint8Array(),
    sync: { background: false, fetch: timedFetch(fetchStats) },
  });
  const sqlite = runtime.store.sqlite;
  const siteId = selfSite(sqlite);
  const wardId = JSON.parse((sqlite.prepare("SELECT value FROM settings WHERE key = 'ward.id'").pluck().get() as string | undefined) ?? 'null') as string | null;
  if (!siteId || !wardId) throw new Error(`${dir}: no ward set up`);
  return { dir, runtime, ctx: runtime.context, sqlite, siteId, wardId, fetch: fetchStats, logs };
}

/** Generates a ward into a fresh data folder and makes it the installation's ward (as bench/minutes.ts does). */
async function generateWard(
  dir: string,
  options: Omit<GenerateOptions, 'ownerSite' | 'now' | 'hlc'>,
  keepMeetings = true,
): Promise<GenerateSummary & { file: string }> {
  const runtime = startRuntime({ dataDir: dir, host: 'cli', appVersion: APP_VERSION, log: () => {}, printPdf: async () => new Uint8Array() });
  try {
    const ctx = runtime.context;
    const sqlite = runtime.store.sqlite;
    const siteId = uuidv7();
    const generated = generate(sqlite, { ...options, ownerSite: siteId, now: ctx.clock(), hlc: ctx.hlc });
    const wardId = generated.wardIds[0]!;
    if (!keepMeetings) {
      // Adopted minutes lock their meeting and its roll call (migration 4): the locks step aside for this one
      // transaction, before the ward is enrolled, and are put back as they were.
      const locks = sqlite
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('meetings', 'attendance') AND name LIKE '%locked%'")
        .all() as { name: string; sql: string }[];
      sqlite.transaction(() => {
        for (const lock of locks) sqlite.exec(`DROP TRIGGER ${lock.name}`);
        sqlite.prepare('DELETE FROM attendance').run();
        sqlite.prepare('DELETE FROM meetings').run();
        for (const lock of locks) sqlite.exec(lock.sql);
      })();
    }
    const name = sqlite.prepare('SELECT name FROM organisations WHERE id = ?').pluck().get(wardId) as string;
    sqlite.prepare('INSERT INTO sites (id, organisation_id, name, is_self, created_at) VALUES (?, ?, ?, 1, ?)').run(siteId, wardId, name, ctx.clock());
    sqlite.prepare("INSERT INTO settings (key, value) VALUES ('ward.id', ?)").run(JSON.stringify(wardId));
    return { ...generated, file: runtime.store.file };
  } finally {
    await runtime.close();
  }
}

/** A copy of a template ward's database in a fresh data folder. */
function copyWard(template: string, prefix: string): string {
  const dir = makeTempDir(prefix);
  fs.copyFileSync(template, path.join(dir, DATABASE_FILE_NAME));
  return dir;
}

function sumRoutes(routes: Record<string, { count: number; ms: number }>, only?: string) {
  let count = 0;
  let ms = 0;
  for (const [route, r] of Object.entries(routes)) {
    if (only && route !== only) continue;
    count += r.count;
    ms += r.ms;
  }
  return { count, ms };
}

// ---- A month of a ward's work ---------------------------------------------------------------------------------------

/**
 * What the meeting services (core/services/meetings.ts) write for `count` meetings, written directly for speed (the
 * services take ~55 ms a meeting, mostly re-reading the meeting's detail): the same tables and columns, one change per
 * service call (each bumps the meeting's version), so the outbox triggers fill the outbox the same way: planned with the
 * regular agenda, chair and secretary set, a draft, the roll call of the branch's active and exempt members, four
 * opinions, the vote, held. Branches take turns.
 */
function writeMonth(ward: Ward, count: number, salt: number): { meetings: number; attendance: number; entries: number; records: number } {
  const { sqlite, ctx, siteId } = ward;
  const before = sqlite.prepare('SELECT coalesce(max(seq), 0) FROM outbox').pluck().get() as number;
  const branches = sqlite
    .prepare("SELECT id FROM organisations WHERE kind = 'branch' AND parent_id = ? AND deleted_at IS NULL ORDER BY sort_order")
    .pluck()
    .all(ward.wardId) as string[];
  const membersOf = sqlite.prepare(
    "SELECT id, full_name AS name, status FROM members WHERE branch_id = ? AND standing IN ('active', 'exempt') AND deleted_at IS NULL ORDER BY sort_key",
  );
  const insertMeeting = sqlite.prepare(
    "INSERT INTO meetings (id, branch_id, kind, scheduled_at, place, status, owner_site, updated_at) VALUES (?, ?, 'regular', ?, ?, 'planned', ?, ?)",
  );
  const insertAgenda = sqlite.prepare(
    'INSERT INTO agenda_items (id, meeting_id, position, title, minutes, presenter, summary, owner_site, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)',
  );
  const setPeople = sqlite.prepare("UPDATE meetings SET chair_id = ?, secretary_id = ?, guests = '[]', ended_at = '21:10', conclusion = ? WHERE id = ?");
  const insertDraft = sqlite.prepare(
    "INSERT INTO drafts (id, meeting_id, version_no, content, source, created_at, created_by, owner_site, updated_at) VALUES (?, ?, 1, ?, 'written', ?, NULL, ?, ?)",
  );
  const insertAttendance = sqlite.prepare('INSERT INTO attendance (meeting_id, member_id, status, reason, updated_at) VALUES (?, ?, ?, ?, ?)');
  const insertOpinion = sqlite.prepare(
    'INSERT INTO opinions (id, meeting_id, agenda_item_id, member_id, speaker_name, summary, position, owner_site, updated_at) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)',
  );
  const setVote = sqlite.prepare('UPDATE meetings SET vote_for = ?, vote_against = 0, vote_abstain = 0 WHERE id = ?');
  const setHeld = sqlite.prepare("UPDATE meetings SET status = 'held' WHERE id = ?");
  const bump = sqlite.prepare('UPDATE meetings SET version = version + 1, updated_at = ? WHERE id = ?');
  const now = new Date(ctx.clock() + 7 * 3_600_000);
  const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const agenda = agendaTemplate('regular');
  const draft = JSON.stringify([
    { heading: 'I. ĐÁNH GIÁ KẾT QUẢ THÁNG', paragraphs: ['Chi bộ hoàn thành các chỉ tiêu của tháng.', 'Công tác vận động nhân dân giữ gìn vệ sinh môi trường còn hạn chế.'] },
    { heading: 'II. NHIỆM VỤ THÁNG TỚI', paragraphs: ['Tổ chức tốt ngày hội đại đoàn kết toàn dân tộc ở khu dân cư.', 'Vận động quỹ vì người nghèo.'] },
  ]);
  let attendance = 0;
  const one = sqlite.transaction((i: number) => {
    const branchId = branches[i % branches.length]!;
    const id = uuidv7();
    // meetings.plan
    insertMeeting.run(id, branchId, `${month}-${String(5 + ((i + salt) % 20)).padStart(2, '0')}T19:30`, 'Nhà văn hóa khu dân cư', siteId, ctx.hlc.now());
    agenda.forEach((item, k) => insertAgenda.run(uuidv7(), id, k + 1, item.title, item.minutes, item.presenter, siteId, ctx.hlc.now()));
    const members = membersOf.all(branchId) as { id: string; name: string; status: string }[];
    const officials = members.filter((m) => m.status === 'official');
    // meetings.update
    setPeople.run(officials[0]?.id ?? null, officials[1]?.id ?? null, 'Chi bộ thống nhất các nhiệm vụ của tháng tới.', id);
    bump.run(ctx.hlc.now(), id);
    // drafts.save
    insertDraft.run(uuidv7(), id, draft, ctx.clock(), siteId, ctx.hlc.now());
    bump.run(ctx.hlc.now(), id);
    // attendance.mark
    let present = 0;
    members.forEach((m, k) => {
      const absent = k % 15 === 3;
      if (!absent) present++;
      insertAttendance.run(id, m.id, absent ? 'absent_excused' : 'present', absent ? 'Ốm' : null, ctx.hlc.now());
    });
    attendance += members.length;
    bump.run(ctx.hlc.now(), id);
    // opinions.add × 4
    for (let k = 0; k < 4; k++) {
      const speaker = officials[(k + 2) % Math.max(1, officials.length)] ?? members[0];
      insertOpinion.run(
        uuidv7(),
        id,
        speaker?.id ?? null,
        speaker?.name ?? 'Đảng viên',
        `Ý kiến thứ ${k + 1}: đề nghị chi bộ quan tâm hơn đến công tác vận động nhân dân giữ gìn vệ sinh môi trường và an ninh trật tự trên địa bàn.`,
        k + 1,
        siteId,
        ctx.hlc.now(),
      );
      bump.run(ctx.hlc.now(), id);
    }
    // vote.record, meetings.markHeld
    setVote.run(present, id);
    bump.run(ctx.hlc.now(), id);
    setHeld.run(id);
    bump.run(ctx.hlc.now(), id);
  });
  for (let i = 0; i < count; i++) one(i);
  const entries = sqlite.prepare('SELECT count(*) FROM outbox WHERE seq > ?').pluck().get(before) as number;
  const records = sqlite.prepare('SELECT count(*) FROM (SELECT DISTINCT tbl, key FROM outbox WHERE seq > ?)').pluck().get(before) as number;
  return { meetings: count, attendance, entries, records };
}

// ---- 1. The initial sync of a ward's ten years ----------------------------------------------------------------------

interface Backend {
  name: 'sqlite' | 'postgres';
  pg?: string;
}

async function initialSync(backend: Backend, template: string, options: { inProcess: boolean; breakdown: boolean }): Promise<Record<string, unknown>> {
  log(`initial sync on ${backend.name}: starting the server${options.inProcess ? ' (in process)' : ' (worker thread)'}`);
  const server = await startServer(backend.pg, options.inProcess);
  const dir = copyWard(template, 'chibo-bench-sync-ward-');
  const ward = openWard(dir);
  let serverOpen = true;
  try {
    const records = ownedRecords(ward.sqlite, ward.siteId);
    const { code } = await server.createSite('Đảng bộ phường Hồng Hà');
    let statusEmits = 0;
    ward.runtime.subscribe('sync.changed', () => statusEmits++);
    await server.resetStats();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    log(`initial sync on ${backend.name}: enrolling a ward of ${records.toLocaleString('en')} records (${server.label})`);
    const t0 = performance.now();
    await enrolWard({ serverUrl: server.url, code }, ward.ctx, null);
    const t1 = performance.now();
    const queued = outboxCount(ward.sqlite);
    const enrolFetch = sumRoutes(ward.fetch.routes, 'POST /v1/enrol');
    log(`initial sync on ${backend.name}: enrolled in ${round(t1 - t0)} ms, ${queued.toLocaleString('en')} entries queued; syncing…`);
    const outcome = await ward.ctx.sync.run();
    const t2 = performance.now();
    const clientBusy = round(performance.eventLoopUtilization(elu0).utilization, 3);
    const cpuMs = cpuMsSince(cpu0);
    const serverStats = await server.stats();
    const summary = outcome.summary;
    const pushed = summary?.pushed ?? 0;
    const held = (await server.ownedCounts())[ward.siteId] ?? 0;
    const fetchPush = ward.fetch.routes['POST /v1/push'] ?? { count: 0, ms: 0, bytesOut: 0, bytesIn: 0 };
    const fetchAll = sumRoutes(ward.fetch.routes);
    const serverPush = serverStats.routes['POST /v1/push'] ?? { count: 0, ms: 0, bytesIn: 0 };
    const syncMs = t2 - t1;
    const result: Record<string, unknown> = {
      database: server.label.replace(/\(.*\)/, '').trim(),
      server: options.inProcess ? 'in process' : 'worker thread',
      loadAverage: loadAverage(),
      records,
      queued,
      pushed,
      pushes: summary?.pushes ?? 0,
      applied: summary?.applied ?? 0,
      rejected: summary?.rejected ?? 0,
      heldOnServer: held,
      inStep: held === records && outboxCount(ward.sqlite) === 0,
      state: outcome.status.state,
      error: outcome.error ? `${outcome.error.code ?? outcome.error.kind}: ${outcome.error.message}` : null,
      enrolMs: round(t1 - t0),
      enrolHttpMs: round(enrolFetch.ms),
      enqueueAndKeysMs: round(t1 - t0 - enrolFetch.ms),
      syncMs: round(syncMs),
      totalMs: round(t2 - t0),
      rowsPerSec: perSecond(pushed, t2 - t0),
      syncOnlyRowsPerSec: perSecond(pushed, syncMs),
      targetRowsPerSec: TARGET_ROWS_PER_SEC,
      // CPU time of this process (the ward's client and the server's thread; not PostgreSQL's own processes): less
      // sensitive than wall time to other work on the machine.
      processCpuMs: round(cpuMs),
      rowsPerCpuSecond: perSecond(pushed, cpuMs),
      pushBodyMiB: round(fetchPush.bytesOut / 2 ** 20),
      opBytes: pushed > 0 ? Math.round(fetchPush.bytesOut / pushed) : null,
      clientSide: {
        // From the client's fetch call to the answer's last byte: the server's work plus HTTP on loopback.
        pushRoundTripsMs: round(fetchPush.ms),
        // The cycle's time outside any fetch: building batches, JSON, signing, storing answers, status and progress.
        outsideFetchMs: round(syncMs - fetchAll.ms),
        statusEmits,
        mainThreadBusy: clientBusy,
      },
      serverSide: {
        pushHandlingMs: round(serverPush.ms),
        applyRowsPerSec: perSecond(pushed, serverPush.ms),
        perPushMs: percentiles(serverStats.pushMs),
        httpOverheadMs: round(fetchPush.ms - serverPush.ms),
        serverThreadBusy: serverStats.busy,
      },
    };
    log(`initial sync on ${backend.name}: ${JSON.stringify(result)}`);
    if (ward.logs.length) result.clientLog = ward.logs.slice(0, 5);
    // The replay opens a server database of its own: the HTTP server (and its schema) goes first.
    await server.close();
    serverOpen = false;
    if (options.breakdown) {
      log(`initial sync on ${backend.name}: replaying the batches without HTTP, step by step…`);
      result.breakdown = await breakdown(ward, backend, { statusEmits });
      log(`initial sync on ${backend.name}: breakdown ${JSON.stringify(result.breakdown)}`);
    }
    return result;
  } finally {
    await ward.runtime.close();
    removeDir(dir);
    if (serverOpen) await server.close();
  }
}

/** Runs `fn` on a fresh server database (a temporary folder; on PostgreSQL a schema of its own), removed after. */
async function withFreshServer<T>(backend: Backend, prefix: string, fn: (store: ServerDb, dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = makeTempDir(prefix);
  const schema = backend.pg ? freshSchema() : undefined;
  let store: Awaited<ReturnType<typeof openServerDb>>;
  try {
    store = await openServerDb({ dataDir, databaseUrl: backend.pg, schema, name: SERVER_NAME });
  } catch (error) {
    await dropSchemaAt(backend.pg, schema);
    removeDir(dataDir);
    throw error;
  }
  try {
    return await fn(store, dataDir);
  } finally {
    try {
      await dropSchema(store.db, schema);
    } finally {
      await store.close();
      removeDir(dataDir);
    }
  }
}

/**
 * The initial sync's steps one by one, in this thread, without HTTP: the ward's outbox refilled (enqueueAll), then each
 * batch built (buildBatch), serialised, signed, authenticated, parsed and checked (parseJson, parsePush), applied
 * (applyPush) into a fresh server database, applied once more as a retry (every op skipped: the checks alone, without
 * the writes), and its answer stored on the ward (applyPushAnswer, the chain marker).
 */
async function breakdown(ward: Ward, backend: Backend, real: { statusEmits: number }): Promise<Record<string, unknown>> {
  return withFreshServer(backend, 'chibo-bench-sync-replay-', async (store, dataDir) => {
    const env: SyncEnv = { db: store.db, dataDir, clock: Date.now };
    const { code } = await createSite(store.db, 'replay');
    const keys = makeKeyPair();
    await enrolOnServer(env, enrolRequestBody({ code, siteId: ward.siteId, organisation: { id: ward.wardId, name: 'replay' }, keys, appVersion: APP_VERSION }));
    const sqlite = ward.sqlite;
    const steps: Record<string, number> = {};
    // CPU time of each step too: this thread is the only busy one now (the HTTP server's worker is closed), so it is
    // the steps' own work, much steadier than wall time when other work shares the machine. PostgreSQL's own work
    // happens in its processes: only wall time shows it.
    const stepsCpu: Record<string, number> = {};
    let mark = performance.now();
    let cpuMark = process.cpuUsage();
    const lap = (step: string) => {
      const now = performance.now();
      const cpu = process.cpuUsage();
      steps[step] = (steps[step] ?? 0) + (now - mark);
      stepsCpu[step] = (stepsCpu[step] ?? 0) + (cpu.user - cpuMark.user + cpu.system - cpuMark.system) / 1000;
      mark = now;
      cpuMark = cpu;
    };
    const resetMark = () => {
      mark = performance.now();
      cpuMark = process.cpuUsage();
    };
    const queued = enqueueAll(sqlite);
    lap('enqueueAll');
    buildStatus(sqlite, { running: true, progress: null });
    lap('statusWithFullOutbox');
    const statusFullMs = steps.statusWithFullOutbox!;
    delete steps.statusWithFullOutbox;
    delete stepsCpu.statusWithFullOutbox;
    const schemaVersion = sqlite.pragma('user_version', { simple: true }) as number;
    let token: string | null = null;
    const bodies: Buffer[] = [];
    let rows = 0;
    let bytes = 0;
    let pushes = 0;
    let checkedRows = 0;
    for (;;) {
      resetMark();
      const batch = buildBatch(sqlite);
      if (!batch || batch.toSeq < batch.fromSeq) break;
      lap('client.buildBatch');
      // As core/sync/client.ts pushAll writes it: the head serialised, the ops' JSON text as the batch built it.
      const head = { protocol: PROTOCOL, schema: schemaVersion, epoch: 1, afterToken: token, fromSeq: batch.fromSeq, toSeq: batch.toSeq, appVersion: APP_VERSION };
      const body = Buffer.from(`${JSON.stringify(head).slice(0, -1)},"ops":[${batch.opsJson}]}`, 'utf8');
      lap('client.stringify');
      const headers = signRequest(keys.privateKey, { method: 'POST', path: '/v1/push', site: ward.siteId, body, now: Date.now() });
      lap('client.sign');
      const site = await authenticate(env, { method: 'POST', url: '/v1/push', headers, body });
      lap('server.authenticate');
      const raw = parseJson(body);
      lap('server.jsonParse');
      const parsed = parsePush(raw);
      lap('server.parsePush');
      let answer = await applyPush(env, site, parsed);
      lap('server.applyPush');
      if (token !== null) {
        // The same push again, as a retry of a lost answer: every op is checked and skipped, nothing is written. Signed
        // again, as the client signs every attempt (one signed before the push it repeats went through is STALE_REQUEST).
        const again = signRequest(keys.privateKey, { method: 'POST', path: '/v1/push', site: ward.siteId, body, now: Date.now() });
        const resigned = await authenticate(env, { method: 'POST', url: '/v1/push', headers: again, body });
        resetMark();
        answer = await applyPush(env, resigned, parsed);
        lap('server.applyPushChecksOnly');
        checkedRows += batch.refs.length;
      }
      const stored = pushAnswer.parse(JSON.parse(JSON.stringify(answer))) as PushAnswer;
      lap('answerJson');
      applyPushAnswer(sqlite, stored, { toSeq: batch.toSeq, ops: batch.refs }, Date.now());
      lap('client.applyPushAnswer');
      writeChainMarker(ward.runtime.store.file, { siteId: ward.siteId, epoch: 1, token: stored.token, lastSeq: stored.lastSeq });
      lap('client.chainMarker');
      token = stored.token;
      rows += batch.refs.length;
      bytes += body.length;
      bodies.push(body);
      pushes++;
    }
    const checksOnly = steps['server.applyPushChecksOnly'] ?? 0;
    const checksOnlyCpu = stepsCpu['server.applyPushChecksOnly'] ?? 0;
    delete steps['server.applyPushChecksOnly'];
    delete stepsCpu['server.applyPushChecksOnly'];
    const sum = (prefix: string) => Object.entries(steps).reduce((s, [k, v]) => s + (k.startsWith(prefix) ? v : 0), 0);
    const clientMs = sum('client.') + (steps.answerJson ?? 0) / 2;
    const serverMs = sum('server.') + (steps.answerJson ?? 0) / 2;
    const replayMs = sum('');
    const checksPerRow = checkedRows > 0 ? checksOnly / checkedRows : 0;
    const applyMs = steps['server.applyPush'] ?? 0;
    return {
      rows,
      pushes,
      bodyMiB: round(bytes / 2 ** 20),
      queued,
      stepsMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(v)])),
      usPerRow: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, rows > 0 ? round((v * 1000) / rows, 2) : null])),
      stepsCpuMs: Object.fromEntries(Object.entries(stepsCpu).map(([k, v]) => [k, round(v)])),
      // applyPush = its checks (a retry of the batch: everything read and checked, nothing written) + the writes.
      applyPushSplitMs: { checks: round(checksPerRow * rows), writes: round(applyMs - checksPerRow * rows) },
      applyPushSplitCpuMs: {
        checks: round(checkedRows > 0 ? (checksOnlyCpu / checkedRows) * rows : 0),
        writes: round((stepsCpu['server.applyPush'] ?? 0) - (checkedRows > 0 ? (checksOnlyCpu / checkedRows) * rows : 0)),
      },
      clientMs: round(clientMs),
      serverMs: round(serverMs),
      clientCpuMs: round(Object.entries(stepsCpu).reduce((t, [k, v]) => t + (k.startsWith('client.') ? v : 0), 0)),
      serverCpuMs: round(Object.entries(stepsCpu).reduce((t, [k, v]) => t + (k.startsWith('server.') ? v : 0), 0)),
      // Without HTTP, one thread doing both sides: the ceiling of today's code on this machine.
      replayRowsPerSec: perSecond(rows, replayMs - (steps.enqueueAll ?? 0)),
      replayWithEnqueueRowsPerSec: perSecond(rows, replayMs),
      // Each side alone, as on two machines with the next batch built while the server applies this one.
      clientAloneRowsPerSec: perSecond(rows, clientMs),
      serverAloneRowsPerSec: perSecond(rows, serverMs),
      // Not in these steps but in the real cycle: every progress emit of the scheduler builds the whole status, which
      // counts the outbox by table (a scan of what is left): about emits × half the full-outbox cost.
      statusWithFullOutboxMs: round(statusFullMs),
      statusEmits: real.statusEmits,
      statusEmitsEstimatedMs: round((real.statusEmits * statusFullMs) / 2),
      floor: await floor(backend, bodies, ward.siteId),
    };
  });
}

/**
 * The least any server must do for each row of this initial sync on this machine, whatever the protocol's checks and
 * the console's projections: read the push bodies (JSON.parse) and write the records (push.ts writeRecords, the
 * statement a push uses) in one transaction per push, into a fresh server database, on this thread. Its sum bounds the
 * end-to-end rate from above: the server's thread must do at least this, while the ward's side needs the other core.
 */
async function floor(backend: Backend, bodies: readonly Buffer[], siteId: string): Promise<Record<string, unknown>> {
  return withFreshServer(backend, 'chibo-bench-sync-floor-', async (store) => {
    let rows = 0;
    let parseMs = 0;
    let writeMs = 0;
    for (const body of bodies) {
      let t = performance.now();
      const ops = (JSON.parse(body.toString('utf8')) as { ops: Parameters<typeof writeRecords>[2] }).ops;
      parseMs += performance.now() - t;
      t = performance.now();
      await store.db.transaction().execute((trx) => writeRecords(trx, sqliteHandle(store.db), ops, siteId, Date.now()));
      writeMs += performance.now() - t;
      rows += ops.length;
    }
    const us = (ms: number) => round((ms * 1000) / rows, 2);
    // SQLite only: the same table and indexes in memory, the rows' values in hand (data already text): the insert alone.
    let insertInMemory: number | null = null;
    const file = sqliteHandle(store.db);
    if (file) {
      const memory = new Database(':memory:');
      try {
        for (const ddl of file.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'records' AND sql IS NOT NULL ORDER BY type DESC").pluck().all() as string[]) {
          memory.exec(ddl);
        }
        const insert = memory.prepare('INSERT INTO records (table_name, record_key, owner_site, version, updated_at, deleted_at, data, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
        let ms = 0;
        for (const body of bodies) {
          const ops = (JSON.parse(body.toString('utf8')) as { ops: Parameters<typeof writeRecords>[2] }).ops;
          const values = ops.map((op) => [op.table, op.key, siteId, op.version, op.updatedAt, op.deletedAt, JSON.stringify(op.data), 0] as const);
          const t = performance.now();
          memory.transaction(() => {
            for (const v of values) insert.run(...v);
          })();
          ms += performance.now() - t;
        }
        insertInMemory = us(ms);
      } finally {
        memory.close();
      }
    }
    return {
      rows,
      usPerRow: { jsonParse: us(parseMs), writeRecords: us(writeMs), sum: us(parseMs + writeMs), sqliteInsertInMemory: insertInMemory },
      ceilingRowsPerSec: perSecond(rows, parseMs + writeMs),
      loadAverage: loadAverage(),
    };
  });
}

// ---- 2. Many wards pushing a month at once --------------------------------------------------------------------------

interface CycleResult {
  ward: number;
  ms: number | null;
  stalled: boolean;
  pushed: number;
  pushes: number;
  rejected: number;
  error: string | null;
}

async function timedCycle(ward: Ward, index: number, startedAt: number, stallMs: number): Promise<CycleResult> {
  const run = ward.ctx.sync.run().then(
    (outcome) => ({
      ms: performance.now() - startedAt,
      pushed: outcome.summary?.pushed ?? 0,
      pushes: outcome.summary?.pushes ?? 0,
      rejected: outcome.summary?.rejected ?? 0,
      error: outcome.error ? `${outcome.error.code ?? outcome.error.kind}: ${outcome.error.message}` : outcome.status.lastError,
    }),
    (error: unknown) => ({ ms: performance.now() - startedAt, pushed: 0, pushes: 0, rejected: 0, error: `threw: ${(error as Error)?.message ?? String(error)}` }),
  );
  let timer: NodeJS.Timeout | undefined;
  const stall = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), Math.max(0, startedAt + stallMs - performance.now()));
  });
  const first = await Promise.race([run, stall]);
  clearTimeout(timer);
  if (first) return { ward: index, stalled: false, ...first };
  // Stalled: wait a while longer for how it ends, so the report can say.
  const late = await Promise.race([run, sleep(stallMs).then(() => null)]);
  return { ward: index, stalled: true, ms: late?.ms ?? null, pushed: late?.pushed ?? 0, pushes: late?.pushes ?? 0, rejected: late?.rejected ?? 0, error: late?.error ?? null };
}

async function manyWards(
  backend: Backend,
  templates: string[],
  options: { inProcess: boolean; stallMs: number; monthMeetings: number; initialConcurrency: number },
): Promise<Record<string, unknown>> {
  log(`${templates.length} wards on ${backend.name}: starting the server`);
  const server = await startServer(backend.pg, options.inProcess);
  const wards: Ward[] = [];
  try {
    const t0 = performance.now();
    for (let i = 0; i < templates.length; i++) {
      const ward = openWard(copyWard(templates[i]!, `chibo-bench-sync-w${i}-`));
      wards.push(ward);
      const { code } = await server.createSite(`Đảng bộ phường ${i + 1}`);
      await enrolWard({ serverUrl: server.url, code }, ward.ctx, null);
    }
    const enrolMs = performance.now() - t0;
    const initialRows = wards.reduce((s, w) => s + outboxCount(w.sqlite), 0);
    log(`${wards.length} wards on ${backend.name}: enrolled in ${round(enrolMs / 1000)} s; initial sync of ${initialRows.toLocaleString('en')} records, ${options.initialConcurrency} wards at a time…`);
    const t1 = performance.now();
    const initial = await inPool(wards, options.initialConcurrency, (w) => w.ctx.sync.run());
    const initialMs = performance.now() - t1;
    const initialErrors = initial.filter((o) => o.error || o.status.waiting > 0).map((o) => o.error?.message ?? `${o.status.waiting} waiting`);
    log(`${wards.length} wards on ${backend.name}: initial sync in ${round(initialMs / 1000)} s (${perSecond(initialRows, initialMs)} rows/s), ${initialErrors.length} errors; writing a month of work in each…`);

    const t2 = performance.now();
    const months = wards.map((w, i) => writeMonth(w, options.monthMeetings, i));
    const monthMs = performance.now() - t2;
    const queued = months.reduce((s, m) => s + m.records, 0);
    log(`${wards.length} wards on ${backend.name}: month written in ${round(monthMs / 1000)} s: ${queued.toLocaleString('en')} records (${months.reduce((s, m) => s + m.entries, 0).toLocaleString('en')} outbox entries); all wards sync at once…`);

    await server.resetStats();
    for (const w of wards) w.fetch.routes = {};
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const results = await Promise.all(wards.map((w, i) => timedCycle(w, i, start, options.stallMs)));
    const totalMs = Math.max(...results.map((r) => r.ms ?? performance.now() - start));
    const clientBusy = round(performance.eventLoopUtilization(elu0).utilization, 3);
    const cpuMs = cpuMsSince(cpu0);
    const serverStats = await server.stats();

    const held = await server.ownedCounts();
    const notInStep = wards
      .map((w, i) => ({ i, local: ownedRecords(w.sqlite, w.siteId), remote: held[w.siteId] ?? 0, waiting: outboxCount(w.sqlite) }))
      .filter((c) => c.local !== c.remote || c.waiting > 0);
    const pushed = results.reduce((s, r) => s + r.pushed, 0);
    const errors = results.filter((r) => r.error);
    const stalls = results.filter((r) => r.stalled);
    const pushRoundTrips = wards.map((w) => w.fetch.routes['POST /v1/push']).filter((r) => r !== undefined);
    const serverPush = serverStats.routes['POST /v1/push'] ?? { count: 0, ms: 0, bytesIn: 0 };
    const result = {
      database: server.label.replace(/\(.*\)/, '').trim(),
      server: options.inProcess ? 'in process' : 'worker thread',
      loadAverage: loadAverage(),
      wards: wards.length,
      setup: {
        enrolSeconds: round(enrolMs / 1000),
        initialRecords: initialRows,
        initialSyncSeconds: round(initialMs / 1000),
        initialRowsPerSec: perSecond(initialRows, initialMs),
        initialErrors: initialErrors.length,
        monthWriteSeconds: round(monthMs / 1000),
      },
      monthPerWard: {
        meetings: options.monthMeetings,
        attendanceRows: percentiles(months.map((m) => m.attendance)),
        records: percentiles(months.map((m) => m.records)),
        outboxEntries: percentiles(months.map((m) => m.entries)),
      },
      concurrent: {
        totalMs: round(totalMs),
        queuedRecords: queued,
        pushed,
        pushes: results.reduce((s, r) => s + r.pushes, 0),
        rowsPerSec: perSecond(pushed, totalMs),
        processCpuMs: round(cpuMs),
        rowsPerCpuSecond: perSecond(pushed, cpuMs),
        cycleMs: percentiles(results.filter((r) => r.ms !== null).map((r) => r.ms!)),
        errors: errors.length,
        errorSamples: [...new Set(errors.map((e) => e.error))].slice(0, 5),
        stalls: stalls.length,
        stallMs: options.stallMs,
        rejected: results.reduce((s, r) => s + r.rejected, 0),
        wardsNotInStep: notInStep.length,
        notInStepSamples: notInStep.slice(0, 3),
        clientPushRoundTripMs: percentiles(pushRoundTrips.map((r) => r.ms / r.count)),
        serverPushHandlingMs: percentiles(serverStats.pushMs),
        // The sum of every push's handling time: more than the wall time when pushes overlap (PostgreSQL's pool).
        serverPushHandlingSumMs: round(serverPush.ms),
        // Rows per second of the server thread's working time.
        serverRowsPerBusySecond: perSecond(pushed, totalMs * serverStats.busy),
        maxPushesInFlight: serverStats.maxInFlight,
        serverThreadBusy: serverStats.busy,
        mainThreadBusy: clientBusy,
        clientLogSamples: [...new Set(wards.flatMap((w) => w.logs))].slice(0, 5),
      },
    };
    log(`${wards.length} wards on ${backend.name}: ${JSON.stringify(result.concurrent)}`);
    return result;
  } finally {
    for (const w of wards) {
      await w.runtime.close();
      removeDir(w.dir);
    }
    await server.close();
  }
}

// ---- The run --------------------------------------------------------------------------------------------------------

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args,
    options: {
      pg: { type: 'string' },
      wards: { type: 'string', default: '126' },
      'skip-initial': { type: 'boolean', default: false },
      'skip-many': { type: 'boolean', default: false },
      'in-process': { type: 'boolean', default: false },
      'no-breakdown': { type: 'boolean', default: false },
      'stall-ms': { type: 'string', default: '120000' },
      'history-years': { type: 'string', default: '0' },
      'month-meetings': { type: 'string', default: '60' },
      'initial-concurrency': { type: 'string', default: '4' },
    },
    strict: true,
  });
  const integer = (name: string, value: string, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  const wardCount = integer('wards', values.wards, 1);
  const stallMs = integer('stall-ms', values['stall-ms'], 1000);
  const historyYears = integer('history-years', values['history-years'], 0);
  const monthMeetings = integer('month-meetings', values['month-meetings'], 1);
  const initialConcurrency = integer('initial-concurrency', values['initial-concurrency'], 1);
  const pg = values.pg?.trim() || process.env.CHIBO_BENCH_PG?.trim() || undefined;
  if (pg && !/^postgres(ql)?:\/\//i.test(pg)) throw new Error('--pg must be a postgres:// URL');
  const backends: Backend[] = [{ name: 'sqlite' }, ...(pg ? [{ name: 'postgres' as const, pg }] : [])];
  const inProcess = values['in-process'];
  const started = performance.now();
  const figures: Record<string, unknown> = {
    node: process.version,
    cpus: os.cpus().length,
    server: inProcess ? 'in process' : 'worker thread',
    databases: backends.map((b) => b.name),
    loadAverageAtStart: loadAverage(),
  };
  const dirs: string[] = [];
  try {
    if (!values['skip-initial']) {
      const dir = makeTempDir('chibo-bench-sync-template-');
      dirs.push(dir);
      log("generating a ward (preset 'ward': 60 branches, 3,000 members, ten years of meetings)…");
      const g = await generateWard(dir, { preset: 'ward', seed: 1 });
      figures.ward = { branches: g.branches, members: g.members, meetings: g.meetings, attendance: g.attendance, generateMs: g.elapsedMs };
      const initial: Record<string, unknown> = {};
      for (const backend of backends) initial[backend.name] = await initialSync(backend, g.file, { inProcess, breakdown: !values['no-breakdown'] });
      figures.initial = initial;
    }
    if (!values['skip-many']) {
      const dir = makeTempDir('chibo-bench-sync-templates-');
      dirs.push(dir);
      log(`generating ${wardCount} wards (60 branches, 3,000 members${historyYears ? `, ${historyYears} years of meetings` : ', no meetings yet'})…`);
      const t = performance.now();
      const templates: string[] = [];
      for (let i = 0; i < wardCount; i++) {
        const g = await generateWard(path.join(dir, String(i)), { branches: 60, members: 3_000, years: Math.max(1, historyYears), seed: i + 1 }, historyYears > 0);
        templates.push(g.file);
        if ((i + 1) % 25 === 0) log(`  ${i + 1}/${wardCount} wards generated`);
      }
      const many: Record<string, unknown> = { generateSeconds: round((performance.now() - t) / 1000) };
      for (const backend of backends) {
        many[backend.name] = await manyWards(backend, templates, { inProcess, stallMs, monthMeetings, initialConcurrency });
      }
      figures.many = many;
    }
  } finally {
    for (const dir of dirs) removeDir(dir);
  }
  figures.runSeconds = round((performance.now() - started) / 1000);
  return figures;
}

// In the server's worker thread this file only serves (see startServer).
if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
  void serveInWorker((workerData as { pg?: string }).pg);
}

// Helpers for the fault tests (faults.test.ts): a network that drops, duplicates, holds back and replays requests as a
// fast-check plan says; the ward's and the server's views of the ward's records, compared row by row; a small ward to
// copy for each run; and a sync server as a real child process, started from its command line, that can be killed with
// SIGKILL at a chosen point of a push (faults.preload.mjs).
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { startTestRuntime, type Caller, type TestRuntime } from '../../core/testing';
import { WARD_TABLES, type WardTable } from '../../core/sync/protocol';
import type { ServerKysely } from '../db';
import { makeTempDir } from '../testing';

export const ROOT = path.resolve(import.meta.dirname, '../..');

// ---- The faulty network ------------------------------------------------------------------------------------------------

/** What happens to one request on the way. */
export type Fault =
  /** Delivered, answered. */
  | { kind: 'ok' }
  /** Lost before it reaches the server: the client sees a network error. */
  | { kind: 'dropRequest' }
  /** The server handles it, the answer is lost: the client sees a network error. */
  | { kind: 'dropResponse' }
  /** Delivered twice, one after the other or at the same time; the client gets one of the two answers. */
  | { kind: 'duplicate'; concurrent: boolean; answer: 0 | 1 }
  /** Held back in the network: the client sees a network error (its timeout), the request arrives later. */
  | { kind: 'hold' }
  /** Arrives after a while. */
  | { kind: 'delay'; ms: number }
  /** The requests held back so far arrive now, out of order, racing this one. */
  | { kind: 'release'; reverse: boolean };

export interface SentRequest {
  method: string;
  path: string;
  body: Buffer;
}

interface Captured {
  url: string;
  init: RequestInit;
  label: string;
}

const networkError = () => new TypeError('fetch failed');

function labelOf(method: string, url: string, body: Buffer): string {
  const { pathname, search } = new URL(url);
  if (pathname === '/v1/push' && body.length > 0) {
    try {
      const push = JSON.parse(body.toString('utf8')) as { epoch: number; fromSeq: number; toSeq: number; ops: unknown[] };
      return `push e${push.epoch} ${push.fromSeq}..${push.toSeq} (${push.ops.length} ops)`;
    } catch {
      // not JSON: label it by its path
    }
  }
  return `${method} ${pathname}${search}`;
}

/**
 * A `fetch` for the ward's client that does to each request what the plan says, while `enabled`; past the end of the
 * plan, and when disabled, requests go through untouched. `log` tells what happened, for the report of a failing run.
 */
export class FaultyNetwork {
  enabled = false;
  readonly log: string[] = [];
  readonly held: Captured[] = [];
  /** Called as each request goes out (after the plan decided to deliver it), before the answer: the kill tests. */
  onSend: ((req: SentRequest) => void) | null = null;
  private plan: Fault[] = [];
  private next = 0;

  constructor(private readonly real: typeof fetch = fetch) {}

  setPlan(plan: Fault[]): void {
    this.plan = plan;
    this.next = 0;
  }

  private take(): Fault {
    if (!this.enabled || this.next >= this.plan.length) return { kind: 'ok' };
    return this.plan[this.next++]!;
  }

  private async deliver(c: Captured): Promise<Response> {
    return this.note(await this.real(c.url, c.init));
  }

  /** The protocol's refusals seen (CLOCK_SKEW, REPLAY, EPOCH_CONFLICT…), counted and logged. */
  readonly refusals = new Map<string, number>();
  private async note(res: Response): Promise<Response> {
    if (res.status >= 400 && res.status !== 404) {
      let code = `HTTP ${res.status}`;
      const text = await res.clone().text();
      try {
        code = (JSON.parse(text) as { error: { code: string } }).error.code;
      } catch {
        // A HEAD answer has no body: its refusal is named in x-chibo-error (§8).
        const named = res.headers.get('x-chibo-error');
        code = named ? `${named} (HEAD)` : `${code}${text ? ` ${text.slice(0, 60)}` : ''}`;
      }
      this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
      this.log.push(`  ← ${code}`);
    }
    return res;
  }

  /** Delivers the held requests now (the server handles them; nobody reads the answers). */
  async releaseHeld(reverse = false): Promise<void> {
    const held = this.held.splice(0);
    if (reverse) held.reverse();
    for (const c of held) {
      try {
        const res = await this.deliver(c);
        this.log.push(`  late ${c.label} → ${res.status} ${res.status === 200 ? '' : (await res.text()).slice(0, 120)}`);
      } catch (error) {
        this.log.push(`  late ${c.label} → ${(error as Error).message}`);
      }
    }
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = init?.method ?? 'GET';
    const body = init?.body ? Buffer.from(init.body as Uint8Array) : Buffer.alloc(0);
    const label = labelOf(method, url, body);
    // A copy without the client's abort signal: a request held in the network outlives the client's wait.
    const captured: Captured = { url, init: { method, headers: init?.headers, body: init?.body ? new Uint8Array(body) : undefined }, label };
    const fault = this.take();
    this.log.push(`${fault.kind.padEnd(12)} ${label}${'concurrent' in fault ? (fault.concurrent ? ' (together)' : ' (one after the other)') : ''}`);
    const send = async () => {
      this.onSend?.({ method, path: new URL(url).pathname, body });
      return this.note(await this.real(url, init));
    };
    switch (fault.kind) {
      case 'ok':
        return send();
      case 'dropRequest':
        throw networkError();
      case 'dropResponse': {
        const res = await send();
        await res.arrayBuffer();
        throw networkError();
      }
      case 'duplicate': {
        const copies = fault.concurrent
          ? await Promise.all([send(), this.deliver(captured)])
          : [await send(), await this.deliver(captured)];
        const kept = copies[fault.answer]!;
        const other = copies[1 - fault.answer]!;
        const otherText = await other.text();
        this.log.push(`  duplicate answered ${copies[0]!.status}, ${copies[1]!.status}; the other: ${otherText.slice(0, 100)}`);
        return kept;
      }
      case 'hold':
        this.held.push(captured);
        throw networkError();
      case 'delay':
        await new Promise((r) => setTimeout(r, fault.ms));
        return send();
      case 'release': {
        const [res] = await Promise.all([send(), this.releaseHeld(fault.reverse)]);
        return res;
      }
    }
  };
}

// ---- What each side holds of the ward's records ------------------------------------------------------------------------

/** One record of the ward's scope: where it is, its version, its stamp, its tombstone and a hash of the whole row. */
export interface Held {
  table: WardTable;
  key: string;
  version: number;
  updatedAt: number;
  deletedAt: number | null;
  rowHash: string;
}

/** JSON with the keys sorted, so two copies of one row compare equal. */
function canonical(row: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}
const hash = (text: string) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
const line = (h: Held) => `${h.table}|${h.key}|${h.version}|${h.updatedAt}|${h.deletedAt ?? ''}|${h.rowHash}`;

export const selfSite = (sqlite: BetterSqlite3.Database) => sqlite.prepare('SELECT id FROM sites WHERE is_self = 1').pluck().get() as string;

/** Every record the ward owns, sorted by (table, key). */
export function wardScope(sqlite: BetterSqlite3.Database): Held[] {
  const site = selfSite(sqlite);
  return WARD_TABLES.flatMap((table) => {
    const rows = (
      table === 'attendance'
        ? sqlite.prepare("SELECT meeting_id || ':' || member_id AS _key, * FROM attendance").all()
        : sqlite.prepare(`SELECT id AS _key, * FROM ${table} WHERE owner_site = ?`).all(site)
    ) as (Record<string, unknown> & { _key: string })[];
    return rows.map(({ _key, ...row }) => ({
      table,
      key: _key,
      version: Number(row.version),
      updatedAt: Number(row.updated_at),
      deletedAt: row.deleted_at === null || row.deleted_at === undefined ? null : Number(row.deleted_at),
      rowHash: hash(canonical(row)),
    }));
  }).sort(byRecord);
}

function byRecord(a: Held, b: Held): number {
  return a.table < b.table ? -1 : a.table > b.table ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Every record the server holds for the site, sorted by (table, key); the raw rows too, to count duplicates. */
export async function serverScope(db: ServerKysely, siteId: string): Promise<Held[]> {
  const rows = await db
    .selectFrom('records')
    .select(['table_name', 'record_key', 'version', 'updated_at', 'deleted_at', 'data'])
    .where('owner_site', '=', siteId)
    .execute();
  return rows
    .map((r) => ({
      table: r.table_name as WardTable,
      key: r.record_key,
      version: r.version,
      updatedAt: r.updated_at,
      deletedAt: r.deleted_at,
      rowHash: hash(canonical(JSON.parse(r.data) as Record<string, unknown>)),
    }))
    .sort(byRecord);
}

export const perTable = (records: Held[]) =>
  records.reduce<Record<string, number>>((counts, r) => {
    counts[r.table] = (counts[r.table] ?? 0) + 1;
    return counts;
  }, {});

/** SHA-256 over (table, key, version, updatedAt, deletedAt, row hash) of every record. */
export const checksum = (records: Held[]) => crypto.createHash('sha256').update(records.map(line).join('\n')).digest('hex');

export interface Comparison {
  ward: Held[];
  server: Held[];
  /** On the ward, not on the server (or not at the ward's version). */
  missing: string[];
  /** On the server, not on the ward (or not at the server's version). */
  extra: string[];
  /** Keys the server holds more than once (impossible with its primary key; counted all the same). */
  duplicates: string[];
}

export async function compare(sqlite: BetterSqlite3.Database, db: ServerKysely): Promise<Comparison> {
  const ward = wardScope(sqlite);
  const server = await serverScope(db, selfSite(sqlite));
  const w = new Set(ward.map(line));
  const s = new Set(server.map(line));
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const r of server) {
    const id = `${r.table}|${r.key}`;
    if (seen.has(id)) duplicates.push(id);
    seen.add(id);
  }
  return {
    ward,
    server,
    missing: ward.map(line).filter((l) => !s.has(l)),
    extra: server.map(line).filter((l) => !w.has(l)),
    duplicates,
  };
}

// ---- A small ward to copy ----------------------------------------------------------------------------------------------

export interface WardTemplate {
  dir: string;
  username: string;
  password: string;
}

const ADMIN = { username: 'quantri', password: 'mat-khau-du-dai' };

/** A ward with two branches, six members and a planned meeting with a draft and attendance, not enrolled: seconds
 *  faster to copy and sync than the demo ward, so a property can run it many times. */
export async function makeSmallWard(): Promise<WardTemplate> {
  const t = startTestRuntime({ sync: { background: false } });
  const c = t.caller();
  await c.call('setup.createWard', {
    wardName: 'Đảng bộ phường Kim Liên',
    superiorName: 'Quận ủy Đống Đa',
    superiorKind: 'district',
    adminName: 'Nguyễn Văn Quản',
    adminUsername: ADMIN.username,
    adminPassword: ADMIN.password,
  });
  const branches: string[] = [];
  for (const name of ['Chi bộ khu dân cư số 1', 'Chi bộ khu dân cư số 2']) branches.push((await c.call('branches.create', { name, branchKind: 'residential' })).id);
  let n = 0;
  for (const branchId of branches) {
    for (let i = 0; i < 3; i++) {
      n++;
      await c.call('members.create', {
        branchId,
        fullName: `Đảng viên số ${n}`,
        gender: n % 2 ? 'male' : 'female',
        birthDate: `19${60 + n}-0${1 + (n % 9)}-1${n % 9}`,
        admissionDate: `20${10 + n}-05-19`,
      });
    }
  }
  const { ids } = await c.call('meetings.plan', { branchIds: [branches[0]!], kind: 'regular', scheduledAt: '2026-12-05T19:30', place: 'Nhà văn hóa tổ 5' });
  const meeting = await c.call('drafts.save', { meetingId: ids[0]!, sections: [{ heading: 'I. ĐÁNH GIÁ', paragraphs: ['Hoàn thành chỉ tiêu.', 'Còn hạn chế.'] }] });
  await c.call('attendance.mark', { meetingId: ids[0]!, marks: meeting.roll.slice(0, 2).map((r) => ({ memberId: r.memberId, presence: 'present' as const })) });
  await t.runtime.close();
  return { dir: t.dir, ...ADMIN };
}

/** Copies a ward's data folder (closed) to a new temporary folder. */
export function copyWard(dir: string, prefix = 'chibo-fault-ward-'): string {
  const to = makeTempDir(prefix);
  fs.cpSync(dir, to, { recursive: true });
  return to;
}

/** Signs in to a ward runtime with the template's administrator, or the demo ward's administrator. */
export async function signIn(t: TestRuntime, account: { username: string; password: string } | 'demo'): Promise<Caller> {
  if (account === 'demo') return t.as('ward_admin');
  const c = t.caller();
  await c.call('auth.login', account);
  return c;
}

// ---- A server in its own process ---------------------------------------------------------------------------------------

/** A free TCP port on 127.0.0.1 (asked of the system, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Where the preloaded hook stops the server: 'midway', inside the transaction of the nth push, after its records
 *  were written and before the epoch's token; 'commit', right after that transaction committed, before the answer. */
export interface StopPoint {
  at: 'midway' | 'commit';
  nth: number;
}

export interface ChildServer {
  url: string;
  proc: ChildProcess;
  /** Resolves when the preloaded hook says the server stopped where it was told to. */
  stopped: Promise<void>;
  output(): string;
  kill(): Promise<void>;
}

export interface ChildServerOptions {
  port: number;
  dataDir: string;
  databaseUrl?: string;
  stop?: StopPoint;
}

/** A server process loaded but not started: its modules are in memory, it opens its database and listens on `go()`. */
export interface WaitingServer {
  go(): Promise<ChildServer>;
  kill(): Promise<void>;
}

/**
 * Starts `server/cli.ts` as its own process on the given port and data folder. It runs as `node --import tsx`, not
 * through tsx's command line, which would run the server in a grandchild that SIGKILL of the child leaves running.
 * `stop` arms faults.preload.mjs to hold the server still at that point (and say so on stdout) until it is killed.
 */
export function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  return spawnChildServer(options, false).go();
}

/** A server process to start later, in an instant (its modules loaded meanwhile, which takes seconds): the restart
 *  after a kill, on the same port and data folder, without the wait. */
export function prepareChildServer(options: ChildServerOptions): WaitingServer {
  return spawnChildServer(options, true);
}

function spawnChildServer(options: ChildServerOptions, wait: boolean): WaitingServer {
  const args = ['--import', 'tsx', '--import', path.join(import.meta.dirname, 'faults.preload.mjs'), 'server/cli.ts', '--port', String(options.port), '--data-dir', options.dataDir];
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl ?? '',
      CHIBO_FAULT_STOP: options.stop ? `${options.stop.at}:${options.stop.nth}` : '',
      CHIBO_FAULT_WAIT: wait ? '1' : '',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let onStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (onStopped = resolve));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const listening = new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const found = /đang chạy tại (http:\/\/\S+)/.exec(out);
      if (found) resolve(found[1]!);
      if (out.includes('CHIBO_FAULT_STOPPED')) onStopped();
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
    proc.once('exit', (code, signal) => reject(new Error(`the server exited (${code ?? signal}) before it listened:\n${out}`)));
  });
  listening.catch(() => {});
  const kill = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  };
  return {
    kill,
    async go() {
      if (wait) proc.stdin!.write('go\n');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the server did not start in 20 s:\n${out}`)), 20_000);
      });
      try {
        const url = await Promise.race([listening, timeout]);
        return { url, proc, stopped, output: () => out, kill };
      } catch (error) {
        await kill();
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

// Helpers for the server's tests: a real server on 127.0.0.1 (port 0) over a fresh database, once on SQLite and once on
// PostgreSQL (when CHIBO_TEST_PG names one), a clock the test moves, and a ward site that signs its requests with
// core/sync/protocol.ts exactly as the real client does.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe } from 'vitest';
import {
  enrolProofText,
  makeKeyPair,
  PROTOCOL,
  signRequest,
  signText,
  type KeyPair,
  type Op,
  type PushBody,
  type WardTable,
} from '../core/sync/protocol';
import { makeTempDir } from '../db/testing';
import { createSite } from './admin';
import { closeHttp, startSyncServer, type RunningServer } from './app';
import type { SyncEnv } from './context';

export const PG_URL = process.env.CHIBO_TEST_PG?.trim() || undefined;
export const PG_NOT_CONFIGURED =
  'PostgreSQL is not configured (CHIBO_TEST_PG is not set), so the PostgreSQL runs of the server tests are skipped. ' +
  'Set CHIBO_TEST_PG=postgres://chibo:chibo@127.0.0.1:5432/chibo_test to run them (.ci/run does).';

export type DbKind = 'sqlite' | 'postgres';

/** A test clock: starts at a fixed day and moves only when told. */
export class TestClock {
  now = Date.UTC(2026, 2, 9, 8, 0, 0);
  readonly fn = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export { makeTempDir };

export interface Harness {
  kind: DbKind;
  url: string;
  clock: TestClock;
  dataDir: string;
  env: SyncEnv;
  running: RunningServer;
  /** The environment that points the command line (npm run server) at this server's database and data folder. */
  cliEnv: Record<string, string>;
  /** Creates a slot and enrols a new ward site in it. */
  site(name?: string): Promise<TestSite>;
  close(): Promise<void>;
}

export async function startHarness(kind: DbKind): Promise<Harness> {
  const clock = new TestClock();
  const dataDir = makeTempDir('chibo-server-');
  const schema = kind === 'postgres' ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
  const running = await startSyncServer({ dataDir, databaseUrl: kind === 'postgres' ? PG_URL : undefined, databaseSchema: schema, clock: clock.fn });
  const env: SyncEnv = { db: running.db, dataDir, clock: clock.fn };
  const cliEnv: Record<string, string> = { CHIBO_SERVER_DATA_DIR: dataDir, DATABASE_URL: '' };
  if (schema) {
    const url = new URL(PG_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    cliEnv.DATABASE_URL = url.toString();
  }
  const harness: Harness = {
    kind,
    url: running.url,
    clock,
    dataDir,
    env,
    running,
    cliEnv,
    async site(name = 'Phường Bến Nghé') {
      const site = new TestSite(harness, name);
      const { code } = await createSite(env.db, name, clock.fn);
      const res = await site.enrol(code);
      if (res.status !== 200) throw new Error(`enrol failed: ${res.status} ${JSON.stringify(res.json)}`);
      return site;
    },
    async close() {
      const closing = (async () => {
        await closeHttp(running.server);
        if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(running.db);
        await running.db.destroy();
        fs.rmSync(dataDir, { recursive: true, force: true });
      })();
      // This close used to wait up to 72 s after a background upstream cycle: a keep-alive connection whose request
      // finished just after the close began stayed open for Fastify's keep-alive timeout (closeHttp now closes it).
      // A test's cleanup must still not fail the next test: after 20 s the rest is left to finish in the background,
      // and the log says so.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 20_000)));
      const timedOut = await Promise.race([closing.then(() => false), late]);
      clearTimeout(timer);
      if (timedOut) {
        console.warn(`[${kind}] closing the test server took over 20 s; left to finish in the background.`);
        closing.catch((error: unknown) => console.warn(`[${kind}] closing the test server failed late:`, error));
      }
    },
  };
  return harness;
}

/** Runs `body` once per database, each test on a fresh server. PostgreSQL runs only where CHIBO_TEST_PG is set, and
 *  says so plainly where it is not. */
export function describeEachDatabase(title: string, body: (h: () => Harness, kind: DbKind) => void): void {
  if (!PG_URL) console.warn(PG_NOT_CONFIGURED);
  for (const kind of ['sqlite', 'postgres'] as const) {
    const skip = kind === 'postgres' && !PG_URL;
    const label = kind === 'sqlite' ? 'SQLite' : skip ? 'PostgreSQL — skipped: PostgreSQL is not configured (set CHIBO_TEST_PG)' : 'PostgreSQL';
    describe.skipIf(skip)(`${title} [${label}]`, () => {
      let harness: Harness | undefined;
      beforeEach(async () => {
        harness = await startHarness(kind);
      });
      afterEach(async () => {
        await harness?.close();
        harness = undefined;
      });
      body(() => harness!, kind);
    });
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are JSON the tests examine with expect()
export type Json = any;

export interface Answer {
  status: number;
  headers: Headers;
  json: Json;
  bytes: Buffer;
}

async function answer(res: Response): Promise<Answer> {
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: Json = null;
  if ((res.headers.get('content-type') ?? '').includes('json') && bytes.length > 0) json = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, headers: res.headers, json, bytes };
}

export interface RequestOptions {
  /** The time the request claims (chibo-time); the server's clock by default. */
  now?: number;
  headers?: Record<string, string>;
  contentType?: string;
  /** Change the signed headers after signing (to test the checks). */
  tamper?: (headers: Record<string, string>) => void;
}

/** A ward's site as the server sees it: its own site id and organisation, a key pair, a push chain. */
export class TestSite {
  readonly keys: KeyPair = makeKeyPair();
  readonly siteId = uuidv7();
  readonly organisation: { id: string; name: string };
  slotId = '';
  epoch = 1;
  token: string | null = null;
  lastSeq = 0;
  private seq = 0;

  constructor(
    readonly h: Harness,
    readonly name: string,
  ) {
    this.organisation = { id: uuidv7(), name };
  }

  enrolBody(code: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      protocol: PROTOCOL,
      code,
      siteId: this.siteId,
      organisation: this.organisation,
      publicKey: this.keys.publicKey,
      appVersion: '0.1.0',
      proof: signText(this.keys.privateKey, enrolProofText(code, this.siteId)),
      ...overrides,
    };
  }

  async enrol(code: string, overrides: Record<string, unknown> = {}): Promise<Answer> {
    const res = await post(this.h.url, '/v1/enrol', this.enrolBody(code, overrides));
    if (res.status === 200) this.slotId = res.json.slotId;
    return res;
  }

  /** A signed request; `body` is JSON unless it is a Buffer. */
  async request(method: string, pathAndQuery: string, body?: unknown, options: RequestOptions = {}): Promise<Answer> {
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const headers = signRequest(this.keys.privateKey, {
      method,
      path: pathAndQuery,
      site: this.siteId,
      body: bytes,
      now: options.now ?? this.h.clock.now,
    });
    options.tamper?.(headers);
    const contentType = options.contentType ?? (Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json');
    const res = await fetch(`${this.h.url}${pathAndQuery}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': contentType }), ...options.headers },
      body: body === undefined ? undefined : bytes,
    });
    return answer(res);
  }

  /** The next op of this site's outbox: a row it owns (attendance rows carry no owner_site). */
  op(table: WardTable, key: string, fields: Partial<Op> & { data?: Record<string, unknown> } = {}): Op {
    this.seq = fields.seq ?? this.seq + 1;
    const base: Record<string, unknown> =
      table === 'attendance'
        ? { meeting_id: key.split(':')[0], member_id: key.split(':')[1], status: 'present', reason: null }
        : { id: key, owner_site: this.siteId, name: `${table} ${key}` };
    const version = fields.version ?? 1;
    return {
      seq: this.seq,
      table,
      key,
      version,
      updatedAt: fields.updatedAt ?? this.h.clock.now * 1024 + version,
      deletedAt: fields.deletedAt ?? null,
      data: { ...base, version, ...fields.data },
    };
  }

  /** Pushes the ops on this site's chain (epoch, token, lastSeq), remembering the answer's token and lastSeq. */
  async push(ops: Op[], overrides: Partial<PushBody> = {}, options: RequestOptions = {}): Promise<Answer> {
    const fromSeq = overrides.fromSeq ?? this.lastSeq + 1;
    const body: PushBody = {
      protocol: PROTOCOL,
      schema: 6,
      epoch: this.epoch,
      afterToken: this.token,
      fromSeq,
      toSeq: Math.max(fromSeq, ...ops.map((o) => o.seq)),
      ops,
      ...overrides,
    };
    const res = await this.request('POST', '/v1/push', body, options);
    if (res.status === 200) {
      this.token = res.json.token;
      this.lastSeq = res.json.lastSeq;
    }
    return res;
  }
}

export async function post(url: string, pathname: string, body: unknown): Promise<Answer> {
  return answer(await fetch(`${url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

export async function get(url: string, pathname: string): Promise<Answer> {
  return answer(await fetch(`${url}${pathname}`));
}

/** The records the server holds, for checks that nothing (or exactly something) was written. */
export async function heldRecords(env: SyncEnv): Promise<{ table: string; key: string; owner: string; version: number; updatedAt: number }[]> {
  const rows = await env.db.selectFrom('records').selectAll().orderBy('table_name').orderBy('record_key').execute();
  return rows.map((r) => ({ table: r.table_name, key: r.record_key, owner: r.owner_site, version: r.version, updatedAt: r.updated_at }));
}

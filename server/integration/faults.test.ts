// Fault tests of the ward's sync against the real server (docs/sync-protocol.md), driven by fast-check:
//  - a network that drops requests, drops answers, duplicates, delays and holds requests back to deliver them late and
//    out of order, while the ward's clock jumps by days, the ward restarts or crashes in the middle of applying an
//    answer, the server publishes documents and feedback, and people keep working on the ward between attempts;
//  - the server process killed with SIGKILL in the middle of a push (inside its transaction once its records are
//    written, after it committed and before the answer left, or at a random time after it went out), on SQLite and on
//    PostgreSQL;
//  - the ward process killed with SIGKILL in the middle of applying a push answer, a pull page, or a recovery;
//  - a ward restored from an old backup, with the chain marker of the day, the one of the backup, or none;
//  - an enrolment whose answer is lost.
// After every run, with the faults off, the ward syncs until nothing is left and then every record of the ward's scope
// is on the server exactly once, at the ward's version, with the same row: per-table counts and checksums agree.
//
// Reproduce: CHIBO_FAULTS_SEED=<seed printed by fast-check> (and CHIBO_FAULTS_PATH=<path> to replay one case);
// CHIBO_FAULTS_RUNS=<n> runs more; CHIBO_FAULTS_SHRINK=1 shrinks a failure (slow).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../core/runtime';
import { HttpError, runCycle, type CycleSummary } from '../../core/sync/client';
import { SYNC_TEXT, SyncError } from '../../core/sync/messages';
import { chainMarkerPath, readState } from '../../core/sync/state';
import type { MemberDetail } from '../../core/api';
import type { Caller } from '../../core/testing';
import { startTestRuntime } from '../../core/testing';
import { DATABASE_FILE_NAME } from '../../db/connection';
import { addFeedback, createSite, publishDocument, withdrawDocument } from '../admin';
import { startSyncServer, type RunningServer } from '../app';
import { openServerDb, type ServerKysely } from '../db';
import { PG_NOT_CONFIGURED, PG_URL, makeTempDir } from '../testing';
import {
  ROOT,
  FaultyNetwork,
  checksum,
  compare,
  copyWard,
  freePort,
  makeSmallWard,
  perTable,
  prepareChildServer,
  selfSite,
  startChildServer,
  wardScope,
  type Fault,
  type StopPoint,
  type WardTemplate,
} from './faults.helpers';

const SEED = process.env.CHIBO_FAULTS_SEED ? Number(process.env.CHIBO_FAULTS_SEED) : undefined;
const PATH = process.env.CHIBO_FAULTS_PATH || undefined;
const SHRINK = process.env.CHIBO_FAULTS_SHRINK === '1';
const runs = (n: number) => Number(process.env.CHIBO_FAULTS_RUNS ?? n);
const params = <T>(numRuns: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> => ({
  numRuns: runs(numRuns),
  seed: SEED,
  path: PATH,
  endOnFailure: !SHRINK,
  ...extra,
});
/** Runs of each property, per database: modest, so the file runs in about a minute on two cores. */
const NETWORK_RUNS = { sqlite: 15, postgres: 6 } as const;
const KILL_RUNS = { sqlite: 3, postgres: 2 } as const;
/** A test's time limit: its runs at a generous time each. */
const timeoutFor = (numRuns: number, msPerRun: number) => 60_000 + runs(numRuns) * msPerRun;

const DAY = 24 * 3600_000;
const KINDS = ['sqlite', 'postgres'] as const;
type Kind = (typeof KINDS)[number];
if (!PG_URL) console.warn(PG_NOT_CONFIGURED);
const describeDb = (kind: Kind, title: string, body: () => void) =>
  describe.skipIf(kind === 'postgres' && !PG_URL)(`${title} [${kind === 'sqlite' ? 'SQLite' : PG_URL ? 'PostgreSQL' : 'PostgreSQL — skipped: set CHIBO_TEST_PG'}]`, body);

// ---- The two sides -----------------------------------------------------------------------------------------------------

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = makeTempDir(prefix);
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
/** A copy of a ward's data folder, removed after the file's tests if not before. */
const wardCopy = (dir: string) => {
  const copy = copyWard(dir);
  dirs.push(copy);
  return copy;
};

/** A fresh in-process server over a fresh database (a new PostgreSQL schema, or a SQLite file). */
async function startServer(kind: Kind): Promise<RunningServer & { dataDir: string }> {
  const dataDir = tempDir('chibo-fault-server-');
  const schema = kind === 'postgres' ? `f_${crypto.randomBytes(6).toString('hex')}` : undefined;
  const running = await startSyncServer({ dataDir, port: 0, name: 'Thành ủy Hà Nội', databaseUrl: kind === 'postgres' ? PG_URL : undefined, databaseSchema: schema });
  return {
    ...running,
    dataDir,
    async close() {
      await running.server.close();
      if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(running.db);
      await running.db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Account = { username: string; password: string } | 'demo';

/** The ward: a runtime on a data folder, its clock (skewed at will) and the network it talks through. */
class Ward {
  runtime!: Runtime;
  caller!: Caller;
  skewMs = 0;
  private opened = false;
  readonly clock = () => Date.now() + this.skewMs;

  constructor(
    readonly dir: string,
    private readonly account: Account,
    readonly net: FaultyNetwork,
  ) {}

  get sqlite() {
    return this.runtime.store.sqlite;
  }

  async open(): Promise<this> {
    this.runtime = startRuntime({
      dataDir: this.dir,
      host: 'cli',
      appVersion: '0.0.0-test',
      log: () => {},
      clock: this.clock,
      sync: { background: false, fetch: this.net.fetch },
    });
    this.opened = true;
    const session = { token: null as string | null };
    const runtime = this.runtime;
    const send = async (method: string, input: unknown) => {
      const envelope = await runtime.dispatch(method, input ?? {}, session);
      if (!envelope.ok) throw Object.assign(new Error(`${envelope.error.code}: ${envelope.error.message}`), envelope.error);
      return envelope.value;
    };
    let account = this.account === 'demo' ? null : { username: this.account.username, password: this.account.password };
    if (!account) {
      const status = (await send('auth.status', {})) as { demoAccounts: { role: string; username: string; password: string }[] };
      const admin = status.demoAccounts.find((a) => a.role === 'ward_admin')!;
      account = { username: admin.username, password: admin.password };
    }
    const login = account;
    this.caller = {
      session,
      raw: (method, input = {}) => runtime.dispatch(method, input, session),
      async call(method, input) {
        try {
          return (await send(method, input)) as never;
        } catch (error) {
          // A clock moved by days ends the session (idle lock): sign in again, as the person would.
          if ((error as { code?: string }).code !== 'UNAUTHENTICATED') throw error;
          await send('auth.login', login);
          return (await send(method, input)) as never;
        }
      },
    };
    await this.caller.call('auth.login', login);
    return this;
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    await this.runtime.close();
  }

  async enrol(server: { url: string; db: ServerKysely }): Promise<string> {
    const site = await createSite(server.db, 'Đảng bộ phường');
    await this.caller.call('sync.enrol', { serverUrl: server.url, code: site.code });
    return site.slotId;
  }

  /** One sync cycle as the host runs it, on this ward's clock; a refusal or a network failure is an outcome, anything
   *  else (a bug) is thrown. */
  async cycle(): Promise<{ summary: CycleSummary | null; error: Error | null }> {
    try {
      const summary = await runCycle(this.runtime.context, { fetch: this.net.fetch, wallClock: this.clock, blobChunkBytes: 16 * 1024 });
      return { summary, error: null };
    } catch (error) {
      if (error instanceof SyncError || error instanceof HttpError) return { summary: null, error };
      throw error;
    }
  }

  /** With the network sound: cycles until one finds nothing to send and nothing held. */
  async settle(maxCycles = 6): Promise<void> {
    const failures: string[] = [];
    for (let i = 0; i < maxCycles; i++) {
      const { summary, error } = await this.cycle();
      if (error) failures.push(error.message);
      else if (summary!.heldAt) failures.push(`held at ${summary!.heldAt}`);
      else if (summary!.pushes === 0 && this.outbox() === 0) return;
    }
    throw new Error(`the ward did not settle in ${maxCycles} cycles: ${failures.join(' | ')}`);
  }

  outbox(): number {
    return this.sqlite.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
  }
}

/** Every record of the ward's scope is on the server exactly once, at the same version and with the same row. */
async function expectInStep(ward: Ward, db: ServerKysely, log: () => string = () => ''): Promise<void> {
  const c = await compare(ward.sqlite, db);
  const context = `\n${log()}`;
  // missing: the ward's records the server lacks or holds at another version or content; extra: the server's records the
  // ward lacks or holds otherwise; duplicates: keys the server holds twice. Lines are table|key|version|updatedAt|deletedAt|row hash.
  expect({ missing: c.missing, extra: c.extra, duplicates: c.duplicates }, `the ward and the server differ${context}`).toEqual({ missing: [], extra: [], duplicates: [] });
  expect(perTable(c.server)).toEqual(perTable(c.ward));
  expect(checksum(c.server)).toBe(checksum(c.ward));
  expect(c.ward.length).toBeGreaterThan(0);
  expect(ward.outbox()).toBe(0);
  expect(ward.sqlite.prepare('SELECT tbl, key, code, reason FROM sync_rejections').all(), `refused ops${context}`).toEqual([]);
  expect(ward.sqlite.prepare('SELECT count(*) FROM sync_stale').pluck().get()).toBe(0);
}

/** The superior's documents the ward holds are the server's, at the same versions (all are sent to every site). */
async function expectDocumentsInStep(ward: Ward, db: ServerKysely): Promise<void> {
  const held = (await db.selectFrom('records').select(['record_key', 'version', 'deleted_at']).where('table_name', '=', 'documents').execute())
    .map((r) => `${r.record_key}|${r.version}|${r.deleted_at === null ? 'live' : 'gone'}`)
    .sort();
  const local = (ward.sqlite.prepare('SELECT id, version, deleted_at FROM superior_documents').all() as { id: string; version: number; deleted_at: number | null }[])
    .map((r) => `${r.id}|${r.version}|${r.deleted_at === null ? 'live' : 'gone'}`)
    .sort();
  expect(local).toEqual(held);
}

async function serverData(db: ServerKysely, table: string, key: string): Promise<{ data: Record<string, unknown>; deleted: boolean; owner: string } | null> {
  const row = await db.selectFrom('records').select(['data', 'deleted_at', 'owner_site']).where('table_name', '=', table).where('record_key', '=', key).executeTakeFirst();
  return row ? { data: JSON.parse(row.data) as Record<string, unknown>, deleted: row.deleted_at !== null, owner: row.owner_site } : null;
}

const ids = (ward: Ward, query: string, ...args: unknown[]) => ward.sqlite.prepare(query).pluck().all(...args) as string[];
const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

// ---- 1. A faulty network, skewed clocks, restarts and crashes, with work going on ------------------------------------

/** What the ward's people did, to check nothing of it was lost, whatever the network did. */
interface Model {
  phones: Map<string, string | null>;
  meetings: Set<string>;
  opinions: Map<string, boolean>;
  drafts: Map<string, number>;
  attendance: Map<string, string | null>;
  attachments: Set<string>;
  feedback: Set<string>;
}

interface Real {
  kind: Kind;
  ward: Ward;
  server: RunningServer;
  net: FaultyNetwork;
  documents: string[];
}

type Cmd = fc.AsyncCommand<Model, Real>;

/** A local change made through the services, as a person would. */
abstract class Change implements Cmd {
  check = () => true;
  abstract run(m: Model, r: Real): Promise<void>;
  abstract toString(): string;
}

class CreateMember extends Change {
  constructor(readonly branch: number, readonly n: number) {
    super();
  }
  async run(m: Model, r: Real) {
    const branchId = pick(ids(r.ward, "SELECT id FROM organisations WHERE kind = 'branch' ORDER BY id"), this.branch)!;
    const { id } = await r.ward.caller.call('members.create', {
      branchId,
      fullName: `Người mới ${this.n}`,
      gender: this.n % 2 ? 'male' : 'female',
      birthDate: '1980-03-0' + (1 + (this.n % 9)),
      admissionDate: '2012-09-02',
    });
    m.phones.set(id, null);
  }
  toString = () => `createMember(${this.branch}, ${this.n})`;
}

class UpdateMember extends Change {
  constructor(readonly member: number, readonly phone: number) {
    super();
  }
  async run(m: Model, r: Real) {
    const id = pick(ids(r.ward, 'SELECT id FROM members WHERE deleted_at IS NULL ORDER BY id'), this.member)!;
    const before = await r.ward.caller.call('members.get', { id });
    const phone = `09${String(this.phone).padStart(8, '0')}`;
    await r.ward.caller.call('members.update', { ...memberFields(before), id, version: before.version, phone });
    m.phones.set(id, phone);
  }
  toString = () => `updateMember(${this.member}, ${this.phone})`;
}

class PlanMeeting extends Change {
  constructor(readonly branch: number, readonly day: number) {
    super();
  }
  async run(m: Model, r: Real) {
    const branchId = pick(ids(r.ward, "SELECT id FROM organisations WHERE kind = 'branch' ORDER BY id"), this.branch)!;
    const day = String(1 + (this.day % 28)).padStart(2, '0');
    const { ids: planned } = await r.ward.caller.call('meetings.plan', { branchIds: [branchId], kind: 'thematic', scheduledAt: `2027-01-${day}T19:30`, place: 'Hội trường khu phố' });
    for (const id of planned) m.meetings.add(id);
  }
  toString = () => `planMeeting(${this.branch}, ${this.day})`;
}

const meetingIds = (r: Real) => ids(r.ward, 'SELECT id FROM meetings WHERE deleted_at IS NULL ORDER BY id');

class MarkAttendance extends Change {
  constructor(readonly meeting: number, readonly member: number, readonly presence: 'present' | 'absent_excused' | null) {
    super();
  }
  async run(m: Model, r: Real) {
    const meetingId = pick(meetingIds(r), this.meeting)!;
    const { roll } = await r.ward.caller.call('meetings.get', { id: meetingId });
    const row = pick(roll, this.member);
    if (!row) return;
    await r.ward.caller.call('attendance.mark', {
      meetingId,
      marks: [{ memberId: row.memberId, presence: this.presence, reason: this.presence === 'absent_excused' ? 'Đi công tác' : null }],
    });
    m.attendance.set(`${meetingId}:${row.memberId}`, this.presence);
  }
  toString = () => `markAttendance(${this.meeting}, ${this.member}, ${this.presence})`;
}

class AddOpinion extends Change {
  constructor(readonly meeting: number, readonly n: number) {
    super();
  }
  async run(m: Model, r: Real) {
    const meetingId = pick(meetingIds(r), this.meeting)!;
    await r.ward.caller.call('opinions.add', { meetingId, speakerName: 'Trần Thị Lan', summary: `Ý kiến số ${this.n}` });
    const id = r.ward.sqlite.prepare('SELECT id FROM opinions WHERE meeting_id = ? ORDER BY position DESC LIMIT 1').pluck().get(meetingId) as string;
    m.opinions.set(id, false);
  }
  toString = () => `addOpinion(${this.meeting}, ${this.n})`;
}

class RemoveOpinion extends Change {
  constructor(readonly opinion: number) {
    super();
  }
  async run(m: Model, r: Real) {
    const id = pick(ids(r.ward, 'SELECT id FROM opinions WHERE deleted_at IS NULL ORDER BY id'), this.opinion);
    if (!id) return;
    await r.ward.caller.call('opinions.remove', { id });
    m.opinions.set(id, true);
  }
  toString = () => `removeOpinion(${this.opinion})`;
}

class SaveDraft extends Change {
  constructor(readonly meeting: number, readonly n: number) {
    super();
  }
  async run(m: Model, r: Real) {
    const meetingId = pick(meetingIds(r), this.meeting)!;
    await r.ward.caller.call('drafts.save', { meetingId, sections: [{ heading: 'I. NHIỆM VỤ', paragraphs: [`Nội dung dự thảo ${this.n}.`, 'Phân công thực hiện.'] }] });
    m.drafts.set(meetingId, r.ward.sqlite.prepare('SELECT count(*) FROM drafts WHERE meeting_id = ?').pluck().get(meetingId) as number);
  }
  toString = () => `saveDraft(${this.meeting}, ${this.n})`;
}

class AddAttachment extends Change {
  constructor(readonly meeting: number, readonly kib: number, readonly n: number) {
    super();
  }
  async run(m: Model, r: Real) {
    const meetingId = pick(meetingIds(r), this.meeting)!;
    // Bytes of its own for each (so each is a new blob), in several 16 KiB upload chunks.
    const bytes = Buffer.concat([Buffer.from(`%PDF-1.7\n% biên bản ${this.n} ${crypto.randomUUID()}\n`), crypto.randomBytes(this.kib * 1024)]);
    await r.ward.caller.call('attachments.add', { meetingId, fileName: `tai-lieu-${this.n}.pdf`, data: bytes.toString('base64') });
    const id = r.ward.sqlite.prepare('SELECT id FROM attachments WHERE sha256 = ?').pluck().get(crypto.createHash('sha256').update(bytes).digest('hex')) as string;
    m.attachments.add(id);
  }
  toString = () => `addAttachment(${this.meeting}, ${this.kib} KiB)`;
}

/** One sync cycle through the faulty network, the faults in the order the requests go out. */
class Sync implements Cmd {
  constructor(readonly faults: Fault[]) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    r.net.setPlan(this.faults);
    r.net.enabled = true;
    r.net.log.push(`-- cycle (clock ${r.ward.skewMs >= 0 ? '+' : ''}${(r.ward.skewMs / DAY).toFixed(2)} days)`);
    try {
      const { summary, error } = await r.ward.cycle();
      r.net.log.push(`   → ${error ? `${error.name}: ${error.message.slice(0, 140)}` : `done${summary?.recovered ? `, recovered (${summary.recovered.reason})` : ''}`}`);
    } finally {
      r.net.enabled = false;
    }
  }
  toString = () => `sync(${this.faults.map((f) => f.kind).join(',')})`;
}

/** The ward's clock jumps (days forward or back): signatures must recover through CLOCK_SKEW. */
class SkewClock implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    r.ward.skewMs = this.ms;
  }
  toString = () => `skewClock(${(this.ms / DAY).toFixed(2)} days)`;
}

/** The ward's program closes and opens again (its HLC starts again from the wall clock). */
class Restart implements Cmd {
  check = () => true;
  async run(_m: Model, r: Real) {
    await r.ward.close();
    await r.ward.open();
  }
  toString = () => 'restart()';
}

/** The ward dies while applying what the server answered: the apply's transaction fails at its first write to the
 *  outbox (the acknowledged entries going, or the fresh outbox of a recovery) and the program starts again. */
class CrashMidApply implements Cmd {
  constructor(readonly faults: Fault[]) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    r.ward.sqlite.exec("CREATE TEMP TRIGGER chibo_crash AFTER DELETE ON main.outbox BEGIN SELECT RAISE(ABORT, 'chibo fault: crashed mid-apply'); END");
    r.net.setPlan(this.faults);
    r.net.enabled = true;
    r.net.log.push('-- cycle that crashes mid-apply');
    try {
      await r.ward.cycle();
      r.net.log.push('   → done (nothing to apply)');
    } catch (error) {
      if (!String((error as Error).message).includes('chibo fault')) throw error;
      r.net.log.push('   → crashed');
    } finally {
      r.net.enabled = false;
    }
    await r.ward.close();
    await r.ward.open();
  }
  toString = () => `crashMidApply(${this.faults.map((f) => f.kind).join(',')})`;
}

/** The requests held back in the network arrive now, between cycles. */
class ReleaseHeld implements Cmd {
  constructor(readonly reverse: boolean) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    r.net.log.push(`-- ${r.net.held.length} held requests arrive`);
    await r.net.releaseHeld(this.reverse);
  }
  toString = () => `releaseHeld(${this.reverse ? 'newest first' : 'oldest first'})`;
}

/** The superior publishes a document to every site, or withdraws one. */
class Publish implements Cmd {
  constructor(readonly withdraw: number | null) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    const target = this.withdraw === null ? undefined : pick(r.documents, this.withdraw);
    if (target) return withdrawDocument(r.server.db, target);
    const { id } = await publishDocument(r.server.db, { kind: 'news', title: `Thông báo ${r.documents.length + 1}`, body: 'Nội dung thông báo.', audience: 'all' });
    r.documents.push(id);
  }
  toString = () => (this.withdraw === null ? 'publish()' : `withdraw(${this.withdraw})`);
}

/** The superior writes feedback on a draft of a meeting it holds: the ward turns it into a comment and sends it back. */
class Feedback implements Cmd {
  constructor(readonly meeting: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const held = await r.server.db.selectFrom('records').select('data').where('table_name', '=', 'drafts').where('deleted_at', 'is', null).orderBy('record_key').execute();
    const meetingId = pick([...new Set(held.map((h) => String((JSON.parse(h.data) as { meeting_id: string }).meeting_id)))].sort(), this.meeting);
    if (!meetingId) return;
    const { id } = await addFeedback(r.server.db, { meetingId, draftVersion: 1, lineFrom: 1, lineTo: 1, authorName: 'Ban Tổ chức', text: 'Đề nghị bổ sung số liệu.' });
    m.feedback.add(id);
  }
  toString = () => `feedback(${this.meeting})`;
}

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Fault>({ kind: 'ok' }) },
  { weight: 2, arbitrary: fc.constant<Fault>({ kind: 'dropRequest' }) },
  { weight: 3, arbitrary: fc.constant<Fault>({ kind: 'dropResponse' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), concurrent: fc.boolean(), answer: fc.constantFrom(0 as const, 1 as const) }) },
  { weight: 2, arbitrary: fc.constant<Fault>({ kind: 'hold' }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delay' as const), ms: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), reverse: fc.boolean() }) },
);
const faultsArb = fc.array(faultArb, { minLength: 1, maxLength: 10 });
const small = fc.nat({ max: 50 });

const commandsArb = fc.commands(
  [
    fc.tuple(small, small).map(([b, n]) => new CreateMember(b, n)),
    fc.tuple(small, fc.nat({ max: 99_999_999 })).map(([i, p]) => new UpdateMember(i, p)),
    fc.tuple(small, small).map(([b, d]) => new PlanMeeting(b, d)),
    fc.tuple(small, small, fc.constantFrom('present' as const, 'absent_excused' as const, null)).map(([a, b, p]) => new MarkAttendance(a, b, p)),
    fc.tuple(small, small).map(([a, n]) => new AddOpinion(a, n)),
    small.map((i) => new RemoveOpinion(i)),
    fc.tuple(small, small).map(([a, n]) => new SaveDraft(a, n)),
    fc.tuple(small, fc.integer({ min: 1, max: 40 }), small).map(([a, k, n]) => new AddAttachment(a, k, n)),
    // Syncs come as often as all the rest together.
    ...Array.from({ length: 8 }, () => faultsArb.map((f) => new Sync(f))),
    fc
      .tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -DAY / 2, max: DAY / 2 }))
      .map(([days, ms]) => new SkewClock(days * DAY + ms)),
    fc.constant(new Restart()),
    faultsArb.map((f) => new CrashMidApply(f)),
    fc.boolean().map((r) => new ReleaseHeld(r)),
    fc.option(small, { nil: null, freq: 3 }).map((w) => new Publish(w)),
    small.map((i) => new Feedback(i)),
  ],
  { maxCommands: 40, size: 'medium' },
);

/** Cases every run of the property goes through first, whatever the seed. */
const NETWORK_EXAMPLES: Cmd[][] = [
  // The push never reaches the server, and nothing more is done on the ward: the next cycle must send it again.
  [new CreateMember(0, 1), new Sync([{ kind: 'dropRequest' }])],
  // The server applies the push, its answer is lost: the retry (the previous token) continues the chain.
  [new Sync([]), new SaveDraft(0, 1), new Sync([{ kind: 'dropResponse' }])],
  // An attachment's upload (three 16 KiB chunks): a chunk sent twice (the copy's REPLAY is the answer the client gets),
  // then an answer lost; the next cycle resumes where the server is and sends the record after its file.
  [
    new Sync([]),
    new AddAttachment(0, 40, 1),
    new Sync([{ kind: 'ok' }, { kind: 'ok' }, { kind: 'duplicate', concurrent: false, answer: 1 }, { kind: 'ok' }, { kind: 'ok' }, { kind: 'dropResponse' }]),
  ],
  // The clock jumps days ahead (CLOCK_SKEW, then the offset), a push is held in the network and arrives after its retry
  // went through: the server takes it as another retry and drops the ward's token; the ward meets EPOCH_CONFLICT,
  // recovers its records from the server and sends everything again in a new epoch, on a clock now days behind.
  [
    new Sync([]),
    new SkewClock(3 * DAY),
    new Sync([]),
    new CreateMember(1, 2),
    new Sync([{ kind: 'hold' }]),
    new Sync([]),
    new ReleaseHeld(false),
    new SkewClock(-2 * DAY),
    new AddOpinion(0, 3),
    new Sync([]),
  ],
];

/** Nothing any person did on the ward was lost or reverted on the way to the server. */
async function expectModelOnServer(m: Model, r: Real): Promise<void> {
  const db = r.server.db;
  const site = selfSite(r.ward.sqlite);
  for (const [id, phone] of m.phones) expect((await serverData(db, 'members', id))?.data.phone, `member ${id}`).toBe(phone);
  for (const id of m.meetings) expect(await serverData(db, 'meetings', id), `meeting ${id}`).not.toBeNull();
  for (const [id, removed] of m.opinions) expect((await serverData(db, 'opinions', id))?.deleted, `opinion ${id}`).toBe(removed);
  for (const [meetingId, count] of m.drafts) {
    const held = await db.selectFrom('records').select('data').where('table_name', '=', 'drafts').where('owner_site', '=', site).execute();
    expect(held.filter((h) => (JSON.parse(h.data) as { meeting_id: string }).meeting_id === meetingId).length, `drafts of ${meetingId}`).toBe(count);
  }
  for (const [key, presence] of m.attendance) {
    const held = await serverData(db, 'attendance', key);
    if (presence === null) expect(held === null || held.deleted, `attendance ${key}`).toBe(true);
    else expect(held?.deleted === false && held.data.status, `attendance ${key}`).toBe(presence);
  }
  for (const id of m.attachments) {
    const held = await serverData(db, 'attachments', id);
    expect(held, `attachment ${id}`).not.toBeNull();
    const blob = await db.selectFrom('blobs').select(['complete', 'size']).where('sha256', '=', String(held!.data.sha256)).executeTakeFirst();
    expect(blob, `the file of attachment ${id}`).toMatchObject({ complete: 1, size: Number(held!.data.size) });
  }
  for (const id of m.feedback) {
    const comment = await serverData(db, 'comments', id);
    expect(comment, `the comment feedback ${id} became`).toMatchObject({ owner: site, data: { source: 'superior' } });
  }
}

let small_: WardTemplate;
beforeAll(async () => {
  small_ = await makeSmallWard();
  dirs.push(small_.dir);
});

for (const kind of KINDS) {
  describeDb(kind, 'a ward syncing through a faulty network', () => {
    it('ends with every record on the server exactly once, whatever was dropped, duplicated, delayed or replayed', async () => {
      const seen = { cycles: 0, faults: new Map<string, number>(), refusals: new Map<string, number>(), recovered: 0 };
      await fc.assert(
        fc.asyncProperty(commandsArb, async (cmds) => {
          const server = await startServer(kind);
          const net = new FaultyNetwork();
          const ward = new Ward(wardCopy(small_.dir), small_, net);
          await ward.open();
          const real: Real = { kind, ward, server, net, documents: [] };
          const model: Model = { phones: new Map(), meetings: new Set(), opinions: new Map(), drafts: new Map(), attendance: new Map(), attachments: new Set(), feedback: new Set() };
          const log = () => `network log (last 120 lines):\n${net.log.slice(-120).join('\n')}`;
          try {
            await ward.enrol(server);
            await fc.asyncModelRun(() => ({ model, real }), cmds);
            // Faults off: whatever is still held in the network arrives, late, then the ward syncs until done.
            await net.releaseHeld();
            ward.skewMs = 0;
            try {
              await ward.settle();
            } catch (error) {
              throw new Error(`${(error as Error).message}\n${log()}`, { cause: error });
            }
            await expectInStep(ward, server.db, log);
            await expectDocumentsInStep(ward, server.db);
            await expectModelOnServer(model, real);
            for (const [code, n] of net.refusals) seen.refusals.set(code, (seen.refusals.get(code) ?? 0) + n);
            for (const line of net.log) {
              if (line.includes(', recovered (')) seen.recovered++;
              if (line.startsWith('-- cycle')) seen.cycles++;
              else if (line.startsWith('  late')) seen.faults.set('late arrival', (seen.faults.get('late arrival') ?? 0) + 1);
              else if (!line.startsWith(' ') && !line.startsWith('--')) {
                const k = line.split(' ')[0]!;
                seen.faults.set(k, (seen.faults.get(k) ?? 0) + 1);
              }
            }
          } finally {
            await ward.close();
            fs.rmSync(ward.dir, { recursive: true, force: true });
            await server.close();
          }
        }),
        params<[Iterable<Cmd>]>(NETWORK_RUNS[kind], { examples: NETWORK_EXAMPLES.map((e): [Iterable<Cmd>] => [e]) }),
      );
      console.log(
        `[${kind}] faulty network: ${seen.cycles} cycles under faults, ${seen.recovered} of them recovering; requests: ` +
          `${JSON.stringify(Object.fromEntries(seen.faults))}; refusals: ${JSON.stringify(Object.fromEntries(seen.refusals))}`,
      );
      // The runs did meet the faults they are about.
      for (const k of ['dropRequest', 'dropResponse', 'duplicate', 'hold']) expect(seen.faults.get(k) ?? 0, k).toBeGreaterThan(0);
    }, timeoutFor(NETWORK_RUNS[kind], 3_000));
  });
}

// ---- 2. The server killed with SIGKILL in the middle of a push -------------------------------------------------------

let demo: string | undefined;
/** The demo ward (thousands of records: its initial sync takes several pushes), made once and copied. */
async function demoWard(): Promise<string> {
  if (!demo) {
    const t = startTestRuntime({ sync: { background: false } });
    await t.caller().call('demo.create');
    await t.runtime.close();
    demo = t.dir;
    dirs.push(demo);
  }
  return demo;
}

type Kill = StopPoint | { at: 'sent'; nth: number; delayMs: number };

for (const kind of KINDS) {
  describeDb(kind, 'the server process killed with SIGKILL mid-push', () => {
    it('loses and duplicates nothing: the ward retries against the restarted server and ends in step', async () => {
      const outcomes: string[] = [];
      const killArb: fc.Arbitrary<Kill> = fc.oneof(
        fc.record({ at: fc.constantFrom('midway' as const, 'commit' as const), nth: fc.integer({ min: 1, max: 2 }) }),
        fc.record({ at: fc.constant('sent' as const), nth: fc.integer({ min: 1, max: 2 }), delayMs: fc.integer({ min: 0, max: 1500 }) }),
      );
      await fc.assert(
        fc.asyncProperty(killArb, async (kill) => {
          const dataDir = tempDir('chibo-fault-child-');
          const schema = kind === 'postgres' ? `k_${crypto.randomBytes(6).toString('hex')}` : undefined;
          let databaseUrl: string | undefined;
          if (schema) {
            // The schema made (and migrated) here; the child finds it through search_path.
            const made = await openServerDb({ dataDir, databaseUrl: PG_URL, schema, name: 'Thành ủy Hà Nội' });
            await made.close();
            const url = new URL(PG_URL!);
            url.searchParams.set('options', `-c search_path=${schema}`);
            databaseUrl = url.toString();
          }
          const port = await freePort();
          const net = new FaultyNetwork();
          const ward = new Ward(wardCopy(await demoWard()), 'demo', net);
          // The server starting and the ward opening, side by side: each takes a second or two.
          const [started, opened] = await Promise.allSettled([startChildServer({ port, dataDir, databaseUrl, stop: kill.at === 'sent' ? undefined : kill }), ward.open()]);
          if (started.status === 'rejected' || opened.status === 'rejected') {
            if (started.status === 'fulfilled') await started.value.kill();
            await ward.close();
            throw started.status === 'rejected' ? started.reason : (opened as PromiseRejectedResult).reason;
          }
          let child = started.value;
          // The process that replaces the server after the kill: loaded now, started on the same port once it is free.
          const replacement = prepareChildServer({ port, dataDir, databaseUrl });
          let store: Awaited<ReturnType<typeof openServerDb>> | undefined;
          try {
            const admin = await openServerDb({ dataDir, databaseUrl: PG_URL && schema ? PG_URL : undefined, schema });
            store = admin;
            await ward.enrol({ url: child.url, db: admin.db });
            const pushes: { fromSeq: number; toSeq: number; ops: unknown[] }[] = [];
            let killed: Promise<void> | null = null;
            net.onSend = (req) => {
              if (req.path !== '/v1/push') return;
              const push = JSON.parse(req.body.toString('utf8')) as { fromSeq: number; toSeq: number; ops: unknown[] };
              pushes.push(push);
              if (kill.at === 'sent' && pushes.length === kill.nth) killed = new Promise((r) => setTimeout(r, kill.delayMs)).then(() => child.kill());
            };
            if (kill.at !== 'sent') void child.stopped.then(() => child.kill());
            const first = await ward.cycle();
            if (killed) await killed;
            await child.kill();
            // What the kill left on the server: the push it hit is there whole, or not at all.
            const hit = pushes[kill.nth - 1];
            const held = await admin.db.selectFrom('site_epochs').select(['last_seq']).executeTakeFirst();
            const committed = hit !== undefined && (held?.last_seq ?? 0) >= hit.toSeq;
            if (kill.at !== 'sent') {
              expect(hit, 'the push to stop in was sent').toBeDefined();
              expect(first.error, 'the cycle lost its server').toBeInstanceOf(SyncError);
              expect(committed, kill.at === 'midway' ? 'a push killed inside its transaction left nothing' : 'a push killed after its commit is there whole').toBe(
                kill.at === 'commit',
              );
              // Record by record: the initial sync sends each record once, so the server holds exactly the ops of the
              // pushes that committed, the killed one whole or not at all.
              const count = await admin.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
              const upTo = kill.at === 'commit' ? kill.nth : kill.nth - 1;
              expect(Number(count.n), 'records on the server after the kill').toBe(pushes.slice(0, upTo).reduce((n, p) => n + p.ops.length, 0));
            }
            const epochs = async () => (await admin.db.selectFrom('site_epochs').select('epoch').execute()).length;
            outcomes.push(
              `${JSON.stringify(kill)}: push ${hit ? `${hit.fromSeq}..${hit.toSeq} ${committed ? 'committed' : 'not committed'}` : 'not sent'}, ` +
                `first cycle ${first.error ? 'failed' : 'finished'}`,
            );

            child = await replacement.go();
            await ward.settle();
            await expectInStep(ward, admin.db);
            // The ward's retry is a retry of the same chain, so no new epoch, even when the lost answer was the first.
            expect(await epochs(), 'the retry continues the chain: no new epoch').toBe(1);
          } finally {
            await child.kill();
            await replacement.kill();
            await ward.close();
            fs.rmSync(ward.dir, { recursive: true, force: true });
            if (schema && store) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
            await store?.close();
          }
        }),
        params(KILL_RUNS[kind], {
          examples: [[{ at: 'midway', nth: 2 }], [{ at: 'commit', nth: 2 }]],
        }),
      );
      console.log(`[${kind}] server killed:\n  ${outcomes.join('\n  ')}`);
    }, timeoutFor(KILL_RUNS[kind], 20_000));

    it("the answer to an epoch's first push is lost: the retry is taken as a retry, not as a diverged history", async () => {
      const server = await startServer(kind);
      const net = new FaultyNetwork();
      const ward = await new Ward(wardCopy(small_.dir), small_, net).open();
      try {
        await ward.enrol(server);
        net.log.length = 0;
        net.setPlan([{ kind: 'dropResponse' }]);
        net.enabled = true;
        const { error } = await ward.cycle();
        net.enabled = false;
        expect(net.log[0], 'the first request of the cycle is the first push').toMatch(/^dropResponse +push e1 1\.\./);
        expect(error).toBeInstanceOf(SyncError);
        await ward.settle();
        await expectInStep(ward, server.db);
        expect((await server.db.selectFrom('site_epochs').select('epoch').execute()).length, 'the retry continues the chain: no new epoch').toBe(1);
      } finally {
        await ward.close();
        fs.rmSync(ward.dir, { recursive: true, force: true });
        await server.close();
      }
    });
  });
}

// ---- 3. The ward process killed with SIGKILL in the middle of applying -----------------------------------------------

/** Runs one sync cycle of the ward in its own process, held still at `point`, and kills it there with SIGKILL. */
function killWardAt(dataDir: string, point: 'push' | 'pull' | 'recover'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'faults.ward.ts'), dataDir, point], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (out.includes('CHIBO_FAULT_STOPPED')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && out.includes('CHIBO_FAULT_STOPPED')) resolve(out);
      else reject(new Error(`the ward process was not stopped at ${point} (exit ${signal ?? _code}):\n${out}`));
    });
  });
}

/** What a crash must leave as it was: the outbox, the chain, the pull cursor, the records. */
function snapshot(ward: Ward) {
  const st = readState(ward.sqlite);
  return {
    outbox: ward.sqlite.prepare('SELECT seq, tbl, key FROM outbox ORDER BY seq').all(),
    state: { epoch: st.epoch, token: st.token, lastSeq: st.last_seq, cursor: st.pull_cursor },
    documents: ward.sqlite.prepare('SELECT id, version FROM superior_documents ORDER BY id').all(),
    records: checksum(wardScope(ward.sqlite)),
  };
}

describe('the ward process killed with SIGKILL mid-apply', () => {
  // A server each: every ward here is a copy of one template, so of one site, which enrols once per server.
  let server: RunningServer & { dataDir: string };
  beforeEach(async () => {
    server = await startServer('sqlite');
  });
  afterEach(() => server.close());

  async function enrolledWard(): Promise<Ward> {
    const ward = await new Ward(wardCopy(small_.dir), small_, new FaultyNetwork()).open();
    await ward.enrol(server);
    await ward.settle();
    return ward;
  }

  async function killAndReopen(ward: Ward, point: 'push' | 'pull' | 'recover') {
    const before = snapshot(ward);
    await ward.close();
    await killWardAt(ward.dir, point);
    await ward.open();
    expect(ward.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(snapshot(ward), 'the killed transaction left nothing half-written').toEqual(before);
  }

  it('while applying a push answer: the server has the push, the ward resends it as a retry of the same chain', async () => {
    const ward = await enrolledWard();
    try {
      const branchId = ids(ward, "SELECT id FROM organisations WHERE kind = 'branch' ORDER BY id")[0]!;
      const { id } = await ward.caller.call('members.create', { branchId, fullName: 'Lê Văn Tám', gender: 'male', birthDate: '1979-02-03', admissionDate: '2010-02-03' });
      await killAndReopen(ward, 'push');
      expect(await serverData(server.db, 'members', id), 'the push reached the server before the ward died').not.toBeNull();
      expect(ward.outbox()).toBeGreaterThan(0);
      await ward.settle();
      await expectInStep(ward, server.db);
      const slot = (await server.db.selectFrom('sites').select('slot_id').where('site_id', '=', selfSite(ward.sqlite)).executeTakeFirstOrThrow()).slot_id;
      expect(await server.db.selectFrom('site_epochs').select('epoch').where('slot_id', '=', slot).execute()).toHaveLength(1);
    } finally {
      await ward.close();
    }
  });

  it('while applying a pull page: the cursor stays, the page comes again whole', async () => {
    const ward = await enrolledWard();
    try {
      const published = [];
      for (let i = 0; i < 3; i++) published.push((await publishDocument(server.db, { kind: 'directive', title: `Chỉ thị ${i}`, body: '…', audience: 'all' })).id);
      await killAndReopen(ward, 'pull');
      await ward.settle();
      await expectInStep(ward, server.db);
      const held = ids(ward, 'SELECT id FROM superior_documents');
      for (const id of published) expect(held).toContain(id);
    } finally {
      await ward.close();
    }
  });

  it('while recovering from a restored backup: nothing is half-recovered, the next cycle recovers again', async () => {
    const ward = await enrolledWard();
    try {
      await ward.close();
      const backup = path.join(tempDir('chibo-fault-backup-'), DATABASE_FILE_NAME);
      fs.copyFileSync(path.join(ward.dir, DATABASE_FILE_NAME), backup);
      await ward.open();
      const branchId = ids(ward, "SELECT id FROM organisations WHERE kind = 'branch' ORDER BY id")[0]!;
      const after: string[] = [];
      const meetings: string[] = [];
      for (let i = 0; i < 2; i++) {
        after.push((await ward.caller.call('members.create', { branchId, fullName: `Sau sao lưu ${i}`, gender: 'female', birthDate: '1985-01-01', admissionDate: '2015-01-01' })).id);
        meetings.push(...(await ward.caller.call('meetings.plan', { branchIds: [branchId], kind: 'thematic', scheduledAt: `2027-03-0${i + 1}T08:00`, place: 'Hội trường' })).ids);
        await ward.settle();
      }
      await ward.close();
      restoreBackup(ward.dir, backup, 'none');
      await ward.open();
      // A change on the restored machine: its push shows the server the old token (EPOCH_CONFLICT), and the ward recovers.
      const { id: fresh } = await ward.caller.call('members.create', { branchId, fullName: 'Sau khôi phục', gender: 'male', birthDate: '1988-06-06', admissionDate: '2018-06-06' });
      after.push(fresh);
      await killAndReopen(ward, 'recover');
      await ward.settle();
      await expectInStep(ward, server.db);
      for (const id of after) expect(ids(ward, 'SELECT id FROM members WHERE id = ?', id), 'a record made after the backup came back').toEqual([id]);
      for (const id of meetings) expect(ids(ward, 'SELECT id FROM meetings WHERE id = ?', id), 'a meeting planned after the backup came back').toEqual([id]);
    } finally {
      await ward.close();
    }
  });
});

// ---- 4. A ward restored from an old backup ------------------------------------------------------------------------------

type Marker = 'current' | 'backup' | 'none';

/** Puts a closed ward's backup in place. The chain marker: the one written since ('current'), the one saved with the
 *  backup ('backup'), or none. */
function restoreBackup(dir: string, backup: string, marker: Marker): void {
  const file = path.join(dir, DATABASE_FILE_NAME);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.copyFileSync(backup, file);
  if (marker === 'none') fs.rmSync(chainMarkerPath(file), { force: true });
  if (marker === 'backup') {
    if (fs.existsSync(chainMarkerPath(backup))) fs.copyFileSync(chainMarkerPath(backup), chainMarkerPath(file));
    else fs.rmSync(chainMarkerPath(file), { force: true });
  }
}

describe('a ward restored from an old backup', () => {
  let server: RunningServer & { dataDir: string };
  beforeEach(async () => {
    server = await startServer('sqlite');
  });
  afterEach(() => server.close());

  /** Backup after the initial sync; `pushes` syncs of new work; restore; a change; sync: nothing lost, nothing twice. */
  async function restoredScenario(marker: Marker, pushes: number) {
    const ward = await new Ward(wardCopy(small_.dir), small_, new FaultyNetwork()).open();
    try {
      await ward.enrol(server);
      await ward.settle();
      await ward.close();
      const backupDir = tempDir('chibo-fault-backup-');
      const backup = path.join(backupDir, DATABASE_FILE_NAME);
      fs.copyFileSync(path.join(ward.dir, DATABASE_FILE_NAME), backup);
      const markerFile = chainMarkerPath(path.join(ward.dir, DATABASE_FILE_NAME));
      if (fs.existsSync(markerFile)) fs.copyFileSync(markerFile, chainMarkerPath(backup));
      await ward.open();

      // After the backup: work that reaches the server, then is lost from the machine by the restore.
      const branchId = ids(ward, "SELECT id FROM organisations WHERE kind = 'branch' ORDER BY id")[0]!;
      const lost: { members: string[]; meetings: string[]; phone: { id: string; phone: string } } = { members: [], meetings: [], phone: { id: '', phone: '' } };
      const memberId = ids(ward, 'SELECT id FROM members ORDER BY id')[0]!;
      for (let i = 0; i < pushes; i++) {
        lost.members.push((await ward.caller.call('members.create', { branchId, fullName: `Đảng viên mới ${i}`, gender: 'male', birthDate: '1990-04-30', admissionDate: '2020-05-19' })).id);
        lost.meetings.push(...(await ward.caller.call('meetings.plan', { branchIds: [branchId], kind: 'thematic', scheduledAt: `2027-02-0${i + 1}T08:00`, place: 'Hội trường' })).ids);
        const before = await ward.caller.call('members.get', { id: memberId });
        lost.phone = { id: memberId, phone: `091234567${i}` };
        await ward.caller.call('members.update', { ...memberFields(before), id: memberId, version: before.version, phone: lost.phone.phone });
        const { summary, error } = await ward.cycle();
        expect(error).toBeNull();
        expect(summary!.pushes).toBe(1);
      }
      await ward.close();
      restoreBackup(ward.dir, backup, marker);
      await ward.open();
      expect(ids(ward, 'SELECT id FROM members WHERE id = ?', lost.members[0]!)).toEqual([]);

      // On the restored machine: a change, then sync.
      const { id: fresh } = await ward.caller.call('members.create', { branchId, fullName: 'Người vào sau khôi phục', gender: 'female', birthDate: '1992-08-19', admissionDate: '2021-02-03' });
      await ward.settle();
      await expectInStep(ward, server.db);
      for (const id of [...lost.members, fresh]) expect(ids(ward, 'SELECT id FROM members WHERE id = ?', id), `member ${id} on the ward`).toEqual([id]);
      for (const id of lost.meetings) expect(ids(ward, 'SELECT id FROM meetings WHERE id = ?', id), `meeting ${id} on the ward`).toEqual([id]);
      expect(ward.sqlite.prepare('SELECT phone FROM members WHERE id = ?').pluck().get(lost.phone.id)).toBe(lost.phone.phone);
    } finally {
      await ward.close();
      fs.rmSync(ward.dir, { recursive: true, force: true });
    }
  }

  for (const marker of ['current', 'backup', 'none'] as const) {
    it(`gets back what the server received after the backup (two pushes since; chain marker: ${marker})`, () => restoredScenario(marker, 2));
  }
  // Restored from a backup made one push ago, without a newer chain marker, the ward presents the token the server keeps
  // as "previous", as the retry of a push whose answer was lost would. Its push does not resend what the last push
  // carried (the restored database lacks it), so the server answers EPOCH_CONFLICT and the ward pulls its records back.
  for (const marker of ['current', 'backup', 'none'] as const) {
    it(`gets back what the server received after the backup (one push since; chain marker: ${marker})`, () => restoredScenario(marker, 1));
  }
});

/** The fields members.update takes, as members.get gave them. */
function memberFields(m: MemberDetail) {
  return { fullName: m.fullName, gender: m.gender, birthDate: m.birthDate!, admissionDate: m.admissionDate!, officialDate: m.officialDate, cardNumber: m.cardNumber, citizenId: m.citizenId, phone: m.phone };
}

// ---- 5. Enrolment whose answer is lost ---------------------------------------------------------------------------------

describe('an enrolment whose answer is lost', () => {
  // The server bound the slot and used the code up; the ward saw a network error. It kept the key pair it sent, so its
  // retry with the same code gets the same answer.
  it('can be retried', async () => {
    const server = await startServer('sqlite');
    const net = new FaultyNetwork();
    const ward = await new Ward(wardCopy(small_.dir), small_, net).open();
    try {
      const site = await createSite(server.db, 'Đảng bộ phường');
      net.setPlan([{ kind: 'dropResponse' }]);
      net.enabled = true;
      await expect(ward.caller.call('sync.enrol', { serverUrl: server.url, code: site.code })).rejects.toThrow(SYNC_TEXT.unreachable(server.url));
      net.enabled = false;
      let enrolled = await ward.caller.call('sync.enrol', { serverUrl: server.url, code: site.code }).then(
        () => true,
        () => false,
      );
      if (!enrolled) {
        const again = await createSite(server.db, 'Đảng bộ phường (mã mới)');
        enrolled = await ward.caller.call('sync.enrol', { serverUrl: server.url, code: again.code }).then(
          () => true,
          () => false,
        );
      }
      expect(enrolled, 'the ward can enrol again, with the same code or a new one').toBe(true);
      await ward.settle();
      await expectInStep(ward, server.db);
    } finally {
      await ward.close();
      fs.rmSync(ward.dir, { recursive: true, force: true });
      await server.close();
    }
  });
});

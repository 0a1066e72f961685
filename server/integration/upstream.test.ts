// §11 end to end: a real ward runtime (the demo ward) syncs with a district server, which relays to a city server with
// the same client code. Every ward record reaches the city exactly once, owned by the district with the ward kept as
// origin_site; a city directive reaches the ward through the district once; the city's feedback on the ward's draft
// becomes a comment on the ward, whose decision goes back up both levels.
import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRuntime, type Caller, type TestRuntime } from '../../core/testing';
import { WARD_TABLES } from '../../core/sync/protocol';
import { addFeedback, createSite, publishDocument, storeFile } from '../admin';
import { startSyncServer, type RunningServer } from '../app';
import type { SyncEnv } from '../context';
import { serverIdentity } from '../meta';
import { makeTempDir } from '../testing';
import { enrolUpstream, syncUpstream } from '../upstream';

let city: RunningServer;
let cityEnv: SyncEnv;
let district: RunningServer;
let districtEnv: SyncEnv;
let ward: TestRuntime;
let staff: Caller;
const dirs: string[] = [];

async function start(name: string): Promise<{ server: RunningServer; env: SyncEnv }> {
  const dataDir = makeTempDir('chibo-int-upstream-');
  dirs.push(dataDir);
  const server = await startSyncServer({ dataDir, port: 0, name });
  return { server, env: { db: server.db, dataDir, clock: Date.now } };
}

beforeEach(async () => {
  ({ server: city, env: cityEnv } = await start('Thành ủy Hà Nội'));
  ({ server: district, env: districtEnv } = await start('Quận ủy Hoàn Kiếm'));
  ward = startTestRuntime({ sync: { background: false } });
  await ward.caller().call('demo.create');
  staff = await ward.as('ward_staff');
});
afterEach(async () => {
  await ward.close();
  await district.close();
  await city.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const sqlite = () => ward.runtime.store.sqlite;
const selfSite = (db: BetterSqlite3.Database) => db.prepare('SELECT id FROM sites WHERE is_self = 1').pluck().get() as string;

/** (table, key, version) of every record the ward owns, sorted. */
function wardRecords(): string[] {
  const site = selfSite(sqlite());
  return WARD_TABLES.flatMap((table) =>
    (
      sqlite()
        .prepare(table === 'attendance' ? "SELECT meeting_id || ':' || member_id AS key, version FROM attendance" : `SELECT id AS key, version FROM ${table} WHERE owner_site = ?`)
        .all(...(table === 'attendance' ? [] : [site])) as { key: string; version: number }[]
    ).map((r) => `${table}|${r.key}|${r.version}`),
  ).sort();
}

async function cityRecords(): Promise<{ records: string[]; owners: Set<string>; origins: Set<unknown> }> {
  const rows = await city.db.selectFrom('records').select(['table_name', 'record_key', 'version', 'owner_site', 'data']).execute();
  const ward = rows.filter((r) => (WARD_TABLES as readonly string[]).includes(r.table_name));
  return {
    records: ward.map((r) => `${r.table_name}|${r.record_key}|${r.version}`).sort(),
    owners: new Set(ward.map((r) => r.owner_site)),
    origins: new Set(ward.map((r) => (JSON.parse(r.data) as { origin_site?: unknown }).origin_site)),
  };
}

async function enrolAll() {
  const wardSlot = await createSite(district.db, 'Đảng bộ phường Hàng Bạc');
  const admin = await ward.as('ward_admin');
  await admin.call('sync.enrol', { serverUrl: district.url, code: wardSlot.code });
  expect(await admin.call('sync.now')).toMatchObject({ state: 'idle', waiting: 0, rejected: [] });
  const districtSlot = await createSite(city.db, 'Quận ủy Hoàn Kiếm');
  await enrolUpstream(districtEnv, { url: city.url, code: districtSlot.code });
}

describe('a district relaying its wards to the city', () => {
  it('puts every ward record on the city once, brings a city directive and the city’s feedback down to the ward, and sends the decision back up', async () => {
    const branchId = (await staff.call('branches.list'))[0]!.id;
    const { ids } = await staff.call('meetings.plan', { branchIds: [branchId], kind: 'regular', scheduledAt: '2026-12-05T19:30', place: 'Nhà văn hóa' });
    const meetingId = ids[0]!;
    await staff.call('drafts.save', { meetingId, sections: [{ heading: 'I. NHIỆM VỤ', paragraphs: ['Tổ chức ngày hội đại đoàn kết.', 'Vận động quỹ vì người nghèo.'] }] });
    await enrolAll();
    const first = await syncUpstream(districtEnv);
    expect(first.rejected).toEqual([]);
    expect(first.pushes).toBeGreaterThan(1); // the demo ward holds more than one push's worth
    const held = await cityRecords();
    expect(held.records).toEqual(wardRecords());
    expect(held.owners).toEqual(new Set([(await serverIdentity(district.db)).id]));
    expect(held.origins).toEqual(new Set([selfSite(sqlite())]));

    // A directive published at the city: down to the district, down to the ward, once, with its file.
    const bytes = Buffer.from('%PDF-1.7\n% Chỉ thị của Thành ủy về đại hội chi bộ\n'.repeat(400));
    const sha = await storeFile(cityEnv, bytes);
    const { id: docId } = await publishDocument(city.db, { kind: 'directive', title: 'Chỉ thị 15-CT/TU', body: '…', files: [{ name: 'ct15.pdf', mime: 'application/pdf', sha256: sha }], audience: 'all' });
    // The city's feedback on a meeting of the ward.
    const { id: feedbackId } = await addFeedback(city.db, { meetingId, draftVersion: 1, lineFrom: 1, lineTo: 2, authorName: 'Ban Tổ chức Thành ủy', text: 'Bổ sung giải pháp.' });
    expect(await syncUpstream(districtEnv)).toMatchObject({ documents: 1, feedback: 1, filesDownloaded: 1 });

    await staff.call('sync.now');
    const viewer = await ward.as('viewer');
    const documents = await viewer.call('documents.list');
    expect(documents).toEqual([expect.objectContaining({ id: docId, kind: 'directive', title: 'Chỉ thị 15-CT/TU', files: [expect.objectContaining({ sha256: sha, available: true })] })]);
    const meeting = await staff.call('meetings.get', { id: meetingId });
    expect(meeting.comments).toEqual([expect.objectContaining({ id: feedbackId, source: 'superior', authorName: 'Ban Tổ chức Thành ủy', lineFrom: 1, lineTo: 2, decision: 'pending' })]);

    // The ward's decision goes up to the district and on to the city, still the ward's in origin_site.
    await staff.call('comments.decide', { id: feedbackId, decision: 'accepted', note: 'Đã bổ sung.' });
    expect(await staff.call('sync.now')).toMatchObject({ state: 'idle', waiting: 0, rejected: [] });
    const decided = await syncUpstream(districtEnv);
    expect(decided).toMatchObject({ pushes: 1, skipped: 0, rejected: [] });
    expect(decided.applied).toBe(decided.pushed);
    const comment = await city.db.selectFrom('records').select(['data']).where('table_name', '=', 'comments').where('record_key', '=', feedbackId).executeTakeFirstOrThrow();
    expect(JSON.parse(comment.data)).toMatchObject({ decision: 'accepted', origin_site: selfSite(sqlite()) });
    expect((await cityRecords()).records).toEqual(wardRecords());

    // Nothing new anywhere: another round changes nothing.
    const before = await city.db.selectFrom('records').selectAll().orderBy('table_name').orderBy('record_key').execute();
    expect(await syncUpstream(districtEnv)).toMatchObject({ pushes: 0, documents: 0, feedback: 0 });
    expect((await staff.call('sync.now')).waiting).toBe(0);
    expect(await viewer.call('documents.list')).toHaveLength(1);
    expect(await city.db.selectFrom('records').selectAll().orderBy('table_name').orderBy('record_key').execute()).toEqual(before);
  });
});

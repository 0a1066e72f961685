// The ward's whole sync client against a real server: a real superior server on SQLite (server/app.ts) and a real ward
// runtime with the demo ward (core/testing.ts), talking HTTP on 127.0.0.1. Enrolment with a one-time code, the initial
// sync, a change, a document going down with its file, feedback landing on a draft's lines, a restored backup, sync by
// file, and revocation.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3';
import type { MeetingDetail } from '../../core/api';
import { DATABASE_FILE_NAME } from '../../db/connection';
import { startTestRuntime, type Caller, type TestRuntime } from '../../core/testing';
import { SYNC_TEXT } from '../../core/sync/messages';
import { WARD_TABLES } from '../../core/sync/protocol';
import { chainMarkerPath } from '../../core/sync/state';
import { addFeedback, createSite, exportAnswerFile, importFile, publishDocument, revokeSite, storeFile } from '../admin';
import { startSyncServer, type RunningServer } from '../app';
import type { SyncEnv } from '../context';
import { makeTempDir } from '../testing';

let server: RunningServer;
let env: SyncEnv;
let ward: TestRuntime;
let admin: Caller;
let staff: Caller;
let slotId: string;
const dirs: string[] = [];

async function startServer() {
  const dataDir = makeTempDir('chibo-int-server-');
  dirs.push(dataDir);
  server = await startSyncServer({ dataDir, port: 0, name: 'Thành ủy Hà Nội' });
  env = { db: server.db, dataDir, clock: Date.now };
}

let code: string;
async function enrolWard(t: TestRuntime) {
  const site = await createSite(server.db, 'Đảng bộ phường Hồng Hà');
  slotId = site.slotId;
  code = site.code;
  const a = await t.as('ward_admin');
  return a.call('sync.enrol', { serverUrl: server.url, code: site.code.toLowerCase() });
}

beforeEach(async () => {
  await startServer();
  ward = startTestRuntime({ sync: { background: false } });
  await ward.caller().call('demo.create');
  admin = await ward.as('ward_admin');
  staff = await ward.as('ward_staff');
});
afterEach(async () => {
  await ward.close();
  await server.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const sqliteOf = (t: TestRuntime = ward) => t.runtime.store.sqlite;
const selfSite = (sqlite: BetterSqlite3.Database) => sqlite.prepare('SELECT id FROM sites WHERE is_self = 1').pluck().get() as string;

/** (table, key, version) of every record the ward owns, sorted. */
function wardRecords(sqlite: BetterSqlite3.Database): string[] {
  const site = selfSite(sqlite);
  return WARD_TABLES.flatMap((table) =>
    (
      sqlite
        .prepare(
          table === 'attendance'
            ? "SELECT meeting_id || ':' || member_id AS key, version FROM attendance"
            : `SELECT id AS key, version FROM ${table} WHERE owner_site = ?`,
        )
        .all(...(table === 'attendance' ? [] : [site])) as { key: string; version: number }[]
    ).map((r) => `${table}|${r.key}|${r.version}`),
  ).sort();
}

async function serverRecords(siteId: string): Promise<string[]> {
  const rows = await server.db.selectFrom('records').select(['table_name', 'record_key', 'version']).where('owner_site', '=', siteId).execute();
  return rows.map((r) => `${r.table_name}|${r.record_key}|${r.version}`).sort();
}

const perTable = (records: string[]) =>
  records.reduce<Record<string, number>>((counts, r) => {
    const table = r.split('|')[0]!;
    counts[table] = (counts[table] ?? 0) + 1;
    return counts;
  }, {});
const checksum = (records: string[]) => crypto.createHash('sha256').update(records.join('\n')).digest('hex');

/** The ward and the server hold the same records at the same versions, each exactly once. */
async function expectInStep(t: TestRuntime = ward) {
  const local = wardRecords(sqliteOf(t));
  const remote = await serverRecords(selfSite(sqliteOf(t)));
  expect(new Set(remote).size).toBe(remote.length);
  expect(perTable(remote)).toEqual(perTable(local));
  expect(checksum(remote)).toBe(checksum(local));
  expect(remote).toEqual(local);
  return local;
}

async function meetingWithDraft(): Promise<MeetingDetail> {
  const branchId = (await staff.call('branches.list'))[0]!.id;
  const { ids } = await staff.call('meetings.plan', { branchIds: [branchId], kind: 'regular', scheduledAt: '2026-12-05T19:30', place: 'Nhà văn hóa' });
  return staff.call('drafts.save', {
    meetingId: ids[0]!,
    sections: [
      { heading: 'I. ĐÁNH GIÁ', paragraphs: ['Chi bộ hoàn thành các chỉ tiêu tháng 11.', 'Công tác vệ sinh môi trường còn hạn chế.'] },
      { heading: 'II. NHIỆM VỤ', paragraphs: ['Tổ chức ngày hội đại đoàn kết.', 'Vận động quỹ vì người nghèo.'] },
    ],
  });
}

describe('a ward syncing with its superior', () => {
  it('enrols with a one-time code and puts every ward record on the server exactly once', async () => {
    const enrolled = await enrolWard(ward);
    expect(enrolled).toMatchObject({ enrolled: true, serverUrl: server.url, serverName: 'Thành ủy Hà Nội', epoch: 1, state: 'waiting' });
    expect(enrolled.waiting).toBe(wardRecords(sqliteOf()).length);

    const status = await admin.call('sync.now');
    expect(status).toMatchObject({ state: 'idle', waiting: 0, lastError: null, rejected: [] });
    expect(status.lastSuccessAt).not.toBeNull();
    const records = await expectInStep();
    expect(records.length).toBeGreaterThan(5000);
    expect(perTable(records)).toMatchObject({ organisations: expect.any(Number), members: expect.any(Number), meetings: expect.any(Number), attendance: expect.any(Number) });

    // The code was used once: it cannot enrol anything again.
    const other = startTestRuntime({ sync: { background: false } });
    try {
      await other.caller().call('demo.create');
      const a = await other.as('ward_admin');
      await expect(a.call('sync.enrol', { serverUrl: server.url, code })).rejects.toThrow(SYNC_TEXT.codeInvalid);
      await expect(a.call('sync.enrol', { serverUrl: server.url, code: 'AAAA-BBBB-CCCC' })).rejects.toThrow(SYNC_TEXT.codeInvalid);
      expect((await a.call('sync.status')).enrolled).toBe(false);
    } finally {
      await other.close();
    }

    // Nothing more to send: the next cycle pushes nothing.
    const again = await ward.runtime.context.sync.run();
    expect(again.summary).toMatchObject({ pushed: 0, pushes: 0 });
  });

  it('sends a change, an attachment with its file, and a removal on the next sync', async () => {
    await enrolWard(ward);
    await admin.call('sync.now');
    const memberId = sqliteOf().prepare('SELECT min(id) FROM members').pluck().get() as string;
    sqliteOf().prepare("UPDATE members SET phone = '0912345678', version = version + 1, updated_at = ? WHERE id = ?").run(ward.runtime.context.hlc.now(), memberId);
    const m = await meetingWithDraft();
    const pdf = Buffer.from('%PDF-1.7\n% kế hoạch tháng 12 của chi bộ\n'.repeat(2000));
    await staff.call('attachments.add', { meetingId: m.id, fileName: 'ke-hoach.pdf', data: pdf.toString('base64') });
    await staff.call('opinions.add', { meetingId: m.id, speakerName: 'Lê Văn Bình', summary: 'Đồng ý với dự thảo.' });
    const withOpinion = await staff.call('meetings.get', { id: m.id });
    await staff.call('opinions.remove', { id: withOpinion.opinions[0]!.id });
    expect((await admin.call('sync.status')).waiting).toBeGreaterThan(0);

    const status = await admin.call('sync.now');
    expect(status).toMatchObject({ state: 'idle', waiting: 0, rejected: [] });
    await expectInStep();
    const held = await server.db.selectFrom('records').select(['data', 'deleted_at']).where('table_name', '=', 'members').where('record_key', '=', memberId).executeTakeFirstOrThrow();
    expect(JSON.parse(held.data)).toMatchObject({ phone: '0912345678' });
    const sha = crypto.createHash('sha256').update(pdf).digest('hex');
    const blob = await server.db.selectFrom('blobs').selectAll().where('sha256', '=', sha).executeTakeFirstOrThrow();
    expect(blob).toMatchObject({ complete: 1, size: pdf.length });
    const opinion = await server.db.selectFrom('records').select(['deleted_at']).where('table_name', '=', 'opinions').where('record_key', '=', withOpinion.opinions[0]!.id).executeTakeFirstOrThrow();
    expect(opinion.deleted_at).not.toBeNull();
  });

  it('receives a document published to the ward, with its file', async () => {
    await enrolWard(ward);
    await admin.call('sync.now');
    const bytes = Buffer.from('%PDF-1.7\n% Chỉ thị về đại hội chi bộ\n'.repeat(500));
    const sha = await storeFile(env, bytes);
    const { id } = await publishDocument(server.db, {
      kind: 'directive',
      title: 'Chỉ thị về tổ chức đại hội chi bộ nhiệm kỳ 2027–2030',
      body: 'Các đảng bộ phường chuẩn bị đại hội chi bộ…',
      files: [{ name: 'chi-thi-15.pdf', mime: 'application/pdf', sha256: sha }],
      audience: 'all',
    });
    const viewer = await ward.as('viewer');
    expect(await viewer.call('documents.list')).toEqual([]);

    await staff.call('sync.now');
    const documents = await viewer.call('documents.list');
    expect(documents).toEqual([
      expect.objectContaining({
        id,
        kind: 'directive',
        title: 'Chỉ thị về tổ chức đại hội chi bộ nhiệm kỳ 2027–2030',
        readAt: null,
        files: [{ name: 'chi-thi-15.pdf', mime: 'application/pdf', size: bytes.length, sha256: sha, available: true }],
      }),
    ]);
    const file = await viewer.call('documents.file', { id, sha256: sha });
    expect(Buffer.from(file.data, 'base64').equals(bytes)).toBe(true);
    expect(file).toMatchObject({ fileName: 'chi-thi-15.pdf', mime: 'application/pdf' });
    await viewer.call('documents.markRead', { id });
    expect((await viewer.call('documents.list'))[0]!.readAt).not.toBeNull();

    // A new version goes down and replaces it; the reading mark stays.
    await publishDocument(server.db, { id, kind: 'directive', title: 'Chỉ thị (sửa đổi)', body: '…', files: [], audience: 'all' });
    await staff.call('sync.now');
    expect(await viewer.call('documents.list')).toEqual([expect.objectContaining({ id, title: 'Chỉ thị (sửa đổi)', files: [], readAt: expect.any(Number) })]);
  });

  it('turns the superior’s feedback on a draft into a superior comment on the right lines, and sends the decision back up', async () => {
    await enrolWard(ward);
    const m = await meetingWithDraft();
    await admin.call('sync.now');
    const { id: feedbackId } = await addFeedback(server.db, {
      meetingId: m.id,
      draftVersion: 1,
      lineFrom: 2,
      lineTo: 3,
      authorName: 'Ban Tổ chức Thành ủy',
      text: 'Cần nêu rõ nguyên nhân hạn chế và giải pháp khắc phục.',
    });
    await staff.call('sync.now');
    const after = await staff.call('meetings.get', { id: m.id });
    expect(after.comments).toEqual([
      expect.objectContaining({
        id: feedbackId,
        source: 'superior',
        authorName: 'Ban Tổ chức Thành ủy',
        draftVersion: 1,
        lineFrom: 2,
        lineTo: 3,
        text: 'Cần nêu rõ nguyên nhân hạn chế và giải pháp khắc phục.',
        decision: 'pending',
      }),
    ]);
    await staff.call('comments.decide', { id: feedbackId, decision: 'accepted', note: 'Đã bổ sung vào dự thảo.' });
    const status = await staff.call('sync.now');
    expect(status).toMatchObject({ state: 'idle', waiting: 0, rejected: [] });
    const comment = await server.db.selectFrom('records').select(['data', 'owner_site']).where('table_name', '=', 'comments').where('record_key', '=', feedbackId).executeTakeFirstOrThrow();
    expect(JSON.parse(comment.data)).toMatchObject({ source: 'superior', decision: 'accepted', decision_note: 'Đã bổ sung vào dự thảo.', line_from: 2, line_to: 3 });
    expect(comment.owner_site).toBe(selfSite(sqliteOf()));
    await expectInStep();
  });

  it('notices a restored backup from the chain it remembers, and loses or duplicates nothing', async () => {
    await enrolWard(ward);
    await admin.call('sync.now');
    const dir = ward.runtime.context.dataDir;
    const backup = path.join(makeTempDir('chibo-int-backup-'), 'chibo.sqlite');
    dirs.push(path.dirname(backup));
    await sqliteOf().backup(backup);

    // After the backup: changes that reach the server, and are then lost from the machine by the restore.
    const memberId = sqliteOf().prepare('SELECT min(id) FROM members').pluck().get() as string;
    sqliteOf().prepare("UPDATE members SET phone = '0987654321', version = version + 1, updated_at = ? WHERE id = ?").run(ward.runtime.context.hlc.now(), memberId);
    const m = await meetingWithDraft();
    await admin.call('sync.now');
    const restored = await restore(dir, backup);
    try {
      const a = await restored.as('ward_admin');
      expect(sqliteOf(restored).prepare('SELECT count(*) FROM meetings WHERE id = ?').pluck().get(m.id)).toBe(0);
      // A change made on the restored machine before it syncs must reach the server too.
      const branchId = sqliteOf(restored).prepare("SELECT id FROM organisations WHERE kind = 'branch' ORDER BY sort_order LIMIT 1").pluck().get() as string;
      const { ids } = await a.call('meetings.plan', { branchIds: [branchId], kind: 'thematic', scheduledAt: '2026-12-20T08:00', place: 'Hội trường' });

      const status = await a.call('sync.now');
      expect(status).toMatchObject({ state: 'idle', waiting: 0, rejected: [], epoch: 1 });
      expect(sqliteOf(restored).prepare('SELECT phone FROM members WHERE id = ?').pluck().get(memberId)).toBe('0987654321');
      expect((await a.call('meetings.get', { id: m.id })).draft?.versionNo).toBe(1);
      expect((await a.call('meetings.get', { id: ids[0]! })).kind).toBe('thematic');
      await expectInStep(restored);
      expect(sqliteOf(restored).prepare("SELECT count(*) FROM audit_log WHERE action = 'sync.restoredBackup'").pluck().get()).toBe(1);
    } finally {
      await restored.close();
    }
  });

  it('after a restore the server does not accept (EPOCH_CONFLICT) recovers its records, starts the new epoch and sends everything', async () => {
    await enrolWard(ward);
    await admin.call('sync.now');
    const dir = ward.runtime.context.dataDir;
    const backup = path.join(makeTempDir('chibo-int-backup-'), 'chibo.sqlite');
    dirs.push(path.dirname(backup));
    await sqliteOf().backup(backup);

    const memberId = sqliteOf().prepare('SELECT max(id) FROM members').pluck().get() as string;
    sqliteOf().prepare("UPDATE members SET phone = '0911000111', version = version + 1, updated_at = ? WHERE id = ?").run(ward.runtime.context.hlc.now(), memberId);
    await admin.call('sync.now');
    const m = await meetingWithDraft();
    await admin.call('sync.now');
    // Restored without the chain marker (an older copy of the whole folder, say): only the server can tell, because the
    // token the backup holds is two pushes old. A restored site with nothing to push and no marker cannot be told apart.
    const restored = await restore(dir, backup, { dropMarker: true });
    try {
      const a = await restored.as('ward_admin');
      // Work goes on on the restored machine; its first push shows the server the old token.
      const branchId = sqliteOf(restored).prepare("SELECT id FROM organisations WHERE kind = 'branch' ORDER BY sort_order LIMIT 1").pluck().get() as string;
      const { ids } = await a.call('meetings.plan', { branchIds: [branchId], kind: 'thematic', scheduledAt: '2026-12-21T08:00', place: 'Hội trường' });
      const status = await a.call('sync.now');
      expect(status).toMatchObject({ state: 'idle', waiting: 0, rejected: [], epoch: 2 });
      expect(sqliteOf(restored).prepare('SELECT phone FROM members WHERE id = ?').pluck().get(memberId)).toBe('0911000111');
      expect((await a.call('meetings.get', { id: m.id })).draft?.sections).toHaveLength(2);
      expect((await a.call('meetings.get', { id: ids[0]! })).kind).toBe('thematic');
      await expectInStep(restored);
      const epochs = await server.db.selectFrom('site_epochs').select(['epoch']).where('slot_id', '=', slotId).orderBy('epoch').execute();
      expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
      expect(sqliteOf(restored).prepare("SELECT count(*) FROM audit_log WHERE action = 'sync.epochConflict'").pluck().get()).toBe(1);
    } finally {
      await restored.close();
    }
  });

  it('syncs by file: the up file through the server’s import, the signed answer back, twice with no change', async () => {
    await enrolWard(ward);
    const m = await meetingWithDraft();
    const up = await staff.call('sync.exportFile');
    expect(up.fileName).toMatch(/^dong-bo-.+-\d{4}-\d{2}-\d{2}\.chibo$/);
    expect((await staff.call('sync.status')).waiting).toBeGreaterThan(0);
    const result = await importFile(env, Buffer.from(up.data, 'base64'));
    expect(result.acks.every((a) => !('error' in a))).toBe(true);
    await addFeedback(server.db, { meetingId: m.id, draftVersion: 1, lineFrom: 1, lineTo: 1, authorName: 'Ban Tổ chức', text: 'Rõ hơn.' });
    const answer = await exportAnswerFile(env, result);

    const first = await staff.call('sync.importFile', { fileName: 'tra-loi.chibo', data: Buffer.from(answer).toString('base64') });
    expect(first.summary).toContain('máy chủ đã nhận');
    expect(first.status.waiting).toBe(1); // the superior comment the feedback became, to go up next time
    const snapshot = () => ({
      records: wardRecords(sqliteOf()),
      outbox: sqliteOf().prepare('SELECT * FROM outbox').all(),
      state: sqliteOf().prepare('SELECT token, last_seq, pull_cursor FROM sync_state').get(),
    });
    const once = snapshot();
    const second = await staff.call('sync.importFile', { fileName: 'tra-loi.chibo', data: Buffer.from(answer).toString('base64') });
    expect(second.summary).toContain('không có gì mới');
    expect(snapshot()).toEqual(once);

    const tampered = Buffer.from(answer.replace('Rõ hơn.', 'Rõ hơn!')).toString('base64');
    await expect(staff.call('sync.importFile', { fileName: 'x.chibo', data: tampered })).rejects.toThrow(SYNC_TEXT.fileTampered);
    expect(snapshot()).toEqual(once);

    // Back online, the rest goes by the network, continuing the chain the files built.
    await staff.call('sync.now');
    await expectInStep();
  });

  it('stops at once when the server revokes the site, and says so', async () => {
    await enrolWard(ward);
    await admin.call('sync.now');
    await revokeSite(server.db, slotId);
    await meetingWithDraft();
    const status = await staff.call('sync.now');
    expect(status).toMatchObject({ state: 'revoked', lastError: SYNC_TEXT.revoked });
    expect(status.waiting).toBeGreaterThan(0);
    expect((await admin.call('sync.status')).state).toBe('revoked');
  });
});

/** Closes the ward's runtime, puts the backup in place of its database and opens the folder again. */
async function restore(dir: string, backup: string, options: { dropMarker?: boolean } = {}): Promise<TestRuntime> {
  await ward.runtime.close();
  const file = path.join(dir, DATABASE_FILE_NAME);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.copyFileSync(backup, file);
  if (options.dropMarker) fs.rmSync(chainMarkerPath(file), { force: true });
  const restored = startTestRuntime({ dataDir: dir, sync: { background: false } });
  // The old runtime is closed; the test's afterEach closes this folder's runtime through `ward` no more.
  ward = { ...ward, close: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  return restored;
}

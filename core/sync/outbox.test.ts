// The outbox: triggers that queue this site's changes only once it is enrolled, batches built from it as §5 says,
// and the server's answer applied in one transaction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYNCED_TABLES_006 } from '../../db/migrations/006-sync';
import { openTempDatabase } from '../../db/testing';
import { applyPushAnswer, buildBatch, enqueueAll, pendingBlobs, readRecord } from './outbox';
import { WARD_TABLES, type PushAnswer } from './protocol';
import { OTHER, SITE, fakeEnrol, outboxRows, seedWard } from './sync.fixtures';

let store: ReturnType<typeof openTempDatabase>;
beforeEach(() => {
  store = openTempDatabase();
  seedWard(store.sqlite);
});
afterEach(() => store.cleanup());

const KEYS: Record<string, string> = {
  organisations: 'org-b1',
  members: 'mem-1',
  member_events: 'ev-1',
  branch_officers: 'off-1',
  meetings: 'mtg-1',
  attendance: 'mtg-1:mem-1',
  agenda_items: 'ag-1',
  drafts: 'dr-1',
  attachments: 'att-1',
  comments: 'cm-1',
  opinions: 'op-1',
  minutes_addenda: 'add-1',
};

const enrolled = () => store.sqlite.prepare('UPDATE sync_state SET enrolled = 1').run();
const touch = (table: string) =>
  table === 'attendance'
    ? store.sqlite.prepare("UPDATE attendance SET version = version + 1, updated_at = updated_at + 1 WHERE meeting_id = 'mtg-1'").run()
    : store.sqlite.prepare(`UPDATE ${table} SET version = version + 1, updated_at = updated_at + 1 WHERE id = ?`).run(KEYS[table]);

describe('outbox triggers', () => {
  it('cover exactly the protocol’s ward tables', () => {
    expect([...SYNCED_TABLES_006]).toEqual([...WARD_TABLES]);
    const triggers = store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'outbox_%'").pluck().all();
    expect(triggers).toHaveLength(WARD_TABLES.length * 2);
  });

  it('write nothing while the site is not enrolled: the seed and every later change leave the outbox empty', () => {
    for (const table of WARD_TABLES) if (table !== 'member_events' && table !== 'minutes_addenda') touch(table);
    expect(outboxRows(store.sqlite)).toEqual([]);
  });

  it('queue an insert and an update of every ward table once enrolled, keyed by id (attendance: meeting:member)', () => {
    enrolled();
    for (const table of WARD_TABLES) {
      if (table === 'member_events' || table === 'minutes_addenda') continue; // append-only: updates are refused
      touch(table);
    }
    store.sqlite.exec(`
      INSERT INTO member_events (id, member_id, kind, recorded_at, owner_site, updated_at) VALUES ('ev-2', 'mem-1', 'edited', 2, '${SITE}', 2048);
      INSERT INTO minutes_addenda (id, meeting_id, text, created_at, owner_site, updated_at) VALUES ('add-2', 'mtg-1', 'Thêm.', 2, '${SITE}', 2048);
      INSERT INTO attendance (meeting_id, member_id, status, updated_at) VALUES ('mtg-1', 'mem-2', 'absent_excused', 2048);
    `);
    const rows = outboxRows(store.sqlite);
    const expected = WARD_TABLES.filter((t) => t !== 'member_events' && t !== 'minutes_addenda').map((t) => [t, KEYS[t]]);
    expect(rows.slice(0, expected.length).map((r) => [r.tbl, r.key])).toEqual(expected);
    expect(rows.slice(expected.length).map((r) => [r.tbl, r.key])).toEqual([
      ['member_events', 'ev-2'],
      ['minutes_addenda', 'add-2'],
      ['attendance', 'mtg-1:mem-2'],
    ]);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  });

  it('leave out records another site owns, but queue attendance whoever wrote it', () => {
    enrolled();
    store.sqlite.exec(`
      INSERT INTO organisations (id, parent_id, kind, name, owner_site, updated_at) VALUES ('org-b9', 'org-ward', 'branch', 'Chi bộ khác', '${OTHER}', 1);
      INSERT INTO members (id, branch_id, full_name, sort_key, search_name, gender, status, owner_site, updated_at)
        VALUES ('mem-9', 'org-b9', 'Người Khác', 'khac', 'nguoi khac', 'male', 'official', '${OTHER}', 1);
      UPDATE members SET phone = '0900000000' WHERE id = 'mem-9';
      INSERT INTO meetings (id, branch_id, kind, scheduled_at, status, owner_site, updated_at) VALUES ('mtg-9', 'org-b9', 'regular', '2026-11-05T19:30', 'held', '${OTHER}', 1);
      INSERT INTO attendance (meeting_id, member_id, status, updated_at) VALUES ('mtg-9', 'mem-9', 'present', 1);
    `);
    expect(outboxRows(store.sqlite).map((r) => [r.tbl, r.key])).toEqual([['attendance', 'mtg-9:mem-9']]);
  });

  it('are written in the change’s transaction: a change rolled back leaves no entry', () => {
    enrolled();
    expect(() =>
      store.sqlite.transaction(() => {
        touch('members');
        throw new Error('stop');
      })(),
    ).toThrow('stop');
    expect(outboxRows(store.sqlite)).toEqual([]);
  });
});

describe('enqueueAll', () => {
  it('queues every record this site owns, parents first, in a fresh outbox numbered from 1', () => {
    store.sqlite.exec(`
      INSERT INTO organisations (id, parent_id, kind, name, owner_site, updated_at) VALUES ('org-b9', 'org-ward', 'branch', 'Chi bộ khác', '${OTHER}', 1);
    `);
    enrolled();
    touch('members');
    touch('members');
    const count = enqueueAll(store.sqlite);
    const rows = outboxRows(store.sqlite);
    expect(count).toBe(15);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect([...new Set(rows.map((r) => r.tbl))]).toEqual([...WARD_TABLES]);
    expect(rows.filter((r) => r.tbl === 'organisations').map((r) => r.key)).toEqual(['org-city', 'org-ward', 'org-b1']);
    expect(rows.some((r) => r.key === 'org-b9')).toBe(false);
  });

  it('numbers past a given sequence, so a restored site continues where the server is', () => {
    enqueueAll(store.sqlite, 500);
    expect(outboxRows(store.sqlite)[0]!.seq).toBe(501);
  });
});

describe('buildBatch', () => {
  beforeEach(() => {
    fakeEnrol(store.sqlite);
  });

  it('sends each record once, at its last entry, with the row as stored, covering the whole range', () => {
    touch('members'); // seq 16
    touch('organisations'); // 17
    touch('members'); // 18
    const batch = buildBatch(store.sqlite)!;
    expect(batch.fromSeq).toBe(1);
    expect(batch.toSeq).toBe(18);
    expect(batch.ops.filter((o) => o.key === 'mem-1')).toHaveLength(1);
    const member = batch.ops.find((o) => o.key === 'mem-1')!;
    expect(member).toMatchObject({ seq: 18, table: 'members', version: 3, updatedAt: 1026, deletedAt: null });
    expect(member.data).toEqual(readRecord(store.sqlite, 'members', 'mem-1'));
    expect(batch.ops.find((o) => o.key === 'org-b1')!.seq).toBe(17);
    expect(batch.ops.map((o) => o.seq)).toEqual([...batch.ops.map((o) => o.seq)].sort((a, b) => a - b));
    expect(batch.ops).toHaveLength(15);
    expect(batch.ops.find((o) => o.table === 'attendance')!.data).toMatchObject({ meeting_id: 'mtg-1', member_id: 'mem-1' });
  });

  it('stops at the op limit and at the size limit, the next batch going on from there', () => {
    const byCount = buildBatch(store.sqlite, { maxOps: 5 })!;
    expect(byCount.ops).toHaveLength(5);
    expect(byCount.toSeq).toBe(5);
    const next = buildBatch(store.sqlite, { fromSeq: byCount.toSeq + 1, maxOps: 5 })!;
    expect(next.fromSeq).toBe(6);
    expect(next.ops[0]!.seq).toBe(6);

    const bySize = buildBatch(store.sqlite, { maxBytes: 1500 })!;
    expect(bySize.ops.length).toBeGreaterThan(0);
    expect(bySize.ops.length).toBeLessThan(15);
    expect(Buffer.byteLength(JSON.stringify(bySize.ops))).toBeLessThanOrEqual(1500 + bySize.ops.length);
    // One record larger than the limit still goes, alone: the server decides.
    expect(buildBatch(store.sqlite, { maxBytes: 10 })!.ops).toHaveLength(1);
  });

  it('holds an attachment until its blob is on the server, sending what comes before it', () => {
    const held = buildBatch(store.sqlite, { blobReady: () => false })!;
    const attachmentSeq = outboxRows(store.sqlite).find((r) => r.tbl === 'attachments')!.seq;
    expect(held.toSeq).toBe(attachmentSeq - 1);
    expect(held.ops.some((o) => o.table === 'attachments')).toBe(false);
    expect(held.heldAt).toMatchObject({ key: 'att-1', sha256: 'a'.repeat(64), name: 'ke-hoach.pdf' });
    expect(pendingBlobs(store.sqlite)).toEqual([{ sha256: 'a'.repeat(64), name: 'ke-hoach.pdf', size: 10 }]);

    const atFirst = buildBatch(store.sqlite, { fromSeq: attachmentSeq, blobReady: () => false })!;
    expect(atFirst.toSeq).toBeLessThan(atFirst.fromSeq);
    expect(atFirst.ops).toEqual([]);
    expect(buildBatch(store.sqlite, { blobReady: () => true })!.ops.some((o) => o.table === 'attachments')).toBe(true);
  });

  it('covers entries whose record is gone, and sends a tombstone as the row it is', () => {
    store.sqlite.exec(`
      INSERT INTO organisations (id, parent_id, kind, name, owner_site, updated_at) VALUES ('org-tmp', 'org-ward', 'branch', 'Tạm', '${SITE}', 1);
      DELETE FROM organisations WHERE id = 'org-tmp';
      UPDATE opinions SET deleted_at = 5, version = version + 1, updated_at = 4096 WHERE id = 'op-1';
    `);
    const batch = buildBatch(store.sqlite)!;
    expect(batch.toSeq).toBe(17);
    expect(batch.ops.some((o) => o.key === 'org-tmp')).toBe(false);
    expect(batch.ops.find((o) => o.key === 'op-1')).toMatchObject({ seq: 17, version: 2, deletedAt: 5, updatedAt: 4096 });
  });

  it('answers null for an empty outbox, and a declared start the outbox is past', () => {
    expect(buildBatch(store.sqlite, { fromSeq: 100 })).toBeNull();
    store.sqlite.exec('DELETE FROM outbox');
    expect(buildBatch(store.sqlite)).toBeNull();
  });
});

describe('applyPushAnswer', () => {
  it('removes acknowledged entries up to what the push covered, keeps the token, the rejections and the stale keys', () => {
    fakeEnrol(store.sqlite);
    const batch = buildBatch(store.sqlite, { maxOps: 10 })!;
    touch('members'); // a change while the push was on its way: seq 16
    store.sqlite.prepare("INSERT INTO sync_rejections (tbl, key, seq, code, reason, at) VALUES ('organisations', 'org-city', 0, 'OWNER_MISMATCH', 'cũ', 1)").run();
    const answer: PushAnswer = {
      lastSeq: 40, // the server is further on than this push: nothing past toSeq may go
      token: 'tok-1',
      applied: 8,
      skipped: 0,
      stale: [{ seq: 3, table: 'members', key: 'mem-2' }],
      rejected: [{ seq: 2, table: 'organisations', key: 'org-ward', code: 'OWNER_MISMATCH', reason: 'Bản ghi này thuộc đơn vị khác.' }],
    };
    const effect = applyPushAnswer(store.sqlite, answer, { toSeq: batch.toSeq, ops: batch.ops }, 777);
    expect(effect).toEqual({ removed: 10, rejected: 1, stale: 1 });
    expect(outboxRows(store.sqlite).map((r) => r.seq)).toEqual([11, 12, 13, 14, 15, 16]);
    expect(store.sqlite.prepare('SELECT token, last_seq FROM sync_state').get()).toEqual({ token: 'tok-1', last_seq: 40 });
    expect(store.sqlite.prepare('SELECT tbl, key, seq, code, reason, at FROM sync_rejections').all()).toEqual([
      { tbl: 'organisations', key: 'org-ward', seq: 2, code: 'OWNER_MISMATCH', reason: 'Bản ghi này thuộc đơn vị khác.', at: 777 },
    ]);
    expect(store.sqlite.prepare('SELECT tbl, key FROM sync_stale').all()).toEqual([{ tbl: 'members', key: 'mem-2' }]);
  });

  it('is one transaction: a failure leaves the outbox and the state as they were', () => {
    fakeEnrol(store.sqlite);
    const bad = { lastSeq: 15, token: null, applied: 0, skipped: 0, stale: [], rejected: [] } as unknown as PushAnswer;
    expect(() => applyPushAnswer(store.sqlite, { ...bad, rejected: [{ seq: 1, table: 'members', key: 'mem-1', code: 'MALFORMED_OP', reason: null as unknown as string }] }, { toSeq: 15, ops: [] }, 1)).toThrow();
    expect(outboxRows(store.sqlite)).toHaveLength(15);
  });
});

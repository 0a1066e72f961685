// What comes down: the superior's documents and feedback (feedback on an open draft becomes a superior comment the
// secretary decides on), a reset of the change log, and this site's own records back after a restored backup.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHlc } from '../../db/hlc';
import { openTempDatabase } from '../../db/testing';
import type { ServiceContext } from '../context';
import { applyOwnRecords, applyPullPage, parseDocumentFiles, resetServerRecords, type OwnRecord } from './apply';
import { readRecord } from './outbox';
import type { Change } from './protocol';
import { SITE, fakeEnrol, outboxRows, seedWard } from './sync.fixtures';

let store: ReturnType<typeof openTempDatabase>;
let ctx: ServiceContext;
const NOW = Date.parse('2026-11-26T09:00:00+07:00');

beforeEach(() => {
  store = openTempDatabase();
  seedWard(store.sqlite);
  ctx = { store, clock: () => NOW, hlc: createHlc(() => NOW), dataDir: store.dir, emit: () => {} } as unknown as ServiceContext;
});
afterEach(() => store.cleanup());

const SHA = 'b'.repeat(64);
let cursor = 0;
function doc(id: string, version: number, fields: Record<string, unknown> = {}, deletedAt: number | null = null): Change {
  return {
    cursor: ++cursor,
    table: 'documents',
    key: id,
    version,
    updatedAt: NOW * 1024 + version,
    deletedAt,
    data: {
      id,
      kind: 'directive',
      title: `Chỉ thị ${id}`,
      body: 'Nội dung',
      published_at: NOW,
      files: JSON.stringify([{ name: 'chi-thi.pdf', mime: 'application/pdf', size: 3, sha256: SHA }]),
      ...fields,
    },
  };
}
function feedback(id: string, version: number, fields: Record<string, unknown> = {}, deletedAt: number | null = null): Change {
  return {
    cursor: ++cursor,
    table: 'feedback',
    key: id,
    version,
    updatedAt: NOW * 1024 + version,
    deletedAt,
    data: { id, meeting_id: 'mtg-1', draft_version: 1, line_from: 2, line_to: 3, author_name: 'Ban Tổ chức Thành ủy', text: 'Cần cụ thể chỉ tiêu.', created_at: NOW, ...fields },
  };
}
const page = (...changes: Change[]) => ({ changes, cursor: changes.at(-1)?.cursor ?? cursor });

describe('pull', () => {
  it('keeps documents, the newer copy winning, tombstones hiding them, and stores the cursor with them', () => {
    const first = applyPullPage(ctx, page(doc('d1', 1), doc('d2', 1)));
    expect(first).toMatchObject({ applied: 2, documents: 2, failed: 0 });
    applyPullPage(ctx, page(doc('d1', 3, { title: 'Chỉ thị sửa' }), doc('d1', 2, { title: 'cũ hơn' }), doc('d2', 2, {}, NOW)));
    const rows = store.sqlite.prepare('SELECT id, title, version, deleted_at, files, received_at FROM superior_documents ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'd1', title: 'Chỉ thị sửa', version: 3, deleted_at: null, files: JSON.stringify([{ name: 'chi-thi.pdf', mime: 'application/pdf', size: 3, sha256: SHA }]), received_at: NOW },
      expect.objectContaining({ id: 'd2', version: 2, deleted_at: NOW }),
    ]);
    expect(store.sqlite.prepare('SELECT pull_cursor FROM sync_state').pluck().get()).toBe(cursor);
  });

  it('turns feedback on an open draft into a superior comment owned here, which then syncs upward', () => {
    fakeEnrol(store.sqlite);
    store.sqlite.exec('DELETE FROM outbox');
    const effect = applyPullPage(ctx, page(feedback('fb-1', 1)));
    expect(effect).toMatchObject({ applied: 1, feedback: 1, comments: 1 });
    expect(store.sqlite.prepare("SELECT meeting_id, line_from, line_to, author_name FROM superior_feedback WHERE id = 'fb-1'").get()).toEqual({
      meeting_id: 'mtg-1',
      line_from: 2,
      line_to: 3,
      author_name: 'Ban Tổ chức Thành ủy',
    });
    expect(readRecord(store.sqlite, 'comments', 'fb-1')).toMatchObject({
      meeting_id: 'mtg-1',
      draft_version: 1,
      source: 'superior',
      line_from: 2,
      line_to: 3,
      text: 'Cần cụ thể chỉ tiêu.',
      decision: 'pending',
      owner_site: SITE,
      version: 1,
    });
    expect(outboxRows(store.sqlite).map((r) => [r.tbl, r.key])).toEqual([['comments', 'fb-1']]);

    // The secretary's decision stays when the superior edits its feedback; the edit moves the comment's lines.
    store.sqlite.prepare("UPDATE comments SET decision = 'accepted', version = version + 1, updated_at = updated_at + 1 WHERE id = 'fb-1'").run();
    applyPullPage(ctx, page(feedback('fb-1', 2, { line_from: 1, line_to: 1, text: 'Sửa lại.' })));
    expect(readRecord(store.sqlite, 'comments', 'fb-1')).toMatchObject({ line_from: 1, line_to: 1, text: 'Sửa lại.', decision: 'accepted', version: 3 });
    // Withdrawn by the superior: the comment goes too.
    applyPullPage(ctx, page(feedback('fb-1', 3, {}, NOW)));
    expect(readRecord(store.sqlite, 'comments', 'fb-1')).toMatchObject({ deleted_at: NOW });
  });

  it('keeps feedback on adopted minutes in superior_feedback only: the locked record is not touched', () => {
    store.sqlite.prepare("UPDATE meetings SET status = 'adopted' WHERE id = 'mtg-1'").run();
    const effect = applyPullPage(ctx, page(feedback('fb-2', 1)));
    expect(effect).toMatchObject({ applied: 1, feedback: 1, comments: 0, failed: 0 });
    expect(readRecord(store.sqlite, 'comments', 'fb-2')).toBeUndefined();
    expect(store.sqlite.prepare('SELECT count(*) FROM superior_feedback').pluck().get()).toBe(1);
  });

  it('skips a change it cannot apply and goes on: one bad change never stops the pull', () => {
    const bad = { ...doc('d9', 1, { kind: 'poster' }) };
    const noData = { ...feedback('fb-9', 1), data: { id: 'fb-9' } };
    const unknown = { ...doc('x', 1), table: 'news_items' } as unknown as Change;
    const effect = applyPullPage(ctx, page(bad, noData, unknown, doc('d3', 1)));
    expect(effect).toMatchObject({ applied: 1, failed: 2, unchanged: 1 });
    expect(store.sqlite.prepare('SELECT id FROM superior_documents').pluck().all()).toEqual(['d3']);
    expect(store.sqlite.prepare('SELECT pull_cursor FROM sync_state').pluck().get()).toBe(cursor);
  });

  it('applies the same page twice with no change', () => {
    const p = page(doc('d4', 1), feedback('fb-4', 1));
    applyPullPage(ctx, p);
    const before = store.sqlite.prepare('SELECT * FROM comments ORDER BY id').all();
    expect(applyPullPage(ctx, p)).toMatchObject({ applied: 0, unchanged: 2 });
    expect(store.sqlite.prepare('SELECT * FROM comments ORDER BY id').all()).toEqual(before);
  });

  it('on a reset drops every server record, keeping the comments already made from feedback', () => {
    applyPullPage(ctx, page(doc('d5', 1), feedback('fb-5', 1)));
    resetServerRecords(store.sqlite);
    expect(store.sqlite.prepare('SELECT count(*) FROM superior_documents').pluck().get()).toBe(0);
    expect(store.sqlite.prepare('SELECT count(*) FROM superior_feedback').pluck().get()).toBe(0);
    expect(store.sqlite.prepare('SELECT pull_cursor FROM sync_state').pluck().get()).toBe(0);
    expect(readRecord(store.sqlite, 'comments', 'fb-5')).toBeDefined();
  });

  it('reads a document’s files leniently, dropping entries without a proper hash', () => {
    expect(parseDocumentFiles('[{"name":"a.pdf","mime":"application/pdf","size":1,"sha256":"' + SHA + '"},{"name":"../x","sha256":"../../etc"}]')).toEqual([
      { name: 'a.pdf', mime: 'application/pdf', size: 1, sha256: SHA },
    ]);
    expect(parseDocumentFiles('not json')).toEqual([]);
  });
});

describe('own records back from the server', () => {
  const record = (table: OwnRecord['table'], key: string, version: number, data: Record<string, unknown>): OwnRecord => ({
    table,
    key,
    version,
    updatedAt: 1024 * 10 + version,
    deletedAt: null,
    data: { ...data, version, updated_at: 1024 * 10 + version, owner_site: SITE },
  });

  it('keeps the newer copy of each, adds what is missing, and locks an adopted meeting after its records are in', () => {
    const member = { ...(readRecord(store.sqlite, 'members', 'mem-1') as Record<string, unknown>), phone: '0911111111' };
    const meeting = { ...(readRecord(store.sqlite, 'meetings', 'mtg-1') as Record<string, unknown>) };
    const olderMember = { ...(readRecord(store.sqlite, 'members', 'mem-2') as Record<string, unknown>), full_name: 'Tên cũ' };
    store.sqlite.prepare("UPDATE members SET version = 5, updated_at = 99999 WHERE id = 'mem-2'").run();
    const effect = applyOwnRecords(ctx, [
      // In (table, key) order as /v1/own sends them: children before parents.
      record('agenda_items', 'ag-new', 1, { id: 'ag-new', meeting_id: 'mtg-new', position: 1, title: 'Khai mạc', minutes: 5, presenter: '', summary: null, deleted_at: null }),
      record('attendance', 'mtg-new:mem-1', 1, { meeting_id: 'mtg-new', member_id: 'mem-1', status: 'present', reason: null }),
      record('meetings', 'mtg-new', 3, { ...meeting, id: 'mtg-new', status: 'adopted', minutes_text: 'Biên bản', adopted_at: 5 }),
      record('members', 'mem-1', 4, member),
      record('members', 'mem-2', 2, olderMember),
      record('member_events', 'ev-1', 7, { id: 'ev-1', member_id: 'mem-1', kind: 'edited', recorded_at: 1 }),
    ]);
    expect(effect.failed).toEqual([]);
    expect(effect.restored).toBe(4);
    expect(effect.kept).toBe(2);
    expect(readRecord(store.sqlite, 'members', 'mem-1')).toMatchObject({ phone: '0911111111', version: 4 });
    expect(readRecord(store.sqlite, 'members', 'mem-2')).toMatchObject({ full_name: 'Lê Văn Bình', version: 5 });
    expect(readRecord(store.sqlite, 'meetings', 'mtg-new')).toMatchObject({ status: 'adopted', version: 3 });
    expect(readRecord(store.sqlite, 'attendance', 'mtg-new:mem-1')).toMatchObject({ status: 'present' });
    expect(readRecord(store.sqlite, 'agenda_items', 'ag-new')).toBeDefined();
    expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('reports a record it cannot take and keeps the rest', () => {
    const effect = applyOwnRecords(ctx, [
      record('members', 'mem-x', 1, { id: 'mem-x', branch_id: 'org-nowhere', full_name: 'Không chi bộ', sort_key: 'x', search_name: 'x', gender: 'male', status: 'official', standing: 'active' }),
      record('opinions', 'op-2', 1, { id: 'op-2', meeting_id: 'mtg-1', speaker_name: 'A', summary: 'B', position: 2 }),
    ]);
    expect(effect.restored).toBe(1);
    expect(effect.failed).toEqual([expect.objectContaining({ table: 'members', key: 'mem-x' })]);
    expect(readRecord(store.sqlite, 'members', 'mem-x')).toBeUndefined();
  });
});

// Pull (§7): what each site may see, cursor paging, the reset after compaction; and GET /v1/own.
import { expect, it } from 'vitest';
import { TOMBSTONE_TTL_MS } from '../core/sync/protocol';
import { addFeedback, compactTombstones, publishDocument, withdrawDocument } from './admin';
import { describeEachDatabase, type Json } from './testing';

const keys = (answer: Json) => (answer.changes as { table: string; key: string }[]).map((c) => `${c.table}/${c.key}`);

describeEachDatabase('pull', (h) => {
  it('sends a document for all to every site, with its data as §7 describes', async () => {
    const a = await h().site('Phường A');
    const { id } = await publishDocument(
      h().env.db,
      { kind: 'directive', title: 'Chỉ thị số 05', body: 'Nội dung', files: [], audience: 'all' },
      h().clock.fn,
    );
    const res = await a.request('GET', '/v1/pull?cursor=0');
    expect(res.status).toBe(200);
    expect(res.json.more).toBe(false);
    expect(res.json.changes).toEqual([
      {
        cursor: res.json.cursor,
        table: 'documents',
        key: id,
        version: 1,
        updatedAt: h().clock.now * 1024,
        deletedAt: null,
        data: { id, kind: 'directive', title: 'Chỉ thị số 05', body: 'Nội dung', published_at: h().clock.now, files: '[]' },
      },
    ]);
    const b = await h().site('Phường B');
    expect(keys((await b.request('GET', '/v1/pull?cursor=0')).json)).toEqual([`documents/${id}`]);
  });

  it('sends a document addressed to two sites to those two only (by site id, slot id or organisation id)', async () => {
    const [a, b, c, d] = [await h().site('A'), await h().site('B'), await h().site('C'), await h().site('D')];
    const { id } = await publishDocument(
      h().env.db,
      { kind: 'document', title: 'Công văn', body: '', audience: [a.siteId, b.slotId] },
      h().clock.fn,
    );
    const { id: forD } = await publishDocument(h().env.db, { kind: 'news', title: 'Tin', body: '', audience: [d.organisation.id] }, h().clock.fn);
    expect(keys((await a.request('GET', '/v1/pull?cursor=0')).json)).toEqual([`documents/${id}`]);
    expect(keys((await b.request('GET', '/v1/pull?cursor=0')).json)).toEqual([`documents/${id}`]);
    const forC = await c.request('GET', '/v1/pull?cursor=0');
    expect(forC.json.changes).toEqual([]);
    expect(forC.json.cursor).toBeGreaterThan(0); // a site that sees nothing still moves past what it cannot see
    expect(keys((await d.request('GET', '/v1/pull?cursor=0')).json)).toEqual([`documents/${forD}`]);
  });

  it("sends feedback on a draft to the meeting's owner only", async () => {
    const a = await h().site('A');
    const b = await h().site('B');
    await a.push([a.op('meetings', 'meet-a')]);
    const { id, siteId } = await addFeedback(
      h().env.db,
      { meetingId: 'meet-a', draftVersion: 2, lineFrom: 3, lineTo: 5, authorName: 'Ban Tuyên giáo', text: 'Đề nghị bổ sung chỉ tiêu.' },
      h().clock.fn,
    );
    expect(siteId).toBe(a.siteId);
    const forA = await a.request('GET', '/v1/pull?cursor=0');
    expect(forA.json.changes).toEqual([
      expect.objectContaining({
        table: 'feedback',
        key: id,
        data: {
          id,
          meeting_id: 'meet-a',
          draft_version: 2,
          line_from: 3,
          line_to: 5,
          author_name: 'Ban Tuyên giáo',
          text: 'Đề nghị bổ sung chỉ tiêu.',
          created_at: h().clock.now,
        },
      }),
    ]);
    expect((await b.request('GET', '/v1/pull?cursor=0')).json.changes).toEqual([]);
    await expect(addFeedback(h().env.db, { meetingId: 'nope', draftVersion: 1, lineFrom: 1, lineTo: 1, authorName: 'X', text: 'Y' })).rejects.toThrow(
      /chưa nhận cuộc họp/,
    );
  });

  it('pages by cursor, in cursor order, and sends only the latest change of a record', async () => {
    const site = await h().site();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await publishDocument(h().env.db, { kind: 'news', title: `Tin ${i}`, body: '', audience: 'all' }, h().clock.fn)).id);
    }
    const first = await site.request('GET', '/v1/pull?cursor=0&limit=2');
    expect(first.json).toMatchObject({ more: true });
    expect(keys(first.json)).toEqual([`documents/${ids[0]}`, `documents/${ids[1]}`]);
    const second = await site.request('GET', `/v1/pull?cursor=${first.json.cursor}&limit=2`);
    expect(keys(second.json)).toEqual([`documents/${ids[2]}`, `documents/${ids[3]}`]);
    h().clock.advance(1000);
    await publishDocument(h().env.db, { id: ids[0], kind: 'news', title: 'Tin 0 (sửa)', body: '', audience: 'all' }, h().clock.fn);
    const third = await site.request('GET', `/v1/pull?cursor=${second.json.cursor}&limit=2`);
    expect(keys(third.json)).toEqual([`documents/${ids[4]}`, `documents/${ids[0]}`]);
    expect(third.json.changes[1]).toMatchObject({ version: 2, data: { title: 'Tin 0 (sửa)' } });
    const rest = await site.request('GET', `/v1/pull?cursor=${third.json.cursor}&limit=2`);
    expect(rest.json).toEqual({ changes: [], cursor: third.json.cursor, more: false });
    // From 0 again: five records, each once, the edited one at its new place.
    const all = await site.request('GET', '/v1/pull?cursor=0');
    expect(keys(all.json)).toEqual([1, 2, 3, 4, 0].map((i) => `documents/${ids[i]}`));
    expect((await site.request('GET', '/v1/pull?limit=0')).json.error.code).toBe('MALFORMED');
    expect((await site.request('GET', '/v1/pull?cursor=-1')).json.error.code).toBe('MALFORMED');
  });

  it('sends a withdrawal as a tombstone, and tells a site whose cursor predates compacted tombstones to reset', async () => {
    const site = await h().site();
    const { id: gone } = await publishDocument(h().env.db, { kind: 'news', title: 'Tin cũ', body: '', audience: 'all' }, h().clock.fn);
    const early = await site.request('GET', '/v1/pull?cursor=0');
    const { id: kept } = await publishDocument(h().env.db, { kind: 'news', title: 'Tin mới', body: '', audience: 'all' }, h().clock.fn);
    await withdrawDocument(h().env.db, gone, h().clock.fn);
    const tomb = await site.request('GET', `/v1/pull?cursor=${early.json.cursor}`);
    expect(tomb.json.changes.find((c: { key: string }) => c.key === gone)).toMatchObject({ version: 2, deletedAt: h().clock.now });
    const upToDate = tomb.json.cursor;

    expect(await compactTombstones(h().env.db, h().clock.fn)).toMatchObject({ removed: 0 });
    h().clock.advance(TOMBSTONE_TTL_MS + 1);
    const compacted = await compactTombstones(h().env.db, h().clock.fn);
    expect(compacted.removed).toBe(1);
    expect((await site.request('GET', `/v1/pull?cursor=${early.json.cursor}`)).json).toEqual({ reset: true, cursor: 0 });
    // A site that had seen the tombstone goes on; a site pulling from 0 gets what is left.
    expect((await site.request('GET', `/v1/pull?cursor=${upToDate}`)).json).toMatchObject({ changes: [], more: false });
    expect(keys((await site.request('GET', '/v1/pull?cursor=0')).json)).toEqual([`documents/${kept}`]);
    // A cursor the server never issued (it was restored from an older backup) resets too.
    expect((await site.request('GET', `/v1/pull?cursor=${upToDate + 100}`)).json).toEqual({ reset: true, cursor: 0 });
  });
});

describeEachDatabase('own records', (h) => {
  it("returns the site's own records in (table, key) order, paged with next, and nobody else's", async () => {
    const a = await h().site('A');
    const b = await h().site('B');
    await a.push([a.op('meetings', 'meet-1'), a.op('attendance', 'meet-1:mem-2'), a.op('members', 'mem-2'), a.op('members', 'mem-1')]);
    await b.push([b.op('members', 'mem-b')]);
    const first = await a.request('GET', '/v1/own?after=&limit=3');
    expect(first.json.records.map((r: Json) => `${r.table}:${r.key}`)).toEqual(['attendance:meet-1:mem-2', 'meetings:meet-1', 'members:mem-1']);
    expect(first.json.next).toBe('members:mem-1');
    expect(first.json.records[0]).toMatchObject({ version: 1, deletedAt: null, data: { meeting_id: 'meet-1', member_id: 'mem-2' } });
    const second = await a.request('GET', `/v1/own?after=${encodeURIComponent(first.json.next)}&limit=3`);
    expect(second.json).toMatchObject({ records: [expect.objectContaining({ table: 'members', key: 'mem-2' })], next: null });
    const paged = await a.request('GET', `/v1/own?after=${encodeURIComponent('attendance:meet-1:mem-2')}&limit=1`);
    expect(paged.json.records[0].key).toBe('meet-1');
    expect((await a.request('GET', '/v1/own?after=nocolon')).json.error.code).toBe('MALFORMED');
  });
});

// What the console sends down reaches the wards it names and no others, and the console sees when each ward got it:
// feedback anchored to a draft's lines, documents with files, receipts written by the wards' pulls.
import { expect, it } from 'vitest';
import { sha256Hex, signText } from '../../core/sync/protocol';
import { exportAnswerFile, importFile } from '../admin';
import { describeEachDatabase, type Harness, type Json, type TestSite } from '../testing';
import { ConsoleBrowser, DRAFT_LINES, makeUser, pushMeeting } from './testing';

const pullAll = async (site: TestSite, cursor = 0): Promise<{ changes: Json[]; cursor: number }> => {
  const res = await site.request('GET', `/v1/pull?cursor=${cursor}`);
  expect(res.status).toBe(200);
  return res.json;
};

/** A ward's signed up file carrying only the cursor it has stored (server/syncfile.ts). */
function upFile(h: Harness, site: TestSite, cursor: number): Buffer {
  const header = JSON.stringify({
    format: 'chibo-sync',
    version: 1,
    direction: 'up',
    siteId: site.siteId,
    epoch: site.epoch,
    createdAt: h.clock.now,
    payloadSha256: sha256Hex(''),
    cursor,
  });
  return Buffer.from(`${header}\n${signText(site.keys.privateKey, header)}\n`);
}

describeEachDatabase('console delivery', (harness) => {
  it('sends feedback on a line range to the meeting ward only, and shows when that ward fetched it', async () => {
    const h = harness();
    const a = await h.site('Phường Tân Định');
    const b = await h.site('Phường Đa Kao');
    await pushMeeting(a, { branch: 'cb-a', meeting: 'meet-a', draft: 'draft-a' });
    await makeUser(h, 'duyet.a', 'reviewer', [a.slotId], { displayName: 'Trần Thị Bình' });
    const r = new ConsoleBrowser(h);
    await r.login('duyet.a');

    const input = { meetingId: 'meet-a', draftVersion: 1, lineFrom: 2, lineTo: 3, text: 'Đề nghị nêu rõ số đảng viên vắng mặt.' };
    const beyond = await r.call('feedback.add', { ...input, lineTo: DRAFT_LINES + 1 });
    expect(beyond.json.error).toMatchObject({ code: 'INVALID_INPUT', message: `Dự thảo phiên bản 1 chỉ có ${DRAFT_LINES} dòng.` });
    expect((await r.call('feedback.add', { ...input, lineFrom: 3, lineTo: 2 })).json.error.fields[0].path).toBe('lineTo');
    expect((await r.call('feedback.add', { ...input, draftVersion: 2 })).json.error.fields[0].path).toBe('draftVersion');

    const added = await r.ok('feedback.add', input);
    expect(added).toMatchObject({ draftVersion: 1, lineFrom: 2, lineTo: 3, authorName: 'Trần Thị Bình', receivedAt: null });

    const first = await pullAll(a);
    const fb = first.changes.filter((c: Json) => c.table === 'feedback');
    expect(fb.map((c: Json) => [c.key, c.data.meeting_id, c.data.line_from, c.data.line_to, c.data.author_name, c.data.text])).toEqual([
      [added.id, 'meet-a', 2, 3, 'Trần Thị Bình', 'Đề nghị nêu rõ số đảng viên vắng mặt.'],
    ]);
    expect((await pullAll(b)).changes.filter((c: Json) => c.table === 'feedback')).toEqual([]);

    // Fetched, but not yet known to be stored: the ward's next pull carries the cursor and says so.
    expect((await r.ok('meetings.get', { id: 'meet-a' })).feedback[0].receivedAt).toBeNull();
    h.clock.advance(60_000);
    await pullAll(a, first.cursor);
    expect((await r.ok('meetings.get', { id: 'meet-a' })).feedback[0]).toMatchObject({ id: added.id, receivedAt: h.clock.now });

    const audit = await h.env.db.selectFrom('audit').select(['actor', 'action']).where('action', '=', 'feedback.add').execute();
    expect(audit).toEqual([{ actor: 'duyet.a', action: 'feedback.add' }]);
  });

  it('delivers a document with its file to the two wards chosen, and shows each one receipt after its pull', async () => {
    const h = harness();
    const a = await h.site('Phường Tân Định');
    const b = await h.site('Phường Đa Kao');
    const c = await h.site('Phường Bến Thành');
    await makeUser(h, 'chanh.vp', 'admin');
    const admin = new ConsoleBrowser(h);
    await admin.login('chanh.vp');

    const bytes = Buffer.from('%PDF-1.4 Hướng dẫn số 12');
    const up = await admin.request('POST', '/console/files', {
      body: bytes,
      headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('Hướng dẫn 12-HD.pdf') },
    });
    expect(up.json).toEqual({ ok: true, value: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: bytes.length, name: 'Hướng dẫn 12-HD.pdf', mime: 'application/pdf' } });
    const file = up.json.value;

    const doc = await admin.ok('documents.publish', {
      kind: 'document',
      title: 'Hướng dẫn sinh hoạt chi bộ quý II',
      body: 'Các chi bộ thực hiện theo hướng dẫn đính kèm.',
      files: [{ name: file.name, mime: file.mime, sha256: file.sha256 }],
      audience: [a.slotId, b.slotId],
    });
    expect(doc.audience.sort()).toEqual([a.slotId, b.slotId].sort());
    expect(doc.files).toEqual([{ name: 'Hướng dẫn 12-HD.pdf', mime: 'application/pdf', size: bytes.length, sha256: file.sha256 }]);
    expect(doc.receipts.map((r: Json) => [r.wardName, r.receivedAt])).toEqual([
      ['Phường Đa Kao', null],
      ['Phường Tân Định', null],
    ]);

    const cursors = new Map<TestSite, number>();
    for (const site of [a, b, c]) {
      const page = await pullAll(site);
      cursors.set(site, page.cursor);
      const docs = page.changes.filter((ch: Json) => ch.table === 'documents').map((ch: Json) => ch.data.title);
      expect(docs).toEqual(site === c ? [] : ['Hướng dẫn sinh hoạt chi bộ quý II']);
    }
    // The file goes to the two wards only.
    expect((await a.request('GET', `/v1/blobs/${file.sha256}`)).bytes).toEqual(bytes);
    expect((await c.request('GET', `/v1/blobs/${file.sha256}`)).status).toBe(403);

    h.clock.advance(5 * 60_000);
    await pullAll(a, cursors.get(a));
    const receivedAt = h.clock.now;
    h.clock.advance(60_000);
    await pullAll(c, cursors.get(c));
    const listed = (await admin.ok('documents.list')).find((d: Json) => d.id === doc.id);
    expect(listed.receipts.map((r: Json) => [r.wardName, r.receivedAt])).toEqual([
      ['Phường Đa Kao', null],
      ['Phường Tân Định', receivedAt],
    ]);
    await pullAll(b, cursors.get(b));
    const after = (await admin.ok('documents.list')).find((d: Json) => d.id === doc.id);
    expect(after.receipts.every((r: Json) => r.receivedAt !== null)).toBe(true);

    // A new version is unreceipted again until the ward stores it.
    const v2 = await admin.ok('documents.publish', { id: doc.id, kind: 'document', title: 'Hướng dẫn (sửa đổi)', audience: [a.slotId, b.slotId] });
    expect(v2.version).toBe(2);
    expect(v2.receipts.map((r: Json) => r.receivedAt)).toEqual([null, null]);

    const audit = await admin.ok('audit.list', { actor: 'chanh.vp' });
    expect(audit.map((r: Json) => r.summary).slice(0, 2)).toEqual([
      'Gửi văn bản "Hướng dẫn (sửa đổi)" (phiên bản 2) đến 2 đơn vị.',
      'Gửi văn bản "Hướng dẫn sinh hoạt chi bộ quý II" (phiên bản 1) đến 2 đơn vị.',
    ]);
  });

  it('takes the cursor named in a signed sync file as a receipt', async () => {
    const h = harness();
    const a = await h.site('Phường Tân Định');
    await makeUser(h, 'chanh.vp', 'admin');
    const admin = new ConsoleBrowser(h);
    await admin.login('chanh.vp');
    const doc = await admin.ok('documents.publish', { kind: 'news', title: 'Tin hoạt động tháng 3', audience: [a.slotId] });

    const first = await importFile(h.env, upFile(h, a, 0));
    const answer = await exportAnswerFile(h.env, first);
    const pulls = answer.split('\n').slice(2).filter((l) => l.startsWith('{"pull"')).map((l) => JSON.parse(l).pull);
    expect(pulls.flatMap((p: Json) => p.changes.map((c: Json) => c.key))).toEqual([doc.id]);
    const receipt = async () => (await admin.ok('documents.list')).find((d: Json) => d.id === doc.id).receipts[0].receivedAt;
    expect(await receipt()).toBeNull();

    h.clock.advance(10 * 60_000);
    await exportAnswerFile(h.env, await importFile(h.env, upFile(h, a, pulls[pulls.length - 1].cursor)));
    expect(await receipt()).toBe(h.clock.now);
  });
});

// A reviewer or viewer works only on the wards assigned to them, and the server is what says so: every read and write
// naming a ward, a meeting, a document or a report outside the scope is refused, with no data in the answer.
import { expect, it } from 'vitest';
import { describeEachDatabase, type Harness, type TestSite } from '../testing';
import { ConsoleBrowser, DRAFT_LINES, makeUser, pushMeeting } from './testing';

interface World {
  a: TestSite;
  b: TestSite;
  admin: ConsoleBrowser;
  reviewer: ConsoleBrowser;
  viewer: ConsoleBrowser;
}

async function world(h: Harness): Promise<World> {
  const a = await h.site('Phường Tân Định');
  const b = await h.site('Phường Đa Kao');
  await pushMeeting(a, { branch: 'cb-a', meeting: 'meet-a', draft: 'draft-a' });
  await pushMeeting(b, { branch: 'cb-b', meeting: 'meet-b', draft: 'draft-b' });
  await makeUser(h, 'chanh.vp', 'admin');
  await makeUser(h, 'duyet.a', 'reviewer', [a.slotId], { displayName: 'Trần Thị Bình' });
  await makeUser(h, 'xem.a', 'viewer', [a.slotId]);
  const admin = new ConsoleBrowser(h);
  const reviewer = new ConsoleBrowser(h);
  const viewer = new ConsoleBrowser(h);
  await admin.login('chanh.vp');
  await reviewer.login('duyet.a');
  await viewer.login('xem.a');
  return { a, b, admin, reviewer, viewer };
}

const feedbackRows = (h: Harness) => h.env.db.selectFrom('records').select('record_key').where('table_name', '=', 'feedback').execute();

describeEachDatabase('console scope', (harness) => {
  it('lets a reviewer read the meetings of their wards only', async () => {
    const h = harness();
    const w = await world(h);
    const own = await w.reviewer.ok('meetings.get', { id: 'meet-a' });
    expect(own).toMatchObject({ id: 'meet-a', slotId: w.a.slotId, canReview: true });
    expect(own.drafts[0].lines).toHaveLength(DRAFT_LINES);
    expect((await w.viewer.ok('meetings.get', { id: 'meet-a' })).canReview).toBe(false);

    const foreign = await w.reviewer.call('meetings.get', { id: 'meet-b' });
    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('ngoài phạm vi') } });
    expect(foreign.text).not.toContain('Chi bộ cb-b');
    expect((await w.admin.ok('meetings.get', { id: 'meet-b' })).branchName).toBe('Chi bộ cb-b');

    expect((await w.reviewer.ok('sites.list')).map((s: { slotId: string }) => s.slotId)).toEqual([w.a.slotId]);
    expect((await w.admin.ok('sites.list')).map((s: { name: string; branches: number }) => `${s.name} ${s.branches}`)).toEqual([
      'Phường Đa Kao 1',
      'Phường Tân Định 1',
    ]);
  });

  it('refuses overviews, reports and exports of a foreign ward, and keeps the city overview to the scope', async () => {
    const h = harness();
    const w = await world(h);
    const overview = await w.reviewer.call('overview.month', { month: '2026-03', slotId: w.b.slotId });
    expect(overview.status).toBe(403);
    expect(overview.json.error.code).toBe('FORBIDDEN');
    const mine = await w.reviewer.ok('overview.month', { month: '2026-03' });
    expect(mine.wards.map((x: { slotId: string }) => x.slotId)).toEqual([w.a.slotId]);
    expect(new Set(mine.rows.map((r: { slotId: string }) => r.slotId))).toEqual(new Set([w.a.slotId]));
    expect((await w.admin.ok('overview.month', { month: '2026-03' })).wards).toHaveLength(2);

    expect((await w.reviewer.call('reports.period', { period: '2026-Q1', slotId: w.b.slotId })).json.error.code).toBe('FORBIDDEN');
    expect((await w.reviewer.call('reports.trend', { to: '2026-03', slotId: w.b.slotId })).json.error.code).toBe('FORBIDDEN');
    const report = await w.reviewer.ok('reports.period', { period: '2026-Q1' });
    expect(new Set(report.rows.map((r: { slotId: string }) => r.slotId))).toEqual(new Set([w.a.slotId]));

    const foreignExport = await w.reviewer.request('GET', `/console/export/report.xlsx?period=2026-03&slotId=${w.b.slotId}`);
    expect(foreignExport.status).toBe(403);
    expect(foreignExport.json.error.code).toBe('FORBIDDEN');
    const ownExport = await w.reviewer.request('GET', `/console/export/report.xlsx?period=2026-03&slotId=${w.a.slotId}`);
    expect(ownExport.status).toBe(200);
    expect(ownExport.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(ownExport.headers.get('content-disposition')).toMatch(/^attachment; filename="bao-cao-2026-03\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(ownExport.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toMatch(/^Báo cáo .+\.xlsx$/);
    expect((await new ConsoleBrowser(h).request('GET', '/console/export/report.xlsx?period=2026-03')).status).toBe(401);
  });

  it('refuses feedback on a foreign ward, and any feedback from a viewer', async () => {
    const h = harness();
    const w = await world(h);
    const input = { draftVersion: 1, lineFrom: 1, lineTo: 2, text: 'Đề nghị bổ sung chỉ tiêu cụ thể.' };
    const foreign = await w.reviewer.call('feedback.add', { ...input, meetingId: 'meet-b' });
    expect(foreign.json.error.code).toBe('NOT_FOUND');
    const viewer = await w.viewer.call('feedback.add', { ...input, meetingId: 'meet-a' });
    expect(viewer.json.error.code).toBe('FORBIDDEN');
    expect(await feedbackRows(h)).toEqual([]);
    expect((await w.reviewer.ok('feedback.add', { ...input, meetingId: 'meet-a' })).authorName).toBe('Trần Thị Bình');
    expect(await feedbackRows(h)).toHaveLength(1);
  });

  it('lets a reviewer publish only to their wards, and change only what they could publish', async () => {
    const h = harness();
    const w = await world(h);
    const doc = { kind: 'directive', title: 'Hướng dẫn sinh hoạt chuyên đề quý II', body: 'Nội dung hướng dẫn.' };
    for (const audience of [[w.b.slotId], [w.a.slotId, w.b.slotId]]) {
      const res = await w.reviewer.call('documents.publish', { ...doc, audience });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('FORBIDDEN');
    }
    expect((await w.viewer.call('documents.publish', { ...doc, audience: [w.a.slotId] })).json.error.code).toBe('FORBIDDEN');
    const upload = { body: 'tệp', headers: { 'content-type': 'text/plain', 'x-file-name': 'a.txt' } };
    expect((await w.viewer.request('POST', '/console/files', upload)).json.error.code).toBe('FORBIDDEN');
    expect((await new ConsoleBrowser(h).request('POST', '/console/files', upload)).json.error.code).toBe('UNAUTHENTICATED');
    expect(await h.env.db.selectFrom('records').select('record_key').where('table_name', '=', 'documents').execute()).toEqual([]);

    // 'all' for a reviewer is every ward of theirs.
    const mine = await w.reviewer.ok('documents.publish', { ...doc, audience: 'all' });
    expect(mine.audience).toEqual([w.a.slotId]);
    const toB = await w.admin.ok('documents.publish', { ...doc, title: 'Chỉ cho Đa Kao', audience: [w.b.slotId] });
    const toAll = await w.admin.ok('documents.publish', { ...doc, title: 'Cho mọi phường', audience: 'all' });
    const seen = await w.reviewer.ok('documents.list');
    expect(seen.map((d: { title: string }) => d.title).sort()).toEqual(['Cho mọi phường', 'Hướng dẫn sinh hoạt chuyên đề quý II']);
    const shared = seen.find((d: { id: string }) => d.id === toAll.id);
    expect(shared.receipts.map((r: { slotId: string }) => r.slotId)).toEqual([w.a.slotId]);

    expect((await w.reviewer.call('documents.withdraw', { id: toB.id })).json.error.code).toBe('NOT_FOUND');
    expect((await w.reviewer.call('documents.withdraw', { id: toAll.id })).json.error.code).toBe('FORBIDDEN');
    expect((await w.reviewer.call('documents.publish', { ...doc, id: toAll.id, audience: [w.a.slotId] })).json.error.code).toBe('FORBIDDEN');
    expect(await w.reviewer.ok('documents.withdraw', { id: mine.id })).toBeNull();
    expect((await w.admin.ok('documents.list')).find((d: { id: string }) => d.id === mine.id).withdrawn).toBe(true);
  });
});

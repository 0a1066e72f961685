// Sync with the superior committee, as a ward office meets it in Chromium: a real sync server started the way its
// administrator starts it (npm run server), a site and its one-time code made with its command line, enrolment from the
// Đồng bộ page, the first sync of the whole ward, a document with its file coming down to Văn bản, feedback on a draft
// arriving on its lines in the meeting's Góp ý tab and on the presenter console, and a revocation stopping the ward.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { addFeedback, publishDocument, storeFile } from '../server/admin';
import { openServerDb, type ServerDb } from '../server/db';
import { ARTIFACTS, expect, serverCli, signIn, startPreview, startSyncServer, test, type Preview, type SyncServer } from './fixtures';
import { apiCall } from './pages';

test.use({ actionTimeout: 15_000 });

let preview: Preview;
let server: SyncServer;
let serverDb: ServerDb;
test.beforeAll(async () => {
  [preview, server] = await Promise.all([startPreview(['--demo']), startSyncServer()]);
  serverDb = await openServerDb({ dataDir: server.dataDir });
});
test.afterAll(async () => {
  await serverDb?.close();
  await Promise.all([preview?.stop(), server?.stop()]);
});

async function syncNow(page: Page) {
  await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText('Đã đồng bộ', { timeout: 60_000 });
}

test('enrols with a code, sends the ward up, and brings documents and feedback down', async ({ page }) => {
  const { slotId, code } = JSON.parse(serverCli(server, 'site', 'create', 'Đảng bộ phường Hồng Hà', '--json')) as { slotId: string; code: string };

  await page.goto(preview.url);
  await signIn(page, 'quantri');
  await page.getByRole('menuitem', { name: 'Đồng bộ' }).click();
  await expect(page.getByTestId('sync-state')).toHaveCount(0);
  await page.getByLabel('Địa chỉ máy chủ').fill(server.url);

  // A wrong code is refused in Vietnamese, and nothing is enrolled.
  await page.getByLabel('Mã đăng ký').fill('AAAA-BBBB-CCCC');
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: /mã/i })).toBeVisible();

  await page.getByLabel('Mã đăng ký').fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await expect(page.getByTestId('sync-state')).toBeVisible();
  await syncNow(page);
  await expect(page.getByTestId('sync-waiting')).toHaveText('0 thay đổi');
  await expect(page.getByTestId('sync-last-success')).not.toHaveText('Chưa có');
  await page.screenshot({ path: path.join(ARTIFACTS, 'dong-bo.png'), fullPage: true });

  // The whole demo ward is on the server, once: every member of the ward and every meeting.
  const status = await apiCall<{ siteId: string }>(page, 'sync.status', {});
  const held = await serverDb.db
    .selectFrom('records')
    .select(({ fn }) => ['table_name', fn.countAll<number>().as('n')])
    .where('owner_site', '=', status.siteId)
    .groupBy('table_name')
    .execute();
  const onServer = Object.fromEntries(held.map((r) => [r.table_name, Number(r.n)]));
  const members = await apiCall<{ total: number }>(page, 'members.list', { page: 1, pageSize: 1 });
  expect(onServer.members).toBeGreaterThanOrEqual(members.total);
  expect(onServer.meetings).toBeGreaterThan(100);
  expect(onServer.attendance).toBeGreaterThan(1000);

  // A document with its file, published to this ward.
  const pdf = Buffer.from('%PDF-1.4\n% Hướng dẫn tổ chức sinh hoạt chi bộ tháng 12\n%%EOF\n', 'utf8');
  const sha256 = await storeFile({ db: serverDb.db, dataDir: server.dataDir, clock: Date.now }, pdf);
  await publishDocument(serverDb.db, {
    kind: 'directive',
    title: 'Hướng dẫn sinh hoạt chi bộ tháng 12/2026',
    body: 'Các chi bộ tập trung thảo luận việc chuẩn bị Tết Nguyên đán và công tác bảo đảm an ninh trật tự.',
    files: [{ name: 'huong-dan-thang-12.pdf', mime: 'application/pdf', sha256 }],
    audience: [status.siteId],
  });

  // A meeting with a draft, sent up, then feedback on two of its lines from the superior committee.
  const branches = await apiCall<{ id: string; name: string }[]>(page, 'branches.list', {});
  const { ids } = await apiCall<{ ids: string[] }>(page, 'meetings.plan', { branchIds: [branches[0]!.id], kind: 'regular', scheduledAt: '2026-12-10T19:30', place: 'Nhà văn hóa' });
  await apiCall(page, 'drafts.save', {
    meetingId: ids[0],
    sections: [{ heading: 'I. NHIỆM VỤ THÁNG 12', paragraphs: ['Tổ chức tốt ngày hội đại đoàn kết toàn dân tộc ở khu dân cư.', 'Vận động quỹ vì người nghèo, hoàn thành trước ngày 15 tháng 12.'] }],
  });
  await syncNow(page);
  await addFeedback(serverDb.db, {
    meetingId: ids[0]!,
    draftVersion: 1,
    lineFrom: 2,
    lineTo: 3,
    authorName: 'Ban Tổ chức Thành ủy',
    text: 'Đề nghị nêu rõ chỉ tiêu vận động quỹ của từng tổ dân phố.',
  });
  await syncNow(page);

  await page.getByRole('menuitem', { name: 'Văn bản' }).click();
  const document = page.getByTestId('superior-document').filter({ hasText: 'Hướng dẫn sinh hoạt chi bộ tháng 12/2026' });
  await expect(document).toContainText('Chỉ đạo');
  await page.screenshot({ path: path.join(ARTIFACTS, 'van-ban.png'), fullPage: true });
  await document.click();
  const drawer = page.getByRole('dialog', { name: 'Hướng dẫn sinh hoạt chi bộ tháng 12/2026' });
  await expect(drawer).toContainText('Các chi bộ tập trung thảo luận');
  const download = page.waitForEvent('download');
  await drawer.getByRole('button', { name: 'Tải về' }).click();
  const file = await download;
  expect(fs.readFileSync((await file.path())!)).toEqual(pdf);

  // The feedback is on its lines in the meeting's Góp ý tab.
  await page.goto(`${new URL(preview.url).origin}/#/sinh-hoat/${ids[0]}?the=comments`);
  const comment = page.getByTestId('comment').filter({ hasText: 'Ban Tổ chức Thành ủy' });
  await expect(comment).toContainText('Cấp ủy cấp trên');
  await expect(comment).toContainText('Đề nghị nêu rõ chỉ tiêu vận động quỹ');
  await expect(comment.locator('.comment-lines')).toHaveText(/dòng 2–3/i);

  // And on the presenter console, beside those lines.
  await page.getByRole('button', { name: 'Trình chiếu' }).click();
  await expect(page.getByTestId('console')).toBeVisible();
  await page.getByRole('button', { name: /Góp ý 1\/1: Ban Tổ chức Thành ủy, dòng 2–3/ }).click();
  await expect(page.getByTestId('console-current').locator('.comment-panel')).toContainText('(cấp ủy cấp trên)');
  await page.keyboard.press('Escape');

  // Revoked: the next sync stops at once and says why.
  serverCli(server, 'site', 'revoke', slotId);
  await page.getByRole('menuitem', { name: 'Đồng bộ' }).click();
  await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText('Đã bị thu hồi');
  await expect(page.getByTestId('sync-error')).toContainText(/thu hồi/);
});

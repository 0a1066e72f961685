// The superior committee's web console, as its organisation board meets it in Chromium: a real sync server started the
// way its administrator starts it (npm run server), accounts made with its command line, and three wards, each a real
// preview of the ward's app enrolled on that server. A reviewer finds the branch whose draft reached members late,
// writes feedback on two of its lines, and the ward's app shows it on those lines after its next sync; a document
// published to two wards reaches those two and not the third, with each ward's receipt in the console.
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { ARTIFACTS, expect, serverCli, signIn, startPreview, startSyncServer, test, type Preview, type SyncServer } from './fixtures';
import { apiCall, choose, settled } from './pages';

test.use({ actionTimeout: 15_000 });
test.describe.configure({ mode: 'serial', timeout: 240_000 });

/** The server's command line with --json, on the running server's data folder. */
const serverJson = <T>(...args: string[]): T => JSON.parse(serverCli(server, ...args, '--json')) as T;

interface Ward {
  name: string;
  slotId: string;
  preview: Preview;
  page: Page;
}

let server: SyncServer;
let wards: Ward[] = [];
let browser: Browser;

/** 'YYYY-MM-DDTHH:mm' in Vietnam's time, `hours` from now. */
function vietnamTime(hours: number): string {
  const t = new Date(Date.now() + hours * 3_600_000 + 7 * 3_600_000);
  return t.toISOString().slice(0, 16);
}

/** Folds Vietnamese diacritics away, as someone typing without them would: "Chi bộ Đông" → "Chi bo Dong". */
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

/** A screenshot once the page's tables have stopped loading (antd fades a table while it refetches), its transitions
 *  (a tab's underline moving) run to their end. */
async function shoot(page: Page, name: string) {
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true, animations: 'disabled' });
}

async function syncWard(ward: Ward) {
  const status = await apiCall<{ state: string; lastError: string | null }>(ward.page, 'sync.now', {});
  expect(status.lastError).toBeNull();
}

/** Logs in to the console with a password the command line made, and replaces it as the console asks. */
async function consoleLogin(page: Page, username: string, password: string) {
  await page.goto(`${server.url}/console/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page.getByRole('form', { name: 'Đổi mật khẩu' })).toBeVisible();
  await page.getByLabel('Mật khẩu hiện tại').fill(password);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-rieng-2026');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-rieng-2026');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

test.beforeAll(async ({ browser: b }) => {
  browser = b;
  let previews: Preview[];
  [server, ...previews] = await Promise.all([startSyncServer(), startPreview(['--demo']), startPreview(), startPreview()]);
  const names = ['', 'Đảng bộ phường Ngọc Hà', 'Đảng bộ phường Ô Chợ Dừa'];
  wards = [];
  for (const [i, preview] of previews.entries()) {
    const page = await (await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' })).newPage();
    await page.goto(preview.url);
    if (i === 0) {
      await signIn(page, 'quantri');
    } else {
      await apiCall(page, 'setup.createWard', {
        wardName: names[i],
        superiorName: 'Đảng bộ Thành phố Hà Nội',
        superiorKind: 'province',
        adminName: 'Nguyễn Thị Hòa',
        adminUsername: 'hoa.vp',
        adminPassword: 'mat-khau-du-dai',
      });
      await page.reload();
    }
    const info = await apiCall<{ ward: { name: string } }>(page, 'app.info', {});
    const site = serverJson<{ slotId: string; code: string }>('site', 'create', info.ward.name);
    await apiCall(page, 'sync.enrol', { serverUrl: server.url, code: site.code });
    wards.push({ name: info.ward.name, slotId: site.slotId, preview, page });
  }
});

test.afterAll(async () => {
  await Promise.all([server?.stop(), ...wards.map((w) => w.preview.stop())]);
});

test('a reviewer finds a late draft, writes feedback on two lines, and the ward sees it on those lines', async ({ page }) => {
  const [hongHa, ngocHa, oChoDua] = wards as [Ward, Ward, Ward];

  // The ward plans a meeting for this evening and shares its draft only now: less than a day ahead.
  const branches = await apiCall<{ id: string; name: string }[]>(hongHa.page, 'branches.list', {});
  const branch = branches[3]!;
  const scheduledAt = vietnamTime(5);
  const { ids } = await apiCall<{ ids: string[] }>(hongHa.page, 'meetings.plan', { branchIds: [branch.id], kind: 'regular', scheduledAt, place: 'Nhà văn hóa tổ dân phố' });
  const meetingId = ids[0]!;
  await apiCall(hongHa.page, 'drafts.save', {
    meetingId,
    sections: [
      {
        heading: 'I. NHIỆM VỤ TRỌNG TÂM',
        paragraphs: ['Tổ chức tốt ngày hội đại đoàn kết toàn dân tộc ở khu dân cư.', 'Vận động quỹ vì người nghèo, hoàn thành trước ngày 15 của tháng.'],
      },
    ],
  });
  await apiCall(hongHa.page, 'drafts.share', { meetingId });
  for (const ward of wards) await syncWard(ward);

  // A reviewer of two wards (not the third), made on the command line.
  const reviewer = serverJson<{ password: string }>('user', 'create', 'ha.tt', '--role', 'reviewer', '--name', 'Trần Thu Hà', '--ward', hongHa.slotId, '--ward', ngocHa.slotId);
  await consoleLogin(page, 'ha.tt', reviewer.password);

  // The month overview of the meeting's month: search without diacritics finds the branch, marked late.
  await page.goto(`${server.url}/console/#/?thang=${scheduledAt.slice(0, 7)}`);
  await expect(page.getByTestId('total-late')).not.toHaveText('0');
  await page.getByLabel('Tìm chi bộ').fill(fold(branch.name));
  // Only branches whose names match remain ("Chi bộ Tổ dân phố số 1" also finds "… số 10", "… số 11").
  const table = page.getByRole('table', { name: 'Chi bộ trong tháng' });
  await expect(table.getByRole('row').filter({ hasText: branch.name }).first()).toBeVisible();
  await expect(table.locator('tr[data-branch]').filter({ hasNotText: branch.name })).toHaveCount(0);
  const row = table.locator(`tr[data-branch="${branch.id}"]`);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Gửi muộn');
  await shoot(page, 'console-tong-quan.png');
  await row.click();

  await expect(page.getByTestId('meeting-branch')).toContainText(branch.name);
  await expect(page.getByTestId('lead-notice')).toContainText(/muộn/i);
  await page.locator('[data-line="2"]').click();
  await page.locator('[data-line="3"]').click({ modifiers: ['Shift'] });
  await expect(page.getByLabel('Từ dòng')).toHaveValue('2');
  await expect(page.getByLabel('Đến dòng')).toHaveValue('3');
  await page.getByLabel('Nội dung góp ý').fill('Đề nghị nêu rõ chỉ tiêu vận động quỹ của từng tổ dân phố.');
  await page.getByRole('button', { name: 'Gửi góp ý' }).click();
  const sent = page.getByTestId('feedback-card').filter({ hasText: 'Đề nghị nêu rõ chỉ tiêu' });
  await expect(sent).toHaveAttribute('data-lines', '2-3');
  await expect(sent).toContainText('Chưa nhận');
  await shoot(page, 'console-cuoc-hop.png');

  // The ward syncs: the feedback is in the meeting's Góp ý tab, on lines 2–3, from the superior committee.
  await syncWard(hongHa);
  await hongHa.page.goto(`${new URL(hongHa.preview.url).origin}/#/sinh-hoat/${meetingId}?the=comments`);
  const comment = hongHa.page.getByTestId('comment').filter({ hasText: 'Trần Thu Hà' });
  await expect(comment).toContainText('Cấp ủy cấp trên');
  await expect(comment).toContainText('Đề nghị nêu rõ chỉ tiêu vận động quỹ');
  await expect(comment.locator('.comment-lines')).toHaveText(/dòng 2–3/i);

  // And the console knows the ward received it.
  await page.reload();
  await expect(page.getByTestId('feedback-card').filter({ hasText: 'Đề nghị nêu rõ chỉ tiêu' })).toContainText('Đã nhận');

  // A correction the ward adds to minutes it adopted (the adopted text is locked) shows under them in the console.
  const adopted = (await apiCall<{ id: string; status: string }[]>(hongHa.page, 'meetings.list', {})).find((m) => m.status === 'adopted' || m.status === 'sent');
  expect(adopted, 'the demo ward has adopted minutes').toBeDefined();
  await apiCall(hongHa.page, 'minutes.addendum', { meetingId: adopted!.id, text: 'Đính chính: đồng chí Trần Văn Bình vắng có lý do, không phải vắng không lý do.' });
  await syncWard(hongHa);
  await page.goto(`${server.url}/console/#/hop/${adopted!.id}`);
  await page.getByRole('tab', { name: 'Biên bản' }).click();
  await expect(page.getByRole('tab', { name: 'Biên bản' })).toHaveAttribute('aria-selected', 'true');
  const addenda = page.getByRole('list', { name: 'Đính chính biên bản' });
  await expect(addenda.getByRole('listitem')).toHaveCount(1);
  await expect(addenda).toContainText('vắng có lý do, không phải vắng không lý do');
  await shoot(page, 'console-bien-ban-dinh-chinh.png');
  await page.goBack();

  // The third ward is not the reviewer's: the server refuses its overview and its sites are not listed.
  const refused = await page.evaluate(async (slotId) => {
    const response = await fetch('/console/api/overview.month', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-chibo-console': '1' },
      body: JSON.stringify({ month: '2026-11', slotId }),
    });
    return (await response.json()) as { ok: boolean; error?: { code: string } };
  }, oChoDua.slotId);
  expect(refused.ok).toBe(false);
  expect(['FORBIDDEN', 'NOT_FOUND']).toContain(refused.error?.code);
  await page.getByRole('menuitem', { name: 'Đơn vị' }).click();
  await expect(page.getByRole('main')).toContainText(ngocHa.name);
  await expect(page.getByRole('main')).not.toContainText(oChoDua.name);
});

test('a document published to two wards reaches those two only, with their receipts', async ({ page }) => {
  const [hongHa, ngocHa, oChoDua] = wards as [Ward, Ward, Ward];
  const admin = serverJson<{ password: string }>('user', 'create', 'quantri.tu', '--role', 'admin', '--name', 'Lê Văn Tú');
  await consoleLogin(page, 'quantri.tu', admin.password);

  await page.getByRole('menuitem', { name: 'Văn bản gửi xuống' }).click();
  await page.getByRole('button', { name: 'Gửi văn bản' }).click();
  const form = page.getByRole('form', { name: 'Gửi văn bản' });
  await settled(page.getByRole('dialog'));
  await form.getByLabel('Tiêu đề').fill('Hướng dẫn sinh hoạt chi bộ tháng 12/2026');
  await form.getByLabel('Nội dung').fill('Các chi bộ tập trung thảo luận việc chuẩn bị Tết Nguyên đán.');
  await form.locator('input[type="file"]').setInputFiles({ name: 'huong-dan-thang-12.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await expect(form.getByLabel('Tệp đã tải lên')).toContainText('huong-dan-thang-12.pdf');
  await form.getByText('Các đơn vị được chọn').click();
  const audience = form.getByLabel('Đơn vị nhận');
  await choose(page, audience, ngocHa.name);
  await choose(page, audience, oChoDua.name);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').getByRole('button', { name: 'Gửi', exact: true }).click();

  const listed = page.getByRole('row').filter({ hasText: 'Hướng dẫn sinh hoạt chi bộ tháng 12/2026' });
  await expect(listed.getByTestId('receipts')).toHaveText('0/2 đơn vị đã nhận');

  for (const ward of wards) await syncWard(ward);
  for (const ward of [ngocHa, oChoDua]) {
    await ward.page.goto(`${new URL(ward.preview.url).origin}/#/van-ban`);
    await expect(ward.page.getByTestId('superior-document').filter({ hasText: 'Hướng dẫn sinh hoạt chi bộ tháng 12/2026' })).toBeVisible();
  }
  await hongHa.page.goto(`${new URL(hongHa.preview.url).origin}/#/van-ban`);
  await expect(hongHa.page.getByRole('main')).toBeVisible();
  await expect(hongHa.page.getByTestId('superior-document').filter({ hasText: 'Hướng dẫn sinh hoạt chi bộ tháng 12/2026' })).toHaveCount(0);

  await page.reload();
  await expect(listed.getByTestId('receipts')).toHaveText('2/2 đơn vị đã nhận');
  await shoot(page, 'console-van-ban.png');
});

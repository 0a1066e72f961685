// The application frame in Chromium against the preview with demo data: the Vietnamese frame, the organisation tree
// from the database, the members list with diacritic-free search, dates as dd/mm/yyyy.
import path from 'node:path';
import { ARTIFACTS, expect, signIn, startPreview, test, type Preview } from './fixtures';

let preview: Preview;
test.beforeAll(async () => {
  preview = await startPreview(['--demo']);
});
test.afterAll(async () => {
  await preview?.stop();
});

test('shows the Vietnamese frame and the organisation tree of the demo ward', async ({ page, consoleErrors }) => {
  expect(preview.output()).toMatch(/Đã tạo dữ liệu mẫu: Đảng bộ phường .+, \d+ chi bộ, \d+ đảng viên/);
  expect(preview.output()).toMatch(/quantri +chibo2026 +quản trị viên/);
  await page.goto(preview.url);
  await expect(page.getByRole('heading', { name: /Đăng nhập/ })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'bithu' })).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'dang-nhap.png'), fullPage: true });
  await signIn(page, 'vanphong');
  await expect(page.getByTestId('current-user')).toContainText('Trần Văn Phòng · Cán bộ văn phòng');

  const nav = page.getByRole('menu', { name: 'Điều hướng chính' });
  for (const item of ['Tổng quan', 'Chi bộ', 'Đảng viên', 'Sinh hoạt', 'Văn bản', 'Đồng bộ', 'Cài đặt']) {
    await expect(nav.getByRole('menuitem', { name: item, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('ward-name')).toHaveText(/^Đảng bộ phường /);
  await expect(page).not.toHaveURL(/token=/);

  const tree = page.getByRole('tree', { name: 'Cây tổ chức' });
  await expect(tree.getByText(/^Đảng bộ phường /)).toBeVisible();
  const branchNodes = tree.getByRole('treeitem').filter({ hasText: /^Chi bộ .*\d+ đảng viên/ });
  expect(await branchNodes.count()).toBeGreaterThanOrEqual(15);
  await expect(page.getByText('Chi bộ trực thuộc')).toBeVisible();

  await page.screenshot({ path: path.join(ARTIFACTS, 'tong-quan.png'), fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('lists members in Vietnamese name order and finds them without diacritics', async ({ page }) => {
  await page.goto(preview.url);
  await signIn(page, 'vanphong');
  await page.getByRole('menuitem', { name: 'Đảng viên' }).click();
  await expect(page.getByRole('heading', { name: 'Đảng viên' })).toBeVisible();
  await expect(page.getByText(/^\d{1,3}(\.\d{3})* đảng viên$/)).toBeVisible();

  const birthDates = await page.locator('tbody tr td:nth-child(3)').allTextContents();
  expect(birthDates.length).toBeGreaterThan(5);
  for (const date of birthDates) expect(date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);

  const names = await page.locator('tbody tr td:nth-child(1)').allTextContents();
  const given = names.map((n) => n.trim().split(/\s+/).pop()!);
  const collator = new Intl.Collator('vi', { sensitivity: 'base' });
  for (let i = 1; i < given.length; i++) expect(collator.compare(given[i - 1]!, given[i]!)).toBeLessThanOrEqual(0);

  const total = page.getByText(/^\d{1,3}(\.\d{3})* đảng viên$/);
  const everyone = await total.textContent();
  await page.getByRole('searchbox', { name: 'Tìm đảng viên' }).fill('nguyen');
  await page.getByRole('searchbox', { name: 'Tìm đảng viên' }).press('Enter');
  // Wait for the filtered page itself, not a row of the page before it.
  await expect(total).not.toHaveText(everyone!);
  const nameCells = page.locator('tbody tr.ant-table-row td:nth-child(1)');
  await expect(nameCells.first()).toContainText('Nguyễn');
  await expect(nameCells.filter({ hasNotText: 'Nguyễn' })).toHaveCount(0);
  expect(await nameCells.count()).toBeGreaterThan(5);

  await page.screenshot({ path: path.join(ARTIFACTS, 'dang-vien.png'), fullPage: true });
});

test('shows each branch with its counts and the date of its last meeting', async ({ page }) => {
  await page.goto(preview.url);
  await signIn(page, 'vanphong');
  await page.getByRole('menuitem', { name: 'Chi bộ', exact: true }).click();
  const rows = page.locator('tbody tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(15);
  await expect(rows.first().locator('td').nth(6)).toHaveText(/^\d{2}\/\d{2}\/\d{4}$/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'chi-bo.png'), fullPage: true });
});

// First start on an empty data folder: the app offers setup or demo data; setup refuses empty names in Vietnamese
// and then shows the new ward in the frame.
import path from 'node:path';
import { ARTIFACTS, expect, startPreview, test, type Preview } from './fixtures';

let preview: Preview;
test.beforeEach(async () => {
  preview = await startPreview();
});
test.afterEach(async () => {
  await preview?.stop();
});

test('sets up a ward from an empty data folder', async ({ page }) => {
  expect(preview.output()).toContain('Thư mục dữ liệu còn trống');
  await page.goto(preview.url);
  await expect(page.getByRole('heading', { name: /Chào mừng đến với Chi bộ số/ })).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'lan-dau.png'), fullPage: true });

  await page.getByRole('button', { name: 'Tạo đảng bộ', exact: true }).click();
  await expect(page.getByText('Hãy nhập tên đảng bộ.')).toBeVisible();
  await expect(page.getByText('Hãy nhập tên cấp ủy cấp trên.')).toBeVisible();

  await page.getByLabel('Tên đảng bộ phường, xã').fill('Đảng bộ phường Ô Chợ Dừa');
  await page.getByLabel('Tên cấp ủy cấp trên').fill('Đảng bộ Thành phố Hà Nội');
  await page.getByLabel('Họ và tên').fill('Nguyễn Thị Hòa');
  await page.getByLabel('Tên đăng nhập').fill('hoa.vp');
  await page.getByLabel('Mật khẩu').fill('ngan');
  await page.getByRole('button', { name: 'Tạo đảng bộ', exact: true }).click();
  await expect(page.getByText('Mật khẩu phải có ít nhất 8 ký tự.')).toBeVisible();
  await page.getByLabel('Mật khẩu').fill('mat-khau-du-dai');
  await page.getByRole('button', { name: 'Tạo đảng bộ', exact: true }).click();

  await expect(page.getByTestId('ward-name')).toHaveText('Đảng bộ phường Ô Chợ Dừa');
  await expect(page.getByText('Trực thuộc Đảng bộ Thành phố Hà Nội')).toBeVisible();
  await expect(page.getByRole('tree', { name: 'Cây tổ chức' }).getByText('Đảng bộ phường Ô Chợ Dừa')).toBeVisible();
  await expect(page.getByTestId('current-user')).toContainText('Nguyễn Thị Hòa · Quản trị viên');
});

test('creates the demo ward from the welcome page', async ({ page }) => {
  await page.goto(preview.url);
  await page.getByRole('button', { name: 'Tạo đảng bộ mẫu' }).click();
  await expect(page.getByTestId('ward-name')).toHaveText(/^Đảng bộ phường /, { timeout: 60_000 });
  await expect(page.getByRole('tree', { name: 'Cây tổ chức' }).getByRole('treeitem').filter({ hasText: /^Chi bộ / }).first()).toBeVisible();
});

// The ward administrator against the demo ward: branches (add, rename, a refused dissolution, dissolve), a branch's
// committee (appoint, a refused second secretary, end a term), accounts, the audit trail and changing one's password.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ARTIFACTS, expect, signIn, startPreview, test, type Preview } from './fixtures';
import { choose, dialog, openSection, settled, typeDate } from './pages';

let preview: Preview;
test.beforeAll(async () => {
  preview = await startPreview(['--demo']);
});
test.afterAll(async () => {
  await preview?.stop();
});

const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, name), fullPage });

test('adds, renames and dissolves a branch; refuses to dissolve one with members', async ({ page, consoleErrors }) => {
  await page.goto(preview.url);
  await signIn(page, 'quantri');
  await openSection(page, 'Chi bộ');
  const row = (name: string) => page.locator('tbody tr.ant-table-row').filter({ has: page.getByRole('cell', { name, exact: true }) });

  await page.getByRole('button', { name: 'Thêm chi bộ' }).click();
  let form = dialog(page, 'Thêm chi bộ');
  await form.getByLabel('Tên chi bộ').fill('Chi bộ Tổ dân phố số 1');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(form.getByText('Tên chi bộ đã có.')).toBeVisible();
  await expect(form.getByLabel('Tên chi bộ')).toHaveValue('Chi bộ Tổ dân phố số 1');
  await form.getByLabel('Tên chi bộ').fill('Chi bộ Tổ dân phố số 13');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã thêm Chi bộ Tổ dân phố số 13.')).toBeVisible();
  await expect(row('Chi bộ Tổ dân phố số 13')).toContainText('Khu dân cư');

  await row('Chi bộ Tổ dân phố số 13').getByRole('button', { name: 'Sửa' }).click();
  form = dialog(page, 'Sửa chi bộ: Chi bộ Tổ dân phố số 13');
  await form.getByLabel('Tên chi bộ').fill('Chi bộ Khu đô thị Hồng Hà');
  await choose(page, form.getByLabel('Loại hình'), 'Khác');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(row('Chi bộ Khu đô thị Hồng Hà')).toContainText('Khác');

  await row('Chi bộ Tổ dân phố số 2').getByRole('button', { name: 'Giải thể' }).click();
  form = dialog(page, 'Giải thể Chi bộ Tổ dân phố số 2');
  await form.getByRole('button', { name: 'Giải thể' }).click();
  await expect(form.getByRole('alert')).toContainText(/Chi bộ Tổ dân phố số 2 còn \d+ đảng viên\. Hãy chuyển sinh hoạt/);
  await shot(page, 'chi-bo-giai-the-tu-choi.png');
  await form.getByRole('button', { name: 'Hủy' }).click();

  await row('Chi bộ Khu đô thị Hồng Hà').getByRole('button', { name: 'Giải thể' }).click();
  form = dialog(page, 'Giải thể Chi bộ Khu đô thị Hồng Hà');
  await form.getByRole('button', { name: 'Giải thể' }).click();
  await expect(row('Chi bộ Khu đô thị Hồng Hà')).toContainText('Đã giải thể');
  await expect(row('Chi bộ Khu đô thị Hồng Hà').getByRole('button', { name: 'Giải thể' })).toHaveCount(0);
  await shot(page, 'chi-bo.png', true);
  expect(consoleErrors).toEqual([]);
});

test('appoints a branch committee and ends a term', async ({ page }) => {
  await page.goto(preview.url);
  await signIn(page, 'quantri');
  await openSection(page, 'Chi bộ');
  const branch = 'Chi bộ Tổ dân phố số 5';
  await page.locator('tbody tr.ant-table-row').filter({ has: page.getByRole('cell', { name: branch, exact: true }) }).click();
  const drawer = dialog(page, branch);
  await expect(drawer.getByText('Chưa ghi chi ủy của chi bộ.')).toBeVisible();
  await settled(drawer);

  const appoint = async (role: string) => {
    await drawer.getByRole('button', { name: 'Bổ nhiệm' }).click();
    const form = await settled(dialog(page, `Bổ nhiệm vào chi ủy: ${branch}`));
    const member = form.getByLabel('Đảng viên');
    await member.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').waitFor();
    await member.press('Enter');
    await choose(page, form.getByLabel('Chức vụ'), role);
    await typeDate(form.getByLabel('Từ ngày'), '15/06/2025');
    await form.getByRole('button', { name: 'Lưu' }).click();
    return form;
  };
  await appoint('Bí thư');
  const officers = drawer.locator('tbody tr.ant-table-row');
  await expect(officers.filter({ hasText: 'Bí thư' })).toContainText('2025–2030');
  await expect(officers.filter({ hasText: 'Bí thư' })).toContainText('Đương nhiệm');

  // A second secretary while the first is in office is refused; the form stays open.
  const refused = await appoint('Bí thư');
  await expect(refused.getByRole('alert')).toContainText('Chức vụ này đang do đồng chí');
  await shot(page, 'chi-uy-tu-choi.png');
  await refused.getByRole('button', { name: 'Hủy' }).click();

  await officers.filter({ hasText: 'Bí thư' }).getByRole('button', { name: 'Thôi giữ chức' }).click();
  await dialog(page, /^Thôi giữ chức Bí thư: /).getByRole('button', { name: 'Lưu' }).click();
  await expect(officers.filter({ hasText: 'Bí thư' })).not.toContainText('Đương nhiệm');
  await expect(officers.filter({ hasText: 'Bí thư' }).locator('td').nth(4)).toHaveText(/^\d{2}\/\d{2}\/\d{4}$/);
  await appoint('Phó Bí thư');
  await expect(officers.filter({ hasText: 'Phó Bí thư' })).toContainText('Đương nhiệm');
  await shot(page, 'chi-uy.png');
});

test('manages accounts, reads the audit trail and changes the password', async ({ page, consoleErrors }) => {
  await page.goto(preview.url);
  await signIn(page, 'quantri');
  await openSection(page, 'Cài đặt');
  await page.getByRole('tab', { name: 'Tài khoản' }).click();
  const accounts = page.locator('tbody tr.ant-table-row');
  await expect(accounts).toHaveCount(4);
  await expect(accounts.filter({ hasText: 'bithu' })).toContainText('Bí thư chi bộ');

  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const form = dialog(page, 'Tạo tài khoản');
  await form.getByLabel('Tên đăng nhập').fill('vanphong');
  await form.getByLabel('Họ và tên').fill('Đỗ Thị Lan');
  await choose(page, form.getByLabel('Vai trò'), 'Bí thư chi bộ');
  await form.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-lan-2026');
  await form.getByLabel('Nhập lại mật khẩu').fill('mat-khau-lan-2026');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(form.getByText('Tài khoản bí thư chi bộ phải gắn với một chi bộ.')).toBeVisible();
  await choose(page, form.getByLabel('Chi bộ'), 'Chi bộ Tổ dân phố số 5');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(form.getByText('Tên đăng nhập đã có người dùng.')).toBeVisible();
  await expect(form.getByRole('alert')).toContainText('Tên đăng nhập "vanphong" đã có người dùng');
  await shot(page, 'tai-khoan-trung.png');
  await form.getByLabel('Tên đăng nhập').fill('lan.tdp5');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(accounts.filter({ hasText: 'lan.tdp5' })).toContainText('Chi bộ Tổ dân phố số 5');

  await accounts.filter({ hasText: 'xem' }).getByRole('button', { name: 'Sửa' }).click();
  const edit = dialog(page, 'Sửa tài khoản xem');
  await edit.getByRole('switch').click();
  await edit.getByRole('button', { name: 'Lưu' }).click();
  await expect(accounts.filter({ hasText: 'Phạm Thị Xem' })).toContainText('Đã khóa');
  await shot(page, 'tai-khoan.png');

  await page.getByRole('tab', { name: 'Nhật ký thay đổi' }).click();
  await expect(page.getByText('Không ai sửa hay xóa được nhật ký từ phần mềm.')).toBeVisible();
  const entries = page.getByRole('tabpanel').locator('tbody tr.ant-table-row');
  await expect(entries.filter({ hasText: 'Tạo tài khoản' }).first()).toContainText('lan.tdp5');
  await expect(entries.filter({ hasText: 'Sửa tài khoản' }).first()).toContainText('Khóa: Không → Có');
  await expect(entries.first().locator('td').first()).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  await choose(page, page.getByLabel('Lọc theo thao tác'), 'Mọi thao tác đăng nhập');
  await expect(entries.first()).toContainText('Đăng nhập');
  for (const action of await entries.locator('td:nth-child(3)').allInnerTexts()) expect(action).toMatch(/^(Đăng nhập|Đăng xuất|Đăng nhập sai|Khóa do sai mật khẩu|Đổi mật khẩu)$/);
  await shot(page, 'nhat-ky.png', true);

  await page.getByRole('tab', { name: 'Đổi mật khẩu' }).click();
  await page.getByLabel('Mật khẩu hiện tại').fill('khong-dung-2026');
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-moi-2026');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-moi-2026');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(page.getByRole('tabpanel').getByRole('alert')).toHaveText('Mật khẩu hiện tại không đúng.');
  await expect(page.getByLabel('Mật khẩu mới', { exact: true })).toHaveValue('mat-khau-moi-2026');
  await page.getByLabel('Mật khẩu hiện tại').fill('chibo2026');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(page.getByText('Đã đổi mật khẩu.', { exact: false })).toBeVisible();
  await shot(page, 'doi-mat-khau.png');
  expect(consoleErrors).toEqual([]);
});

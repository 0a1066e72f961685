// Roles against the demo ward: a branch secretary sees only their branch and the service refuses another branch's member
// even when asked directly; a viewer cannot add members; five wrong passwords lock the account for a while.
import path from 'node:path';
import Database from 'better-sqlite3';
import { ARTIFACTS, expect, signIn, startPreview, test, type Preview } from './fixtures';
import { dialog, openSection } from './pages';

let preview: Preview;
let secretaryBranch: { id: string; name: string };
let otherMember: { id: string; fullName: string };

test.beforeAll(async () => {
  preview = await startPreview(['--demo']);
  const db = new Database(path.join(preview.dataDir, 'chibo.sqlite'), { readonly: true });
  try {
    secretaryBranch = db
      .prepare("SELECT o.id, o.name FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.username = 'bithu'")
      .get() as { id: string; name: string };
    otherMember = db
      .prepare('SELECT id, full_name AS fullName FROM members WHERE branch_id != ? AND deleted_at IS NULL LIMIT 1')
      .get(secretaryBranch.id) as { id: string; fullName: string };
  } finally {
    db.close();
  }
});
test.afterAll(async () => {
  await preview?.stop();
});

test('a branch secretary sees only their branch, and the service refuses another branch’s member', async ({ page, consoleErrors }) => {
  await page.goto(preview.url);
  await signIn(page, 'bithu');
  await openSection(page, 'Đảng viên');
  await expect(page.getByText(secretaryBranch.name).first()).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Lọc theo chi bộ' })).toHaveCount(0);
  // Only members on the roll are listed by default; every row is the secretary's branch.
  const branchCells = page.locator('tbody tr.ant-table-row td:nth-child(5)');
  await expect(branchCells.first()).toBeVisible();
  for (const name of await branchCells.allInnerTexts()) expect(name).toBe(secretaryBranch.name);
  await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'bi-thu-dang-vien.png'), fullPage: true });
  // The other branch's member is not found by name either.
  await page.getByRole('searchbox', { name: 'Tìm đảng viên' }).fill(otherMember.fullName);
  await page.getByRole('searchbox', { name: 'Tìm đảng viên' }).press('Enter');
  await expect(page.locator('tbody tr.ant-table-row').filter({ hasText: otherMember.fullName }).filter({ hasNotText: secretaryBranch.name })).toHaveCount(0);
  // The secretary may add members to their own branch; the branch is fixed.
  await page.getByRole('button', { name: 'Thêm đảng viên' }).click();
  const add = dialog(page, 'Thêm đảng viên');
  await expect(add.locator('.ant-select-disabled')).toContainText(secretaryBranch.name);
  await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'bi-thu-them.png') });
  await add.getByRole('button', { name: 'Hủy' }).click();
  await expect(page.getByRole('button', { name: 'Nhập từ Excel' })).toHaveCount(0);

  const answer = await page.evaluate(async (id) => {
    const response = await fetch('./api/members.get', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + sessionStorage.getItem('chibo.previewToken') },
      body: JSON.stringify({ id }),
    });
    return response.json();
  }, otherMember.id);
  expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(answer.error.message).toBe('Tài khoản bí thư chi bộ chỉ xem và sửa được hồ sơ của chi bộ mình.');

  // Chi bộ shows the secretary's branch only, without the office's buttons.
  await openSection(page, 'Chi bộ');
  await expect(page.locator('tbody tr.ant-table-row')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Thêm chi bộ' })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('a viewer reads the records but has no button to add or change them', async ({ page }) => {
  await page.goto(preview.url);
  await signIn(page, 'xem');
  await openSection(page, 'Đảng viên');
  await expect(page.locator('tbody tr.ant-table-row').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Thêm đảng viên' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Nhập từ Excel' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Xuất Excel' })).toBeVisible();
  const first = (await page.locator('tbody tr.ant-table-row td:nth-child(1)').first().innerText()).trim();
  await page.locator('tbody tr.ant-table-row').first().click();
  const drawer = dialog(page, first);
  await expect(drawer.getByText('Quá trình')).toBeVisible();
  await expect(drawer.getByRole('button', { name: 'Sửa', exact: true })).toHaveCount(0);
  await expect(drawer.getByRole('button', { name: 'Miễn sinh hoạt' })).toHaveCount(0);
  await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'nguoi-xem-ho-so.png') });
  // Settings: only the password tab besides the information.
  await drawer.getByRole('button', { name: 'Đóng' }).click();
  await openSection(page, 'Cài đặt');
  await expect(page.getByRole('tab', { name: 'Đổi mật khẩu' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Tài khoản' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Nhật ký thay đổi' })).toHaveCount(0);
});

test('five wrong passwords lock the account, and the right one is refused until the lock ends', async ({ page }) => {
  await page.goto(preview.url);
  const attempt = async (password: string) => {
    await page.getByLabel('Tên đăng nhập').fill('xem');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  };
  for (let i = 1; i <= 4; i++) {
    await attempt(`sai-mat-khau-${i}`);
    await expect(page.getByRole('alert')).toHaveText(`Sai tên đăng nhập hoặc mật khẩu. Còn ${5 - i} lần thử trước khi tài khoản bị tạm khóa.`);
  }
  await attempt('sai-mat-khau-5');
  await expect(page.getByRole('alert')).toHaveText(/^Nhập sai mật khẩu 5 lần: tài khoản tạm khóa đến \d{2}:\d{2}\.$/);
  await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'dang-nhap-tam-khoa.png') });
  await attempt('chibo2026');
  await expect(page.getByRole('alert')).toHaveText(/^Tài khoản tạm khóa đến \d{2}:\d{2} vì nhập sai mật khẩu 5 lần\./);
  await expect(page.getByTestId('current-user')).toHaveCount(0);
});

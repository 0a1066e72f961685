// Đảng viên as the ward office uses it, against the demo ward: add a member and see the branch's count grow, edit a
// phone number (and be told when someone else saved first), move a member between branches, exempt a member and see
// the count and the history.
import path from 'node:path';
import { ARTIFACTS, expect, signIn, startPreview, test, type Preview } from './fixtures';
import { branchCounts, choose, closeDialog, dialog, openMember, openSection, settled, typeDate } from './pages';

let preview: Preview;
test.beforeAll(async () => {
  preview = await startPreview(['--demo']);
});
test.afterAll(async () => {
  await preview?.stop();
});

const FROM = 'Chi bộ Tổ dân phố số 3';
const TO = 'Chi bộ Tổ dân phố số 4';
const NAME = 'Trịnh Thu Trang';

test('adds, edits, moves and exempts a member, and the branch counts follow', async ({ page, consoleErrors }) => {
  test.setTimeout(150_000);
  await page.goto(preview.url);
  await signIn(page, 'vanphong');

  const before = await branchCounts(page, FROM);

  await test.step('add a member', async () => {
    await openSection(page, 'Đảng viên');
    await page.getByRole('button', { name: 'Thêm đảng viên' }).click();
    const drawer = dialog(page, 'Thêm đảng viên');
    await expect(drawer).toBeVisible();
    // A save with nothing filled in is refused on the fields, in Vietnamese.
    await drawer.getByRole('button', { name: 'Lưu' }).click();
    await expect(drawer.getByText('Hãy chọn chi bộ.')).toBeVisible();
    await expect(drawer.getByText('Hãy nhập họ và tên.')).toBeVisible();

    await choose(page, drawer.getByLabel('Chi bộ'), FROM);
    await drawer.getByLabel('Họ và tên').fill(NAME);
    await drawer.getByLabel('Nữ').check();
    await typeDate(drawer.getByLabel('Ngày sinh'), '12/05/1980');
    await typeDate(drawer.getByLabel('Ngày vào Đảng'), '03/02/2005');
    await typeDate(drawer.getByLabel('Ngày chính thức'), '03/02/2006');
    await drawer.getByLabel('Số thẻ đảng viên').fill('01.990001');
    await drawer.getByLabel('Số CCCD').fill('001180990001');
    await drawer.getByLabel('Điện thoại').fill('0912 345 678');
    await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'dang-vien-them.png') });
    await drawer.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.getByText(`Đã thêm đồng chí ${NAME} vào danh sách.`)).toBeVisible();

    const after = await branchCounts(page, FROM);
    expect(after.official).toBe(before.official + 1);
  });

  await test.step('edit the phone number; a save against an older version is refused and keeps what was typed', async () => {
    const drawer = await openMember(page, NAME);
    await expect(drawer.getByText('0912345678')).toBeVisible();
    await expect(drawer.getByText('12/05/1980')).toBeVisible();
    await expect(drawer.getByText('Thêm vào danh sách')).toBeVisible();
    await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'dang-vien-ho-so.png') });

    await drawer.getByRole('button', { name: 'Sửa', exact: true }).click();
    const form = await settled(dialog(page, `Sửa hồ sơ: ${NAME}`));
    await form.getByLabel('Điện thoại').fill('0987654321');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.getByText('Đã lưu hồ sơ.')).toBeVisible();
    await expect(drawer.getByText('0987654321')).toBeVisible();
    await expect(drawer.getByTestId('history-entry').filter({ hasText: 'Sửa hồ sơ' })).toContainText('Đã sửa: điện thoại');

    // Someone else saves while the form is open: the service refuses, the form keeps the typed number.
    await drawer.getByRole('button', { name: 'Sửa', exact: true }).click();
    await form.getByLabel('Điện thoại').fill('0977000111');
    const status = await page.evaluate(async (name) => {
      const call = async (method: string, input: unknown) => {
        const response = await fetch(`./api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionStorage.getItem('chibo.previewToken')}` },
          body: JSON.stringify(input),
        });
        return (await response.json()) as { ok: boolean; value: Record<string, unknown> & { rows?: { id: string }[] } };
      };
      const list = await call('members.list', { search: name });
      const member = (await call('members.get', { id: list.value.rows![0]!.id })).value;
      const { id, version, fullName, gender, birthDate, admissionDate, officialDate, cardNumber, citizenId } = member;
      const saved = await call('members.update', { id, version, fullName, gender, birthDate, admissionDate, officialDate, cardNumber, citizenId, phone: '0911222333' });
      return saved.ok;
    }, NAME);
    expect(status).toBe(true);
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect(form.getByText(/vừa được người khác sửa/)).toBeVisible();
    await expect(form.getByLabel('Điện thoại')).toHaveValue('0977000111');
    await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'dang-vien-sua-xung-dot.png') });
    await form.getByRole('button', { name: 'Tải bản mới nhất' }).click();
    await expect(form.getByLabel('Điện thoại')).toHaveValue('0911222333');
    await form.getByRole('button', { name: 'Hủy' }).click();
    await expect(drawer.getByText('0911222333')).toBeVisible();
    await closeDialog(page, NAME);
  });

  await test.step('move the member to another branch; both counts change', async () => {
    const from = await branchCounts(page, FROM);
    const to = await branchCounts(page, TO);
    const drawer = await openMember(page, NAME);
    await drawer.getByRole('button', { name: 'Chuyển chi bộ' }).click();
    const form = await settled(dialog(page, `Chuyển chi bộ: ${NAME}`));
    await choose(page, form.getByLabel('Chuyển đến chi bộ'), TO);
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.getByText(`Đã chuyển sang ${TO}.`)).toBeVisible();
    await expect(drawer.getByTestId('history-entry').filter({ hasText: 'Chuyển chi bộ' })).toContainText(`${FROM} → ${TO}`);
    await closeDialog(page, NAME);

    expect((await branchCounts(page, FROM)).official).toBe(from.official - 1);
    expect((await branchCounts(page, TO)).official).toBe(to.official + 1);
  });

  await test.step('exempt the member; the exempt count and the history show it', async () => {
    const to = await branchCounts(page, TO);
    const drawer = await openMember(page, NAME);
    await drawer.getByRole('button', { name: 'Miễn sinh hoạt' }).click();
    const form = await settled(dialog(page, `Miễn sinh hoạt: ${NAME}`));
    // The reason and the resolution are required: refused on the fields, in Vietnamese.
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect(form.getByText('Hãy ghi lý do miễn sinh hoạt.')).toBeVisible();
    await form.getByLabel('Lý do').fill('Tuổi cao, sức khỏe yếu');
    await form.getByLabel('Số nghị quyết của chi bộ').fill('07-NQ/CB');
    await typeDate(form.getByLabel('Miễn sinh hoạt từ ngày'), '01/11/2026');
    await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'dang-vien-mien.png') });
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.getByText('Đã ghi miễn sinh hoạt.')).toBeVisible();

    const entry = drawer.getByTestId('history-entry').filter({ hasText: 'Miễn sinh hoạt' });
    await expect(entry).toContainText('01/11/2026');
    await expect(entry).toContainText('Lý do: Tuổi cao, sức khỏe yếu');
    await expect(entry).toContainText('Nghị quyết: 07-NQ/CB');
    await expect(entry).toContainText('Trần Văn Phòng');
    // Now exempt: the actions that fit change.
    await expect(drawer.getByRole('button', { name: 'Thôi miễn sinh hoạt' })).toBeVisible();
    await expect(drawer.getByRole('button', { name: 'Miễn sinh hoạt', exact: true })).toHaveCount(0);
    await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'dang-vien-qua-trinh.png'), fullPage: true });
    await closeDialog(page, NAME);

    const after = await branchCounts(page, TO);
    expect(after.exempt).toBe(to.exempt + 1);
    expect(after.official).toBe(to.official);
    await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'chi-bo-sau-thay-doi.png'), fullPage: true });
  });

  expect(consoleErrors).toEqual([]);
});

test('filters members by status, standing and due official recognition', async ({ page }) => {
  await page.goto(preview.url);
  await signIn(page, 'vanphong');
  await openSection(page, 'Đảng viên');
  const total = page.getByText(/^\d{1,3}(\.\d{3})* đảng viên$/);
  await expect(total).toBeVisible();

  await page.getByRole('checkbox', { name: /Đến hạn xét công nhận chính thức/ }).check();
  await expect(total).toHaveText(/^\d{1,2} đảng viên$/);
  const statuses = await page.locator('tbody tr.ant-table-row td:nth-child(6)').allInnerTexts();
  expect(statuses.length).toBeGreaterThan(0);
  for (const s of statuses) expect(s).toContain('Dự bị');
  await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'dang-vien-den-han.png'), fullPage: true });
  await page.getByRole('checkbox', { name: /Đến hạn xét công nhận chính thức/ }).uncheck();

  await choose(page, page.getByLabel('Lọc theo tình trạng sinh hoạt'), 'Miễn sinh hoạt');
  await expect(page.locator('tbody tr.ant-table-row td:nth-child(7)').first()).toHaveText('Miễn sinh hoạt');
  const standings = await page.locator('tbody tr.ant-table-row td:nth-child(7)').allInnerTexts();
  for (const s of standings) expect(s).toBe('Miễn sinh hoạt');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất Excel' }).click();
  expect((await download).suggestedFilename()).toMatch(/^danh-sach-dang-vien-\d{4}-\d{2}-\d{2}\.xlsx$/);
});

// Sinh hoạt chi bộ from plan to adopted minutes, as the ward office walks it in Chromium against the demo ward: plan a
// meeting, adjust the agenda, name the chair and the minute-taker, write and share the draft resolution, take comments on
// its lines and make the next version from the accepted one, call the roll, record opinions and the vote, hold the
// meeting, draw up and adopt the minutes (the record locks, the resolution gets its number), add an addendum, and
// download the minutes and the resolution as Word and PDF. The Word files are then laid out by LibreOffice and both PDFs
// read back with pdftotext: the same header, title, totals, speakers, vote and signatures, on A4.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Download, Locator, Page } from '@playwright/test';
import { ARTIFACTS, expect, signIn, startPreview, test, type Preview } from './fixtures';
import { choose } from './pages';

// A step that cannot happen fails at once, with what it waited for, rather than at the end of the test's time.
test.use({ actionTimeout: 15_000 });

let preview: Preview;
test.beforeAll(async () => {
  preview = await startPreview(['--demo']);
});
test.afterAll(async () => {
  await preview?.stop();
});

const BRANCH = 'Chi bộ Tổ dân phố số 4';
const PLACE = 'Nhà văn hóa tổ dân phố số 4';
const LONG_PARAGRAPH =
  'Tập trung vận động nhân dân thực hiện tốt phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư”, giữ gìn vệ sinh môi ' +
  'trường, trật tự đô thị trên các tuyến phố; phấn đấu hoàn thành việc thu quỹ vì người nghèo trước ngày 15 tháng 12 năm 2026.';
const PROPOSED =
  'Tập trung vận động nhân dân thực hiện tốt phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư”; phối hợp với tổ dân ' +
  'phố ra quân tổng vệ sinh môi trường vào sáng chủ nhật cuối tháng; hoàn thành việc thu quỹ vì người nghèo trước ngày 10 tháng 12 năm 2026.';

/** Today in Vietnam's time, plus some days, as dd/mm/yyyy and YYYY-MM. */
function dayAhead(days: number): { ddmmyyyy: string; month: string } {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date()).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    ddmmyyyy: `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`,
    month: `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`,
  };
}

const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, `sinh-hoat-${name}.png`), fullPage });

async function openTab(page: Page, name: string | RegExp) {
  await page.getByRole('tab', { name }).click();
}

/** Answers an open Popconfirm, once it has finished opening. */
async function confirm(page: Page, answer: string) {
  const button = page.locator('.ant-popconfirm:not(.ant-popover-hidden)').getByRole('button', { name: answer, exact: true });
  await expect(button).toBeVisible();
  await page.waitForTimeout(300);
  await button.click();
}

/** Clicks what starts a download and keeps the file in e2e/artifacts/. */
async function download(page: Page, button: Locator, name: string): Promise<string> {
  const event: Promise<Download> = page.waitForEvent('download');
  await button.click();
  const file = await event;
  const target = path.join(ARTIFACTS, name);
  await file.saveAs(target);
  return target;
}

function run(command: string, args: string[], options: { timeout?: number } = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: options.timeout ?? 60_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.error?.message}`);
  return result.stdout;
}

const hasCommand = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

/** pdftotext -layout, NFC, with every run of white space one space: words a justified line or a column split stay findable. */
function pdfText(file: string): string {
  return run('pdftotext', ['-layout', file, '-']).normalize('NFC').replace(/\s+/g, ' ');
}

function pageSize(file: string): { width: number; height: number } {
  const match = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(run('pdfinfo', [file]));
  expect(match, `pdfinfo ${file}`).not.toBeNull();
  return { width: Number(match![1]), height: Number(match![2]) };
}

function firstPageImage(pdf: string, name: string): void {
  run('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(ARTIFACTS, name)]);
}

test('walks a meeting from plan to adopted minutes and exports the documents', async ({ page, consoleErrors }) => {
  test.setTimeout(180_000);
  const when = dayAhead(3);
  const facts: { chair: string; secretary: string; present: number; excused: string; unexcused: string; presentMember: string; speakers: string[]; eligible: number; denominator: number } = {
    chair: '',
    secretary: '',
    present: 0,
    excused: '',
    unexcused: '',
    presentMember: '',
    speakers: [],
    eligible: 0,
    denominator: 0,
  };

  await page.goto(preview.url);
  await signIn(page, 'vanphong');

  await test.step('plan the meeting for one branch', async () => {
    await page.getByRole('menu', { name: 'Điều hướng chính' }).getByRole('menuitem', { name: 'Sinh hoạt', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Sinh hoạt', level: 3 })).toBeVisible();
    const monthRow = () =>
      page.getByRole('tabpanel', { name: 'Theo chi bộ' }).locator('tbody tr.ant-table-row').filter({ has: page.getByRole('cell', { name: BRANCH, exact: true }) });
    const row = monthRow();
    await expect(row).toBeVisible();
    await shot(page, 'thang');

    await page.locator('.page-header').getByRole('button', { name: 'Lên kế hoạch' }).click();
    const modal = page.getByRole('dialog', { name: 'Lên kế hoạch sinh hoạt chi bộ' });
    await expect(modal).toBeVisible();
    // Nothing chosen: refused on the fields, in Vietnamese, and nothing planned.
    await modal.getByRole('button', { name: 'Lên kế hoạch' }).click();
    await expect(modal.getByText('Hãy chọn ít nhất một chi bộ.')).toBeVisible();
    await expect(modal.getByText('Hãy chọn ngày giờ họp.')).toBeVisible();

    await choose(page, modal.getByLabel('Chi bộ'), BRANCH);
    await page.keyboard.press('Escape');
    await expect(modal.getByRole('radio', { name: 'Định kỳ', exact: true })).toBeChecked();
    const dateInput = modal.getByLabel('Ngày giờ họp');
    await dateInput.click();
    await dateInput.fill(`${when.ddmmyyyy} 19:30`);
    await dateInput.press('Enter');
    await expect(dateInput).toHaveValue(`${when.ddmmyyyy} 19:30`);
    await modal.getByLabel('Địa điểm').fill(PLACE);
    await shot(page, 'len-ke-hoach', false);
    await modal.getByRole('button', { name: 'Lên kế hoạch' }).click();
    await expect(page.getByText('Đã lên kế hoạch sinh hoạt cho 1 chi bộ.')).toBeVisible();
    await expect(modal).toBeHidden();

    const planned = monthRow();
    await expect(planned).toContainText('Đã lên kế hoạch');
    await expect(planned).toContainText(`${when.ddmmyyyy} 19:30`);
    await expect(planned).toContainText('Chưa gửi');

    await openTab(page, 'Lịch');
    await expect(page.locator('.calendar-meeting').filter({ hasText: 'Tổ dân phố số 4' })).toBeVisible();
    await shot(page, 'lich');

    await openTab(page, 'Báo cáo');
    await expect(page.getByRole('tabpanel', { name: 'Báo cáo' }).locator('tbody tr.ant-table-row').first()).toBeVisible();
    await shot(page, 'bao-cao');
    const xlsx = await download(page, page.getByRole('button', { name: 'Xuất Excel' }), 'sinh-hoat-bao-cao.xlsx');
    expect(fs.statSync(xlsx).size).toBeGreaterThan(1000);

    await openTab(page, 'Theo chi bộ');
    await planned.click();
    await expect(page).toHaveURL(/#\/sinh-hoat\/[0-9a-f-]{36}/);
    await expect(page.getByRole('heading', { name: BRANCH, level: 3 })).toBeVisible();
    await expect(page.getByTestId('meeting-facts')).toContainText(`${when.ddmmyyyy} lúc 19:30`);
    await expect(page.getByTestId('meeting-facts')).toContainText(PLACE);
  });

  await test.step('agenda from the template, one item adjusted', async () => {
    await openTab(page, 'Chương trình');
    await expect(page.getByTestId('agenda-item')).toHaveCount(14);
    await page.getByRole('button', { name: 'Dùng chương trình mẫu' }).click();
    await confirm(page, 'Thay');
    await expect(page.getByText('Đã thay bằng chương trình mẫu.')).toBeVisible();
    await expect(page.getByTestId('agenda-total')).toHaveText('Tổng thời lượng: 90 phút');
    const discussion = page.getByTestId('agenda-item').filter({ has: page.locator('input[value^="Thảo luận"]') });
    await discussion.getByRole('spinbutton').fill('35');
    await discussion.getByRole('textbox', { name: /^Tóm tắt/ }).fill('Các đồng chí thảo luận, góp ý vào dự thảo nghị quyết đã gửi trước.');
    await expect(page.getByTestId('agenda-total')).toHaveText('Tổng thời lượng: 100 phút');
    await page.getByRole('button', { name: 'Lưu chương trình' }).click();
    await expect(page.getByText('Đã lưu chương trình.')).toBeVisible();
    await expect(page.getByText('Chưa lưu')).toHaveCount(0);
    await shot(page, 'chuong-trinh');
  });

  await test.step('chair and secretary', async () => {
    await openTab(page, 'Thông tin');
    const chair = page.getByLabel('Chủ trì', { exact: true });
    await chair.click();
    const options = await page.locator('.ant-select-dropdown:visible .ant-select-item-option').allInnerTexts();
    expect(options.length).toBeGreaterThanOrEqual(4);
    facts.chair = options[0]!.replace(/\s*\(.*\)$/, '').trim();
    facts.secretary = options[3]!.replace(/\s*\(.*\)$/, '').trim();
    await page.keyboard.press('Escape');
    await choose(page, chair, facts.chair);
    await choose(page, page.getByLabel('Thư ký (người ghi biên bản)'), facts.secretary);
    await page.getByRole('button', { name: 'Thêm khách mời' }).click();
    await page.getByLabel('Tên khách mời 1').fill('Đỗ Minh Châu');
    await page.getByLabel('Chức vụ khách mời 1').fill('Đảng ủy viên, phụ trách địa bàn');
    const ended = page.getByLabel('Giờ kết thúc');
    await ended.click();
    await ended.fill('21:10');
    await ended.press('Tab');
    await expect(ended).toHaveValue('21:10');
    await page.getByLabel('Kết luận của chủ trì').fill('Chi bộ thống nhất các nhiệm vụ trọng tâm tháng tới; giao các đồng chí chi ủy viên theo dõi, đôn đốc.');
    await shot(page, 'thong-tin');
    await page.getByRole('button', { name: 'Lưu thông tin' }).click();
    await expect(page.getByText('Đã lưu thông tin buổi sinh hoạt.')).toBeVisible();
  });

  await test.step('write the draft resolution and share it', async () => {
    await openTab(page, 'Dự thảo nghị quyết');
    await page.getByLabel('Tên phần 1').fill('Kết quả thực hiện nhiệm vụ tháng trước');
    await page.getByLabel('Phần 1, đoạn 1', { exact: true }).fill('Chi bộ đã lãnh đạo hoàn thành các chỉ tiêu về công tác dân vận và an ninh trật tự trên địa bàn.');
    await page.getByRole('button', { name: 'Thêm đoạn vào phần 1' }).click();
    await page.getByLabel('Phần 1, đoạn 2', { exact: true }).fill('Việc nộp đảng phí và sinh hoạt chi bộ được duy trì đều, đúng quy định.');
    await page.getByRole('button', { name: 'Thêm phần' }).click();
    await page.getByLabel('Tên phần 2').fill('Nhiệm vụ trọng tâm tháng tới');
    await page.getByLabel('Phần 2, đoạn 1', { exact: true }).fill(LONG_PARAGRAPH);
    await page.getByRole('button', { name: 'Thêm đoạn vào phần 2' }).click();
    await page.getByLabel('Phần 2, đoạn 2', { exact: true }).fill('Duy trì sinh hoạt chi bộ định kỳ, nâng cao chất lượng sinh hoạt theo Hướng dẫn 42-HD/BTCTW.');
    await page.getByRole('button', { name: 'Lưu thành bản mới' }).click();
    await expect(page.getByText('Đã lưu bản dự thảo số 1.')).toBeVisible();
    await expect(page.getByTestId('draft-version-title')).toHaveText('Bản dự thảo số 1');

    // The long paragraph wraps onto several numbered lines, each in its own row.
    const lines = page.getByRole('tabpanel', { name: 'Dự thảo nghị quyết' }).locator('.draft-lines .draft-line');
    expect(await lines.count()).toBeGreaterThanOrEqual(8);
    const wrapped = lines.filter({ hasText: /^\d+Tập trung vận động/ });
    await expect(wrapped).toHaveCount(1);

    const attachments = page.locator('.side-card').filter({ hasText: 'Tài liệu đính kèm' });
    await attachments.locator('input[type=file]').setInputFiles({ name: 'bao-cao-thang.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% Chi bộ số\n%%EOF\n') });
    await expect(page.getByText('Đã đính kèm bao-cao-thang.pdf.')).toBeVisible();
    await expect(page.locator('.side-card').getByText('bao-cao-thang.pdf')).toBeVisible();

    await page.getByRole('button', { name: 'Gửi dự thảo cho đảng viên' }).click();
    await confirm(page, 'Gửi');
    await expect(page.getByText('Đã gửi dự thảo cho đảng viên.')).toBeVisible();
    await expect(page.getByTestId('draft-shared')).toContainText(/Gửi trước buổi họp \d ngày/);
    await expect(page.locator('.ant-steps')).toContainText(/trước \d ngày/);
    await shot(page, 'du-thao');
  });

  await test.step('two comments on line ranges; one accepted becomes version 2', async () => {
    await openTab(page, /^Góp ý/);
    const numbered = page.getByRole('tabpanel', { name: /^Góp ý/ }).locator('.draft-lines .draft-line');
    await expect(numbered).toHaveCount(11);
    const rows = await numbered.evaluateAll((els) => els.map((el) => ({ n: Number(el.getAttribute('data-line')), text: el.querySelector('.draft-line-text')!.textContent! })));
    const first = rows.find((r) => r.text.startsWith('Tập trung vận động'))!.n;
    const last = rows.find((r) => r.text.endsWith('năm 2026.'))!.n;
    expect(last).toBeGreaterThan(first);

    // Lines picked on the draft itself: a click, then Shift and a click.
    await numbered.nth(first - 1).click();
    await numbered.nth(last - 1).click({ modifiers: ['Shift'] });
    await expect(page.getByLabel('Từ dòng')).toHaveValue(String(first));
    await expect(page.getByLabel('Đến dòng')).toHaveValue(String(last));
    await page.getByLabel('Người góp ý').fill('Lê Thị Hồng');
    await page.getByLabel('Nội dung góp ý').fill('Nên nêu rõ thời gian ra quân vệ sinh môi trường và đưa hạn thu quỹ sớm hơn.');
    await page.getByLabel('Đề nghị sửa thành (không bắt buộc)').fill(PROPOSED);
    await page.getByRole('button', { name: 'Thêm góp ý', exact: true }).click();
    await expect(page.getByText('Đã thêm góp ý.')).toBeVisible();

    await page.getByLabel('Người góp ý').fill('Ban Tổ chức Thành ủy');
    await page.getByLabel('Cấp ủy cấp trên').check();
    await page.getByLabel('Từ dòng').fill('1');
    await page.getByLabel('Đến dòng').fill('2');
    await page.getByLabel('Nội dung góp ý').fill('Phần kết quả cần có số liệu cụ thể.');
    // Not by its accessible name: antd's loading icon can linger (invisible) after the first save and join the name.
    const submit = page.locator('#add-comment button[type=submit]');
    await submit.click();
    await expect(page.getByTestId('comment')).toHaveCount(2);

    const accepted = page.getByTestId('comment').filter({ hasText: 'Lê Thị Hồng' });
    await expect(accepted).toContainText(`dòng ${first}–${last}`);
    await expect(accepted.locator('.draft-quote')).toContainText('Tập trung vận động');
    await expect(page.getByTestId('comment').filter({ hasText: 'Ban Tổ chức Thành ủy' })).toContainText('dòng 1–2');
    await accepted.getByText('Tiếp thu', { exact: true }).click();
    await accepted.getByLabel('Ghi chú tiếp thu').fill('Chi ủy thống nhất sửa theo góp ý.');
    await accepted.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.getByText('Đã ghi ý kiến tiếp thu.')).toBeVisible();
    await expect(accepted.locator('.comment-head')).toContainText('Tiếp thu');
    await shot(page, 'gop-y');

    await page.getByRole('button', { name: 'Tạo bản dự thảo mới từ góp ý được tiếp thu' }).click();
    await confirm(page, 'Tạo bản mới');
    await expect(page.getByText('Đã tạo bản dự thảo số 2 theo góp ý được tiếp thu.')).toBeVisible();

    await openTab(page, 'Dự thảo nghị quyết');
    await expect(page.getByTestId('draft-version-title')).toHaveText('Bản dự thảo số 2');
    const draft = page.getByRole('tabpanel', { name: 'Dự thảo nghị quyết' }).locator('.draft-lines');
    await expect(draft).toContainText('tổng vệ sinh môi trường vào sáng chủ nhật cuối tháng');
    await expect(draft).not.toContainText('trước ngày 15 tháng 12');
    await choose(page, page.getByLabel('Xem bản dự thảo'), 'Bản số 1');
    await expect(page.getByTestId('draft-version-title')).toHaveText('Bản dự thảo số 1');
    await expect(draft).toContainText('trước ngày 15 tháng 12');
  });

  await test.step('roll call: all present, one excused, one unexcused', async () => {
    await openTab(page, 'Điểm danh');
    const totals = page.getByTestId('roll-totals');
    const summoned = Number(await page.getByTestId('total-Phải triệu tập').locator('.roll-total-value').innerText());
    expect(summoned).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Tất cả có mặt' }).click();
    await expect(page.getByTestId('total-Có mặt').locator('.roll-total-value')).toHaveText(String(summoned));
    await expect(totals).toContainText('100%');

    // The members summoned come first, in their own list.
    const names = await page.locator('.roll-list').first().getByTestId('roll-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-member')!));
    const others = names.filter((n) => n !== facts.chair && n !== facts.secretary);
    facts.excused = others[4]!;
    facts.unexcused = others[7]!;
    facts.presentMember = others[10]!;
    await page.locator(`[data-member="${facts.excused}"]`).getByText('Vắng có lý do').click();
    const reason = page.getByLabel(`Lý do vắng của ${facts.excused}`);
    await reason.fill('ốm');
    await reason.press('Enter');
    // Keyboard: the unexcused member's choice is reached with Tab and chosen with the arrow keys.
    const unexcused = page.locator(`[data-member="${facts.unexcused}"]`);
    await unexcused.getByRole('radio', { name: /Có mặt/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(unexcused.getByRole('radio', { name: /Vắng không lý do/ })).toBeChecked();

    await expect(page.getByTestId('total-Có mặt').locator('.roll-total-value')).toHaveText(String(summoned - 2));
    await expect(page.getByTestId('total-Vắng')).toContainText('có lý do 1 · không lý do 1');
    facts.present = summoned - 2;
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'diem-danh');
  });

  await test.step('three opinions from different speakers', async () => {
    await openTab(page, /^Ý kiến phát biểu/);
    facts.speakers = [facts.secretary, 'Đỗ Minh Châu', facts.presentMember];
    const summaries = [
      'Đề nghị bổ sung số liệu kết quả thu quỹ vì người nghèo vào phần đánh giá.',
      'Đảng ủy phường ghi nhận cố gắng của chi bộ; đề nghị chú ý công tác phát triển đảng viên.',
      'Nhất trí với dự thảo; đề nghị phân công cụ thể người phụ trách từng tuyến phố.',
    ];
    for (const [i, speaker] of facts.speakers.entries()) {
      // Picked from the roll (or the guests) as the name is typed.
      await page.getByLabel('Người phát biểu').fill(speaker);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: speaker }).first().click();
      await expect(page.getByLabel('Người phát biểu')).toHaveValue(speaker);
      await page.getByLabel('Tóm tắt ý kiến').fill(summaries[i]!);
      await page.locator('.opinion-form').getByRole('button', { name: 'Thêm ý kiến' }).click();
      await expect(page.getByTestId('opinion-count')).toHaveText(`${i + 1} ý kiến phát biểu`);
    }
    await expect(page.locator('tbody tr.ant-table-row').filter({ hasText: 'Đỗ Minh Châu' })).toContainText('Khách mời');
    await expect(page.getByRole('tab', { name: 'Ý kiến phát biểu (3)' })).toBeVisible();
    await shot(page, 'y-kien');
  });

  await test.step('the vote', async () => {
    await openTab(page, 'Biểu quyết');
    const denominator = await page.getByTestId('vote-denominator').innerText();
    expect(denominator).toMatch(/^\d+ = \d+ đảng viên chính thức( − \d+ [^−]+)+$/);
    expect(denominator).toContain('1 vắng có lý do');
    facts.denominator = Number(denominator.split(' = ')[0]);
    facts.eligible = Number(await page.getByTestId('eligible-present').innerText());
    expect(facts.eligible).toBeGreaterThan(facts.denominator / 2);
    await page.getByLabel('Tán thành', { exact: true }).fill(String(facts.eligible));
    await page.getByLabel('Không tán thành').fill('0');
    await page.getByLabel('Không biểu quyết').fill('0');
    await page.getByRole('button', { name: 'Ghi kết quả biểu quyết' }).click();
    await expect(page.getByText('Đã ghi kết quả biểu quyết.')).toBeVisible();
    await expect(page.locator('.vote-result')).toContainText('Thông qua');
    await expect(page.getByTestId('vote-result')).toContainText(`Tán thành ${facts.eligible}/${facts.denominator}`);
    await shot(page, 'bieu-quyet');
  });

  await test.step('held, minutes drawn up, print view, adopted', async () => {
    await openTab(page, 'Biên bản');
    await page.getByRole('button', { name: 'Họp xong' }).click();
    await confirm(page, 'Họp xong');
    await expect(page.getByText('Đã ghi nhận buổi sinh hoạt đã họp.')).toBeVisible();
    await page.getByRole('button', { name: 'Lập biên bản từ dữ liệu' }).click();
    await expect(page.getByText('Đã lập biên bản từ dữ liệu buổi sinh hoạt.')).toBeVisible();
    const minutes = page.getByLabel('Nội dung biên bản');
    await expect(minutes).toHaveValue(/I\. THÀNH PHẦN/);
    await expect(minutes).toHaveValue(new RegExp(`Có mặt: ${facts.present} đồng chí`));
    // A correction typed by the secretary before adoption.
    const text = await minutes.inputValue();
    await minutes.fill(text.replace('III. BIỂU QUYẾT', 'III. BIỂU QUYẾT\nChi bộ biểu quyết bằng hình thức giơ tay.'));
    await page.getByRole('button', { name: 'Lưu biên bản' }).click();
    await expect(page.getByText('Đã lưu biên bản.')).toBeVisible();
    await shot(page, 'bien-ban');

    await page.getByRole('button', { name: 'Xem bản in' }).click();
    const frame = page.frameLocator('iframe.print-view');
    await expect(frame.getByText('SINH HOẠT CHI BỘ ĐỊNH KỲ')).toBeVisible();
    await expect(frame.getByText('ĐẢNG CỘNG SẢN VIỆT NAM')).toBeVisible();
    await shot(page, 'ban-in', false);
    await page.getByRole('dialog', { name: 'Bản in' }).getByRole('button', { name: 'Đóng' }).first().click();

    await page.getByRole('button', { name: 'Thông qua biên bản' }).click();
    const adopt = page.getByRole('dialog', { name: 'Thông qua biên bản' });
    await expect(adopt.getByLabel('Tỷ lệ đảng viên có mặt nhất trí')).toHaveValue('100');
    await expect(adopt).toContainText('hồ sơ buổi sinh hoạt sẽ bị khóa');
    await shot(page, 'thong-qua', false);
    await adopt.getByRole('button', { name: 'Thông qua và khóa hồ sơ' }).click();
    await expect(page.getByText('Biên bản đã được thông qua; hồ sơ buổi sinh hoạt đã khóa.')).toBeVisible();
  });

  await test.step('the record is locked; the hash and the resolution number show; an addendum is added', async () => {
    await expect(page.getByTestId('locked-tag')).toHaveText('Đã khóa');
    await expect(page.getByTestId('resolution-number')).toHaveText('Số: 01-NQ/CB');
    await expect(page.getByTestId('minutes-hash')).toHaveText(/^[0-9a-f]{64}$/);
    await expect(page.getByLabel('Nội dung biên bản')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Lập biên bản từ dữ liệu' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Thông qua biên bản' })).toHaveCount(0);
    await expect(page.getByTestId('minutes-readonly')).toContainText('giơ tay');

    await page.getByLabel('Nội dung đính chính').fill('Mục II, ý kiến thứ ba: sửa “từng tuyến phố” thành “từng tuyến phố, ngõ”.');
    await page.getByRole('button', { name: 'Thêm đính chính' }).click();
    await expect(page.getByText('Đã thêm đính chính.')).toBeVisible();
    await expect(page.getByTestId('addendum')).toContainText('từng tuyến phố, ngõ');
    await shot(page, 'da-thong-qua');

    const panel = (name: string | RegExp) => page.getByRole('tabpanel', { name });
    await openTab(page, 'Thông tin');
    await expect(panel('Thông tin').getByLabel('Địa điểm')).toBeDisabled();
    await expect(panel('Thông tin').getByRole('button', { name: 'Lưu thông tin' })).toHaveCount(0);
    await openTab(page, 'Điểm danh');
    await expect(panel('Điểm danh').getByRole('button', { name: 'Tất cả có mặt' })).toHaveCount(0);
    await expect(panel('Điểm danh').getByRole('radio', { name: /Có mặt/ }).first()).toBeDisabled();
    await openTab(page, 'Chương trình');
    await expect(panel('Chương trình').getByRole('button', { name: 'Lưu chương trình' })).toHaveCount(0);
    await openTab(page, 'Dự thảo nghị quyết');
    await expect(panel('Dự thảo nghị quyết').getByRole('button', { name: 'Soạn bản mới' })).toHaveCount(0);
    await openTab(page, /^Góp ý/);
    await expect(panel(/^Góp ý/).getByRole('button', { name: 'Thêm góp ý' })).toHaveCount(0);
    await openTab(page, 'Biểu quyết');
    await expect(panel('Biểu quyết').getByLabel('Tán thành', { exact: true })).toBeDisabled();
    await expect(panel('Biểu quyết').getByRole('button', { name: 'Ghi kết quả biểu quyết' })).toHaveCount(0);
    await shot(page, 'khoa-bieu-quyet');
  });

  const files = { minutesDocx: '', minutesPdf: '', resolutionDocx: '', resolutionPdf: '' };
  await test.step('download the minutes and the resolution, Word and PDF', async () => {
    await openTab(page, 'Biên bản');
    files.minutesDocx = await download(page, page.getByRole('button', { name: 'Tải biên bản (.docx)' }), 'sinh-hoat-bien-ban.docx');
    files.minutesPdf = await download(page, page.getByRole('button', { name: 'Tải biên bản (PDF)' }), 'sinh-hoat-bien-ban.pdf');
    files.resolutionDocx = await download(page, page.getByRole('button', { name: 'Tải nghị quyết (.docx)' }), 'sinh-hoat-nghi-quyet.docx');
    files.resolutionPdf = await download(page, page.getByRole('button', { name: 'Tải nghị quyết (PDF)' }), 'sinh-hoat-nghi-quyet.pdf');
    for (const file of Object.values(files)) expect(fs.statSync(file).size).toBeGreaterThan(2000);
  });

  expect(consoleErrors).toEqual([]);

  /** What the minutes must say, however they were laid out. */
  const checkMinutes = (text: string, what: string) => {
    for (const expected of [
      'ĐẢNG BỘ PHƯỜNG HỒNG HÀ',
      'CHI BỘ TỔ DÂN PHỐ SỐ 4',
      'ĐẢNG CỘNG SẢN VIỆT NAM',
      'BIÊN BẢN',
      'SINH HOẠT CHI BỘ ĐỊNH KỲ',
      `Có mặt: ${facts.present} đồng chí`,
      `Tán thành ${facts.eligible}/${facts.denominator}`,
      'không tán thành 0; không biểu quyết 0',
      'kết thúc hồi 21 giờ 10 phút',
      'được 100% đảng viên có mặt nhất trí thông qua',
      'THƯ KÝ',
      'CHỦ TRÌ',
      facts.chair,
      facts.secretary,
      ...facts.speakers,
      'ĐÍNH CHÍNH',
    ]) {
      expect(text, `${what}: "${expected}"`).toContain(expected);
    }
  };

  await test.step('the PDF Chromium printed: A4, with every part of the minutes', async () => {
    checkMinutes(pdfText(files.minutesPdf), 'biên bản PDF');
    for (const file of [files.minutesPdf, files.resolutionPdf]) {
      const size = pageSize(file);
      expect(Math.abs(size.width - 595)).toBeLessThanOrEqual(1);
      expect(Math.abs(size.height - 842)).toBeLessThanOrEqual(1);
    }
    const resolution = pdfText(files.resolutionPdf);
    for (const expected of ['Số: 01-NQ/CB', 'NGHỊ QUYẾT', 'T/M CHI BỘ', 'BÍ THƯ', 'ra quân tổng vệ sinh môi trường']) expect(resolution).toContain(expected);
    firstPageImage(files.minutesPdf, 'sinh-hoat-bien-ban-pdf');
    firstPageImage(files.resolutionPdf, 'sinh-hoat-nghi-quyet-pdf');
  });

  await test.step('the Word files laid out by LibreOffice say the same', async () => {
    if (!hasCommand('soffice')) {
      const reason = 'LibreOffice (soffice) không có trên máy này: bỏ qua bước chuyển .docx sang PDF để đối chiếu.';
      test.info().annotations.push({ type: 'skip', description: reason });
      console.log(reason);
      return;
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chibo-soffice-'));
    try {
      const profile = path.join(work, 'profile');
      run(
        'soffice',
        [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', work, files.minutesDocx, files.resolutionDocx],
        { timeout: 120_000 },
      );
      const minutesPdf = path.join(work, 'sinh-hoat-bien-ban.pdf');
      const resolutionPdf = path.join(work, 'sinh-hoat-nghi-quyet.pdf');
      checkMinutes(pdfText(minutesPdf), 'biên bản .docx (LibreOffice)');
      const size = pageSize(minutesPdf);
      expect(Math.abs(size.width - 595)).toBeLessThanOrEqual(1);
      expect(Math.abs(size.height - 842)).toBeLessThanOrEqual(1);
      const resolution = pdfText(resolutionPdf);
      for (const expected of ['Số: 01-NQ/CB', 'NGHỊ QUYẾT', 'T/M CHI BỘ', 'BÍ THƯ']) expect(resolution, `nghị quyết .docx: "${expected}"`).toContain(expected);
      fs.copyFileSync(minutesPdf, path.join(ARTIFACTS, 'sinh-hoat-bien-ban-docx.pdf'));
      fs.copyFileSync(resolutionPdf, path.join(ARTIFACTS, 'sinh-hoat-nghi-quyet-docx.pdf'));
      firstPageImage(minutesPdf, 'sinh-hoat-bien-ban-docx');
      firstPageImage(resolutionPdf, 'sinh-hoat-nghi-quyet-docx');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

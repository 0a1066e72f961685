// The meeting on the projector, in Chromium with two windows as in a meeting room: the presenter console in the main
// window and the projector in a second one opened from it, kept in step through the preview's host. Keyboard
// navigation, a jump to a line of the draft, black and white screens, freeze, the countdown, a message, the roll call
// from the console, and screenshots of the projector at 1920×1080 and 1024×768 for a draft with long paragraphs.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ARTIFACTS, expect, signIn, startPreview, test, type Preview } from './fixtures';
import { apiCall } from './pages';

test.use({ actionTimeout: 15_000 });

let preview: Preview;
test.beforeAll(async () => {
  preview = await startPreview(['--demo']);
});
test.afterAll(async () => {
  await preview?.stop();
});

const PARAGRAPHS = [
  'Tiếp tục quán triệt, triển khai thực hiện nghiêm túc Chỉ thị số 35-CT/TW của Bộ Chính trị về đại hội đảng bộ các cấp; nâng cao chất lượng sinh hoạt chi bộ, phát huy vai trò tiên phong, gương mẫu của cán bộ, đảng viên ở khu dân cư, nhất là đảng viên đã nghỉ hưu.',
  'Vận động nhân dân thực hiện tốt phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư”, giữ gìn vệ sinh môi trường, trật tự đô thị trên các tuyến phố; phấn đấu hoàn thành việc thu quỹ vì người nghèo trước ngày 15 tháng 12 năm 2026.',
  'Phối hợp với Ban công tác Mặt trận, Chi hội Phụ nữ, Chi hội Cựu chiến binh và Chi đoàn thanh niên tổ chức thăm hỏi, tặng quà các gia đình chính sách, hộ nghèo, hộ cận nghèo nhân dịp Tết Nguyên đán; bảo đảm không để hộ nào không có Tết.',
  'Rà soát, nắm chắc tình hình tư tưởng của đảng viên và nhân dân; kịp thời phản ánh với Đảng ủy phường những vướng mắc về đền bù, giải phóng mặt bằng tuyến đường vành đai; không để phát sinh điểm nóng, khiếu kiện đông người, vượt cấp.',
];

/** A one-page PDF with a line of text, written by hand: pdf.js draws it on the projector. */
function onePagePdf(): string {
  const text = 'BT /F1 36 Tf 60 700 Td (CHI THI SO 35-CT/TW) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1').toString('base64');
}

const RECORD_VOTE = 'Ghi kết quả biểu quyết';

interface Meeting {
  id: string;
  roll: { memberId: string; expected: boolean }[];
}

/** The slide number the projector shows (1-based), as the host says. */
async function shown(projector: Page): Promise<number> {
  return Number(await projector.getByTestId('projector').getAttribute('data-shown')) + 1;
}

async function expectShown(projector: Page, n: number) {
  await expect(projector.getByTestId('projector')).toHaveAttribute('data-shown', String(n - 1));
}

function label(presenter: Page): Locator {
  return presenter.getByTestId('console').locator('.console-current .console-label');
}

test('presents a meeting on a second window and drives it from the console', async ({ page, context }) => {
  await page.goto(preview.url);
  await signIn(page, 'vanphong');

  // A meeting of the demo ward with a draft of long paragraphs, a comment on its lines and a document.
  const branches = await apiCall<{ id: string; name: string }[]>(page, 'branches.list', {});
  const branch = branches.find((b) => b.name === 'Chi bộ Tổ dân phố số 2') ?? branches[0]!;
  const { ids } = await apiCall<{ ids: string[] }>(page, 'meetings.plan', { branchIds: [branch.id], kind: 'regular', scheduledAt: '2026-12-03T19:30', place: 'Nhà văn hóa tổ dân phố số 2' });
  const id = ids[0]!;
  await apiCall(page, 'drafts.save', {
    meetingId: id,
    sections: [
      { heading: 'I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 11 NĂM 2026', paragraphs: PARAGRAPHS.slice(0, 2) },
      { heading: 'II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM THÁNG 12 NĂM 2026', paragraphs: [...PARAGRAPHS.slice(2), ...PARAGRAPHS, ...PARAGRAPHS.slice(0, 2)] },
    ],
  });
  await apiCall(page, 'comments.add', { meetingId: id, authorName: 'Nguyễn Thị Hằng', lineFrom: 12, lineTo: 14, text: 'Đề nghị ghi rõ thời hạn hoàn thành và người chịu trách nhiệm.' });
  await apiCall(page, 'attachments.add', { meetingId: id, fileName: 'Chỉ thị 35.pdf', data: onePagePdf() });
  const meeting = await apiCall<Meeting>(page, 'meetings.get', { id });

  // One click from the meeting opens the console.
  await page.goto(`${new URL(preview.url).origin}/#/sinh-hoat/${id}`);
  await page.getByRole('button', { name: 'Trình chiếu' }).click();
  const presenter = page;
  await expect(presenter.getByTestId('console')).toBeVisible();
  await expect(label(presenter)).toContainText('Trang 1/');

  // The projector: a second window of the browser, opened from the console.
  const popup = context.waitForEvent('page');
  await presenter.getByRole('button', { name: 'Mở màn hình chiếu' }).click();
  const projector = await popup;
  await projector.setViewportSize({ width: 1920, height: 1080 });
  await expect(projector.getByTestId('projector')).toHaveAttribute('data-shown', '0');
  await expect(projector.getByText(branch.name)).toBeVisible();
  await expect(projector.getByText('Sinh hoạt chi bộ thường kỳ tháng 12/2026')).toBeVisible();
  // Nothing of the console reaches the room: no menu, no notes, no controls.
  await expect(projector.getByText('Ghi chú')).toHaveCount(0);
  await expect(projector.getByRole('button')).toHaveCount(0);
  await expect(projector.getByRole('navigation')).toHaveCount(0);

  await test.step('keyboard: → Space PageDown next, ← PageUp previous, Home, End, a number and Enter', async () => {
    await presenter.keyboard.press('ArrowRight');
    await expectShown(projector, 2);
    await expect(projector.getByText('Chương trình sinh hoạt', { exact: true })).toBeVisible();
    await presenter.keyboard.press('Space');
    await expectShown(projector, 3);
    await presenter.keyboard.press('PageDown');
    await expectShown(projector, 4);
    await presenter.keyboard.press('PageUp');
    await expectShown(projector, 3);
    await presenter.keyboard.press('ArrowLeft');
    await expectShown(projector, 2);
    const total = Number(/Trang \d+\/(\d+)/.exec((await label(presenter).textContent()) ?? '')![1]);
    expect(total).toBeGreaterThan(10);
    await presenter.keyboard.press('End');
    await expectShown(projector, total);
    await expect(label(presenter)).toContainText(`Trang ${total}/${total}`);
    await presenter.keyboard.press('Home');
    await expectShown(projector, 1);
    await presenter.keyboard.type('5');
    await presenter.keyboard.press('Enter');
    await expectShown(projector, 5);
  });

  await test.step('jump to a line of the draft: the page that holds it, with its number', async () => {
    await presenter.getByLabel('Số dòng').fill('30');
    await presenter.getByRole('button', { name: 'Đến dòng' }).click();
    const line = projector.locator('[data-line="30"]');
    await expect(line).toBeVisible();
    await expect(line.locator('.no')).toHaveText('30');
    await expect(projector.getByTestId('draft-where')).toContainText('Trang 3/');
    // The presenter shows the same page, with line 30 on it.
    await expect(presenter.getByTestId('console-current').locator('[data-line="30"]')).toBeVisible();
    await presenter.locator('body').click({ position: { x: 5, y: 300 } });
  });

  await test.step('screenshots of a page of long paragraphs at 1920×1080 and 1024×768', async () => {
    for (const [width, height] of [
      [1920, 1080],
      [1024, 768],
    ] as const) {
      await projector.setViewportSize({ width, height });
      await projector.waitForTimeout(200);
      await projector.screenshot({ path: path.join(ARTIFACTS, `trinh-chieu-du-thao-${width}x${height}.png`) });
      // No line of the draft runs past its box, and none is cut at the top or bottom: every mark stays readable.
      const overflow = await projector.locator('.sl-line .text').evaluateAll((els) =>
        els.filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1).map((el) => el.textContent),
      );
      expect(overflow).toEqual([]);
      const inside = await projector.locator('.sl-line').evaluateAll((els) => {
        const stage = document.querySelector('[data-testid="stage"]')!.getBoundingClientRect();
        return els.every((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= stage.top - 0.5 && r.bottom <= stage.bottom + 0.5 && r.right <= stage.right + 0.5;
        });
      });
      expect(inside).toBe(true);
    }
    // At 1920×1080 the body text is at least 32 px high on the screen.
    await projector.setViewportSize({ width: 1920, height: 1080 });
    await expect
      .poll(() =>
        projector.locator('.sl-line .text').first().evaluate((el) => {
          const scale = el.getBoundingClientRect().height / (el as HTMLElement).offsetHeight;
          return parseFloat(getComputedStyle(el).fontSize) * scale;
        }),
      )
      .toBeGreaterThanOrEqual(32);
  });

  await test.step('a comment beside the lines it is about', async () => {
    await presenter.getByRole('button', { name: /Góp ý 1\/1: Nguyễn Thị Hằng, dòng 12–14/ }).click();
    await expect(projector.locator('.comment-panel')).toContainText('Đề nghị ghi rõ thời hạn hoàn thành');
    await expect(projector.locator('.sl-line.marked')).toHaveCount(3);
    await projector.screenshot({ path: path.join(ARTIFACTS, 'trinh-chieu-gop-y.png') });
  });

  await test.step('a document page drawn with pdf.js', async () => {
    await presenter.getByRole('button', { name: /Chỉ thị 35\.pdf/ }).click();
    await expect(projector.getByTestId('document-canvas')).toHaveAttribute('data-rendered', 'true');
  });

  await test.step('black and white screens', async () => {
    await presenter.keyboard.press('b');
    await expect(projector.getByTestId('blank-black')).toBeVisible();
    await presenter.keyboard.press('b');
    await expect(projector.getByTestId('blank-black')).toHaveCount(0);
    await presenter.keyboard.press('w');
    await expect(projector.getByTestId('blank-white')).toBeVisible();
    await presenter.keyboard.press('w');
    await expect(projector.getByTestId('blank-white')).toHaveCount(0);
  });

  await test.step('freeze: the room keeps its slide while the console moves on', async () => {
    const before = await shown(projector);
    await presenter.keyboard.press('f');
    await expect(presenter.getByText('Đang giữ hình')).toBeVisible();
    await presenter.keyboard.press('ArrowRight');
    await presenter.keyboard.press('ArrowRight');
    await expect(label(presenter)).toContainText(`Trang ${before + 2}/`);
    await projector.waitForTimeout(300);
    expect(await shown(projector)).toBe(before);
    await presenter.keyboard.press('f');
    await expectShown(projector, before + 2);
  });

  await test.step('the countdown for a speaker', async () => {
    await presenter.getByLabel('Thời gian đếm ngược').getByText('1′', { exact: true }).click();
    await expect(presenter.getByTestId('console-countdown')).toHaveText('1:00');
    await presenter.keyboard.press('t');
    const countdown = projector.getByTestId('countdown');
    await expect(countdown).toHaveAttribute('data-running', 'true');
    await expect(countdown).toHaveText(/^0:5\d$|^1:00$/);
    await expect(countdown).toHaveText(/^0:5[0-8]$/, { timeout: 5_000 });
    await presenter.keyboard.press('t');
    await expect(countdown).toHaveAttribute('data-running', 'false');
    const stopped = await countdown.textContent();
    await projector.waitForTimeout(1_500);
    await expect(countdown).toHaveText(stopped!);
    await presenter.getByRole('button', { name: 'Ẩn', exact: true }).first().click();
    await expect(countdown).toHaveCount(0);
  });

  await test.step('a message over the slide, and taken down', async () => {
    await presenter.getByLabel('Nội dung thông báo').fill('Giải lao 10 phút, 20 giờ 45 họp tiếp');
    await presenter.getByRole('button', { name: 'Hiện' }).click();
    await expect(projector.getByTestId('projector-message')).toHaveText('Giải lao 10 phút, 20 giờ 45 họp tiếp');
    await projector.screenshot({ path: path.join(ARTIFACTS, 'trinh-chieu-thong-bao.png') });
    await presenter.locator('.console-controls').getByRole('button', { name: 'Ẩn' }).last().click();
    await expect(projector.getByTestId('projector-message')).toHaveCount(0);
  });

  await test.step('the roll call taken from the console shows on the attendance slide', async () => {
    await presenter.getByRole('button', { name: 'Kết quả điểm danh' }).click();
    await expect(projector.getByRole('heading', { name: 'Chưa điểm danh' })).toBeVisible();
    await presenter.getByRole('button', { name: 'Điểm danh', exact: true }).click();
    const drawer = presenter.getByRole('dialog', { name: 'Điểm danh' });
    await drawer.getByRole('button', { name: /Tất cả có mặt|Những người còn lại có mặt/ }).click();
    const expected = meeting.roll.filter((r) => r.expected).length;
    await expect(projector.getByTestId('attendance-present')).toContainText(`${expected}/${expected}`);
    await drawer.getByRole('button', { name: 'Close' }).or(drawer.getByLabel('Close')).first().click();
    await expect(drawer).toBeHidden();
    await projector.screenshot({ path: path.join(ARTIFACTS, 'trinh-chieu-diem-danh.png') });
  });

  await test.step('the vote recorded from the console shows its result and its denominator', async () => {
    await presenter.getByRole('button', { name: 'Kết quả biểu quyết' }).click();
    await expect(projector.getByRole('heading', { name: 'Chưa biểu quyết' })).toBeVisible();
    await presenter.getByRole('button', { name: 'Biểu quyết', exact: true }).click();
    const drawer = presenter.getByRole('dialog', { name: 'Biểu quyết' });
    await drawer.getByRole('button', { name: 'Tất cả tán thành' }).click();
    await drawer.getByRole('button', { name: RECORD_VOTE }).click();
    await expect(projector.getByTestId('vote-verdict')).toHaveText('Nghị quyết được thông qua.');
    await expect(projector.getByTestId('vote-for')).toContainText('100%');
    await drawer.getByLabel('Close').first().click();
    await expect(drawer).toBeHidden();
    await projector.screenshot({ path: path.join(ARTIFACTS, 'trinh-chieu-bieu-quyet.png') });
  });

  await test.step('the projector window closes, the meeting goes on, and it comes back where the console is', async () => {
    const where = await shown(projector);
    await projector.close();
    await presenter.keyboard.press('ArrowRight');
    await expect(label(presenter)).toContainText(`Trang ${where + 1}/`);
    const again = context.waitForEvent('page');
    await presenter.getByRole('button', { name: 'Mở màn hình chiếu' }).click();
    const reopened = await again;
    await expectShown(reopened, where + 1);
    await presenter.screenshot({ path: path.join(ARTIFACTS, 'trinh-chieu-bang-dieu-khien.png') });
    // The common projector laptop: 1366×768.
    await presenter.setViewportSize({ width: 1366, height: 768 });
    await presenter.waitForTimeout(200);
    await presenter.screenshot({ path: path.join(ARTIFACTS, 'trinh-chieu-bang-dieu-khien-1366x768.png') });
    // Esc ends the presentation and goes back to the meeting.
    await presenter.keyboard.press('Escape');
    await expect(presenter.getByRole('button', { name: 'Trình chiếu' })).toBeVisible();
    // The projector window goes with it: the room is not left looking at the last slide.
    await expect.poll(() => reopened.isClosed()).toBe(true);
  });
});

test('themes: dark, light and high contrast, each readable', async ({ page, context }) => {
  await page.goto(preview.url);
  await signIn(page, 'vanphong');
  const meetings = await apiCall<{ id: string }[]>(page, 'meetings.list', {});
  await page.goto(`${new URL(preview.url).origin}/#/trinh-chieu/${meetings[0]!.id}`);
  await expect(page.getByTestId('console')).toBeVisible();
  const popup = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Mở màn hình chiếu' }).click();
  const projector = await popup;
  await projector.setViewportSize({ width: 1920, height: 1080 });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  for (const [name, theme] of [
    ['Nền sáng', 'light'],
    ['Tương phản cao', 'contrast'],
    ['Nền tối', 'dark'],
  ] as const) {
    await page.getByText(name, { exact: true }).click();
    await expect(projector.getByTestId('stage')).toHaveClass(new RegExp(`theme-${theme}`));
    await projector.screenshot({ path: path.join(ARTIFACTS, `trinh-chieu-giao-dien-${theme}.png`) });
  }
  await page.keyboard.press('Escape');
});

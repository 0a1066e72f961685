// Page helpers that name what a person sees: the sidebar, a branch's counts on Chi bộ, a member's drawer, antd inputs.
import type { Locator, Page } from '@playwright/test';

export async function openSection(page: Page, name: 'Tổng quan' | 'Chi bộ' | 'Đảng viên' | 'Cài đặt') {
  await page.getByRole('menu', { name: 'Điều hướng chính' }).getByRole('menuitem', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 3 }).waitFor();
}

export interface BranchCounts {
  official: number;
  probationary: number;
  exempt: number;
  away: number;
}

const number = (text: string) => Number(text.replace(/\D/g, ''));

/** The counts of one branch as the Chi bộ table shows them. */
export async function branchCounts(page: Page, branchName: string): Promise<BranchCounts> {
  await openSection(page, 'Chi bộ');
  const row = page.locator('tbody tr.ant-table-row').filter({ has: page.getByRole('cell', { name: branchName, exact: true }) });
  await row.waitFor();
  const cells = row.locator('td');
  return {
    official: number(await cells.nth(2).innerText()),
    probationary: number(await cells.nth(3).innerText()),
    exempt: number(await cells.nth(4).innerText()),
    away: number(await cells.nth(5).innerText()),
  };
}

/** Picks an option of an antd Select: a searchable one by typing its text and Enter, the others by clicking it. */
export async function choose(page: Page, select: Locator, text: string) {
  await select.click();
  if (await select.isEditable()) {
    await select.fill(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').filter({ hasText: text }).waitFor();
    await select.press('Enter');
  } else {
    // A plain mouse click where the option is: Playwright's own click scrolls the page under an open drawer or modal
    // first, and the dropdown, placed against the page, moves away from the pointer.
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
    await option.waitFor();
    const box = (await option.boundingBox())!;
    await page.mouse.click(box.x + Math.min(20, box.width / 2), box.y + box.height / 2);
  }
}

/** Types a date into an antd DatePicker as dd/mm/yyyy. */
export async function typeDate(input: Locator, ddmmyyyy: string) {
  await input.click();
  await input.fill(ddmmyyyy);
  await input.press('Enter');
}

/** Finds a member by name on Đảng viên and opens their drawer. */
export async function openMember(page: Page, fullName: string): Promise<Locator> {
  await openSection(page, 'Đảng viên');
  const search = page.getByRole('searchbox', { name: 'Tìm đảng viên' });
  await search.fill(fullName);
  await search.press('Enter');
  await page.locator('tbody tr.ant-table-row').filter({ hasText: fullName }).first().click();
  const drawer = dialog(page, fullName);
  await drawer.locator('.ant-descriptions').waitFor();
  return settled(drawer);
}

/** A drawer or a modal, by its title. */
export function dialog(page: Page, title: string | RegExp): Locator {
  return page.getByRole('dialog', { name: title, exact: true });
}

/** Waits until a drawer or modal has finished sliding in, so a click lands where the button stays. */
export async function settled(locator: Locator): Promise<Locator> {
  let previous: { x: number; y: number; width: number; height: number } | null = null;
  for (let i = 0; i < 40; i++) {
    const box = await locator.boundingBox();
    // A modal zooms in (its size changes) and a drawer slides in (its position changes): wait for both to stop.
    if (box && previous && box.x === previous.x && box.y === previous.y && box.width === previous.width && box.height === previous.height) break;
    previous = box;
    await locator.page().waitForTimeout(50);
  }
  return locator;
}

export async function closeDialog(page: Page, title: string | RegExp) {
  const d = dialog(page, title);
  await d.getByRole('button', { name: 'Đóng' }).first().click();
  await d.waitFor({ state: 'hidden' });
}

/** A service call from the page, as the app makes it: the run's token and the signed-in cookie. For setting up data. */
export async function apiCall<T>(page: Page, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([method, input]) => {
      const token = sessionStorage.getItem('chibo.previewToken') ?? '';
      const response = await fetch(`./api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const envelope = await response.json();
      if (!envelope.ok) throw new Error(envelope.error.message);
      return envelope.value;
    },
    [method, input] as const,
  ) as Promise<T>;
}

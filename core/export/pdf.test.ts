// The print view printed by Chromium. Page 1 is left in e2e/artifacts/ as a PNG for a person to look at.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleMinutes, sampleResolution, SAMPLE_MINUTES_TEXTS, SAMPLE_RESOLUTION_TEXTS } from './export.fixtures';
import { expectA4, expectOfficialLayout, firstPageAsPng, pdfPageSizes, pdfText, poppler } from './export.testing';
import { toHtml } from './html';
import { minutesDocument, resolutionDocument } from './partyDocument';
import { htmlToPdf } from './pdf';
import { DEFAULT_LAYOUT } from './types';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../e2e/artifacts/export');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const canPrint = fs.existsSync(chromiumPath) && poppler;
const missing = !fs.existsSync(chromiumPath) ? ' (Chromium không có trên máy này)' : poppler ? '' : ' (poppler-utils không có trên máy này)';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chibo-pdf-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function print(name: string, html: string): Promise<string> {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, await htmlToPdf(html));
  return file;
}

describe('htmlToPdf', () => {
  it.skipIf(!canPrint)(`prints the minutes on A4 with everything a reader looks for${missing}`, async () => {
    const doc = minutesDocument(sampleMinutes());
    const pdf = await print('bien-ban', toHtml(doc, DEFAULT_LAYOUT));
    const text = await pdfText(pdf);
    for (const expected of SAMPLE_MINUTES_TEXTS) expect(text).toContain(expected);
    expectA4(await pdfPageSizes(pdf));
    await expectOfficialLayout(pdf, doc, DEFAULT_LAYOUT);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.copyFileSync(pdf, path.join(ARTIFACTS, 'bien-ban-chromium.pdf'));
    await firstPageAsPng(pdf, path.join(ARTIFACTS, 'bien-ban-chromium'));
  });

  it.skipIf(!canPrint)(`prints the resolution on one A4 page${missing}`, async () => {
    const doc = resolutionDocument(sampleResolution());
    const pdf = await print('nghi-quyet', toHtml(doc, DEFAULT_LAYOUT));
    const text = await pdfText(pdf);
    for (const expected of SAMPLE_RESOLUTION_TEXTS) expect(text).toContain(expected);
    const pages = await pdfPageSizes(pdf);
    expect(pages).toHaveLength(1);
    expectA4(pages);
    await expectOfficialLayout(pdf, doc, DEFAULT_LAYOUT);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await firstPageAsPng(pdf, path.join(ARTIFACTS, 'nghi-quyet-chromium'));
  });

  it.skipIf(!canPrint)(`prints a script typed into a summary as text${missing}`, async () => {
    const data = sampleMinutes();
    data.opinions[0]!.summary = '<script>alert(1)</script> và <img src=x onerror=alert(2)>';
    const pdf = await print('script', toHtml(minutesDocument(data), DEFAULT_LAYOUT));
    expect(await pdfText(pdf)).toContain('- Đồng chí Hoàng Văn Tùng: <script>alert(1)</script> và <img src=x onerror=alert(2)>.');
  });

  it('says in Vietnamese what to do when Chromium is missing', async () => {
    await expect(htmlToPdf('<p>x</p>', { executablePath: path.join(os.tmpdir(), 'khong-co-chromium') })).rejects.toThrow(/^Không tìm thấy Chromium để in PDF/);
  });
});

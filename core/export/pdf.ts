// The print view (html.ts) as a PDF, printed by Chromium outside Electron: the preview server and the command line. The
// Electron shell prints the same HTML with webContents.printToPDF instead.
import fs from 'node:fs';
import { chromium } from 'playwright-core';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function htmlToPdf(html: string, options: { executablePath?: string } = {}): Promise<Uint8Array> {
  const executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Không tìm thấy Chromium để in PDF (đã tìm ở ${executablePath}). Hãy cài Chromium (Debian: apt-get install -y chromium) ` +
        'hoặc đặt biến môi trường CHROMIUM_PATH chỉ đến nó; cũng có thể xuất tệp Word (.docx) rồi in từ Word.',
    );
  }
  const browser = await chromium.launch({ executablePath, args: FLAGS });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    await browser.close();
  }
}

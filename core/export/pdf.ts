// The print view (html.ts) as a PDF, printed by Chromium outside Electron: the preview server and the command line. The
// Electron shell prints the same HTML with webContents.printToPDF instead, so playwright-core (a development dependency)
// is loaded only when this runs, never by merely importing the module.
import fs from 'node:fs';
import type { Browser } from 'playwright-core';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function htmlToPdf(html: string, options: { executablePath?: string } = {}): Promise<Uint8Array> {
  const executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Không tìm thấy Chromium để in PDF (đã tìm ở ${executablePath}). Hãy cài Chromium (Debian: apt-get install -y chromium) ` +
        'hoặc đặt biến môi trường CHROMIUM_PATH chỉ đến nó; cũng có thể xuất tệp Word (.docx) rồi in từ Word.',
    );
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: FLAGS }).catch((error: unknown) => {
    throw new Error(`Không mở được Chromium (${executablePath}) để in PDF. Hãy thử lại, hoặc xuất tệp Word (.docx) rồi in từ Word.`, { cause: error });
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    await browser.close();
  }
}

export interface PdfPrinter {
  print(html: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * A printer that keeps one Chromium open between prints (starting it costs most of a print's time) and starts it
 * again if it went away. The runtime owns one and closes it with the database.
 */
export function createPdfPrinter(options: { executablePath?: string } = {}): PdfPrinter {
  let browser: Promise<Browser> | null = null;
  const start = async () => {
    const executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!fs.existsSync(executablePath)) await htmlToPdf('', { executablePath }); // throws the Vietnamese message
    const { chromium } = await import('playwright-core');
    return chromium.launch({ executablePath, args: FLAGS });
  };
  return {
    async print(html) {
      browser ??= start();
      let open: Browser;
      try {
        open = await browser;
      } catch (error) {
        browser = null;
        if (error instanceof Error && error.message.startsWith('Không tìm thấy Chromium')) throw error;
        throw new Error('Không mở được Chromium để in PDF. Hãy thử lại, hoặc xuất tệp Word (.docx) rồi in từ Word.', { cause: error });
      }
      if (!open.isConnected()) {
        browser = null;
        return this.print(html);
      }
      const page = await open.newPage();
      try {
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } finally {
        await page.close();
      }
    },
    async close() {
      const pending = browser;
      browser = null;
      if (pending) await (await pending.catch(() => null))?.close();
    },
  };
}

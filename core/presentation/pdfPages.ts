// How many pages a PDF attachment has, so the deck can give each page its own slide. Read once per file (files are
// stored by SHA-256 and never change) with pdf.js, the same library the projector draws the pages with.
import fs from 'node:fs';

const known = new Map<string, number>();

/** Pages of the PDF at `file`, named by its SHA-256; 1 when it cannot be read. */
export async function pdfPageCount(sha256: string, file: string): Promise<number> {
  const cached = known.get(sha256);
  if (cached !== undefined) return cached;
  try {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const data = new Uint8Array(await fs.promises.readFile(file));
    const doc = await getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
    const pages = doc.numPages;
    await doc.destroy();
    known.set(sha256, pages);
    return pages;
  } catch {
    // Not cached: a file still arriving (sync) is counted again next time.
    return 1;
  }
}

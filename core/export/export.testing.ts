// For tests: reading exported files the way a person would see them. Poppler (pdftotext, pdfinfo, pdftoppm) for PDFs,
// LibreOffice for .docx, and a small zip reader to look inside a .docx.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { expect } from 'vitest';
import { leftColumnShare } from './measure';
import type { PartyDocument } from './partyDocument';
import type { DocumentLayout } from './types';

const run = promisify(execFile);

/** The first of `names` found on PATH, or null. */
export function findOnPath(...names: string[]): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  return null;
}

export const soffice = findOnPath('soffice', 'libreoffice');
export const poppler = findOnPath('pdftotext') !== null && findOnPath('pdfinfo') !== null;

/** Converts a .docx to PDF with LibreOffice, in a profile of its own so that runs in parallel do not clash. */
export async function docxToPdfWithLibreOffice(docxFile: string, outDir: string): Promise<string> {
  if (!soffice) throw new Error('LibreOffice is not installed');
  const profile = fs.mkdtempSync(path.join(outDir, 'lo-profile-'));
  await run(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, docxFile], {
    timeout: 90_000,
  });
  const pdf = path.join(outDir, `${path.basename(docxFile, '.docx')}.pdf`);
  if (!fs.existsSync(pdf)) throw new Error(`LibreOffice did not write ${pdf}`);
  return pdf;
}

/** The PDF's text as `pdftotext -layout` gives it, in NFC with runs of white space made one space. */
export async function pdfText(pdfFile: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', pdfFile, '-'], { maxBuffer: 16 * 1024 * 1024 });
  return flat(stdout);
}

export function flat(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Each page's size in points, from pdfinfo. */
export async function pdfPageSizes(pdfFile: string): Promise<{ width: number; height: number }[]> {
  const { stdout } = await run('pdfinfo', ['-f', '1', '-l', '999', pdfFile]);
  return [...stdout.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gmu)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
}

/** Every page A4 (595 × 842 points), give or take a point. */
export function expectA4(pages: { width: number; height: number }[]): void {
  expect(pages.length).toBeGreaterThan(0);
  for (const page of pages) {
    expect(Math.abs(page.width - 595), `page width ${page.width}`).toBeLessThanOrEqual(1);
    expect(Math.abs(page.height - 842), `page height ${page.height}`).toBeLessThanOrEqual(1);
  }
}

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** The words of one page with their boxes in points from the top left, from `pdftotext -bbox`. */
export async function pdfWords(pdfFile: string, page = 1): Promise<{ width: number; height: number; words: Word[] }> {
  const { stdout } = await run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdfFile, '-'], { maxBuffer: 16 * 1024 * 1024 });
  const size = /<page width="([\d.]+)" height="([\d.]+)"/u.exec(stdout);
  const words = [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/gu)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: unescapeXml(m[5]!).normalize('NFC'),
  }));
  return { width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), words };
}

/** The box of the first run of consecutive words that reads `phrase`, or null. */
export function findPhrase(words: Word[], phrase: string): Word | null {
  const wanted = phrase.normalize('NFC').split(' ');
  for (let i = 0; i + wanted.length <= words.length; i++) {
    if (wanted.every((w, j) => words[i + j]!.text === w)) {
      const found = words.slice(i, i + wanted.length);
      return {
        text: phrase,
        xMin: Math.min(...found.map((w) => w.xMin)),
        yMin: Math.min(...found.map((w) => w.yMin)),
        xMax: Math.max(...found.map((w) => w.xMax)),
        yMax: Math.max(...found.map((w) => w.yMax)),
      };
    }
  }
  return null;
}

/** Page 1 as a PNG at 60 dpi, for a person to look at: `<outBase>-1.png`. */
export async function firstPageAsPng(pdfFile: string, outBase: string): Promise<string | null> {
  if (!findOnPath('pdftoppm')) return null;
  fs.mkdirSync(path.dirname(outBase), { recursive: true });
  await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdfFile, outBase]);
  return `${outBase}-1.png`;
}

/** One file of a zip archive (a .docx), read from its central directory; stored or deflated entries only. */
export function readZipEntry(zip: Uint8Array, name: string): string {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let e = 0; e < entries; e++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localHeader = buf.readUInt32LE(p + 42);
    const entryName = buf.toString('utf8', p + 46, p + 46 + nameLength);
    if (entryName === name) {
      const dataStart = localHeader + 30 + buf.readUInt16LE(localHeader + 26) + buf.readUInt16LE(localHeader + 28);
      const data = buf.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return data.toString('utf8');
      if (method === 8) return inflateRawSync(data).toString('utf8');
      throw new Error(`zip method ${method} not supported`);
    }
    p += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} not in the archive`);
}

/** The attributes of the first `<tag …/>` in some XML, as a map. */
export function xmlAttributes(xml: string, tag: string): Record<string, string> | null {
  const match = new RegExp(`<${tag}\\s([^>]*?)/?>`, 'u').exec(xml);
  if (!match) return null;
  return Object.fromEntries([...match[1]!.matchAll(/([\w:]+)="([^"]*)"/gu)].map((m) => [m[1]!, m[2]!]));
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

const mmToPt = (mm: number) => (mm * 72) / 25.4;
const centre = (w: Word) => (w.xMin + w.xMax) / 2;

/**
 * What a reader sees of the layout, in a PDF of `doc` however it was printed: the header's two blocks side by side on
 * the same line, each centred in its column and not wrapped; the title centred under them; all text inside the
 * margins and reaching them; the signature blocks side by side with room to sign above the names.
 */
export async function expectOfficialLayout(pdfFile: string, doc: PartyDocument, layout: DocumentLayout): Promise<void> {
  const pages = (await pdfPageSizes(pdfFile)).length;
  const first = await pdfWords(pdfFile, 1);
  const left = mmToPt(layout.marginsMm.left);
  const right = first.width - mmToPt(layout.marginsMm.right);
  const width = right - left;
  const share = leftColumnShare(doc, layout);
  const leftCentre = left + (share * width) / 2;
  const rightCentre = left + share * width + ((1 - share) * width) / 2;
  const lineHeight = layout.fontSizePt * 1.6;

  const headerLines = (items: PartyDocument['header']['left']) => items.flatMap((item) => (item.kind === 'line' && item.text !== '*' ? [item.text] : []));
  const found = (words: Word[], phrase: string) => {
    const box = findPhrase(words, phrase);
    expect(box, `"${phrase}" in ${path.basename(pdfFile)}`).not.toBeNull();
    return box!;
  };
  const [wardLine, ...otherLeft] = headerLines(doc.header.left).map((t) => found(first.words, t));
  const [partyLine, dateLine] = headerLines(doc.header.right).map((t) => found(first.words, t));
  expect(Math.abs(wardLine!.yMin - partyLine!.yMin), 'header blocks on the same line').toBeLessThan(4);
  expect(wardLine!.xMax, 'left header block left of the right one').toBeLessThan(partyLine!.xMin);
  for (const line of [wardLine!, ...otherLeft]) {
    expect(line.yMax - line.yMin, `"${line.text}" on one line`).toBeLessThan(lineHeight);
    expect(Math.abs(centre(line) - leftCentre), `"${line.text}" centred in the left column`).toBeLessThan(3);
  }
  for (const line of [partyLine!, dateLine!]) {
    expect(line.yMax - line.yMin, `"${line.text}" on one line`).toBeLessThan(lineHeight);
    expect(Math.abs(centre(line) - rightCentre), `"${line.text}" centred in the right column`).toBeLessThan(3);
  }
  const title = found(first.words, doc.title[0]!.text);
  expect(Math.abs(centre(title) - (left + width / 2)), 'title centred on the page').toBeLessThan(3);
  expect(title.yMin, 'title below the header').toBeGreaterThan(dateLine!.yMax);
  expect(Math.min(...first.words.map((w) => w.yMin)), 'header starts at the top margin').toBeGreaterThan(mmToPt(layout.marginsMm.top) - 1);
  expect(Math.min(...first.words.map((w) => w.yMin)), 'header starts at the top margin').toBeLessThan(mmToPt(layout.marginsMm.top) + lineHeight);

  let reachesLeft = false;
  let reachesRight = false;
  let last = first;
  for (let page = 1; page <= pages; page++) {
    const { words, height } = page === 1 ? first : await pdfWords(pdfFile, page);
    for (const w of words) {
      expect(w.xMin, `"${w.text}" (page ${page}) inside the left margin`).toBeGreaterThan(left - 1);
      expect(w.xMax, `"${w.text}" (page ${page}) inside the right margin`).toBeLessThan(right + 1);
      expect(w.yMax, `"${w.text}" (page ${page}) above the bottom margin`).toBeLessThan(height - mmToPt(layout.marginsMm.bottom) + 1);
    }
    reachesLeft ||= words.some((w) => Math.abs(w.xMin - left) < 1.5);
    reachesRight ||= words.some((w) => Math.abs(w.xMax - right) < 1.5);
    last = page === 1 ? first : { ...last, words };
  }
  expect(reachesLeft, 'body text starts at the left margin').toBe(true);
  expect(reachesRight, 'justified body text ends at the right margin').toBe(true);

  const sign = doc.signatures;
  const rightHead = found(last.words, sign.right!.lines[0]!.text);
  const rightName = found(last.words, sign.right!.name);
  expect(Math.abs(centre(rightHead) - rightCentre), 'right signature block centred in its column').toBeLessThan(3);
  expect(Math.abs(centre(rightName) - rightCentre), 'right signature name centred in its column').toBeLessThan(3);
  expect(rightName.yMin - rightHead.yMax, 'room to sign above the name').toBeGreaterThan(50);
  if (sign.left) {
    const leftHead = found(last.words, sign.left.lines[0]!.text);
    const leftName = found(last.words, sign.left.name);
    expect(Math.abs(leftHead.yMin - rightHead.yMin), 'signature blocks side by side').toBeLessThan(4);
    expect(Math.abs(leftName.yMin - rightName.yMin), 'signers\' names on one line').toBeLessThan(4);
    expect(Math.abs(centre(leftHead) - leftCentre), 'left signature block centred in its column').toBeLessThan(3);
    expect(Math.abs(centre(leftName) - leftCentre), 'left signature name centred in its column').toBeLessThan(3);
  }
}

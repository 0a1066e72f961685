// The Word file as LibreOffice prints it (one conversion per kind of document, shared by the checks), and as Word reads
// its XML. Page 1 of each conversion is left in e2e/artifacts/ as a PNG for a person to look at.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A4_TWIPS, mmToTwips, toDocx } from './docx';
import { sampleMinutes, sampleResolution, SAMPLE_MINUTES_TEXTS, SAMPLE_RESOLUTION_TEXTS } from './export.fixtures';
import {
  docxToPdfWithLibreOffice,
  expectA4,
  expectOfficialLayout,
  firstPageAsPng,
  pdfPageSizes,
  pdfText,
  poppler,
  readZipEntry,
  soffice,
  xmlAttributes,
} from './export.testing';
import { minutesDocument, resolutionDocument } from './partyDocument';
import { DEFAULT_LAYOUT, type DocumentLayout } from './types';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../e2e/artifacts/export');
/** The older guidance's margins, so that the test shows the settings are followed rather than the defaults. */
const OLDER_LAYOUT: DocumentLayout = { marginsMm: { top: 25, bottom: 25, left: 35, right: 15 }, fontSizePt: 14 };
const canPrint = soffice !== null && poppler;
/** Said in the title of a check that cannot run here, so the report says why it was skipped. */
const missing = soffice === null ? ' (LibreOffice không có trên máy này)' : poppler ? '' : ' (poppler-utils không có trên máy này)';

describe('the minutes as a Word file', () => {
  const doc = minutesDocument(sampleMinutes());
  let docx: Uint8Array;

  beforeAll(async () => {
    docx = await toDocx(doc, OLDER_LAYOUT);
  });

  it('is an A4 page with the layout margins in twips', () => {
    const xml = readZipEntry(docx, 'word/document.xml');
    expect(xmlAttributes(xml, 'w:pgSz')).toMatchObject({ 'w:w': String(A4_TWIPS.width), 'w:h': String(A4_TWIPS.height) });
    expect(xmlAttributes(xml, 'w:pgMar')).toMatchObject({ 'w:top': '1417', 'w:bottom': '1417', 'w:left': '1984', 'w:right': '850' });
    expect([20, 30, 15].map(mmToTwips)).toEqual([1134, 1701, 850]);
  });

  it('sets Times New Roman in every font slot, the body size and Vietnamese as defaults', () => {
    const styles = readZipEntry(docx, 'word/styles.xml');
    const defaults = /<w:rPrDefault>(.*?)<\/w:rPrDefault>/su.exec(styles)?.[1] ?? '';
    expect(xmlAttributes(defaults, 'w:rFonts')).toMatchObject({
      'w:ascii': 'Times New Roman',
      'w:hAnsi': 'Times New Roman',
      'w:cs': 'Times New Roman',
      'w:eastAsia': 'Times New Roman',
    });
    expect(xmlAttributes(defaults, 'w:sz')).toEqual({ 'w:val': '28' });
    expect(xmlAttributes(defaults, 'w:lang')).toMatchObject({ 'w:val': 'vi-VN' });
  });

  it('lays the header and signatures out as borderless tables and justifies the body', () => {
    const xml = readZipEntry(docx, 'word/document.xml');
    expect(xml.match(/<w:tbl>/g)).toHaveLength(2);
    const borders = [...xml.matchAll(/<w:tblBorders>(.*?)<\/w:tblBorders>/gsu)].map((m) => m[1]!);
    expect(borders).toHaveLength(2);
    for (const b of borders) expect(b.match(/w:val="(\w+)"/g)?.every((v) => v === 'w:val="none"')).toBe(true);
    expect(xml).toContain('<w:jc w:val="both"/>');
  });

  it.skipIf(!canPrint)(`opens in LibreOffice and prints on A4 with everything a reader looks for${missing}`, { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chibo-docx-'));
    try {
      const file = path.join(dir, 'bien-ban.docx');
      fs.writeFileSync(file, docx);
      const pdf = await docxToPdfWithLibreOffice(file, dir);
      const text = await pdfText(pdf);
      for (const expected of SAMPLE_MINUTES_TEXTS) expect(text).toContain(expected);
      expectA4(await pdfPageSizes(pdf));
      await expectOfficialLayout(pdf, doc, OLDER_LAYOUT);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.copyFileSync(pdf, path.join(ARTIFACTS, 'bien-ban-libreoffice.pdf'));
      await firstPageAsPng(pdf, path.join(ARTIFACTS, 'bien-ban-libreoffice'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the resolution as a Word file', () => {
  const doc = resolutionDocument(sampleResolution());
  let dir: string;
  let pdf: string | null = null;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chibo-docx-'));
    const file = path.join(dir, 'nghi-quyet.docx');
    fs.writeFileSync(file, await toDocx(doc, DEFAULT_LAYOUT));
    if (canPrint) pdf = await docxToPdfWithLibreOffice(file, dir);
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!canPrint)(`prints in LibreOffice on A4 with its number, title and the secretary signing for the branch${missing}`, async () => {
    const text = await pdfText(pdf!);
    for (const expected of SAMPLE_RESOLUTION_TEXTS) expect(text).toContain(expected);
    const pages = await pdfPageSizes(pdf!);
    expect(pages).toHaveLength(1);
    expectA4(pages);
    await expectOfficialLayout(pdf!, doc, DEFAULT_LAYOUT);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await firstPageAsPng(pdf!, path.join(ARTIFACTS, 'nghi-quyet-libreoffice'));
  });
});

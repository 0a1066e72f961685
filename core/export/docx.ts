// A party document as a Word file (.docx), laid out as Hướng dẫn 36-HD/VPTW asks (DOMAIN.md, "The resolution and document
// layout"): A4, margins and body size from the settings, Times New Roman, Vietnamese. Word and LibreOffice both open it.
import {
  AlignmentType,
  BorderStyle,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { headerLineSize, leftColumnShare, textWidthPt } from './measure';
import { introducesNext, type HeaderItem, type Line, type PartyDocument, type Run, type SignatureBlock } from './partyDocument';
import type { DocumentLayout } from './types';

/** A4 in twips (twentieths of a point). */
export const A4_TWIPS = { width: 11906, height: 16838 } as const;

const FONT = 'Times New Roman';
/** First-line indent of body paragraphs: 1 cm. */
const FIRST_LINE = 567;
/** Space left for a signature between the block's lines and the name: about 2.5 cm. */
const SIGNATURE_SPACE = 1400;

export function mmToTwips(mm: number): number {
  return Math.round((mm * 1440) / 25.4);
}

export async function toDocx(doc: PartyDocument, layout: DocumentLayout): Promise<Uint8Array> {
  const size = layout.fontSizePt;
  const margin = {
    top: mmToTwips(layout.marginsMm.top),
    bottom: mmToTwips(layout.marginsMm.bottom),
    left: mmToTwips(layout.marginsMm.left),
    right: mmToTwips(layout.marginsMm.right),
  };
  const textWidth = A4_TWIPS.width - margin.left - margin.right;
  // Header and signature columns: the issuing organisation on the left, the party's name and date on the right.
  const leftWidth = Math.round(textWidth * leftColumnShare(doc, layout));
  const columns = [leftWidth, textWidth - leftWidth];

  const header = twoColumns(columns, [headerCell(doc.header.left, columns[0]!, size), headerCell(doc.header.right, columns[1]!, size)]);

  const title = doc.title.map(
    (line, i) =>
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        spacing: { before: i === 0 ? 480 : 0, after: i === doc.title.length - 1 ? 360 : 0 },
        children: [run(line, line.large ? size + 2 : size)],
      }),
  );

  // The last paragraph keeps with the signatures, so they never stand alone on a page.
  const body = doc.body.map((block, i) =>
    block.kind === 'heading'
      ? new Paragraph({
          alignment: AlignmentType.BOTH,
          keepNext: true,
          indent: { firstLine: FIRST_LINE },
          spacing: { before: 120, after: 120 },
          children: [new TextRun({ text: block.text, bold: true })],
        })
      : new Paragraph({
          alignment: AlignmentType.BOTH,
          keepNext: introducesNext(block) || i === doc.body.length - 1,
          widowControl: true,
          indent: { firstLine: FIRST_LINE },
          spacing: { after: 120 },
          children: block.runs.map((r) => run(r, size)),
        }),
  );

  const signatures = twoColumns(columns, [signatureCell(doc.signatures.left, columns[0]!, size), signatureCell(doc.signatures.right, columns[1]!, size)]);

  const document = new Document({
    title: doc.name,
    creator: 'Chi bộ số',
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: FONT, hAnsi: FONT, cs: FONT, eastAsia: FONT },
            size: size * 2,
            language: { value: 'vi-VN', eastAsia: 'vi-VN' },
          },
          paragraph: { spacing: { line: 264, lineRule: LineRuleType.AUTO, before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: A4_TWIPS.width, height: A4_TWIPS.height }, margin: { ...margin, header: 720, footer: 720 } } },
        children: [header, ...title, ...body, new Paragraph({ keepNext: true, spacing: { line: 240, lineRule: LineRuleType.EXACT }, children: [] }), signatures],
      },
    ],
  });
  const buffer = await Packer.toBuffer(document);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function run(r: Run, sizePt: number): TextRun {
  return new TextRun({ text: r.text, bold: r.bold, italics: r.italic, size: sizePt * 2 });
}

/** A borderless table of one row and two columns of the given widths. */
function twoColumns(widths: number[], cells: TableCell[]): Table {
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
    rows: [new TableRow({ cantSplit: true, children: cells })],
  });
}

function headerCell(items: HeaderItem[], width: number, size: number): TableCell {
  const children = items.map((item, i) => {
    if (item.kind === 'rule') {
      // A line as long as the text above it: a paragraph's bottom border, indented from both sides of the cell.
      const above = items[i - 1];
      const lineWidth = above?.kind === 'line' ? Math.min(width, Math.round(textWidthPt(above.text, above, headerLineSize(above, size)) * 20)) : width / 2;
      const side = Math.max(0, Math.round((width - lineWidth) / 2));
      return new Paragraph({
        indent: { left: side, right: side },
        spacing: { before: 0, after: 120, line: 60, lineRule: LineRuleType.EXACT },
        border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
        children: [new TextRun({ text: '', size: 2 })],
      });
    }
    return new Paragraph({ alignment: AlignmentType.CENTER, children: [run(item, headerLineSize(item, size))] });
  });
  return new TableCell({ width: { size: width, type: WidthType.DXA }, verticalAlign: VerticalAlignTable.TOP, children });
}

function signatureCell(block: SignatureBlock | null, width: number, size: number): TableCell {
  const children = block
    ? [
        ...block.lines.map((line: Line) => new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, children: [run(line, size)] })),
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: SIGNATURE_SPACE }, children: [run({ text: block.name, bold: true }, size)] }),
      ]
    : [new Paragraph({ children: [] })];
  return new TableCell({ width: { size: width, type: WidthType.DXA }, children });
}

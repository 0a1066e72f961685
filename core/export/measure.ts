// How wide a line of Times New Roman is, near enough to lay out the header: both renderers split the header and signature
// columns with it, and docx.ts sizes the rule under "ĐẢNG CỘNG SẢN VIỆT NAM". Advance widths (per 1000 em) are those of
// Adobe's Times AFM files, which Times New Roman and Liberation Serif match; Vietnamese letters take their base letter's.
import type { HeaderItem, PartyDocument } from './partyDocument';
import type { DocumentLayout } from './types';

type Face = 'regular' | 'bold' | 'italic';

const UPPER: Record<Face, number[]> = {
  //        A    B    C    D    E    F    G    H    I    J    K    L    M    N    O    P    Q    R    S    T    U    V    W     X    Y    Z
  regular: [722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611],
  bold: [722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667],
  italic: [611, 611, 667, 722, 611, 611, 722, 722, 333, 444, 667, 556, 833, 667, 722, 611, 722, 611, 500, 556, 722, 611, 833, 611, 556, 556],
};
const LOWER: Record<Face, number[]> = {
  //        a    b    c    d    e    f    g    h    i    j    k    l    m    n    o    p    q    r    s    t    u    v    w    x    y    z
  regular: [444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444],
  bold: [500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444],
  italic: [500, 500, 444, 500, 444, 278, 500, 500, 278, 278, 444, 278, 722, 500, 500, 500, 500, 389, 389, 278, 500, 444, 667, 444, 444, 389],
};
const OTHER: Record<string, number> = { ' ': 250, ',': 250, '.': 250, ':': 278, ';': 278, '-': 333, '/': 278, '(': 333, ')': 333, '*': 500, '“': 444, '”': 444 };

/** The width in points of `text` set in Times New Roman at `sizePt`. */
export function textWidthPt(text: string, style: { bold?: boolean; italic?: boolean }, sizePt: number): number {
  const face: Face = style.bold ? 'bold' : style.italic ? 'italic' : 'regular';
  let units = 0;
  // Strip the tone and vowel marks: "Ổ" is as wide as "O", and "Đ" as "D".
  for (const ch of text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')) {
    const code = ch.charCodeAt(0);
    if (code >= 65 && code <= 90) units += UPPER[face][code - 65]!;
    else if (code >= 97 && code <= 122) units += LOWER[face][code - 97]!;
    else if (code >= 48 && code <= 57) units += 500;
    else units += OTHER[ch] ?? 500;
  }
  return (units * sizePt) / 1000;
}

/** The size a header line is set at: the party's name a point larger than the body. */
export function headerLineSize(item: { large?: boolean }, bodySizePt: number): number {
  return item.large ? bodySizePt + 1 : bodySizePt;
}

/** Width of the text area of an A4 page in points. */
export function textAreaWidthPt(layout: DocumentLayout): number {
  return ((210 - layout.marginsMm.left - layout.marginsMm.right) * 72) / 25.4;
}

/**
 * The left column's share of the width, for the header and the signatures alike: 40% as official templates have it,
 * widened up to half when the issuing organisation's name would otherwise wrap, as long as the right column keeps room
 * for the party's name and the date line.
 */
export function leftColumnShare(doc: PartyDocument, layout: DocumentLayout): number {
  const width = textAreaWidthPt(layout);
  const widest = (items: HeaderItem[]) =>
    Math.max(0, ...items.map((item) => (item.kind === 'line' ? textWidthPt(item.text, item, headerLineSize(item, layout.fontSizePt)) : 0)));
  const slack = 6; // points, so a line that just fits is not pushed onto a second one by a renderer's rounding
  const leftNeeds = (widest(doc.header.left) + slack) / width;
  const rightNeeds = (widest(doc.header.right) + slack) / width;
  const share = Math.min(Math.max(0.4, leftNeeds), 0.5, Math.max(0.4, 1 - rightNeeds));
  return Math.round(share * 1000) / 1000;
}

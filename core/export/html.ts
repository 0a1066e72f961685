// A party document as one self-contained HTML page: the print preview the renderer shows, and what Chromium prints to PDF
// (pdf.ts). Same blocks and the same layout settings as docx.ts. Every piece of text is escaped: names and summaries are
// typed by users. The page's own policy forbids scripts, so even a slip in escaping could not run one.
import { leftColumnShare } from './measure';
import { introducesNext, type HeaderItem, type Line, type PartyDocument, type Run, type SignatureBlock } from './partyDocument';
import type { DocumentLayout } from './types';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

export function toHtml(doc: PartyDocument, layout: DocumentLayout): string {
  const { top, right, bottom, left } = layout.marginsMm;
  const size = layout.fontSizePt;
  const leftShare = leftColumnShare(doc, layout) * 100;
  const css = `
@page { size: A4; margin: ${top}mm ${right}mm ${bottom}mm ${left}mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: ${size}pt; line-height: 1.27; color: #000; background: #fff; }
.page { width: 100%; }
@media screen {
  body { background: #e6e6e6; }
  .page { width: 210mm; min-height: 297mm; margin: 12px auto; padding: ${top}mm ${right}mm ${bottom}mm ${left}mm; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); }
}
table.cols { width: 100%; border-collapse: collapse; table-layout: fixed; break-inside: avoid; }
table.cols td { padding: 0; vertical-align: top; text-align: center; }
table.cols td.left { width: ${leftShare}%; }
table.cols td.right { width: ${100 - leftShare}%; }
.line { margin: 0; }
.large { font-size: ${size + 1}pt; }
.ruled { display: inline-block; border-bottom: 0.75pt solid #000; padding-bottom: 2pt; margin-bottom: 5pt; }
.rule { width: 50%; margin: 1pt auto 5pt; border-top: 0.75pt solid #000; }
.b { font-weight: bold; }
.i { font-style: italic; }
.title { margin: 24pt 0 18pt; text-align: center; break-after: avoid; }
.title p { margin: 0; }
.title .large { font-size: ${size + 2}pt; }
.body p { margin: 0 0 6pt; text-indent: 1cm; text-align: justify; hyphens: none; overflow-wrap: break-word; }
.body p { orphans: 2; widows: 2; }
.body p.heading { margin: 6pt 0; font-weight: bold; break-after: avoid; }
.body p.keep { break-after: avoid; }
.signatures { margin-top: 12pt; }
.signatures .name { margin-top: 70pt; font-weight: bold; }
`;
  return [
    '<!DOCTYPE html>',
    '<html lang="vi">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(doc.name)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<div class="page">',
    `<table class="cols header"><tr><td class="left">${headerColumn(doc.header.left)}</td><td class="right">${headerColumn(doc.header.right)}</td></tr></table>`,
    `<div class="title">${doc.title.map((line) => `<p>${span(line)}</p>`).join('')}</div>`,
    '<div class="body">',
    // The last paragraph keeps with the signatures, so they never stand alone on a page.
    ...doc.body.map((block, i) =>
      block.kind === 'heading'
        ? `<p class="heading">${escapeHtml(block.text)}</p>`
        : `<p${introducesNext(block) || i === doc.body.length - 1 ? ' class="keep"' : ''}>${block.runs.map((r) => span(r)).join('')}</p>`,
    ),
    '</div>',
    `<table class="cols signatures"><tr><td class="left">${signature(doc.signatures.left)}</td><td class="right">${signature(doc.signatures.right)}</td></tr></table>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function headerColumn(items: HeaderItem[]): string {
  return items
    .map((item, i) => {
      if (item.kind === 'rule') return items[i - 1]?.kind === 'line' ? '' : '<div class="rule"></div>';
      // A rule right after a line is drawn under that line's text, exactly as long as it.
      const ruled = items[i + 1]?.kind === 'rule';
      return `<div class="line">${span(item, ruled ? 'ruled' : '')}</div>`;
    })
    .join('');
}

function signature(block: SignatureBlock | null): string {
  if (!block) return '';
  return `${block.lines.map((line) => `<div class="line">${span(line)}</div>`).join('')}<div class="line name">${escapeHtml(block.name)}</div>`;
}

function span(r: Run | Line, extra = ''): string {
  const classes = [r.bold ? 'b' : '', r.italic ? 'i' : '', 'large' in r && r.large ? 'large' : '', extra].filter(Boolean).join(' ');
  return classes ? `<span class="${classes}">${escapeHtml(r.text)}</span>` : escapeHtml(r.text);
}

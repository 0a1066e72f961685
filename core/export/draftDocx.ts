// A draft resolution brought in from Word: the paragraphs of word/document.xml, cut into sections where a heading
// starts ("I. …", "II. …", or a paragraph in a Heading style). Formatting is dropped; the app numbers the lines itself.
import JSZip from 'jszip';
import type { DraftSection } from '../rules/draftLines';

export class DraftDocxError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) =>
    name.startsWith('#x') || name.startsWith('#X')
      ? String.fromCodePoint(parseInt(name.slice(2), 16))
      : name.startsWith('#')
        ? String.fromCodePoint(Number(name.slice(1)))
        : (ENTITIES[name] ?? whole),
  );

export async function readDraftDocx(bytes: Uint8Array): Promise<DraftSection[]> {
  let xml: string | undefined;
  try {
    const zip = await JSZip.loadAsync(bytes);
    xml = await zip.file('word/document.xml')?.async('string');
  } catch {
    xml = undefined;
  }
  if (!xml) throw new DraftDocxError('Tệp không phải văn bản Word (.docx) đọc được. Nếu là tệp .doc cũ, hãy mở bằng Word và lưu lại dạng .docx.');
  const sections: DraftSection[] = [];
  for (const [, attributes, body] of xml.matchAll(/<w:p(\s[^>]*)?>([\s\S]*?)<\/w:p>/g)) {
    void attributes;
    const text = decode([...body!.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => m[1] ?? ' ').join(''))
      .replace(/\s+/g, ' ')
      .trim();
    if (!text) continue;
    const style = /<w:pStyle w:val="([^"]+)"/.exec(body!)?.[1] ?? '';
    const heading = /^(heading|title|u-?de)/i.test(style) || /^[IVX]+\.\s+\S/.test(text);
    if (heading) sections.push({ heading: text, paragraphs: [] });
    else {
      if (sections.length === 0) sections.push({ heading: '', paragraphs: [] });
      sections.at(-1)!.paragraphs.push(text);
    }
  }
  const kept = sections.filter((s) => s.paragraphs.length > 0 || s.heading);
  if (!kept.some((s) => s.paragraphs.length > 0)) throw new DraftDocxError('Văn bản Word không có đoạn nội dung nào để làm dự thảo.');
  return kept;
}

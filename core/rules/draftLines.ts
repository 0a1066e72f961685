// Line numbers of a draft resolution. Lines are cut at word boundaries to a fixed width, in the core, so that "dòng 42"
// means the same words in the app, on the projector, in every comment and in the exported draft, whatever the screen.

export const LINE_WIDTH = 72;

export interface DraftSection {
  heading: string;
  paragraphs: string[];
}

export interface DraftLine {
  /** 1-based, over the whole draft. */
  number: number;
  text: string;
  /** Which section and paragraph (0-based) the line belongs to; paragraph -1 is the section heading. */
  section: number;
  paragraph: number;
}

export function wrap(text: string, width = LINE_WIDTH): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

export function numberLines(sections: readonly DraftSection[], width = LINE_WIDTH): DraftLine[] {
  const lines: DraftLine[] = [];
  sections.forEach((section, s) => {
    if (section.heading.trim()) {
      for (const text of wrap(section.heading, width)) lines.push({ number: lines.length + 1, text, section: s, paragraph: -1 });
    }
    section.paragraphs.forEach((paragraph, p) => {
      for (const text of wrap(paragraph, width)) lines.push({ number: lines.length + 1, text, section: s, paragraph: p });
    });
  });
  return lines;
}

/** The paragraph a line range lies in, when it lies in exactly one. */
export function paragraphOf(lines: readonly DraftLine[], from: number, to: number): { section: number; paragraph: number } | null {
  const picked = lines.filter((l) => l.number >= from && l.number <= to);
  if (picked.length === 0) return null;
  const first = picked[0]!;
  return picked.every((l) => l.section === first.section && l.paragraph === first.paragraph && l.paragraph >= 0)
    ? { section: first.section, paragraph: first.paragraph }
    : null;
}

// Vietnamese names as the database stores them: a sort key that orders by given name, then middle names, then family
// name with Vietnamese collation (a < ă < â, d < đ, …; tones: none, huyền, hỏi, ngã, sắc, nặng), and a folded form
// without diacritics for search ("nguyen van a" finds "Nguyễn Văn A"). Both are plain strings, so SQLite's BINARY
// collation and ordinary indexes do the work.

const ALPHABET = ['a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ',
  'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z'];
// Ranks start after the digits ('0'–'9' keep their own code points), so every key character is printable ASCII.
const PRIMARY = new Map(ALPHABET.map((letter, i) => [letter, String.fromCharCode(0x41 + i)]));
const TONES: Record<string, string> = { '\u0300': '1', '\u0309': '2', '\u0303': '3', '\u0301': '4', '\u0323': '5' };
const SHAPE: Record<string, Record<string, string>> = {
  '\u0306': { a: 'ă' },
  '\u0302': { a: 'â', e: 'ê', o: 'ô' },
  '\u031b': { o: 'ơ', u: 'ư' },
};

/** Splits a full name into [family, middle, given]; a one-word name is all given name. */
export function splitName(fullName: string): { family: string; middle: string; given: string } {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { family: '', middle: '', given: words[0] ?? '' };
  return { family: words[0]!, middle: words.slice(1, -1).join(' '), given: words[words.length - 1]! };
}

/** Primary letters, then tones, of one name part; a space stays a space so "An" sorts before "An Bình". */
function partKey(part: string): string {
  let primary = '';
  let tones = '';
  for (const ch of part.toLowerCase().normalize('NFC')) {
    const parts = ch.normalize('NFD');
    let base = parts[0]!;
    let tone = '0';
    for (const mark of parts.slice(1)) {
      if (TONES[mark]) tone = TONES[mark]!;
      else base = SHAPE[mark]?.[base] ?? base;
    }
    const rank = PRIMARY.get(base);
    if (rank) {
      primary += rank;
      tones += tone;
    } else if (/\s/.test(base)) {
      primary += ' ';
    } else {
      primary += base;
    }
  }
  return `${primary}\u0002${tones}\u0001`;
}

/** A key whose binary order is the Vietnamese order of names: given, then middle, then family. */
export function nameSortKey(fullName: string): string {
  const { family, middle, given } = splitName(fullName);
  return partKey(given) + partKey(middle) + partKey(family);
}

/** Lower case without diacritics, đ as d, spaces folded: the form searches compare against. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

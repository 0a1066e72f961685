import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldDiacritics, nameSortKey, splitName } from './names';

// DOMAIN.md, Members: "Names sort by given name (the last word), then middle names, then family name, with Vietnamese
// collation (a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư; tones: none, huyền, hỏi, ngã, sắc, nặng). Intl.Collator('vi') compares."
const collator = new Intl.Collator('vi', { sensitivity: 'accent' });
function byRule(a: string, b: string): number {
  const x = splitName(a);
  const y = splitName(b);
  return collator.compare(x.given, y.given) || collator.compare(x.middle, y.middle) || collator.compare(x.family, y.family);
}
const byKey = (a: string, b: string) => (nameSortKey(a) < nameSortKey(b) ? -1 : nameSortKey(a) > nameSortKey(b) ? 1 : 0);

describe('nameSortKey', () => {
  it('sorts by given name first, then middle, then family', () => {
    const names = ['Trần Văn Bình', 'Nguyễn Thị An', 'Lê Văn An', 'Nguyễn Văn An', 'Phạm Bảo'];
    expect([...names].sort(byKey)).toEqual(['Lê Văn An', 'Nguyễn Văn An', 'Nguyễn Thị An', 'Phạm Bảo', 'Trần Văn Bình'].sort(byRule));
    expect([...names].sort(byKey)).toEqual(['Nguyễn Thị An', 'Lê Văn An', 'Nguyễn Văn An', 'Phạm Bảo', 'Trần Văn Bình']);
  });

  it('puts the Vietnamese letters and tones in their order', () => {
    const given = ['A', 'Ă', 'Â', 'Đ', 'D', 'Ê', 'E', 'Ô', 'Ơ', 'O', 'Ư', 'U', 'Á', 'À', 'Ả', 'Ã', 'Ạ'];
    const sorted = given.map((g) => `Lê ${g}`).sort(byKey).map((n) => n.slice(3));
    expect(sorted).toEqual(['A', 'À', 'Ả', 'Ã', 'Á', 'Ạ', 'Ă', 'Â', 'D', 'Đ', 'E', 'Ê', 'O', 'Ô', 'Ơ', 'U', 'Ư']);
  });

  it('agrees with Intl.Collator("vi") on random names', () => {
    const syllable = fc.constantFrom('An', 'Ân', 'Anh', 'Ánh', 'Bình', 'Bính', 'Dũng', 'Đức', 'Hà', 'Hạ', 'Hải', 'Hưng',
      'Hùng', 'Lan', 'Lân', 'Long', 'Lộc', 'Mai', 'Minh', 'Ngọc', 'Oanh', 'Ơn', 'Thu', 'Thư', 'Thủy', 'Thúy', 'Uyên', 'Ý', 'Yến');
    const name = fc.array(syllable, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
    fc.assert(fc.property(name, name, (a, b) => Math.sign(byKey(a, b)) === Math.sign(byRule(a, b))), { numRuns: 2000 });
  });
});

describe('foldDiacritics', () => {
  it('lets "nguyen van a" find "Nguyễn Văn A"', () => {
    expect(foldDiacritics('Nguyễn  Văn Á')).toBe('nguyen van a');
    expect(foldDiacritics('Đặng Thị Ưng')).toBe('dang thi ung');
  });
});

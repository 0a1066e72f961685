import { describe, expect, it } from 'vitest';
import { numberLines, paragraphOf, wrap } from './draftLines';

const draft = [
  { heading: 'I. ĐÁNH GIÁ KẾT QUẢ THÁNG 10', paragraphs: ['Chi bộ đã lãnh đạo hoàn thành tốt nhiệm vụ chính trị của tổ dân phố, vận động nhân dân đóng góp quỹ vì người nghèo đạt 120% kế hoạch.', 'Công tác vệ sinh môi trường được duy trì.'] },
  { heading: 'II. NHIỆM VỤ THÁNG 11', paragraphs: ['Tổ chức tốt ngày hội đại đoàn kết toàn dân tộc.'] },
];

describe('draft line numbers (the same on every screen, the projector and in comments)', () => {
  it('cuts at word boundaries within the width and never splits a word', () => {
    for (const line of wrap(draft[0]!.paragraphs[0]!, 40)) expect(line.length).toBeLessThanOrEqual(40);
    expect(wrap(draft[0]!.paragraphs[0]!, 40).join(' ')).toBe(draft[0]!.paragraphs[0]);
  });

  it('numbers headings and paragraphs continuously through the draft', () => {
    const lines = numberLines(draft, 40);
    expect(lines.map((l) => l.number)).toEqual(lines.map((_, i) => i + 1));
    expect(lines[0]).toMatchObject({ text: 'I. ĐÁNH GIÁ KẾT QUẢ THÁNG 10', paragraph: -1 });
    const heading2 = lines.find((l) => l.text.startsWith('II.'))!;
    expect(paragraphOf(lines, heading2.number + 1, heading2.number + 1)).toEqual({ section: 1, paragraph: 0 });
    expect(paragraphOf(lines, 2, 3)).toEqual({ section: 0, paragraph: 0 });
    expect(paragraphOf(lines, 1, 2)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  agendaLengthWarning,
  agendaTemplate,
  canMove,
  defaultTerm,
  draftLeadTime,
  formatDocumentNumber,
  isLocked,
  nextDocumentNumber,
} from './meetingPlan';

describe('meeting length (Hướng dẫn 42-HD/BTCTW: at least 90 minutes, 120 when regular and thematic are held together)', () => {
  it('warns under the minimum and accepts the templates as they are', () => {
    expect(agendaLengthWarning('regular', 89)).toContain('dưới 90 phút');
    expect(agendaLengthWarning('regular', 90)).toBeNull();
    expect(agendaLengthWarning('combined', 110)).toContain('dưới 120 phút');
    for (const kind of ['regular', 'thematic', 'combined'] as const) {
      const total = agendaTemplate(kind).reduce((sum, item) => sum + item.minutes, 0);
      expect(agendaLengthWarning(kind, total), kind).toBeNull();
    }
  });

  it('starts from the typical agenda: opening, minute-taker, roll call, …, adopting the minutes, closing', () => {
    const titles = agendaTemplate('regular').map((i) => i.title);
    expect(titles[0]).toMatch(/^Khai mạc/);
    expect(titles).toContain('Điểm danh, báo cáo số đảng viên có mặt');
    expect(titles).toContain('Biểu quyết thông qua nghị quyết');
    expect(titles.at(-2)).toBe('Thông qua biên bản');
    expect(agendaTemplate('combined').map((i) => i.title)).toContain('Trình bày chuyên đề');
  });
});

describe('draft lead time (Hướng dẫn 42-HD/BTCTW: documents reach members at least one day before)', () => {
  it('is late under 24 hours', () => {
    const meeting = Date.UTC(2026, 10, 4, 12, 30);
    expect(draftLeadTime(meeting - 72 * 3_600_000, meeting)).toEqual({ hours: 72, late: false });
    expect(draftLeadTime(meeting - 23 * 3_600_000, meeting)).toEqual({ hours: 23, late: true });
  });
});

describe('lifecycle: planned → documents shared → held → minutes adopted → sent', () => {
  it('moves forward only, and locks once adopted', () => {
    expect(canMove('planned', 'shared')).toBe(true);
    expect(canMove('planned', 'held')).toBe(true);
    expect(canMove('held', 'planned')).toBe(false);
    expect(canMove('adopted', 'held')).toBe(false);
    expect(isLocked('adopted')).toBe(true);
    expect(isLocked('held')).toBe(false);
  });
});

describe('numbering (Hướng dẫn 36-HD/VPTW §1.3: from 01 per document type per committee term)', () => {
  it('formats and continues the numbers of the term', () => {
    expect(formatDocumentNumber(3)).toBe('03-NQ/CB');
    expect(nextDocumentNumber([])).toBe(1);
    expect(nextDocumentNumber([1, 2, 5])).toBe(6);
    expect(defaultTerm('2026-11-04')).toBe('2025–2030');
    expect(defaultTerm('2024-12-31')).toBe('2020–2025');
  });
});

import { describe, expect, it } from 'vitest';
import { addMonths, isExpectedAt, mayVote, memberDateProblems, officialReviewDue, probationEndDate, type MemberFacts } from './membership';

const member = (facts: Partial<MemberFacts>): MemberFacts => ({
  status: 'official',
  standing: 'active',
  admissionDate: '2010-05-19',
  officialDate: '2011-05-19',
  standingSince: null,
  awayUntil: null,
  ...facts,
});

describe('probation (Điều lệ Đảng, Điều 5: "thời kỳ dự bị mười hai tháng, tính từ ngày chi bộ tổ chức lễ kết nạp")', () => {
  it('ends twelve months after the admission ceremony', () => {
    expect(probationEndDate('2025-03-15')).toBe('2026-03-15');
    expect(probationEndDate('2024-02-29')).toBe('2025-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  it('makes a probationary member due for official recognition in the month it ends, overdue after', () => {
    const probationary = member({ status: 'probationary', admissionDate: '2025-11-20', officialDate: null });
    expect(officialReviewDue(probationary, '2026-10')).toBeNull();
    expect(officialReviewDue(probationary, '2026-11')).toBe('due');
    expect(officialReviewDue(probationary, '2027-01')).toBe('overdue');
    expect(officialReviewDue(member({}), '2026-11')).toBeNull();
    expect(officialReviewDue({ ...probationary, standing: 'transferred_out' }, '2026-11')).toBeNull();
  });
});

describe('who is expected at a meeting (Hướng dẫn 12-HD/BTCTW; exemption per Hướng dẫn 27-HD/BTCTW)', () => {
  const date = '2026-11-10';
  it('expects official and probationary members on the roll who were admitted by that day', () => {
    expect(isExpectedAt(member({}), date)).toBe(true);
    expect(isExpectedAt(member({ status: 'probationary', admissionDate: '2026-06-01', officialDate: null }), date)).toBe(true);
    expect(isExpectedAt(member({ status: 'probationary', admissionDate: '2026-11-20', officialDate: null }), date)).toBe(false);
  });

  it('does not expect exempt members, nor members attending temporarily elsewhere while away', () => {
    expect(isExpectedAt(member({ standing: 'exempt', standingSince: '2020-01-01' }), date)).toBe(false);
    expect(isExpectedAt(member({ standing: 'exempt', standingSince: '2026-12-01' }), date)).toBe(true);
    expect(isExpectedAt(member({ standing: 'away', standingSince: '2026-09-01', awayUntil: '2027-03-01' }), date)).toBe(false);
    expect(isExpectedAt(member({ standing: 'away', standingSince: '2026-09-01', awayUntil: '2026-11-01' }), date)).toBe(true);
  });

  it('expects members who later left only at meetings before they left', () => {
    for (const standing of ['transferred_out', 'removed', 'deceased'] as const) {
      expect(isExpectedAt(member({ standing, standingSince: '2026-11-01' }), date)).toBe(false);
      expect(isExpectedAt(member({ standing, standingSince: '2026-12-01' }), date)).toBe(true);
    }
  });
});

describe('who may vote (Điều lệ Đảng, Điều 5: a probationary member has every right except to vote, stand and elect)', () => {
  it('lets official members on the roll vote, exempt ones included when they attend', () => {
    expect(mayVote({ status: 'official', standing: 'active' })).toBe(true);
    expect(mayVote({ status: 'official', standing: 'exempt' })).toBe(true);
    expect(mayVote({ status: 'probationary', standing: 'active' })).toBe(false);
    expect(mayVote({ status: 'official', standing: 'removed' })).toBe(false);
  });
});

describe('member dates (Điều lệ Đảng, Điều 1: from eighteen years of age; Điều 5: twelve months of probation)', () => {
  it('refuses admission before eighteen, official recognition before probation ends, and future dates', () => {
    const ok = { birthDate: '1980-04-30', admissionDate: '2005-09-02', officialDate: '2006-09-02' };
    expect(memberDateProblemsOf(ok)).toEqual([]);
    expect(memberDateProblemsOf({ ...ok, admissionDate: '1998-04-29', officialDate: null })).toEqual(['admissionDate']);
    expect(memberDateProblemsOf({ ...ok, admissionDate: '1998-04-30', officialDate: null })).toEqual([]);
    expect(memberDateProblemsOf({ ...ok, officialDate: '2006-09-01' })).toEqual(['officialDate']);
    expect(memberDateProblemsOf({ ...ok, birthDate: '2027-01-01' })).toContain('birthDate');
  });
});

function memberDateProblemsOf(m: { birthDate: string; admissionDate: string; officialDate: string | null }) {
  return memberDateProblems(m, '2026-11-26').map((p) => p.path);
}

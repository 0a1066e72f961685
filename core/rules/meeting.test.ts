import { describe, expect, it } from 'vitest';
import { attendanceTotals, voteCountProblems, voteDenominator, voteOutcome, type RollEntry } from './meeting';

/** The branch of ../shared/templates/bien-ban-mau.md: 48 members (45 official, 3 probationary), 11 exempt, 1 away. */
function exampleBranch(): RollEntry[] {
  const roll: RollEntry[] = [];
  const add = (n: number, entry: Omit<RollEntry, 'memberId' | 'name'>, names: string[] = []) => {
    for (let i = 0; i < n; i++) roll.push({ memberId: `m${roll.length}`, name: names[i] ?? `Đảng viên ${roll.length}`, ...entry });
  };
  add(31, { status: 'official', standing: 'active', presence: 'present' });
  add(2, { status: 'probationary', standing: 'active', presence: 'present' });
  add(1, { status: 'official', standing: 'active', presence: 'absent_excused', reason: 'ốm' }, ['Trần Thị Hoa']);
  add(1, { status: 'probationary', standing: 'active', presence: 'absent_excused', reason: 'công tác' }, ['Lê Văn Nam']);
  add(1, { status: 'official', standing: 'active', presence: 'absent_unexcused' }, ['Phạm Quốc Việt']);
  add(2, { status: 'official', standing: 'exempt', presence: 'present' });
  add(9, { status: 'official', standing: 'exempt', presence: null });
  add(1, { status: 'official', standing: 'away', presence: null });
  return roll;
}

describe('attendance totals (DOMAIN.md, The minutes: totals, attendance by category, absent members by name)', () => {
  it('gives the figures of the sample minutes', () => {
    const totals = attendanceTotals(exampleBranch());
    expect(totals).toMatchObject({
      total: 48,
      official: 45,
      probationary: 3,
      exempt: 11,
      away: 1,
      summoned: 36,
      present: 33,
      presentOfficial: 31,
      presentProbationary: 2,
      exemptPresent: 2,
      absent: 3,
      absentExcused: [
        { name: 'Trần Thị Hoa', reason: 'ốm' },
        { name: 'Lê Văn Nam', reason: 'công tác' },
      ],
      absentUnexcused: ['Phạm Quốc Việt'],
    });
    expect(totals.rate).toBeCloseTo(33 / 36);
  });

  it('counts a summoned member nobody marked as absent without a reason', () => {
    const totals = attendanceTotals([{ memberId: 'a', name: 'Ngô Văn Bảy', status: 'official', standing: 'active', presence: null }]);
    expect(totals).toMatchObject({ summoned: 1, present: 0, absentUnexcused: ['Ngô Văn Bảy'] });
  });
});

describe('vote denominator (Quy định 24-QĐ/TW §9.3.2: official members summoned, minus those away, exempt members absent, members absent with an approved reason)', () => {
  it('gives 34 for the sample minutes: 45 official − 1 away − 9 exempt absent − 1 absent with reason', () => {
    expect(voteDenominator(exampleBranch())).toEqual({
      denominator: 34,
      officialTotal: 45,
      away: 1,
      exemptAbsent: 9,
      absentExcused: 1,
      eligiblePresent: 33,
    });
  });

  it('keeps exempt members who attend in the denominator, and they may vote', () => {
    const roll: RollEntry[] = [
      { memberId: 'a', name: 'A', status: 'official', standing: 'exempt', presence: 'present' },
      { memberId: 'b', name: 'B', status: 'official', standing: 'exempt', presence: null },
    ];
    expect(voteDenominator(roll)).toMatchObject({ denominator: 1, exemptAbsent: 1, eligiblePresent: 1 });
  });

  it('never counts probationary members, present or not, nor an unexcused absence as a reduction', () => {
    const roll: RollEntry[] = [
      { memberId: 'a', name: 'A', status: 'probationary', standing: 'active', presence: 'present' },
      { memberId: 'b', name: 'B', status: 'official', standing: 'active', presence: 'absent_unexcused' },
      { memberId: 'c', name: 'C', status: 'official', standing: 'active', presence: 'present' },
    ];
    expect(voteDenominator(roll)).toMatchObject({ denominator: 2, eligiblePresent: 1 });
  });
});

describe('vote outcome (DOMAIN.md, Votes: passes with more than half of the denominator)', () => {
  it('passes above half and fails at exactly half', () => {
    expect(voteOutcome({ for: 33, against: 0, abstain: 0 }, 34)).toEqual({ passed: true, forShare: 33 / 34 });
    expect(voteOutcome({ for: 17, against: 16, abstain: 0 }, 34).passed).toBe(false);
    expect(voteOutcome({ for: 18, against: 0, abstain: 0 }, 34).passed).toBe(true);
    expect(voteOutcome({ for: 0, against: 0, abstain: 0 }, 0).passed).toBe(false);
  });

  it('refuses more votes than official members present', () => {
    expect(voteCountProblems({ for: 30, against: 3, abstain: 1 }, 33)).toEqual(['Tổng số biểu quyết (34) nhiều hơn số đảng viên chính thức có mặt (33).']);
    expect(voteCountProblems({ for: 33, against: 0, abstain: 0 }, 33)).toEqual([]);
  });
});

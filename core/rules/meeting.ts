// The counts a branch meeting's minutes carry, and the vote, as pure functions over the roll call. DOMAIN.md (Meetings,
// Votes, The minutes) and ../shared/templates/bien-ban-mau.md show how the minutes read them.

export type RollStanding = 'active' | 'exempt' | 'away';
export type Presence = 'present' | 'absent_excused' | 'absent_unexcused';

/** One member on the branch's roll on the meeting's date, with what the roll call recorded (null: not summoned and not there). */
export interface RollEntry {
  memberId: string;
  name: string;
  status: 'official' | 'probationary';
  standing: RollStanding;
  presence: Presence | null;
  reason?: string | null;
}

export interface AttendanceTotals {
  /** Tổng số đảng viên của chi bộ, and its parts. */
  total: number;
  official: number;
  probationary: number;
  exempt: number;
  away: number;
  /** Đảng viên phải triệu tập: everyone on the roll but the exempt and those attending elsewhere. */
  summoned: number;
  /** Present among the summoned, by category. */
  present: number;
  presentOfficial: number;
  presentProbationary: number;
  /** Exempt members who came although not summoned: present, and counted apart. */
  exemptPresent: number;
  absent: number;
  absentExcused: { name: string; reason: string | null }[];
  absentUnexcused: string[];
  /** Present among the summoned ÷ summoned, 0–1. */
  rate: number;
}

/**
 * Attendance as the minutes state it (DOMAIN.md, The minutes: "totals (official, probationary, exempt, temporarily away);
 * attendance by category; absent members by name, with or without reason"). A member is summoned unless exempt
 * (Hướng dẫn 27-HD/BTCTW) or attending temporarily elsewhere; an exempt member who attends is present but counted apart.
 */
export function attendanceTotals(roll: readonly RollEntry[]): AttendanceTotals {
  const summoned = roll.filter((m) => m.standing === 'active');
  const presentSummoned = summoned.filter((m) => m.presence === 'present');
  const absent = summoned.filter((m) => m.presence !== 'present');
  return {
    total: roll.length,
    official: roll.filter((m) => m.status === 'official').length,
    probationary: roll.filter((m) => m.status === 'probationary').length,
    exempt: roll.filter((m) => m.standing === 'exempt').length,
    away: roll.filter((m) => m.standing === 'away').length,
    summoned: summoned.length,
    present: presentSummoned.length,
    presentOfficial: presentSummoned.filter((m) => m.status === 'official').length,
    presentProbationary: presentSummoned.filter((m) => m.status === 'probationary').length,
    exemptPresent: roll.filter((m) => m.standing === 'exempt' && m.presence === 'present').length,
    absent: absent.length,
    // Not marked at all counts as absent without a reason: the roll call must say otherwise.
    absentExcused: absent.filter((m) => m.presence === 'absent_excused').map((m) => ({ name: m.name, reason: m.reason ?? null })),
    absentUnexcused: absent.filter((m) => m.presence !== 'absent_excused').map((m) => m.name),
    rate: summoned.length === 0 ? 0 : presentSummoned.length / summoned.length,
  };
}

export interface VoteDenominator {
  denominator: number;
  /** The parts, as the minutes explain them beside the number. */
  officialTotal: number;
  away: number;
  exemptAbsent: number;
  absentExcused: number;
  /** Official members present who may vote (probationary members may not; exempt members who came may). */
  eligiblePresent: number;
}

/**
 * Quy định 24-QĐ/TW §9.3.2 (carried into 232-QĐ/TW and 294-QĐ/TW): the share of a vote is counted over all official
 * members summoned, minus those attending temporarily elsewhere, exempt members who are absent, suspended or prosecuted
 * members, and members absent with an approved reason. Probationary members do not vote (Điều lệ Đảng, Điều 5).
 * Suspension and prosecution are not recorded by the app yet, so nobody is subtracted for them.
 */
export function voteDenominator(roll: readonly RollEntry[]): VoteDenominator {
  const official = roll.filter((m) => m.status === 'official');
  const away = official.filter((m) => m.standing === 'away').length;
  const exemptAbsent = official.filter((m) => m.standing === 'exempt' && m.presence !== 'present').length;
  const absentExcused = official.filter((m) => m.standing === 'active' && m.presence === 'absent_excused').length;
  return {
    denominator: official.length - away - exemptAbsent - absentExcused,
    officialTotal: official.length,
    away,
    exemptAbsent,
    absentExcused,
    eligiblePresent: official.filter((m) => m.standing !== 'away' && m.presence === 'present').length,
  };
}

export interface VoteCount {
  for: number;
  against: number;
  abstain: number;
}

/** DOMAIN.md, Votes: "A resolution passes with more than half of the denominator." */
export function voteOutcome(count: VoteCount, denominator: number): { passed: boolean; forShare: number } {
  return { passed: denominator > 0 && count.for * 2 > denominator, forShare: denominator === 0 ? 0 : count.for / denominator };
}

/** Problems with a vote count: more votes than official members present, or negative numbers. */
export function voteCountProblems(count: VoteCount, eligiblePresent: number): string[] {
  const problems: string[] = [];
  if ([count.for, count.against, count.abstain].some((n) => !Number.isInteger(n) || n < 0)) problems.push('Số phiếu phải là số nguyên không âm.');
  const cast = count.for + count.against + count.abstain;
  if (cast > eligiblePresent) {
    problems.push(`Tổng số biểu quyết (${cast}) nhiều hơn số đảng viên chính thức có mặt (${eligiblePresent}).`);
  }
  return problems;
}

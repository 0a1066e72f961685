// Party rules about members, as pure functions over plain facts. Each cites the rule it follows; DOMAIN.md has the
// sources. Dates are 'YYYY-MM-DD' strings, compared as text.

export type Standing = 'active' | 'exempt' | 'away' | 'transferred_out' | 'removed' | 'deceased';

export interface MemberFacts {
  status: 'official' | 'probationary';
  standing: Standing;
  /** Ngày vào Đảng: the day the branch held the admission ceremony. */
  admissionDate: string | null;
  officialDate: string | null;
  /** From when the current standing holds (exemption granted, gone away, transferred, …); null when unknown. */
  standingSince: string | null;
  /** For 'away': the day the member is due back, when known. */
  awayUntil: string | null;
}

/** Adds whole months, keeping the day, or the month's last day when it has fewer days (31/01 + 1 → 28 or 29/02). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/**
 * Điều lệ Đảng, Điều 5: "Người được kết nạp vào Đảng phải trải qua thời kỳ dự bị mười hai tháng, tính từ ngày
 * chi bộ tổ chức lễ kết nạp." The probation ends twelve months after the admission date.
 */
export function probationEndDate(admissionDate: string): string {
  return addMonths(admissionDate, 12);
}

/**
 * Điều lệ Đảng, Điều 5: when the probation ends the branch must consider official recognition within a set time (30 working days).
 * A probationary member is due in the month (YYYY-MM) their probation ends, and stays due, as overdue, until recognised.
 */
export function officialReviewDue(member: MemberFacts, month: string): 'due' | 'overdue' | null {
  if (member.status !== 'probationary' || !member.admissionDate || !isOnRoll(member.standing)) return null;
  const end = probationEndDate(member.admissionDate).slice(0, 7);
  if (end === month) return 'due';
  return end < month ? 'overdue' : null;
}

/** Still on the branch's roll: counted in the minutes' totals (official, probationary, exempt, away). */
export function isOnRoll(standing: Standing): boolean {
  return standing === 'active' || standing === 'exempt' || standing === 'away';
}

/**
 * Who is summoned to a branch meeting on `date` (DOMAIN.md, Members and Votes; Hướng dẫn 12-HD/BTCTW): every member on
 * the roll, official or probationary, who had been admitted by that day, except those exempt from activity (miễn công tác
 * và sinh hoạt đảng, Hướng dẫn 27-HD/BTCTW) and those attending temporarily elsewhere (sinh hoạt tạm thời nơi khác)
 * while they are away. An exempt member may still come; they are then present but were not expected.
 */
export function isExpectedAt(member: MemberFacts, date: string): boolean {
  if (!member.admissionDate || member.admissionDate > date) return false;
  switch (member.standing) {
    case 'active':
      return true;
    case 'exempt':
      return member.standingSince !== null && member.standingSince > date;
    case 'away':
      if (member.standingSince !== null && member.standingSince > date) return true;
      return member.awayUntil !== null && member.awayUntil <= date;
    default:
      // Transferred out, removed or deceased: expected only at meetings before they left.
      return member.standingSince !== null && member.standingSince > date;
  }
}

/**
 * Who may vote (biểu quyết) at a meeting they attend. Điều lệ Đảng, Điều 5: a probationary member has the rights
 * of a member except to vote, to stand for office and to elect leadership bodies. DOMAIN.md, Members: an exempt member who
 * attends counts and may vote.
 */
export function mayVote(member: Pick<MemberFacts, 'status' | 'standing'>): boolean {
  return member.status === 'official' && isOnRoll(member.standing);
}

/**
 * Problems with a member's dates, per field. Điều lệ Đảng, Điều 1: a citizen of eighteen or older may join, so admission
 * comes at least eighteen years after birth; official recognition comes when the twelve months of probation end
 * (Điều 5), so not before; none of the dates lies in the future.
 */
export function memberDateProblems(
  member: { birthDate: string; admissionDate: string; officialDate: string | null },
  today: string,
): { path: 'birthDate' | 'admissionDate' | 'officialDate'; message: string }[] {
  const problems: { path: 'birthDate' | 'admissionDate' | 'officialDate'; message: string }[] = [];
  if (member.birthDate > today) problems.push({ path: 'birthDate', message: 'Ngày sinh ở tương lai.' });
  if (member.admissionDate > today) problems.push({ path: 'admissionDate', message: 'Ngày vào Đảng ở tương lai.' });
  if (member.admissionDate < addMonths(member.birthDate, 18 * 12)) {
    problems.push({ path: 'admissionDate', message: 'Ngày vào Đảng trước khi đủ 18 tuổi.' });
  }
  if (member.officialDate) {
    if (member.officialDate > today) problems.push({ path: 'officialDate', message: 'Ngày chính thức ở tương lai.' });
    if (member.officialDate < probationEndDate(member.admissionDate)) {
      problems.push({ path: 'officialDate', message: 'Ngày chính thức phải sau khi hết 12 tháng dự bị kể từ ngày vào Đảng.' });
    }
  }
  return problems;
}

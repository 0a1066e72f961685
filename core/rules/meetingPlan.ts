// Rules for preparing and running a branch meeting: the lifecycle, the minimum length, the draft's lead time, the
// typical agenda, and how resolutions are numbered.

export type MeetingKind = 'regular' | 'thematic' | 'combined';
export type MeetingStatus = 'planned' | 'shared' | 'held' | 'adopted' | 'sent';

/** planned → documents shared → held → minutes adopted → sent upward. Sharing may be skipped (and is then reported). */
const NEXT: Record<MeetingStatus, readonly MeetingStatus[]> = {
  planned: ['shared', 'held'],
  shared: ['held'],
  held: ['adopted'],
  adopted: ['sent'],
  sent: [],
};

export function canMove(from: MeetingStatus, to: MeetingStatus): boolean {
  return NEXT[from].includes(to);
}

/** Once the minutes are adopted the record is locked: corrections are addenda (DOMAIN.md, The minutes). */
export function isLocked(status: MeetingStatus): boolean {
  return status === 'adopted' || status === 'sent';
}

/**
 * Hướng dẫn 42-HD/BTCTW (28/10/2025): a branch meeting lasts at least 90 minutes, 120 when the regular and the thematic
 * meeting are held together.
 */
export function minimumMinutes(kind: MeetingKind): number {
  return kind === 'combined' ? 120 : 90;
}

export function agendaLengthWarning(kind: MeetingKind, totalMinutes: number): string | null {
  const minimum = minimumMinutes(kind);
  return totalMinutes < minimum
    ? `Chương trình dài ${totalMinutes} phút, dưới ${minimum} phút theo Hướng dẫn 42-HD/BTCTW${kind === 'combined' ? ' cho buổi sinh hoạt định kỳ kết hợp chuyên đề' : ''}.`
    : null;
}

/**
 * Documents go to members at least one day before the meeting (Hướng dẫn 42-HD/BTCTW; DOMAIN.md, Meetings). Returns the
 * lead time in hours and whether it is short.
 */
export function draftLeadTime(sharedAt: number, meetingAt: number): { hours: number; late: boolean } {
  const hours = Math.floor((meetingAt - sharedAt) / 3_600_000);
  return { hours, late: meetingAt - sharedAt < 24 * 3_600_000 };
}

export interface AgendaItem {
  title: string;
  minutes: number;
  /** Who presents: a role until a person is chosen. */
  presenter: string;
}

/**
 * The typical agenda of a regular meeting (DOMAIN.md, Meetings; Hướng dẫn 12-HD/BTCTW): opening and guests; the
 * minute-taker; roll call; the programme; last month's report and next month's tasks; superior documents; guidance from
 * the ward committee; guests' remarks; discussion; conclusion and tasks; the vote; admissions if any; rating the meeting;
 * adopting the minutes; closing. A thematic part adds the thematic steps.
 */
export function agendaTemplate(kind: MeetingKind): AgendaItem[] {
  const regular: AgendaItem[] = [
    { title: 'Khai mạc, giới thiệu đại biểu', minutes: 5, presenter: 'Chủ trì' },
    { title: 'Cử thư ký buổi sinh hoạt', minutes: 2, presenter: 'Chủ trì' },
    { title: 'Điểm danh, báo cáo số đảng viên có mặt', minutes: 5, presenter: 'Thư ký' },
    { title: 'Thông qua chương trình sinh hoạt', minutes: 3, presenter: 'Chủ trì' },
    { title: 'Báo cáo kết quả tháng trước, phương hướng nhiệm vụ tháng này', minutes: 15, presenter: 'Bí thư chi bộ' },
    { title: 'Phổ biến văn bản của cấp trên', minutes: 10, presenter: 'Bí thư chi bộ' },
    { title: 'Ý kiến chỉ đạo của Đảng ủy phường', minutes: 5, presenter: 'Đảng ủy viên phụ trách' },
    { title: 'Ý kiến của đại biểu dự', minutes: 5, presenter: 'Đại biểu' },
    { title: 'Thảo luận, góp ý dự thảo nghị quyết', minutes: 25, presenter: 'Đảng viên' },
    { title: 'Kết luận, phân công nhiệm vụ', minutes: 5, presenter: 'Chủ trì' },
    { title: 'Biểu quyết thông qua nghị quyết', minutes: 3, presenter: 'Chủ trì' },
    { title: 'Đánh giá chất lượng buổi sinh hoạt', minutes: 2, presenter: 'Chủ trì' },
    { title: 'Thông qua biên bản', minutes: 3, presenter: 'Thư ký' },
    { title: 'Bế mạc', minutes: 2, presenter: 'Chủ trì' },
  ];
  const thematic: AgendaItem[] = [
    { title: 'Nêu mục đích, yêu cầu của chuyên đề', minutes: 5, presenter: 'Chủ trì' },
    { title: 'Trình bày chuyên đề', minutes: 30, presenter: 'Đảng viên được phân công' },
    { title: 'Thảo luận chuyên đề', minutes: 30, presenter: 'Đảng viên' },
    { title: 'Kết luận chuyên đề', minutes: 5, presenter: 'Chủ trì' },
  ];
  if (kind === 'regular') return regular;
  const opening = regular.slice(0, 4);
  if (kind === 'thematic') return [...opening, ...thematic, ...regular.slice(-2)];
  return [...regular.slice(0, -3), ...thematic, ...regular.slice(-3)];
}

/**
 * Hướng dẫn 36-HD/VPTW (2018) §1.3: document numbers run from 01 for each type per committee term, not per year.
 * "Số: 03-NQ/CB".
 */
export function formatDocumentNumber(n: number, type: 'NQ' | 'BB' = 'NQ'): string {
  return `${String(n).padStart(2, '0')}-${type}/CB`;
}

export function nextDocumentNumber(usedInTerm: readonly number[]): number {
  return usedInTerm.reduce((max, n) => Math.max(max, n), 0) + 1;
}

/** The committee term a date falls in when none is recorded: five-year terms 2020–2025, 2025–2030, … */
export function defaultTerm(date: string): string {
  const year = Number(date.slice(0, 4));
  const start = 2020 + Math.floor((year - 2020) / 5) * 5;
  return `${start}–${start + 5}`;
}

// Words of the Sinh hoạt screens: the ward's month, the meeting's tabs, the roll call, the vote and the minutes. In one
// place so they can be read and corrected together.
import type { CommentRow, MeetingKind, MeetingStatus, Presence } from '../../../core/api';

export const MEETING_KIND: Record<MeetingKind, string> = {
  regular: 'Định kỳ',
  thematic: 'Chuyên đề',
  combined: 'Định kỳ kết hợp chuyên đề',
};

export const MEETING_KIND_LONG: Record<MeetingKind, string> = {
  regular: 'Sinh hoạt định kỳ',
  thematic: 'Sinh hoạt chuyên đề',
  combined: 'Sinh hoạt định kỳ kết hợp chuyên đề',
};

/** A branch's meeting this month, as the ward office reads it; 'none': nothing planned yet. */
export const MEETING_STATUS: Record<MeetingStatus | 'none', string> = {
  none: 'Chưa lên kế hoạch',
  planned: 'Đã lên kế hoạch',
  shared: 'Đã gửi tài liệu',
  held: 'Đã họp',
  adopted: 'Đã thông qua biên bản',
  sent: 'Đã gửi lên cấp trên',
};

export const STATUS_COLOR: Record<MeetingStatus | 'none', string> = {
  none: 'default',
  planned: 'blue',
  shared: 'geekblue',
  held: 'gold',
  adopted: 'green',
  sent: 'purple',
};

/** The lifecycle, as the meeting's header shows it. */
export const LIFECYCLE = ['Lên kế hoạch', 'Gửi tài liệu', 'Họp', 'Thông qua biên bản', 'Gửi lên cấp trên'] as const;

export const MEETINGS_TAB = { month: 'Theo chi bộ', calendar: 'Lịch', report: 'Báo cáo' } as const;

export const MEETING_TAB = {
  info: 'Thông tin',
  agenda: 'Chương trình',
  draft: 'Dự thảo nghị quyết',
  comments: 'Góp ý',
  roll: 'Điểm danh',
  opinions: 'Ý kiến phát biểu',
  vote: 'Biểu quyết',
  minutes: 'Biên bản',
} as const;
export type MeetingTabKey = keyof typeof MEETING_TAB;

export const PRESENCE: Record<Presence, string> = {
  present: 'Có mặt',
  absent_excused: 'Vắng có lý do',
  absent_unexcused: 'Vắng không lý do',
};

export const DECISION: Record<CommentRow['decision'], string> = {
  accepted: 'Tiếp thu',
  partly: 'Tiếp thu một phần',
  rejected: 'Không tiếp thu',
  pending: 'Chưa xử lý',
};

export const DECISION_COLOR: Record<CommentRow['decision'], string> = {
  accepted: 'green',
  partly: 'cyan',
  rejected: 'red',
  pending: 'default',
};

export const COMMENT_SOURCE: Record<CommentRow['source'], string> = {
  member: 'Đảng viên',
  superior: 'Cấp ủy cấp trên',
};

export const DRAFT_SOURCE = { written: 'soạn trên máy', docx: 'từ tệp Word', comments: 'sửa theo góp ý được tiếp thu' } as const;

export const ACTION = {
  plan: 'Lên kế hoạch',
  exportXlsx: 'Xuất Excel',
  save: 'Lưu',
  saveInfo: 'Lưu thông tin',
  saveAgenda: 'Lưu chương trình',
  agendaTemplate: 'Dùng chương trình mẫu',
  addAgendaItem: 'Thêm nội dung',
  newDraft: 'Soạn bản mới',
  saveDraft: 'Lưu thành bản mới',
  shareDraft: 'Gửi dự thảo cho đảng viên',
  reshareDraft: 'Gửi lại dự thảo',
  attach: 'Đính kèm tệp',
  addComment: 'Thêm góp ý',
  fromComments: 'Tạo bản dự thảo mới từ góp ý được tiếp thu',
  allPresent: 'Tất cả có mặt',
  addOpinion: 'Thêm ý kiến',
  recordVote: 'Ghi kết quả biểu quyết',
  markHeld: 'Họp xong',
  generateMinutes: 'Lập biên bản từ dữ liệu',
  saveMinutes: 'Lưu biên bản',
  printView: 'Xem bản in',
  adopt: 'Thông qua biên bản',
  addendum: 'Thêm đính chính',
  minutesDocx: 'Tải biên bản (.docx)',
  minutesPdf: 'Tải biên bản (PDF)',
  resolutionDocx: 'Tải nghị quyết (.docx)',
  resolutionPdf: 'Tải nghị quyết (PDF)',
} as const;

export const DONE = {
  planned: (n: number) => (n === 1 ? 'Đã lên kế hoạch sinh hoạt cho 1 chi bộ.' : `Đã lên kế hoạch sinh hoạt cho ${n} chi bộ.`),
  info: 'Đã lưu thông tin buổi sinh hoạt.',
  agenda: 'Đã lưu chương trình.',
  agendaTemplate: 'Đã thay bằng chương trình mẫu.',
  draft: (n: number) => `Đã lưu bản dự thảo số ${n}.`,
  shared: 'Đã gửi dự thảo cho đảng viên.',
  attached: (name: string) => `Đã đính kèm ${name}.`,
  comment: 'Đã thêm góp ý.',
  decided: 'Đã ghi ý kiến tiếp thu.',
  fromComments: (n: number) => `Đã tạo bản dự thảo số ${n} theo góp ý được tiếp thu.`,
  opinion: 'Đã thêm ý kiến phát biểu.',
  opinionEdited: 'Đã sửa ý kiến phát biểu.',
  opinionRemoved: 'Đã xóa ý kiến phát biểu.',
  vote: 'Đã ghi kết quả biểu quyết.',
  held: 'Đã ghi nhận buổi sinh hoạt đã họp.',
  generated: 'Đã lập biên bản từ dữ liệu buổi sinh hoạt.',
  minutes: 'Đã lưu biên bản.',
  adopted: 'Biên bản đã được thông qua; hồ sơ buổi sinh hoạt đã khóa.',
  addendum: 'Đã thêm đính chính.',
  downloaded: (name: string) => `Đã tải tệp ${name}.`,
} as const;

export const READ_ONLY = {
  viewer: 'Tài khoản người xem chỉ xem được hồ sơ, không sửa.',
  locked: 'Biên bản đã được thông qua nên hồ sơ buổi sinh hoạt đã khóa. Muốn sửa, hãy thêm đính chính ở thẻ Biên bản.',
} as const;

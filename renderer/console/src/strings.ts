// Words of the console, in one place so they can be read and corrected together.
import type {
  AttentionFlag,
  BranchMonthStatus,
  ConsoleMeeting,
  ConsoleRole,
  DocumentKind,
  SiteState,
} from '../../../core/consoleApi';

export const NAV = {
  overview: 'Tổng quan tháng',
  sites: 'Đơn vị',
  documents: 'Văn bản gửi xuống',
  reports: 'Báo cáo',
  users: 'Tài khoản',
  audit: 'Nhật ký',
} as const;

export const ROLE: Record<ConsoleRole, string> = {
  admin: 'Quản trị viên',
  reviewer: 'Người duyệt',
  viewer: 'Người xem',
};

export const ROLE_COLOR: Record<ConsoleRole, string> = { admin: 'red', reviewer: 'blue', viewer: 'default' };

export const BRANCH_STATUS: Record<BranchMonthStatus, string> = {
  none: 'Chưa có kế hoạch',
  planned: 'Đã lên kế hoạch',
  shared: 'Đã gửi tài liệu',
  held: 'Đã họp',
  adopted: 'Đã thông qua biên bản',
};

export const BRANCH_STATUS_COLOR: Record<BranchMonthStatus, string> = {
  none: 'default',
  planned: 'blue',
  shared: 'geekblue',
  held: 'gold',
  adopted: 'green',
};

export const MEETING_STATUS: Record<ConsoleMeeting['status'], string> = {
  planned: 'Đã lên kế hoạch',
  shared: 'Đã gửi tài liệu',
  held: 'Đã họp',
  adopted: 'Đã thông qua biên bản',
  sent: 'Đã gửi lên cấp trên',
};

export const MEETING_STATUS_COLOR: Record<ConsoleMeeting['status'], string> = {
  planned: 'blue',
  shared: 'geekblue',
  held: 'gold',
  adopted: 'green',
  sent: 'purple',
};

export const FLAG: Record<AttentionFlag, string> = {
  no_meeting: 'Chưa có lịch họp',
  draft_late: 'Gửi dự thảo muộn',
  draft_not_shared: 'Chưa gửi dự thảo',
  low_attendance: 'Dự họp thấp',
  no_opinions: 'Không có ý kiến',
  minutes_pending: 'Chưa thông qua biên bản',
};

export const FLAG_COLOR: Record<AttentionFlag, string> = {
  no_meeting: 'red',
  draft_late: 'volcano',
  draft_not_shared: 'orange',
  low_attendance: 'gold',
  no_opinions: 'default',
  minutes_pending: 'default',
};

export const SITE_STATE: Record<SiteState, string> = {
  waiting: 'Chờ đăng ký',
  expired: 'Hết hạn mã',
  enrolled: 'Đã kết nối',
  revoked: 'Đã thu hồi',
};

export const SITE_STATE_COLOR: Record<SiteState, string> = {
  waiting: 'blue',
  expired: 'orange',
  enrolled: 'green',
  revoked: 'default',
};

export const DOCUMENT_KIND: Record<DocumentKind, string> = {
  document: 'Văn bản',
  directive: 'Chỉ thị',
  news: 'Tin tức',
};

export const DOCUMENT_KIND_COLOR: Record<DocumentKind, string> = { document: 'blue', directive: 'red', news: 'green' };

export const MEETING_KIND: Record<ConsoleMeeting['kind'], string> = {
  regular: 'Định kỳ',
  thematic: 'Chuyên đề',
  combined: 'Định kỳ kết hợp chuyên đề',
};

export const MEETING_KIND_LONG: Record<ConsoleMeeting['kind'], string> = {
  regular: 'Sinh hoạt định kỳ',
  thematic: 'Sinh hoạt chuyên đề',
  combined: 'Sinh hoạt định kỳ kết hợp chuyên đề',
};

export const PRESENCE = {
  present: 'Có mặt',
  absent_excused: 'Vắng có lý do',
  absent_unexcused: 'Vắng không lý do',
} as const;

export const DECISION = {
  accepted: 'Tiếp thu',
  partly: 'Tiếp thu một phần',
  rejected: 'Không tiếp thu',
  pending: 'Chưa xử lý',
} as const;

export const DECISION_COLOR = { accepted: 'green', partly: 'cyan', rejected: 'red', pending: 'default' } as const;

export const DRAFT_SOURCE = { written: 'soạn trên máy', docx: 'từ tệp Word', comments: 'sửa theo góp ý được tiếp thu' } as const;

// Words of the Đảng viên screens: the member record, its history, the actions on it, and Excel import and export.
import type { MemberEventKind, MemberStanding } from '../../../core/api';
import { MEMBER_STANDING } from '../strings';

export const MEMBER_FIELD = {
  fullName: 'Họ và tên',
  gender: 'Giới tính',
  birthDate: 'Ngày sinh',
  admissionDate: 'Ngày vào Đảng',
  officialDate: 'Ngày chính thức',
  probationEnd: 'Hết dự bị',
  cardNumber: 'Số thẻ đảng viên',
  citizenId: 'Số CCCD',
  phone: 'Điện thoại',
  branch: 'Chi bộ',
  status: 'Đảng viên',
  standing: 'Tình trạng',
} as const;

/** The record's columns as the history names them ("Sửa hồ sơ: điện thoại, số CCCD"). */
export const COLUMN_LABEL: Record<string, string> = {
  full_name: 'họ và tên',
  gender: 'giới tính',
  birth_date: 'ngày sinh',
  admission_date: 'ngày vào Đảng',
  official_date: 'ngày chính thức',
  card_number: 'số thẻ đảng viên',
  citizen_id: 'số CCCD',
  phone: 'điện thoại',
  status: 'chính thức / dự bị',
};

export const EVENT_KIND: Record<MemberEventKind, string> = {
  created: 'Thêm vào danh sách',
  imported: 'Nhập từ Excel',
  edited: 'Sửa hồ sơ',
  official: 'Công nhận chính thức',
  exempted: 'Miễn sinh hoạt',
  exemption_ended: 'Thôi miễn sinh hoạt',
  away: 'Đi sinh hoạt tạm thời',
  returned: 'Trở về sinh hoạt',
  moved: 'Chuyển chi bộ',
  transferred_in: 'Chuyển sinh hoạt đến',
  transferred_out: 'Chuyển sinh hoạt đi',
  removed: 'Xóa tên',
  deceased: 'Từ trần',
};

/** The label of each detail a history event may carry. */
export const EVENT_DETAIL: Record<string, string> = {
  reason: 'Lý do',
  resolution: 'Nghị quyết',
  place: 'Nơi sinh hoạt',
  until: 'Dự kiến về',
  destination: 'Nơi chuyển đến',
};

/** The standing filter: one standing, or everyone still on the roll. */
export const STANDING_FILTER: { value: MemberStanding | 'on_roll'; label: string }[] = [
  { value: 'on_roll', label: 'Trong danh sách (đang sinh hoạt, miễn, tạm thời nơi khác)' },
  ...(Object.keys(MEMBER_STANDING) as MemberStanding[]).map((value) => ({ value, label: MEMBER_STANDING[value] })),
];

export const ACTION = {
  add: 'Thêm đảng viên',
  edit: 'Sửa',
  recognizeOfficial: 'Công nhận chính thức',
  exempt: 'Miễn sinh hoạt',
  endExemption: 'Thôi miễn sinh hoạt',
  markAway: 'Sinh hoạt tạm thời nơi khác',
  markReturned: 'Trở về sinh hoạt',
  move: 'Chuyển chi bộ',
  transferOut: 'Chuyển sinh hoạt đi',
  remove: 'Xóa tên',
  deceased: 'Từ trần',
  import: 'Nhập từ Excel',
  export: 'Xuất Excel',
} as const;

/** What each action saves, shown after it succeeds. */
export const DONE = {
  add: (name: string) => `Đã thêm đồng chí ${name} vào danh sách.`,
  edit: 'Đã lưu hồ sơ.',
  recognizeOfficial: 'Đã ghi công nhận đảng viên chính thức.',
  exempt: 'Đã ghi miễn sinh hoạt.',
  endExemption: 'Đã ghi thôi miễn sinh hoạt.',
  markAway: 'Đã ghi sinh hoạt tạm thời nơi khác.',
  markReturned: 'Đã ghi trở về sinh hoạt.',
  move: (branch: string) => `Đã chuyển sang ${branch}.`,
  transferOut: 'Đã ghi chuyển sinh hoạt đi.',
  remove: 'Đã ghi xóa tên.',
  deceased: 'Đã ghi từ trần.',
} as const;


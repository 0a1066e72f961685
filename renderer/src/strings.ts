// Words the frame shows, in one place so they can be read and corrected together.
import type { BranchKind, OrganisationKind } from '../../core/api';

export const ROLE = {
  ward_admin: 'Quản trị viên',
  ward_staff: 'Cán bộ văn phòng',
  branch_secretary: 'Bí thư chi bộ',
  viewer: 'Người xem',
} as const;

export const NAV = {
  overview: 'Tổng quan',
  branches: 'Chi bộ',
  members: 'Đảng viên',
  meetings: 'Sinh hoạt',
  documents: 'Văn bản',
  sync: 'Đồng bộ',
  settings: 'Cài đặt',
} as const;

export const ORGANISATION_KIND: Record<OrganisationKind, string> = {
  province: 'Tỉnh ủy, thành ủy',
  district: 'Quận ủy, huyện ủy',
  ward: 'Đảng bộ phường, xã',
  branch: 'Chi bộ',
};

export const BRANCH_KIND: Record<BranchKind, string> = {
  residential: 'Khu dân cư',
  agency: 'Cơ quan',
  enterprise: 'Doanh nghiệp',
  school: 'Trường học',
  other: 'Khác',
};

export const MEMBER_STATUS = { official: 'Chính thức', probationary: 'Dự bị' } as const;

export const MEMBER_STANDING = {
  active: 'Đang sinh hoạt',
  exempt: 'Miễn sinh hoạt',
  away: 'Sinh hoạt tạm thời nơi khác',
  transferred_out: 'Đã chuyển đi',
  removed: 'Đã ra khỏi Đảng',
  deceased: 'Từ trần',
} as const;

export const GENDER = { male: 'Nam', female: 'Nữ' } as const;

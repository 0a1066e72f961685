// Words of the Chi bộ screens: branches, their dissolution and their committee (chi ủy).
import type { OfficerRow } from '../../../core/api';

export const OFFICER_ROLE: Record<OfficerRow['role'], string> = {
  secretary: 'Bí thư',
  deputy_secretary: 'Phó Bí thư',
  committee_member: 'Chi ủy viên',
};

export const BRANCH_ACTION = {
  add: 'Thêm chi bộ',
  edit: 'Sửa',
  dissolve: 'Giải thể',
  appoint: 'Bổ nhiệm',
  endOfficer: 'Thôi giữ chức',
} as const;

export const BRANCH_DONE = {
  add: (name: string) => `Đã thêm ${name}.`,
  edit: 'Đã lưu chi bộ.',
  dissolve: (name: string) => `Đã ghi giải thể ${name}.`,
  appoint: 'Đã ghi bổ nhiệm.',
  endOfficer: 'Đã ghi thôi giữ chức.',
} as const;

/** The current term, as most branches write it: 2025–2030 (Đại hội chi bộ nhiệm kỳ 2025–2030). */
export const DEFAULT_TERM = '2025–2030';

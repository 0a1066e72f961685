// The words of the Đồng bộ and Văn bản pages.
import type { SuperiorDocument, SyncPhase, SyncStatus } from '../../../core/api';

export const SYNC_STATE: Record<SyncStatus['state'], { label: string; color: string; hint: string }> = {
  not_enrolled: { label: 'Chưa đăng ký', color: 'default', hint: 'Máy này chưa được đăng ký với máy chủ của cấp ủy cấp trên.' },
  idle: { label: 'Đã đồng bộ', color: 'green', hint: 'Mọi thay đổi đã được gửi lên cấp trên.' },
  waiting: { label: 'Có thay đổi chờ gửi', color: 'gold', hint: 'Các thay đổi sẽ được gửi trong lần đồng bộ tới.' },
  syncing: { label: 'Đang đồng bộ', color: 'blue', hint: 'Đang gửi hồ sơ và nhận văn bản.' },
  offline: { label: 'Mất kết nối', color: 'orange', hint: 'Không kết nối được máy chủ; ứng dụng sẽ tự thử lại. Hồ sơ vẫn được lưu trên máy này.' },
  error: { label: 'Lỗi', color: 'red', hint: 'Máy chủ từ chối lần đồng bộ gần nhất.' },
  revoked: { label: 'Đã bị thu hồi', color: 'red', hint: 'Máy chủ cấp trên đã thu hồi quyền đồng bộ của máy này. Hãy liên hệ cấp trên để đăng ký lại.' },
};

export const SYNC_PHASE: Record<SyncPhase, string> = {
  push: 'Gửi hồ sơ',
  blobs: 'Gửi tệp đính kèm',
  pull: 'Nhận văn bản, góp ý',
  recover: 'Khôi phục hồ sơ từ máy chủ',
};

/** What each synced table holds, as the office calls it. */
export const TABLE_LABEL: Record<string, string> = {
  organisations: 'Đảng bộ, chi bộ',
  members: 'Đảng viên',
  member_events: 'Quá trình đảng viên',
  branch_officers: 'Chi ủy',
  meetings: 'Buổi sinh hoạt',
  attendance: 'Điểm danh',
  agenda_items: 'Chương trình sinh hoạt',
  drafts: 'Dự thảo nghị quyết',
  attachments: 'Tài liệu đính kèm',
  comments: 'Góp ý dự thảo',
  opinions: 'Ý kiến phát biểu',
  minutes_addenda: 'Đính chính biên bản',
};

export const DOCUMENT_KIND: Record<SuperiorDocument['kind'], { label: string; color: string }> = {
  document: { label: 'Văn bản', color: 'blue' },
  directive: { label: 'Chỉ đạo', color: 'red' },
  news: { label: 'Tin tức', color: 'green' },
};

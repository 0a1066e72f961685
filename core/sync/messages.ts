// Đồng bộ với cấp trên: what a person reads when sync fails, in one place. Each says what happened and what to do;
// the records on this machine are always kept.
import type { ErrorCode } from './protocol';

export const SYNC_TEXT = {
  notEnrolled: 'Máy này chưa đăng ký đồng bộ với cấp ủy cấp trên. Quản trị viên hãy đăng ký bằng địa chỉ máy chủ và mã đăng ký do cấp trên cấp.',
  alreadyEnrolled: (server: string) =>
    `Máy này đã đăng ký đồng bộ với máy chủ "${server}". Chỉ đăng ký lại khi cấp trên đã thu hồi quyền đồng bộ của máy.`,
  noWard: 'Chưa thiết lập đảng bộ cho máy này. Hãy tạo đảng bộ hoặc dùng dữ liệu mẫu trước khi đăng ký đồng bộ.',
  codeFormat: 'Mã đăng ký gồm 12 ký tự (chữ in hoa và số, không có O, I, 0, 1), dạng XXXX-XXXX-XXXX. Hãy kiểm tra lại mã cấp trên gửi.',
  unreachable: (url: string) =>
    `Không kết nối được máy chủ đồng bộ ${url}. Hãy kiểm tra mạng hoặc địa chỉ máy chủ rồi thử lại; dữ liệu vẫn được giữ trên máy và sẽ được gửi khi kết nối lại.`,
  timeout: (url: string) => `Máy chủ đồng bộ ${url} không trả lời kịp. Sẽ thử lại sau; dữ liệu vẫn được giữ trên máy.`,
  notAServer: (url: string) => `Địa chỉ ${url} không phải máy chủ đồng bộ Chi bộ số (câu trả lời không đúng dạng). Hãy kiểm tra lại địa chỉ.`,
  codeInvalid: 'Mã đăng ký không đúng, đã được dùng hoặc đã hết hạn (mã chỉ dùng một lần, trong 7 ngày). Hãy xin cấp trên một mã mới.',
  revoked: 'Cấp ủy cấp trên đã thu hồi quyền đồng bộ của máy này nên đồng bộ đã dừng. Dữ liệu trên máy vẫn giữ nguyên; hãy liên hệ cấp trên để được cấp mã đăng ký mới.',
  clock: 'Đồng hồ của máy này lệch quá nhiều so với máy chủ nên máy chủ từ chối. Hãy chỉnh lại ngày giờ của máy tính rồi đồng bộ lại.',
  unknownSite: 'Máy chủ không nhận ra máy này (khóa đồng bộ không khớp). Có thể máy đã được đăng ký lại ở nơi khác; hãy liên hệ cấp trên.',
  protocol: 'Máy chủ cấp trên dùng phiên bản đồng bộ khác với ứng dụng này. Hãy cập nhật Chi bộ số lên phiên bản mới nhất.',
  serverError: 'Máy chủ đồng bộ đang gặp lỗi. Ứng dụng sẽ tự thử lại sau; dữ liệu vẫn được giữ trên máy.',
  refused: (message: string) => `Máy chủ từ chối yêu cầu đồng bộ: ${message}`,
  blobFailed: (name: string) => `Chưa tải được tệp đính kèm "${name}" lên máy chủ; các thay đổi sau nó sẽ được gửi ở lần đồng bộ tới.`,
  tooLarge: 'Bản ghi này quá lớn để gửi lên máy chủ (quá 8 MB).',
  diskFull: 'Ổ đĩa đã đầy nên chưa ghi được tệp. Hãy giải phóng dung lượng rồi thử lại.',
  writeFailed: (what: string, detail: string) => `Không ghi được ${what}: ${detail}`,
  fileUnreadable: 'Tệp này không phải tệp đồng bộ của Chi bộ số hoặc đã bị hỏng. Không có gì được ghi.',
  fileTampered: 'Tệp đồng bộ không đúng chữ ký của máy chủ cấp trên hoặc đã bị sửa đổi sau khi tạo. Không có gì được ghi; hãy xin cấp trên gửi lại tệp.',
  fileWrongDirection: 'Đây là tệp do máy đảng bộ tạo để gửi lên cấp trên, không phải tệp trả lời của cấp trên. Hãy nhập tệp cấp trên gửi về.',
  fileOtherSite: 'Tệp đồng bộ này dành cho một đảng bộ khác, không phải máy này. Không có gì được ghi.',
  busy: 'Đang đồng bộ; hãy đợi lần đồng bộ này xong.',
  documentMissing: 'Không tìm thấy văn bản này.',
  documentFileMissing: 'Tệp của văn bản này chưa tải về máy. Hãy đồng bộ lại khi có mạng.',
} as const;

/** What a failed request means to the person, by the protocol's error code. */
export function messageForCode(code: ErrorCode | string, serverMessage: string | undefined): string {
  switch (code) {
    case 'SITE_REVOKED':
      return SYNC_TEXT.revoked;
    case 'CODE_INVALID':
      return SYNC_TEXT.codeInvalid;
    case 'CLOCK_SKEW':
      return SYNC_TEXT.clock;
    case 'UNAUTHENTICATED':
    case 'BAD_SIGNATURE':
      return SYNC_TEXT.unknownSite;
    case 'PROTOCOL_UNSUPPORTED':
      return SYNC_TEXT.protocol;
    case 'INTERNAL':
      return SYNC_TEXT.serverError;
    default:
      return SYNC_TEXT.refused(serverMessage ?? code);
  }
}

/** A sync failure: `kind` decides what the state becomes (offline, error, revoked) and whether to retry. */
export class SyncError extends Error {
  constructor(
    readonly kind: 'offline' | 'error' | 'revoked',
    message: string,
    readonly code: string | null = null,
    readonly details: Record<string, unknown> = {},
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

/** The ward tables as a person names them. */
export const TABLE_LABEL: Record<string, string> = {
  organisations: 'tổ chức đảng',
  members: 'đảng viên',
  member_events: 'lịch sử đảng viên',
  branch_officers: 'chi ủy',
  meetings: 'buổi sinh hoạt',
  attendance: 'điểm danh',
  agenda_items: 'chương trình họp',
  drafts: 'dự thảo nghị quyết',
  attachments: 'tệp đính kèm',
  comments: 'góp ý',
  opinions: 'ý kiến phát biểu',
  minutes_addenda: 'đính chính biên bản',
};

export const STATE_LABEL: Record<string, string> = {
  not_enrolled: 'chưa đăng ký với cấp trên',
  idle: 'đã đồng bộ, không còn gì chờ gửi',
  waiting: 'có thay đổi chờ gửi',
  syncing: 'đang đồng bộ',
  offline: 'không kết nối được máy chủ',
  error: 'có lỗi',
  revoked: 'đã bị cấp trên thu hồi quyền đồng bộ',
};

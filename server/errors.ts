// The protocol's errors (§2): a code, its HTTP status, a Vietnamese message for the person at the ward, and details
// the client acts on (`expected`, `epoch`, `serverTime`, `supported`).
import type { ErrorBody, ErrorCode } from '../core/sync/protocol';

export const STATUS: Record<ErrorCode, number> = {
  MALFORMED: 400,
  UNAUTHENTICATED: 401,
  BAD_SIGNATURE: 401,
  CLOCK_SKEW: 401,
  REPLAY: 401,
  SITE_REVOKED: 403,
  CODE_INVALID: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SEQUENCE_GAP: 409,
  EPOCH_CONFLICT: 409,
  STALE_REQUEST: 409,
  HASH_MISMATCH: 422,
  PROTOCOL_UNSUPPORTED: 426,
  TOO_LARGE: 413,
  INTERNAL: 500,
};

const MESSAGES: Record<ErrorCode, string> = {
  MALFORMED: 'Yêu cầu không đúng định dạng của giao thức đồng bộ.',
  UNAUTHENTICATED: 'Máy chủ không nhận ra đơn vị gửi yêu cầu. Hãy kiểm tra việc đăng ký với cấp trên.',
  BAD_SIGNATURE: 'Chữ ký của yêu cầu không hợp lệ.',
  CLOCK_SKEW: 'Đồng hồ của máy lệch quá 5 phút so với máy chủ.',
  REPLAY: 'Yêu cầu này đã được gửi một lần rồi.',
  SITE_REVOKED: 'Cấp trên đã thu hồi quyền đồng bộ của đơn vị này. Hãy liên hệ quản trị viên máy chủ cấp trên.',
  CODE_INVALID: 'Mã đăng ký không đúng, đã được dùng hoặc đã hết hạn.',
  FORBIDDEN: 'Đơn vị không có quyền xem dữ liệu này.',
  NOT_FOUND: 'Không tìm thấy.',
  SEQUENCE_GAP: 'Dữ liệu gửi lên bị thiếu một đoạn; cần gửi lại từ chỗ máy chủ yêu cầu.',
  EPOCH_CONFLICT: 'Lịch sử đồng bộ của máy này khác với máy chủ (có thể do khôi phục bản sao lưu hoặc sao chép cài đặt).',
  STALE_REQUEST: 'Yêu cầu này được ký trước lần gửi gần nhất mà máy chủ đã nhận từ đơn vị nên đã cũ; máy chủ bỏ qua, không ghi gì.',
  HASH_MISMATCH: 'Tệp tải lên bị hỏng: nội dung không khớp với mã băm; phần đã nhận đã bị bỏ.',
  PROTOCOL_UNSUPPORTED: 'Máy chủ không hỗ trợ phiên bản giao thức đồng bộ này. Hãy cập nhật ứng dụng.',
  TOO_LARGE: 'Dữ liệu gửi lên vượt quá giới hạn cho phép; hãy chia nhỏ.',
  INTERNAL: 'Máy chủ gặp lỗi; sẽ thử lại sau.',
};

export class SyncError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string = MESSAGES[code],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'SyncError';
    this.status = STATUS[code];
  }

  toBody(): ErrorBody {
    return { error: { ...this.details, code: this.code, message: this.message } };
  }
}

/** Shorthand for the common case: the default message, some details. */
export const fail = (code: ErrorCode, details: Record<string, unknown> = {}, message?: string) => new SyncError(code, message, details);

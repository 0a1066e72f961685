// The audit trail as the console lists it, newest first, each line with a Vietnamese one-line summary of the act.
import type { ConsoleAuditRow, ConsoleParsedInput } from '../../core/consoleApi';
import type { ServerKysely } from '../db';

type Detail = Record<string, unknown>;

const ROLE: Record<string, string> = { admin: 'quản trị viên', reviewer: 'người duyệt', viewer: 'người xem' };
const KIND: Record<string, string> = { document: 'văn bản', directive: 'chỉ đạo', news: 'tin tức' };
const CHANGE: Record<string, string> = {
  displayName: 'đổi họ tên',
  role: 'đổi vai trò',
  disabled: 'khóa tài khoản',
  enabled: 'mở lại tài khoản',
  password: 'đặt lại mật khẩu',
  unlock: 'mở khóa đăng nhập',
  scope: 'đổi đơn vị được giao',
};
const REASON: Record<string, string> = {
  unknown_user: 'tên đăng nhập không tồn tại',
  wrong_password: 'sai mật khẩu',
  locked: 'tài khoản đang tạm khóa',
  disabled: 'tài khoản đã bị khóa',
};

const s = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const audienceText = (a: unknown) => (a === 'all' ? 'tất cả đơn vị' : Array.isArray(a) ? `${a.length} đơn vị` : 'các đơn vị đã chọn');

const SUMMARIES: Record<string, (d: Detail) => string> = {
  'auth.login': () => 'Đăng nhập bảng điều khiển.',
  'auth.logout': () => 'Đăng xuất.',
  'auth.login_failed': (d) => `Đăng nhập không thành công (${REASON[s(d.reason)] ?? 'không rõ lý do'}).`,
  'auth.lockout': () => 'Nhập sai mật khẩu quá số lần cho phép: tài khoản bị tạm khóa.',
  'auth.change_password': () => 'Đổi mật khẩu của mình.',
  'auth.change_password_failed': () => 'Đổi mật khẩu không thành công (sai mật khẩu hiện tại).',
  'user.create': (d) => `Tạo tài khoản "${s(d.username)}" (${s(d.displayName)}), vai trò ${ROLE[s(d.role)] ?? s(d.role)}.`,
  'user.update': (d) => {
    const changes = Array.isArray(d.changes) ? d.changes.map((c) => CHANGE[s(c)] ?? s(c)) : [];
    return `Sửa tài khoản "${s(d.username)}"${changes.length ? `: ${changes.join(', ')}` : ' (không thay đổi gì)'}.`;
  },
  'user.create_cli': (d) => `Tạo tài khoản "${s(d.username)}" từ dòng lệnh.`,
  'site.create': (d) => `Tạo đơn vị "${s(d.name)}" và mã đăng ký.`,
  'site.revoke': (d) => `Thu hồi quyền đồng bộ của đơn vị "${s(d.name)}".`,
  'site.enrol': (d) => `Đơn vị "${s(d.name)}" đăng ký với máy chủ.`,
  'document.publish': (d) => `Gửi ${KIND[s(d.kind)] ?? 'văn bản'} "${s(d.title)}" (phiên bản ${s(d.version)}) đến ${audienceText(d.audience)}.`,
  'document.withdraw': () => 'Thu hồi một văn bản đã gửi.',
  'file.upload': (d) => `Tải lên tệp "${s(d.name)}".`,
  'feedback.add': () => 'Gửi góp ý vào dự thảo nghị quyết của một chi bộ.',
  'upstream.enrol': (d) => `Đăng ký máy chủ này với máy chủ cấp trên "${s(d.serverName)}".`,
  'upstream.revoked': () => 'Máy chủ cấp trên đã thu hồi quyền đồng bộ của máy chủ này.',
  'upstream.sync': () => 'Đồng bộ với máy chủ cấp trên.',
  'upstream.epochConflict': () => 'Máy chủ cấp trên mở kỳ đồng bộ mới; toàn bộ dữ liệu được gửi lại.',
};

export function summarise(action: string, detail: Detail | null): string {
  const make = SUMMARIES[action];
  return make ? make(detail ?? {}) : `Thao tác "${action}".`;
}

export async function listAudit(db: ServerKysely, input: ConsoleParsedInput<'audit.list'>): Promise<ConsoleAuditRow[]> {
  let query = db.selectFrom('audit').selectAll().orderBy('id', 'desc').limit(input.limit);
  if (input.before !== undefined) query = query.where('id', '<', input.before);
  if (input.actor) query = query.where('actor', '=', input.actor);
  const rows = await query.execute();
  return rows.map((r) => {
    let detail: Detail | null;
    try {
      const parsed: unknown = r.detail === null ? null : JSON.parse(r.detail);
      detail = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Detail) : null;
    } catch {
      detail = null;
    }
    return { id: Number(r.id), at: Number(r.at), actor: r.actor, action: r.action, summary: summarise(r.action, detail), detail };
  });
}

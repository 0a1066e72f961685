// Tài khoản: sign-in with lockout after repeated failures, and the ward administrator's management of accounts.
// Every sign-in, failure and change is written to the audit trail.
import { v7 as uuidv7 } from 'uuid';
import { ApiError, type AuthStatus, type DemoSummary, type ParsedInput, type Role, type SessionUser, type UserRow } from '../api';
import { recordAudit } from '../audit';
import type { Call, ServiceContext } from '../context';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const DEMO_ACCOUNTS_SETTING = 'demo.accounts';

interface UserRecord {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  organisation_id: string | null;
  failed_attempts: number;
  locked_until: number | null;
  disabled_at: number | null;
  branch_name: string | null;
  created_at: number;
}

const SELECT_USER = `SELECT u.*, o.name AS branch_name FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id`;

function toSessionUser(u: UserRecord): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    branchId: u.role === 'branch_secretary' ? u.organisation_id : null,
    branchName: u.role === 'branch_secretary' ? u.branch_name : null,
  };
}

export function loadSessionUser(ctx: ServiceContext, userId: string): SessionUser | null {
  const user = ctx.store.sqlite.prepare(`${SELECT_USER} WHERE u.id = ?`).get(userId) as UserRecord | undefined;
  return user && user.disabled_at === null ? toSessionUser(user) : null;
}

export function status(ctx: ServiceContext, call: Call): AuthStatus {
  const demo = ctx.store.sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(DEMO_ACCOUNTS_SETTING) as string | undefined;
  return {
    user: call.user,
    idleLockMinutes: ctx.idleLockMinutes,
    demoAccounts: demo ? (JSON.parse(demo) as DemoSummary['accounts']) : [],
  };
}

const CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** The time of day in Vietnam, whatever the computer's own time zone. */
const clockTime = (ms: number) => CLOCK.format(new Date(ms));

export function login(input: ParsedInput<'auth.login'>, ctx: ServiceContext, call: Call): SessionUser {
  const sqlite = ctx.store.sqlite;
  const now = ctx.clock();
  const user = sqlite.prepare(`${SELECT_USER} WHERE u.username = ?`).get(input.username) as UserRecord | undefined;
  const wrong = 'Sai tên đăng nhập hoặc mật khẩu.';
  if (!user) {
    verifyPassword(input.password, DUMMY_HASH);
    recordAudit(sqlite, { at: now, userId: null, action: 'auth.loginFailed', entity: 'users', entityId: null, after: { username: input.username } });
    throw new ApiError('UNAUTHENTICATED', wrong);
  }
  if (user.disabled_at !== null) {
    throw new ApiError('FORBIDDEN', 'Tài khoản này đã bị khóa bởi quản trị viên. Hãy liên hệ văn phòng Đảng ủy.');
  }
  if (user.locked_until !== null && user.locked_until > now) {
    throw new ApiError(
      'FORBIDDEN',
      `Tài khoản tạm khóa đến ${clockTime(user.locked_until)} vì nhập sai mật khẩu ${MAX_FAILED_ATTEMPTS} lần. Hãy thử lại sau, hoặc nhờ quản trị viên đặt lại mật khẩu.`,
    );
  }
  if (!verifyPassword(input.password, user.password_hash)) {
    const failures = user.failed_attempts + 1;
    const locked = failures >= MAX_FAILED_ATTEMPTS;
    sqlite.transaction(() => {
      sqlite
        .prepare('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?')
        .run(locked ? 0 : failures, locked ? now + LOCKOUT_MS : null, user.id);
      recordAudit(sqlite, {
        at: now,
        userId: user.id,
        action: locked ? 'auth.lockedOut' : 'auth.loginFailed',
        entity: 'users',
        entityId: user.id,
        after: { failures },
      });
    })();
    if (locked) {
      throw new ApiError('FORBIDDEN', `Nhập sai mật khẩu ${MAX_FAILED_ATTEMPTS} lần: tài khoản tạm khóa đến ${clockTime(now + LOCKOUT_MS)}.`);
    }
    throw new ApiError('UNAUTHENTICATED', `${wrong} Còn ${MAX_FAILED_ATTEMPTS - failures} lần thử trước khi tài khoản bị tạm khóa.`);
  }
  sqlite.transaction(() => {
    sqlite.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(user.id);
    recordAudit(sqlite, { at: now, userId: user.id, action: 'auth.login', entity: 'users', entityId: user.id });
  })();
  ctx.sessions.revoke(call.session.token);
  call.session.token = ctx.sessions.create(user.id);
  return toSessionUser(user);
}

export function logout(ctx: ServiceContext, call: Call): null {
  if (call.user) {
    recordAudit(ctx.store.sqlite, { at: ctx.clock(), userId: call.user.id, action: 'auth.logout', entity: 'users', entityId: call.user.id });
  }
  ctx.sessions.revoke(call.session.token);
  call.session.token = null;
  return null;
}

export function changePassword(input: ParsedInput<'auth.changePassword'>, ctx: ServiceContext, user: SessionUser): null {
  const sqlite = ctx.store.sqlite;
  const hash = sqlite.prepare('SELECT password_hash FROM users WHERE id = ?').pluck().get(user.id) as string;
  if (!verifyPassword(input.currentPassword, hash)) throw new ApiError('UNAUTHENTICATED', 'Mật khẩu hiện tại không đúng.');
  sqlite.transaction(() => {
    sqlite.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hashPassword(input.newPassword), user.id);
    recordAudit(sqlite, { at: ctx.clock(), userId: user.id, action: 'auth.changePassword', entity: 'users', entityId: user.id });
  })();
  return null;
}

/** Creates an account inside the caller's transaction; `by` is the administrator, or null at first start. */
export function insertUser(
  ctx: ServiceContext,
  by: string | null,
  fields: { username: string; displayName: string; password: string; role: Role; branchId: string | null },
): string {
  const sqlite = ctx.store.sqlite;
  if (sqlite.prepare('SELECT 1 FROM users WHERE username = ?').get(fields.username)) {
    throw new ApiError('CONFLICT', `Tên đăng nhập "${fields.username}" đã có người dùng; hãy chọn tên khác.`, [
      { path: 'username', message: 'Tên đăng nhập đã có người dùng.' },
    ]);
  }
  const branchId = checkedBranch(ctx, fields.role, fields.branchId ?? null);
  const id = uuidv7();
  sqlite
    .prepare(
      'INSERT INTO users (id, username, display_name, password_hash, role, organisation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(id, fields.username, fields.displayName, hashPassword(fields.password), fields.role, branchId, ctx.clock());
  recordAudit(sqlite, {
    at: ctx.clock(),
    userId: by,
    action: 'users.create',
    entity: 'users',
    entityId: id,
    after: { username: fields.username, displayName: fields.displayName, role: fields.role, branchId },
  });
  return id;
}

function checkedBranch(ctx: ServiceContext, role: Role, branchId: string | null): string | null {
  if (role !== 'branch_secretary') return null;
  if (!branchId) throw new ApiError('INVALID_INPUT', 'Tài khoản bí thư chi bộ phải gắn với một chi bộ.', [{ path: 'branchId', message: 'Hãy chọn chi bộ.' }]);
  const kind = ctx.store.sqlite.prepare("SELECT kind FROM organisations WHERE id = ? AND deleted_at IS NULL").pluck().get(branchId);
  if (kind !== 'branch') throw new ApiError('NOT_FOUND', 'Không tìm thấy chi bộ đã chọn.');
  return branchId;
}

export function list(ctx: ServiceContext): UserRow[] {
  const rows = ctx.store.sqlite.prepare(`${SELECT_USER} ORDER BY u.created_at`).all() as UserRecord[];
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    branchId: u.organisation_id,
    branchName: u.branch_name,
    disabled: u.disabled_at !== null,
    lockedUntil: u.locked_until !== null && u.locked_until > ctx.clock() ? u.locked_until : null,
    createdAt: u.created_at,
  }));
}

export function create(input: ParsedInput<'users.create'>, ctx: ServiceContext, admin: SessionUser): { id: string } {
  return ctx.store.sqlite.transaction(() => ({
    id: insertUser(ctx, admin.id, { ...input, branchId: input.branchId ?? null }),
  }))();
}

export function update(input: ParsedInput<'users.update'>, ctx: ServiceContext, admin: SessionUser): null {
  const sqlite = ctx.store.sqlite;
  sqlite.transaction(() => {
    const before = sqlite.prepare(`${SELECT_USER} WHERE u.id = ?`).get(input.id) as UserRecord | undefined;
    if (!before) throw new ApiError('NOT_FOUND', 'Không tìm thấy tài khoản.');
    if (input.id === admin.id && (input.disabled || input.role !== 'ward_admin')) {
      throw new ApiError('CONFLICT', 'Không thể tự khóa hay tự bỏ quyền quản trị của chính mình.');
    }
    const branchId = checkedBranch(ctx, input.role, input.branchId ?? null);
    const disabledAt = input.disabled ? (before.disabled_at ?? ctx.clock()) : null;
    sqlite
      .prepare('UPDATE users SET display_name = ?, role = ?, organisation_id = ?, disabled_at = ? WHERE id = ?')
      .run(input.displayName, input.role, branchId, disabledAt, input.id);
    recordAudit(sqlite, {
      at: ctx.clock(),
      userId: admin.id,
      action: 'users.update',
      entity: 'users',
      entityId: input.id,
      before: { displayName: before.display_name, role: before.role, branchId: before.organisation_id, disabled: before.disabled_at !== null },
      after: { displayName: input.displayName, role: input.role, branchId, disabled: input.disabled },
    });
  })();
  if (input.disabled) ctx.sessions.revokeUser(input.id);
  return null;
}

export function resetPassword(input: ParsedInput<'users.resetPassword'>, ctx: ServiceContext, admin: SessionUser): null {
  const sqlite = ctx.store.sqlite;
  sqlite.transaction(() => {
    const changed = sqlite
      .prepare('UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?')
      .run(hashPassword(input.password), input.id).changes;
    if (changed === 0) throw new ApiError('NOT_FOUND', 'Không tìm thấy tài khoản.');
    recordAudit(sqlite, { at: ctx.clock(), userId: admin.id, action: 'users.resetPassword', entity: 'users', entityId: input.id });
  })();
  ctx.sessions.revokeUser(input.id);
  return null;
}

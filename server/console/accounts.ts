// The console's accounts: administrators, reviewers and viewers of the superior committee. Passwords are scrypt hashes
// (core/auth/passwords.ts); a login failing MAX_FAILED_ATTEMPTS times in a row locks the account for LOCKOUT_MS, the
// ward app's rules. An unknown name and a wrong password get the same answer and cost the same time. Every act,
// failed logins included, leaves a line in the audit table under the account's username.
import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ConsoleParsedInput, ConsoleRole, ConsoleUser, ConsoleUserRow } from '../../core/consoleApi';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../core/auth/passwords';
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from '../../core/auth/users';
import type { ServerKysely } from '../db';
import { audit } from '../meta';
import type { ConsoleUsersTable, ServerDatabase } from '../schema';
import { ConsoleError, notFound } from './errors';
import { endSessions } from './sessions';

type Db = ServerKysely | Transaction<ServerDatabase>;
type Clock = () => number;

export const ROLE_NAMES: Record<ConsoleRole, string> = { admin: 'quản trị viên', reviewer: 'người duyệt', viewer: 'người xem' };

const WRONG_LOGIN = 'Sai tên đăng nhập hoặc mật khẩu.';

/** "14:05 ngày 09/03/2026", Vietnam time. */
export function vnTime(ms: number): string {
  const parts = new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour12: false,
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('hour')}:${get('minute')} ngày ${get('day')}/${get('month')}/${get('year')}`;
}

const lockedMessage = (until: number) =>
  `Tài khoản tạm khóa đến ${vnTime(until)} vì nhập sai mật khẩu ${MAX_FAILED_ATTEMPTS} lần. Hãy thử lại sau, hoặc nhờ quản trị viên mở khóa.`;

async function scopes(db: Db, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await db.selectFrom('console_user_sites').select(['user_id', 'slot_id']).where('user_id', 'in', userIds).orderBy('slot_id').execute();
  for (const r of rows) (out.get(r.user_id) ?? out.set(r.user_id, []).get(r.user_id)!).push(r.slot_id);
  return out;
}

function toRow(u: ConsoleUsersTable, scope: string[] | undefined): ConsoleUserRow {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as ConsoleRole,
    scope: u.role === 'admin' ? null : (scope ?? []),
    mustChangePassword: u.must_change_password === 1,
    createdAt: Number(u.created_at),
    disabledAt: u.disabled_at === null ? null : Number(u.disabled_at),
    lockedUntil: u.locked_until === null ? null : Number(u.locked_until),
    lastLoginAt: u.last_login_at === null ? null : Number(u.last_login_at),
  };
}

export function publicUser(row: ConsoleUserRow): ConsoleUser {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, scope: row.scope, mustChangePassword: row.mustChangePassword };
}

export async function getUser(db: Db, id: string): Promise<ConsoleUserRow | null> {
  const u = await db.selectFrom('console_users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!u) return null;
  return toRow(u, (await scopes(db, [u.id])).get(u.id));
}

export async function listUsers(db: Db): Promise<ConsoleUserRow[]> {
  const users = await db.selectFrom('console_users').selectAll().orderBy('username').execute();
  const scope = await scopes(
    db,
    users.map((u) => u.id),
  );
  return users.map((u) => toRow(u, scope.get(u.id)));
}

/** Unknown slot ids are refused: a scope names wards this server knows. */
async function checkScope(db: Db, scope: string[]): Promise<string[]> {
  const unique = [...new Set(scope)];
  if (unique.length === 0) return unique;
  const known = new Set((await db.selectFrom('sites').select('slot_id').where('slot_id', 'in', unique).execute()).map((s) => s.slot_id));
  const unknown = unique.filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw new ConsoleError('INVALID_INPUT', `Không có đơn vị mang mã khe ${unknown.map((s) => `"${s}"`).join(', ')}.`, [
      { path: 'scope', message: 'Có đơn vị không tồn tại trên máy chủ.' },
    ]);
  }
  return unique;
}

async function setScope(db: Db, userId: string, scope: string[]): Promise<void> {
  await db.deleteFrom('console_user_sites').where('user_id', '=', userId).execute();
  if (scope.length > 0) await db.insertInto('console_user_sites').values(scope.map((slot_id) => ({ user_id: userId, slot_id }))).execute();
}

export type CreateUserInput = ConsoleParsedInput<'users.create'> & {
  /** True unless said otherwise: whoever chose the password is not the account's holder. */
  mustChangePassword?: boolean;
};

export async function createUser(db: ServerKysely, input: CreateUserInput, actor: string, clock: Clock = Date.now): Promise<ConsoleUserRow> {
  const now = clock();
  const username = input.username.trim().toLowerCase();
  const id = await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('console_users').select('id').where('username', '=', username).executeTakeFirst();
    if (taken) {
      throw new ConsoleError('CONFLICT', `Tên đăng nhập "${username}" đã có người dùng.`, [{ path: 'username', message: 'Tên đăng nhập đã có người dùng.' }]);
    }
    const scope = input.role === 'admin' ? [] : await checkScope(trx, input.scope);
    const id = uuidv7();
    await trx
      .insertInto('console_users')
      .values({
        id,
        username,
        display_name: input.displayName.trim(),
        role: input.role,
        password_hash: hashPassword(input.password),
        must_change_password: input.mustChangePassword === false ? 0 : 1,
        failed_attempts: 0,
        locked_until: null,
        created_at: now,
        disabled_at: null,
        last_login_at: null,
      })
      .execute();
    await setScope(trx, id, scope);
    await audit(trx, { at: now, actor, action: 'user.create', detail: { id, username, displayName: input.displayName.trim(), role: input.role, scope } });
    return id;
  });
  return (await getUser(db, id))!;
}

async function otherActiveAdmins(db: Db, exceptId: string): Promise<number> {
  const row = await db
    .selectFrom('console_users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('id', '<>', exceptId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export type UpdateUserInput = ConsoleParsedInput<'users.update'>;

/** An administrator's change to an account. Disabling it or setting its password ends its sessions (except, for one's
 *  own account, the session `keepSession` names). */
export async function updateUser(
  db: ServerKysely,
  input: UpdateUserInput,
  actor: string,
  clock: Clock = Date.now,
  keepSession?: string,
): Promise<ConsoleUserRow> {
  const now = clock();
  await db.transaction().execute(async (trx) => {
    const u = await trx.selectFrom('console_users').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!u) throw notFound('Không có tài khoản này.');
    const set: Partial<ConsoleUsersTable> = {};
    const changes: string[] = [];
    const role = input.role ?? (u.role as ConsoleRole);
    const disabling = input.disabled === true && u.disabled_at === null;
    if (u.role === 'admin' && u.disabled_at === null && (role !== 'admin' || disabling) && (await otherActiveAdmins(trx, u.id)) === 0) {
      throw new ConsoleError('CONFLICT', 'Đây là quản trị viên cuối cùng còn hoạt động: không thể khóa hoặc đổi vai trò. Hãy tạo quản trị viên khác trước.');
    }
    if (input.displayName !== undefined && input.displayName.trim() !== u.display_name) {
      set.display_name = input.displayName.trim();
      changes.push('displayName');
    }
    if (role !== u.role) {
      set.role = role;
      changes.push('role');
    }
    if (input.disabled !== undefined && input.disabled !== (u.disabled_at !== null)) {
      set.disabled_at = input.disabled ? now : null;
      changes.push(input.disabled ? 'disabled' : 'enabled');
    }
    if (input.password !== undefined) {
      set.password_hash = hashPassword(input.password);
      set.must_change_password = 1;
      set.failed_attempts = 0;
      set.locked_until = null;
      changes.push('password');
    }
    if (input.unlock) {
      set.failed_attempts = 0;
      set.locked_until = null;
      changes.push('unlock');
    }
    if (Object.keys(set).length > 0) await trx.updateTable('console_users').set(set).where('id', '=', u.id).execute();
    if (role === 'admin') {
      if (u.role !== 'admin') await setScope(trx, u.id, []);
    } else if (input.scope !== undefined) {
      await setScope(trx, u.id, await checkScope(trx, input.scope));
      changes.push('scope');
    }
    if (disabling || input.password !== undefined) await endSessions(trx, u.id, keepSession);
    await audit(trx, {
      at: now,
      actor,
      action: 'user.update',
      detail: { id: u.id, username: u.username, changes, ...(set.role ? { role } : {}), ...(input.scope !== undefined && role !== 'admin' ? { scope: input.scope } : {}) },
    });
  });
  return (await getUser(db, input.id))!;
}

/** Signs in; throws UNAUTHENTICATED (the same for an unknown name and a wrong password) or FORBIDDEN (locked, disabled). */
export async function login(db: ServerKysely, usernameInput: string, password: string, clock: Clock = Date.now): Promise<ConsoleUserRow> {
  const now = clock();
  const username = usernameInput.trim().toLowerCase();
  const u = await db.selectFrom('console_users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!u) {
    verifyPassword(password, DUMMY_HASH);
    await audit(db, { at: now, actor: username, action: 'auth.login_failed', detail: { reason: 'unknown_user' } });
    throw new ConsoleError('UNAUTHENTICATED', WRONG_LOGIN);
  }
  if (u.locked_until !== null && Number(u.locked_until) > now) {
    verifyPassword(password, DUMMY_HASH);
    await audit(db, { at: now, actor: username, action: 'auth.login_failed', detail: { reason: 'locked' } });
    throw new ConsoleError('FORBIDDEN', lockedMessage(Number(u.locked_until)));
  }
  const right = verifyPassword(password, u.password_hash);
  if (!right) {
    const failures = u.failed_attempts + 1;
    const locks = failures >= MAX_FAILED_ATTEMPTS;
    await db
      .updateTable('console_users')
      .set({ failed_attempts: locks ? 0 : failures, locked_until: locks ? now + LOCKOUT_MS : null })
      .where('id', '=', u.id)
      .execute();
    await audit(db, { at: now, actor: username, action: locks ? 'auth.lockout' : 'auth.login_failed', detail: { reason: 'wrong_password', failures } });
    if (locks) throw new ConsoleError('FORBIDDEN', lockedMessage(now + LOCKOUT_MS));
    throw new ConsoleError('UNAUTHENTICATED', WRONG_LOGIN);
  }
  if (u.disabled_at !== null) {
    await audit(db, { at: now, actor: username, action: 'auth.login_failed', detail: { reason: 'disabled' } });
    throw new ConsoleError('FORBIDDEN', 'Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên.');
  }
  await db.updateTable('console_users').set({ failed_attempts: 0, locked_until: null, last_login_at: now }).where('id', '=', u.id).execute();
  await audit(db, { at: now, actor: username, action: 'auth.login', detail: null });
  return (await getUser(db, u.id))!;
}

/** One's own password. Ends the account's other sessions (all but `keepSession`). */
export async function changePassword(
  db: ServerKysely,
  userId: string,
  input: ConsoleParsedInput<'auth.changePassword'>,
  clock: Clock = Date.now,
  keepSession?: string,
): Promise<void> {
  const now = clock();
  const u = await db.selectFrom('console_users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!u) throw new ConsoleError('UNAUTHENTICATED', 'Phiên làm việc đã hết. Hãy đăng nhập lại.');
  if (!verifyPassword(input.current, u.password_hash)) {
    await audit(db, { at: now, actor: u.username, action: 'auth.change_password_failed', detail: null });
    throw new ConsoleError('INVALID_INPUT', 'Mật khẩu hiện tại không đúng.', [{ path: 'current', message: 'Mật khẩu hiện tại không đúng.' }]);
  }
  if (input.next === input.current) {
    throw new ConsoleError('INVALID_INPUT', 'Mật khẩu mới phải khác mật khẩu hiện tại.', [{ path: 'next', message: 'Mật khẩu mới phải khác mật khẩu hiện tại.' }]);
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('console_users').set({ password_hash: hashPassword(input.next), must_change_password: 0 }).where('id', '=', u.id).execute();
    await endSessions(trx, u.id, keepSession);
    await audit(trx, { at: now, actor: u.username, action: 'auth.change_password', detail: null });
  });
}

/** A password for the command line to print once: 16 letters and digits in groups, easy to read aloud. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from({ length: 16 }, () => alphabet[crypto.randomInt(alphabet.length)]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8, 12), chars.slice(12, 16)].map((g) => g.join('')).join('-');
}

export async function findUserByName(db: Db, username: string): Promise<ConsoleUserRow | null> {
  const u = await db.selectFrom('console_users').select('id').where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
  return u ? getUser(db, u.id) : null;
}

// The console's sessions: a random 32-byte token in an HttpOnly, SameSite=Strict cookie limited to /console; only its
// SHA-256 is stored. A session ends after 30 minutes without a request, 12 hours after the login, at logout, and when
// its account is disabled or its password changes.
import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { ServerKysely } from '../db';
import type { ServerDatabase } from '../schema';

type Db = ServerKysely | Transaction<ServerDatabase>;

export const SESSION_COOKIE = 'chibo_console';
export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 60 * 60_000;

export const hashToken = (token: string) => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

/** Opens a session; returns the token for the cookie (never stored). */
export async function openSession(db: Db, userId: string, now: number): Promise<{ token: string; tokenHash: string }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  await db.insertInto('console_sessions').values({ token_hash: tokenHash, user_id: userId, created_at: now, last_seen_at: now, expires_at: now + ABSOLUTE_MS }).execute();
  return { token, tokenHash };
}

/** The live session a token names, moved forward (its idle time starts again); null when none. Expired sessions and
 *  sessions of disabled accounts are deleted on sight. */
export async function touchSession(db: ServerKysely, token: string, now: number): Promise<{ tokenHash: string; userId: string } | null> {
  if (!token || token.length > 200) return null;
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('console_sessions as s')
    .innerJoin('console_users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 's.last_seen_at', 's.expires_at', 'u.disabled_at'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  if (row.disabled_at !== null || Number(row.expires_at) <= now || Number(row.last_seen_at) + IDLE_MS <= now) {
    await closeSession(db, tokenHash);
    return null;
  }
  await db.updateTable('console_sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  return { tokenHash, userId: row.user_id };
}

export async function closeSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends an account's sessions, all but `except` (the token hash of the session making the change). */
export async function endSessions(db: Db, userId: string, except?: string): Promise<void> {
  let query = db.deleteFrom('console_sessions').where('user_id', '=', userId);
  if (except) query = query.where('token_hash', '<>', except);
  await query.execute();
}

/** Forgets sessions past their time (called now and then; a dead session is refused anyway). */
export async function sweepSessions(db: Db, now: number): Promise<void> {
  await db
    .deleteFrom('console_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - IDLE_MS)]))
    .execute();
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/console; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

export function readCookie(header: string | undefined, name = SESSION_COOKIE): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

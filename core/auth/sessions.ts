// Sign-in sessions, held in memory by the runtime: a random token per session, forgotten after a period without use
// and when the app closes. The host keeps each caller's token (Electron: per window; preview: an HttpOnly cookie),
// so the page itself never holds it.
import crypto from 'node:crypto';

export interface SessionRef {
  token: string | null;
}

export interface Sessions {
  create(userId: string): string;
  /** The user of a live session, refreshing its idle timer; null when unknown or idle too long. */
  resolve(token: string | null): string | null;
  revoke(token: string | null): void;
  revokeUser(userId: string): void;
}

export function createSessions(clock: () => number, idleMs: number): Sessions {
  const live = new Map<string, { userId: string; lastSeen: number }>();
  return {
    create(userId) {
      const token = crypto.randomBytes(32).toString('base64url');
      live.set(token, { userId, lastSeen: clock() });
      return token;
    },
    resolve(token) {
      if (!token) return null;
      const session = live.get(token);
      if (!session) return null;
      if (clock() - session.lastSeen > idleMs) {
        live.delete(token);
        return null;
      }
      session.lastSeen = clock();
      return session.userId;
    },
    revoke(token) {
      if (token) live.delete(token);
    },
    revokeUser(userId) {
      for (const [token, session] of live) if (session.userId === userId) live.delete(token);
    },
  };
}

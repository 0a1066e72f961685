// Nhật ký thay đổi: who changed what, when, before and after. Written in the same transaction as the change itself;
// the table refuses updates and deletes (db/migrations/001-initial.ts).
import type BetterSqlite3 from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';

export interface AuditEntry {
  at: number;
  userId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

export function recordAudit(sqlite: BetterSqlite3.Database, entry: AuditEntry): void {
  sqlite
    .prepare('INSERT INTO audit_log (id, at, user_id, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(
      uuidv7(),
      entry.at,
      entry.userId,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    );
}

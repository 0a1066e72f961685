// Migration 6: sync with the superior committee's server (docs/sync-protocol.md). The site's sync state (one row), the
// outbox that triggers fill in the same transaction as each change of a record this site owns (only once the site is
// enrolled, so the demo generator and installations that never sync write nothing there), the changes the server
// refused, the keys the server holds newer copies of, and the superior's documents and feedback pulled down.
import type { Migration } from './types';

/** The ward tables of the protocol (core/sync/protocol.ts WARD_TABLES) as they were at this version; a migration never
 *  changes afterwards, so the list is written out here (core/sync/outbox.test.ts checks the two agree). */
export const SYNCED_TABLES_006 = [
  'organisations',
  'members',
  'member_events',
  'branch_officers',
  'meetings',
  'attendance',
  'agenda_items',
  'drafts',
  'attachments',
  'comments',
  'opinions',
  'minutes_addenda',
] as const;

const NOW_MS = `CAST(unixepoch('subsec') * 1000 AS INTEGER)`;
const ENROLLED = `EXISTS (SELECT 1 FROM sync_state WHERE enrolled = 1)`;
const OWNED = `NEW.owner_site = (SELECT id FROM sites WHERE is_self = 1)`;

/** One trigger per table and statement: a change of a record this site owns appends (table, key) to the outbox. */
export function outboxTriggers(table: string): string {
  const key = table === 'attendance' ? `NEW.meeting_id || ':' || NEW.member_id` : 'NEW.id';
  const when = table === 'attendance' ? ENROLLED : `${ENROLLED} AND ${OWNED}`;
  return (['INSERT', 'UPDATE'] as const)
    .map(
      (event) => `
      CREATE TRIGGER outbox_${table}_${event.toLowerCase()} AFTER ${event} ON ${table} WHEN ${when}
        BEGIN INSERT INTO outbox (tbl, key, at) VALUES ('${table}', ${key}, ${NOW_MS}); END;`,
    )
    .join('');
}

export const migration006: Migration = {
  version: 6,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        enrolled INTEGER NOT NULL DEFAULT 0 CHECK (enrolled IN (0, 1)),
        server_url TEXT,
        server_id TEXT,
        server_name TEXT,
        server_public_key TEXT,
        slot_id TEXT,
        private_key TEXT,
        public_key TEXT,
        epoch INTEGER,
        token TEXT,
        last_seq INTEGER NOT NULL DEFAULT 0,
        pull_cursor INTEGER NOT NULL DEFAULT 0,
        clock_offset_ms INTEGER NOT NULL DEFAULT 0,
        last_success_at INTEGER,
        last_attempt_at INTEGER,
        next_attempt_at INTEGER,
        last_error TEXT,
        state TEXT NOT NULL DEFAULT 'not_enrolled' CHECK (state IN ('not_enrolled', 'idle', 'offline', 'error', 'revoked')),
        file_to_seq INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tbl TEXT NOT NULL,
        key TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX outbox_by_record ON outbox(tbl, key);

      CREATE TABLE sync_rejections (
        tbl TEXT NOT NULL,
        key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (tbl, key)
      ) WITHOUT ROWID;

      CREATE TABLE sync_stale (
        tbl TEXT NOT NULL,
        key TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (tbl, key)
      ) WITHOUT ROWID;

      CREATE TABLE superior_documents (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        published_at INTEGER NOT NULL,
        files TEXT NOT NULL DEFAULT '[]',
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER,
        received_at INTEGER NOT NULL,
        read_at INTEGER
      );
      CREATE INDEX superior_documents_by_date ON superior_documents(published_at);

      CREATE TABLE superior_feedback (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL,
        draft_version INTEGER NOT NULL,
        line_from INTEGER NOT NULL,
        line_to INTEGER NOT NULL,
        author_name TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      );
      CREATE INDEX superior_feedback_by_meeting ON superior_feedback(meeting_id);

      ${SYNCED_TABLES_006.map(outboxTriggers).join('\n')}
    `);
  },
};

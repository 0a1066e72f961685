// Migration 4: everything a branch meeting gathers from plan to signed minutes: the agenda, versions of the draft
// resolution, attachments, members' comments on the draft, opinions spoken, the vote, the minutes and their addenda.
// Once the minutes are adopted the record is locked; triggers refuse changes even if a service forgot to.
import type { Migration } from './types';

const SYNCED = `owner_site TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1, updated_at INTEGER NOT NULL, deleted_at INTEGER`;
const LOCKED = (table: string, row: 'NEW' | 'OLD') =>
  `(SELECT status FROM meetings WHERE id = ${row}.meeting_id) IN ('adopted', 'sent')`;

function lockTriggers(table: string): string {
  return `
    CREATE TRIGGER ${table}_locked_insert BEFORE INSERT ON ${table} WHEN ${LOCKED(table, 'NEW')}
      BEGIN SELECT RAISE(ABORT, 'meeting minutes are adopted: record is locked'); END;
    CREATE TRIGGER ${table}_locked_update BEFORE UPDATE ON ${table} WHEN ${LOCKED(table, 'OLD')}
      BEGIN SELECT RAISE(ABORT, 'meeting minutes are adopted: record is locked'); END;
    CREATE TRIGGER ${table}_locked_delete BEFORE DELETE ON ${table} WHEN ${LOCKED(table, 'OLD')}
      BEGIN SELECT RAISE(ABORT, 'meeting minutes are adopted: record is locked'); END;`;
}

export const migration004: Migration = {
  version: 4,
  name: 'meetings',
  up(db) {
    db.exec(`
      ALTER TABLE meetings ADD COLUMN topic TEXT;
      ALTER TABLE meetings ADD COLUMN guests TEXT;
      ALTER TABLE meetings ADD COLUMN ended_at TEXT;
      ALTER TABLE meetings ADD COLUMN conclusion TEXT;
      ALTER TABLE meetings ADD COLUMN draft_shared_at INTEGER;
      ALTER TABLE meetings ADD COLUMN vote_for INTEGER;
      ALTER TABLE meetings ADD COLUMN vote_against INTEGER;
      ALTER TABLE meetings ADD COLUMN vote_abstain INTEGER;
      ALTER TABLE meetings ADD COLUMN minutes_text TEXT;
      ALTER TABLE meetings ADD COLUMN minutes_hash TEXT;
      ALTER TABLE meetings ADD COLUMN minutes_approval REAL;
      ALTER TABLE meetings ADD COLUMN adopted_at INTEGER;
      ALTER TABLE meetings ADD COLUMN term_label TEXT;
      ALTER TABLE meetings ADD COLUMN resolution_number INTEGER;
      CREATE UNIQUE INDEX meetings_resolution_number ON meetings(branch_id, term_label, resolution_number)
        WHERE resolution_number IS NOT NULL;

      CREATE TRIGGER meetings_locked BEFORE UPDATE ON meetings
        WHEN OLD.status IN ('adopted', 'sent') AND (
          NEW.status NOT IN ('adopted', 'sent') OR NEW.branch_id IS NOT OLD.branch_id OR NEW.kind IS NOT OLD.kind
          OR NEW.scheduled_at IS NOT OLD.scheduled_at OR NEW.place IS NOT OLD.place OR NEW.topic IS NOT OLD.topic
          OR NEW.chair_id IS NOT OLD.chair_id OR NEW.secretary_id IS NOT OLD.secretary_id OR NEW.guests IS NOT OLD.guests
          OR NEW.ended_at IS NOT OLD.ended_at OR NEW.conclusion IS NOT OLD.conclusion
          OR NEW.vote_for IS NOT OLD.vote_for OR NEW.vote_against IS NOT OLD.vote_against OR NEW.vote_abstain IS NOT OLD.vote_abstain
          OR NEW.minutes_text IS NOT OLD.minutes_text OR NEW.minutes_hash IS NOT OLD.minutes_hash
          OR NEW.minutes_approval IS NOT OLD.minutes_approval OR NEW.adopted_at IS NOT OLD.adopted_at
          OR NEW.resolution_number IS NOT OLD.resolution_number OR NEW.deleted_at IS NOT OLD.deleted_at)
        BEGIN SELECT RAISE(ABORT, 'meeting minutes are adopted: record is locked'); END;

      CREATE TABLE agenda_items (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        minutes INTEGER NOT NULL CHECK (minutes > 0),
        presenter TEXT NOT NULL DEFAULT '',
        summary TEXT,
        ${SYNCED}
      );
      CREATE INDEX agenda_items_by_meeting ON agenda_items(meeting_id, position);

      CREATE TABLE drafts (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        version_no INTEGER NOT NULL,
        content TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('written', 'docx', 'comments')),
        created_at INTEGER NOT NULL,
        created_by TEXT,
        ${SYNCED},
        UNIQUE (meeting_id, version_no)
      );

      CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        name TEXT NOT NULL,
        mime TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        ${SYNCED}
      );
      CREATE INDEX attachments_by_meeting ON attachments(meeting_id);

      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        draft_version INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('member', 'superior')),
        author_name TEXT NOT NULL,
        line_from INTEGER NOT NULL,
        line_to INTEGER NOT NULL CHECK (line_to >= line_from),
        text TEXT NOT NULL,
        proposed_text TEXT,
        decision TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'accepted', 'partly', 'rejected')),
        decision_note TEXT,
        created_at INTEGER NOT NULL,
        ${SYNCED}
      );
      CREATE INDEX comments_by_meeting ON comments(meeting_id, line_from);

      CREATE TABLE opinions (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        agenda_item_id TEXT REFERENCES agenda_items(id),
        member_id TEXT REFERENCES members(id),
        speaker_name TEXT NOT NULL,
        summary TEXT NOT NULL,
        position INTEGER NOT NULL,
        ${SYNCED}
      );
      CREATE INDEX opinions_by_meeting ON opinions(meeting_id, position);

      CREATE TABLE minutes_addenda (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT,
        ${SYNCED}
      );
      CREATE TRIGGER minutes_addenda_no_update BEFORE UPDATE ON minutes_addenda
        BEGIN SELECT RAISE(ABORT, 'minutes_addenda is append-only'); END;
      CREATE TRIGGER minutes_addenda_no_delete BEFORE DELETE ON minutes_addenda
        BEGIN SELECT RAISE(ABORT, 'minutes_addenda is append-only'); END;

      ${lockTriggers('agenda_items')}
      ${lockTriggers('drafts')}
      ${lockTriggers('comments')}
      ${lockTriggers('opinions')}
      ${lockTriggers('attendance')}
      ${lockTriggers('attachments')}
    `);
  },
};

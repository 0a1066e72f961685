// Migration 3: what a ward office keeps about each member beyond the list: the standing's details (exemption and its
// resolution, temporary absence), a history of changes that is never overwritten, each branch's committee with its
// terms, and a full-text index over names without diacritics.
import type { Migration } from './types';

export const migration003: Migration = {
  version: 3,
  name: 'member-records',
  up(db) {
    db.exec(`
      ALTER TABLE members ADD COLUMN standing_since TEXT;
      ALTER TABLE members ADD COLUMN standing_reason TEXT;
      ALTER TABLE members ADD COLUMN standing_resolution TEXT;
      ALTER TABLE members ADD COLUMN away_until TEXT;
      ALTER TABLE members ADD COLUMN away_place TEXT;

      CREATE TABLE member_events (
        id TEXT PRIMARY KEY,
        member_id TEXT NOT NULL REFERENCES members(id),
        kind TEXT NOT NULL CHECK (kind IN ('created', 'imported', 'edited', 'official', 'exempted', 'exemption_ended',
          'away', 'returned', 'moved', 'transferred_in', 'transferred_out', 'removed', 'deceased')),
        effective_date TEXT,
        from_branch_id TEXT REFERENCES organisations(id),
        to_branch_id TEXT REFERENCES organisations(id),
        details TEXT,
        recorded_at INTEGER NOT NULL,
        recorded_by TEXT,
        owner_site TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      );
      CREATE INDEX member_events_by_member ON member_events(member_id, recorded_at);
      CREATE TRIGGER member_events_no_update BEFORE UPDATE ON member_events
        BEGIN SELECT RAISE(ABORT, 'member_events is append-only'); END;
      CREATE TRIGGER member_events_no_delete BEFORE DELETE ON member_events
        BEGIN SELECT RAISE(ABORT, 'member_events is append-only'); END;

      CREATE TABLE branch_officers (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL REFERENCES organisations(id),
        member_id TEXT NOT NULL REFERENCES members(id),
        role TEXT NOT NULL CHECK (role IN ('secretary', 'deputy_secretary', 'committee_member')),
        term_label TEXT NOT NULL,
        term_start TEXT NOT NULL,
        term_end TEXT,
        owner_site TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      );
      CREATE INDEX branch_officers_by_branch ON branch_officers(branch_id, term_start);

      CREATE VIRTUAL TABLE members_fts USING fts5(
        search_name, content = 'members', content_rowid = 'rowid', tokenize = "unicode61 remove_diacritics 2"
      );
      INSERT INTO members_fts(members_fts) VALUES ('rebuild');
      CREATE TRIGGER members_fts_insert AFTER INSERT ON members BEGIN
        INSERT INTO members_fts(rowid, search_name) VALUES (new.rowid, new.search_name);
      END;
      CREATE TRIGGER members_fts_delete AFTER DELETE ON members BEGIN
        INSERT INTO members_fts(members_fts, rowid, search_name) VALUES ('delete', old.rowid, old.search_name);
      END;
      CREATE TRIGGER members_fts_update AFTER UPDATE OF search_name ON members BEGIN
        INSERT INTO members_fts(members_fts, rowid, search_name) VALUES ('delete', old.rowid, old.search_name);
        INSERT INTO members_fts(rowid, search_name) VALUES (new.rowid, new.search_name);
      END;
    `);
  },
};

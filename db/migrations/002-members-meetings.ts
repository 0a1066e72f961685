// Migration 2: members, meetings and attendance, and the kind of each branch.
import type { Migration } from './types';

export const migration002: Migration = {
  version: 2,
  name: 'members-meetings',
  up(db) {
    db.exec(`
      ALTER TABLE organisations ADD COLUMN branch_kind TEXT
        CHECK (branch_kind IS NULL OR branch_kind IN ('residential', 'agency', 'enterprise', 'school', 'other'));
      UPDATE organisations SET branch_kind = 'other' WHERE kind = 'branch';

      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL REFERENCES organisations(id),
        full_name TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
        sort_key TEXT NOT NULL,
        search_name TEXT NOT NULL,
        gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
        birth_date TEXT,
        admission_date TEXT,
        official_date TEXT,
        card_number TEXT,
        citizen_id TEXT,
        phone TEXT,
        status TEXT NOT NULL CHECK (status IN ('official', 'probationary')),
        standing TEXT NOT NULL DEFAULT 'active'
          CHECK (standing IN ('active', 'exempt', 'away', 'transferred_out', 'removed', 'deceased')),
        owner_site TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      );
      CREATE INDEX members_by_branch ON members(branch_id, sort_key);
      CREATE INDEX members_by_name ON members(sort_key);
      CREATE UNIQUE INDEX members_card_number ON members(card_number) WHERE card_number IS NOT NULL;
      CREATE UNIQUE INDEX members_citizen_id ON members(citizen_id) WHERE citizen_id IS NOT NULL;

      CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL REFERENCES organisations(id),
        kind TEXT NOT NULL CHECK (kind IN ('regular', 'thematic', 'combined')),
        scheduled_at TEXT NOT NULL,
        place TEXT,
        status TEXT NOT NULL CHECK (status IN ('planned', 'shared', 'held', 'adopted', 'sent')),
        chair_id TEXT REFERENCES members(id),
        secretary_id TEXT REFERENCES members(id),
        owner_site TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      );
      CREATE INDEX meetings_by_branch ON meetings(branch_id, scheduled_at);
      CREATE INDEX meetings_by_date ON meetings(scheduled_at);

      CREATE TABLE attendance (
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        member_id TEXT NOT NULL REFERENCES members(id),
        status TEXT NOT NULL CHECK (status IN ('present', 'absent_excused', 'absent_unexcused')),
        reason TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER,
        PRIMARY KEY (meeting_id, member_id)
      ) WITHOUT ROWID;
    `);
  },
};

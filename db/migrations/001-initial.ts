// Migration 1: the organisation tree, this installation's sites, user accounts, settings and the audit log.
import type { Migration } from './types';

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE organisations (
        id TEXT PRIMARY KEY,
        parent_id TEXT REFERENCES organisations(id),
        kind TEXT NOT NULL CHECK (kind IN ('province', 'district', 'ward', 'branch')),
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        sort_order INTEGER NOT NULL DEFAULT 0,
        dissolved_at TEXT,
        owner_site TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      );
      CREATE INDEX organisations_by_parent ON organisations(parent_id, sort_order);

      CREATE TABLE sites (
        id TEXT PRIMARY KEY,
        organisation_id TEXT NOT NULL REFERENCES organisations(id),
        name TEXT NOT NULL,
        is_self INTEGER NOT NULL DEFAULT 0 CHECK (is_self IN (0, 1)),
        public_key TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX sites_one_self ON sites(is_self) WHERE is_self = 1;

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('ward_admin', 'ward_staff', 'branch_secretary', 'viewer')),
        organisation_id TEXT REFERENCES organisations(id),
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        created_at INTEGER NOT NULL,
        disabled_at INTEGER
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        at INTEGER NOT NULL,
        user_id TEXT,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        before TEXT,
        after TEXT
      );
      CREATE INDEX audit_log_by_time ON audit_log(at);
      CREATE INDEX audit_log_by_entity ON audit_log(entity, entity_id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError, databasePath, migrate, openDatabase } from './connection';
import { LATEST_SCHEMA_VERSION, migrations } from './migrations/index';
import { makeTempDir } from './testing';

const dirs: string[] = [];
function tempFile() {
  const dir = makeTempDir();
  dirs.push(dir);
  return databasePath(dir);
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('openDatabase', () => {
  it('creates a new file in WAL mode with foreign keys on, at the newest schema', async () => {
    const store = openDatabase(tempFile());
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(() =>
      store.sqlite.prepare("INSERT INTO organisations (id, parent_id, kind, name, owner_site, updated_at) VALUES ('a', 'missing', 'ward', 'X', 's', 1)").run(),
    ).toThrow(/FOREIGN KEY/);
    await store.close();
  });

  it('refuses a database from a newer version and leaves the file untouched', () => {
    const file = tempFile();
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE future_things (x)');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = sha(file);
    const siblings = fs.readdirSync(path.dirname(file));

    let error: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).code).toBe('DB_FROM_NEWER_VERSION');
    expect((error as Error).message).toContain('phiên bản Chi bộ số mới hơn');
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(path.dirname(file))).toEqual(siblings);
  });

  it('refuses a file that is not a database, with a Vietnamese message, and leaves it as it was', () => {
    const file = tempFile();
    fs.writeFileSync(file, 'Đây là một tệp văn bản, không phải cơ sở dữ liệu. '.repeat(200));
    const before = sha(file);
    expect(() => openDatabase(file)).toThrow(/không phải là cơ sở dữ liệu/);
    expect(sha(file)).toBe(before);
  });
});

describe('migrations', () => {
  it('are numbered 1, 2, 3… with no gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('carry a database holding data at every older version to the newest', async () => {
    for (let start = 1; start < LATEST_SCHEMA_VERSION; start++) {
      const file = tempFile();
      const old = openDatabase(file, { targetVersion: start });
      old.sqlite.exec(`
        INSERT INTO organisations (id, parent_id, kind, name, owner_site, updated_at) VALUES
          ('city', NULL, 'province', 'Thành ủy Hà Nội', 'site', 1),
          ('ward', 'city', 'ward', 'Đảng bộ phường Hồng Hà', 'site', 1),
          ('b1', 'ward', 'branch', 'Chi bộ Tổ dân phố số 1', 'site', 1);
        INSERT INTO settings (key, value) VALUES ('ward.id', '"ward"');
        INSERT INTO audit_log (id, at, action, entity) VALUES ('a1', 1, 'create', 'organisations');
      `);
      if (start >= 2) {
        old.sqlite.exec(`
          INSERT INTO members (id, branch_id, full_name, sort_key, search_name, gender, status, owner_site, updated_at)
          VALUES ('m1', 'b1', 'Đặng Thị Ưng', 'k', 'dang thi ung', 'female', 'official', 'site', 1);
          INSERT INTO meetings (id, branch_id, kind, scheduled_at, status, owner_site, updated_at)
          VALUES ('mt1', 'b1', 'regular', '2026-10-05T19:30', 'held', 'site', 1);
          INSERT INTO attendance (meeting_id, member_id, status, updated_at) VALUES ('mt1', 'm1', 'present', 1);
          UPDATE meetings SET status = 'adopted' WHERE id = 'mt1';
        `);
      }
      await old.close();

      const store = openDatabase(file);
      const q = (sql: string) => store.sqlite.prepare(sql).pluck();
      expect(store.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(q("SELECT branch_kind FROM organisations WHERE id = 'b1'").get()).toBe(start < 2 ? 'other' : null);
      expect(q('SELECT count(*) FROM organisations').get()).toBe(3);
      expect(q('SELECT value FROM settings').get()).toBe('"ward"');
      expect(q('SELECT count(*) FROM audit_log').get()).toBe(1);
      // Migration 6: an installation that never synced is not enrolled, and the records it had are not queued.
      expect(store.sqlite.prepare('SELECT enrolled, state FROM sync_state').all()).toEqual([{ enrolled: 0, state: 'not_enrolled' }]);
      expect(q('SELECT count(*) FROM outbox').get()).toBe(0);
      if (start >= 2) {
        expect(q("SELECT status FROM attendance WHERE member_id = 'm1'").get()).toBe('present');
        expect(q("SELECT m.full_name FROM members_fts f JOIN members m ON m.rowid = f.rowid WHERE members_fts MATCH 'dang thi'").all()).toEqual(['Đặng Thị Ưng']);
      }
      expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
      await store.close();
    }
  });

  it('roll back together when one step fails, leaving the version where it was', async () => {
    const file = tempFile();
    const store = openDatabase(file, { targetVersion: 1 });
    const broken = [...migrations, { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', up: (db: BetterSqlite3.Database) => db.exec('CREATE TABLE nope (; )') }];
    expect(() => migrate(store.sqlite, LATEST_SCHEMA_VERSION + 1, broken)).toThrow(/Không nâng cấp được/);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(1);
    expect(store.sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'members'").pluck().get()).toBe(0);
    await store.close();
  });
});

describe('audit_log', () => {
  it('cannot be edited or deleted', async () => {
    const store = openDatabase(tempFile());
    store.sqlite.prepare("INSERT INTO audit_log (id, at, action, entity) VALUES ('x', 1, 'create', 'members')").run();
    expect(() => store.sqlite.prepare("UPDATE audit_log SET action = 'forged'").run()).toThrow(/append-only/);
    expect(() => store.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    await store.close();
  });
});

// Opens the one SQLite file an installation keeps: refuses files it must not touch (from a newer version, not a
// database, damaged), then turns on WAL, foreign keys and a busy timeout and brings the schema up to date.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations/index';
import type { Database } from './schema';

export type DatabaseErrorCode = 'DB_FROM_NEWER_VERSION' | 'DB_NOT_A_DATABASE' | 'DB_CANNOT_OPEN' | 'DB_MIGRATION_FAILED';

/** A database that cannot be used, with a message a ward office can act on. The file is left as it was. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly code: DatabaseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseOpenError';
  }
}

export interface OpenOptions {
  /** Path to a better-sqlite3 build for another ABI (Electron's). */
  nativeBinding?: string;
  /** Migrate only this far: for migration tests. */
  targetVersion?: number;
}

export interface Store {
  file: string;
  sqlite: BetterSqlite3.Database;
  db: Kysely<Database>;
  close(): Promise<void>;
}

export const DATABASE_FILE_NAME = 'chibo.sqlite';

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE_NAME);
}

/** Reads the schema version of an existing file without changing a byte of it. */
export function readSchemaVersion(file: string, nativeBinding?: string): number {
  let probe: BetterSqlite3.Database | undefined;
  try {
    probe = new BetterSqlite3(file, { readonly: true, fileMustExist: true, nativeBinding });
    probe.pragma('schema_version');
    return probe.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new DatabaseOpenError(
        'DB_NOT_A_DATABASE',
        `Tệp "${file}" không phải là cơ sở dữ liệu của Chi bộ số hoặc đã bị hỏng. Tệp được giữ nguyên; hãy khôi phục từ bản sao lưu.`,
        { cause: error },
      );
    }
    throw new DatabaseOpenError('DB_CANNOT_OPEN', `Không mở được tệp dữ liệu "${file}": ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    probe?.close();
  }
}

/** Applies every pending migration up to `target` in one transaction, recording the version in user_version. */
export function migrate(sqlite: BetterSqlite3.Database, target = LATEST_SCHEMA_VERSION, list: readonly Migration[] = migrations) {
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  const pending = list.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return { from: current, to: current };
  try {
    sqlite.transaction(() => {
      for (const m of pending) {
        m.up(sqlite);
        sqlite.pragma(`user_version = ${m.version}`);
      }
      const violations = sqlite.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) throw new Error(`${violations.length} foreign key violations after migration`);
    })();
  } catch (error) {
    throw new DatabaseOpenError(
      'DB_MIGRATION_FAILED',
      `Không nâng cấp được cơ sở dữ liệu lên phiên bản ${target}: ${(error as Error).message}. Dữ liệu giữ nguyên như trước.`,
      { cause: error },
    );
  }
  return { from: current, to: pending[pending.length - 1]!.version };
}

export function openDatabase(file: string, options: OpenOptions = {}): Store {
  const target = options.targetVersion ?? LATEST_SCHEMA_VERSION;
  if (fs.existsSync(file)) {
    const version = readSchemaVersion(file, options.nativeBinding);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new DatabaseOpenError(
        'DB_FROM_NEWER_VERSION',
        `Tệp dữ liệu "${file}" được tạo bởi một phiên bản Chi bộ số mới hơn (lược đồ ${version}; phiên bản này chỉ đọc được đến ${LATEST_SCHEMA_VERSION}). ` +
          'Hãy cập nhật ứng dụng. Tệp được giữ nguyên, không bị thay đổi.',
      );
    }
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }

  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(file, { nativeBinding: options.nativeBinding });
  } catch (error) {
    throw new DatabaseOpenError('DB_CANNOT_OPEN', `Không mở được tệp dữ liệu "${file}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    migrate(sqlite, target);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    file,
    sqlite,
    db,
    async close() {
      await db.destroy();
      if (sqlite.open) sqlite.close();
    },
  };
}

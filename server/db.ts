// Opens the server's database: an embedded SQLite file in the data folder by default, or PostgreSQL when a
// `postgres://` URL is given (DATABASE_URL). Both sit behind the same Kysely instance, so every query is written once.
// Opening brings the schema up to date and, on the very first start, gives the server its id and key pair.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { ensureServerIdentity } from './meta';
import { serverMigrations, type DialectName } from './migrations';
import type { ServerDatabase } from './schema';

export type ServerKysely = Kysely<ServerDatabase>;

export interface ServerDb {
  db: ServerKysely;
  dialect: DialectName;
  /** For people: "SQLite (<file>)" or "PostgreSQL (<host>/<database>)", without the password. */
  label: string;
  close(): Promise<void>;
}

export interface OpenServerDbOptions {
  dataDir: string;
  /** `postgres://…` selects PostgreSQL; absent, the SQLite file `<dataDir>/server.sqlite`. */
  databaseUrl?: string;
  /** PostgreSQL only: work in this schema (created if missing). Tests use one schema per run. */
  schema?: string;
  /** The server's name, set on the first start only. */
  name?: string;
  clock?: () => number;
}

export const SQLITE_FILE_NAME = 'server.sqlite';

/** True on PostgreSQL: the few statements that differ (row locks, advisory locks) ask this. */
export function isPostgres(db: { getExecutor(): { readonly adapter: unknown } }): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const sqliteHandles = new WeakMap<object, BetterSqlite3.Database>();

/** The SQLite connection behind a server database opened here, or null on PostgreSQL. Kysely keeps one connection for
 *  SQLite and runs a transaction's callback on it, so a statement run on this handle inside that callback belongs to
 *  the transaction. For the few hot loops where preparing a statement once and running it per row is worth it (a push's
 *  records): Kysely prepares every query it runs. */
export function sqliteHandle(db: ServerKysely): BetterSqlite3.Database | null {
  return sqliteHandles.get(db) ?? null;
}

// int8 (bigint, bigserial, count(*)) comes back from pg as a string by default, to be safe beyond 2^53. Our values
// (milliseconds, HLC stamps, cursors) stay far below that, so they are read as numbers, like SQLite gives them.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** SQLite transactions begin IMMEDIATE. A deferred one that reads, then writes after another connection wrote (the
 *  command line beside a running server, in WAL mode) fails at once with SQLITE_BUSY, without waiting: busy_timeout
 *  only helps a transaction that asks for the write lock first. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

function openSqlite(dataDir: string): { db: ServerKysely; label: string } {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // A 64 MiB page cache (the default is 2 MiB) and a checkpoint every 10,000 pages (40 MiB of WAL, not 4): an initial
  // sync writes a ward's hundred megabytes, and with the defaults a fifth of its time went to checkpoints and re-reading
  // index pages (npm run bench -- sync).
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('wal_autocheckpoint = 10000');
  const db = new Kysely<ServerDatabase>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  sqliteHandles.set(db, sqlite);
  return { db, label: `SQLite (${file})` };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function openPostgres(url: string, schema: string | undefined): { db: ServerKysely; label: string } {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`Tên schema PostgreSQL không hợp lệ: "${schema}".`);
  const pool = new pg.Pool({
    connectionString: url,
    types: pgTypes,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const where = new URL(url);
  return {
    db: new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) }),
    label: `PostgreSQL (${where.hostname}${where.port ? `:${where.port}` : ''}${where.pathname})`,
  };
}

async function migrateToLatest(db: ServerKysely, dialect: DialectName, schema: string | undefined): Promise<void> {
  // Kysely looks for its own tables in every schema it can see; named, it looks (and creates them) in ours only, so
  // several servers can share one PostgreSQL database (the tests run a district and a city side by side).
  const migrator = new Migrator({ db, provider: serverMigrations(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Không cập nhật được lược đồ cơ sở dữ liệu của máy chủ${failed ? ` (bước ${failed})` : ''}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export async function openServerDb(options: OpenServerDbOptions): Promise<ServerDb> {
  const url = options.databaseUrl?.trim() || undefined;
  if (url && !/^postgres(ql)?:\/\//i.test(url)) {
    throw new Error('DATABASE_URL phải là địa chỉ PostgreSQL dạng postgres://người_dùng:mật_khẩu@máy:cổng/tên_csdl.');
  }
  const dialect: DialectName = url ? 'postgres' : 'sqlite';
  const { db, label } = url ? openPostgres(url, options.schema) : openSqlite(options.dataDir);
  try {
    if (url && options.schema) await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
    await migrateToLatest(db, dialect, url ? options.schema : undefined);
    await ensureServerIdentity(db, { name: options.name, now: (options.clock ?? Date.now)() });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect, label, close: () => db.destroy() };
}

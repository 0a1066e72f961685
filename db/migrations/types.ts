import type BetterSqlite3 from 'better-sqlite3';

/** One schema version. `up` runs inside the runner's transaction; it must not commit or change journal mode. */
export interface Migration {
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}

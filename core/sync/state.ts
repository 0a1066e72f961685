// The site's sync state: the one row of sync_state, the status a person sees, and the chain marker kept beside the
// database file so a database restored from a backup is noticed even when the server would take its token as a retry.
import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { SyncStateTable } from '../../db/schema';
import type { SyncPhase, SyncStatus } from '../api';

export type SyncStateRow = Selectable<SyncStateTable>;

export function readState(sqlite: BetterSqlite3.Database): SyncStateRow {
  return sqlite.prepare('SELECT * FROM sync_state WHERE id = 1').get() as SyncStateRow;
}

type Patch = Partial<Omit<SyncStateRow, 'id'>>;

export function updateState(sqlite: BetterSqlite3.Database, patch: Patch): void {
  const names = Object.keys(patch) as (keyof Patch)[];
  if (names.length === 0) return;
  sqlite.prepare(`UPDATE sync_state SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = 1`).run(...names.map((n) => patch[n] ?? null));
}

export function selfSite(sqlite: BetterSqlite3.Database): string | null {
  return (sqlite.prepare('SELECT id FROM sites WHERE is_self = 1').pluck().get() as string | undefined) ?? null;
}

/** What the running cycle adds to the stored state: held in memory by the host's sync controller. */
export interface LiveSync {
  running: boolean;
  progress: { phase: SyncPhase; done: number; total: number } | null;
}

/** What the outbox holds, by kind of record, in the order it will go. It reads every entry: tens of milliseconds for an
 *  initial sync's three hundred thousand. */
export function outboxByTable(sqlite: BetterSqlite3.Database): SyncStatus['waitingByTable'] {
  return sqlite.prepare('SELECT tbl AS "table", count(*) AS count FROM outbox GROUP BY tbl ORDER BY min(seq)').all() as SyncStatus['waitingByTable'];
}

/** The sync page's state. `byTable`: the outbox's counts when the caller has them (counted a moment ago). */
export function buildStatus(sqlite: BetterSqlite3.Database, live: LiveSync, byTable: SyncStatus['waitingByTable'] = outboxByTable(sqlite)): SyncStatus {
  const st = readState(sqlite);
  const waiting = byTable.reduce((sum, t) => sum + t.count, 0);
  const rejected = sqlite
    .prepare('SELECT seq, tbl AS "table", key, code, reason, at FROM sync_rejections ORDER BY at DESC, seq DESC LIMIT 200')
    .all() as SyncStatus['rejected'];
  let state: SyncStatus['state'];
  if (!st.enrolled) state = 'not_enrolled';
  else if (st.state === 'revoked') state = 'revoked';
  else if (live.running) state = 'syncing';
  else if (st.state === 'offline' || st.state === 'error') state = st.state;
  else state = waiting > 0 ? 'waiting' : 'idle';
  return {
    enrolled: st.enrolled === 1,
    serverUrl: st.server_url,
    serverName: st.server_name,
    siteId: st.enrolled ? selfSite(sqlite) : null,
    epoch: st.epoch,
    state,
    lastSuccessAt: st.last_success_at,
    lastAttemptAt: st.last_attempt_at,
    nextAttemptAt: st.next_attempt_at,
    lastError: st.last_error,
    waiting,
    waitingByTable: byTable,
    rejected,
    progress: live.running ? live.progress : null,
  };
}

// ---- The chain marker ----------------------------------------------------------------------------------------------

/** The last push the server acknowledged, as written beside the database after the acknowledgement was stored. */
export interface ChainMarker {
  siteId: string;
  epoch: number;
  token: string | null;
  lastSeq: number;
}

export function chainMarkerPath(databaseFile: string): string {
  return `${databaseFile}.sync-chain.json`;
}

export function readChainMarker(databaseFile: string): ChainMarker | null {
  try {
    const value = JSON.parse(fs.readFileSync(chainMarkerPath(databaseFile), 'utf8')) as Partial<ChainMarker>;
    if (typeof value.siteId !== 'string' || !Number.isSafeInteger(value.epoch) || !Number.isSafeInteger(value.lastSeq)) return null;
    return { siteId: value.siteId, epoch: value.epoch!, token: typeof value.token === 'string' ? value.token : null, lastSeq: value.lastSeq! };
  } catch {
    return null;
  }
}

/** Written after the database committed, never before: a marker behind the database is harmless, one ahead is not. */
export function writeChainMarker(databaseFile: string, marker: ChainMarker): void {
  const file = chainMarkerPath(databaseFile);
  const temp = `${file}.${process.pid}.partial`;
  try {
    fs.writeFileSync(temp, JSON.stringify(marker));
    fs.renameSync(temp, file);
  } catch {
    // The marker only helps notice a restored backup; the server's epochs still catch most of them without it.
    fs.rmSync(temp, { force: true });
  }
}

/** The database is behind the last acknowledged push: it was restored from a backup (or copied from an old one). */
export function restoredFromBackup(st: SyncStateRow, siteId: string, marker: ChainMarker | null): boolean {
  if (!marker || !st.enrolled || st.epoch === null || marker.siteId !== siteId) return false;
  return marker.epoch > st.epoch || (marker.epoch === st.epoch && marker.lastSeq > st.last_seq);
}

// Writing what comes down from the server: the superior's documents and feedback (a pull page, §7), and this site's own
// records as the server holds them (recovery after a restored backup, §6). The copy with the higher (version, updatedAt)
// wins; one change that cannot be applied is skipped and counted, never allowed to stop the rest.
import type BetterSqlite3 from 'better-sqlite3';
import type { ServiceContext } from '../context';
import { isLocked, type MeetingStatus } from '../rules/meetingPlan';
import { SHA256, WARD_TABLES, type Change, type OwnAnswer, type WardTable } from './protocol';
import { readRecord, recordId } from './outbox';

/** (version, updatedAt) of `a` above that of `b`. */
export function newer(a: { version: number; updatedAt: number }, b: { version: number; updated_at: number } | undefined): boolean {
  if (!b) return true;
  return a.version > b.version || (a.version === b.version && a.updatedAt > b.updated_at);
}

export interface PullEffect {
  applied: number;
  unchanged: number;
  failed: number;
  documents: number;
  feedback: number;
  /** Feedback turned into (or updating) a superior comment on a draft here. */
  comments: number;
}

export function emptyPullEffect(): PullEffect {
  return { applied: 0, unchanged: 0, failed: 0, documents: 0, feedback: 0, comments: 0 };
}

export function addPullEffect(into: PullEffect, more: PullEffect): PullEffect {
  for (const key of Object.keys(into) as (keyof PullEffect)[]) into[key] += more[key];
  return into;
}

export interface DocumentFile {
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

/** A document's `files`: a JSON string (or, leniently, an array) of { name, mime, size, sha256 }; bad entries dropped. */
export function parseDocumentFiles(value: unknown): DocumentFile[] {
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(list)) return [];
  return list.flatMap((f: Record<string, unknown>) =>
    f && typeof f === 'object' && typeof f.sha256 === 'string' && SHA256.test(f.sha256)
      ? [
          {
            name: typeof f.name === 'string' && f.name.trim() ? f.name : `${f.sha256.slice(0, 12)}`,
            mime: typeof f.mime === 'string' ? f.mime : 'application/octet-stream',
            size: typeof f.size === 'number' ? f.size : 0,
            sha256: f.sha256,
          },
        ]
      : [],
  );
}

const text = (v: unknown, fallback?: string): string => {
  if (typeof v === 'string') return v;
  if (fallback !== undefined) return fallback;
  throw new Error('expected text');
};
const integer = (v: unknown, fallback?: number): number => {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  if (fallback !== undefined) return fallback;
  throw new Error('expected an integer');
};

function applyDocument(ctx: ServiceContext, c: Change): boolean {
  const sqlite = ctx.store.sqlite;
  const held = sqlite.prepare('SELECT version, updated_at FROM superior_documents WHERE id = ?').get(c.key) as { version: number; updated_at: number } | undefined;
  if (!newer(c, held)) return false;
  const d = c.data ?? {};
  const gone = c.deletedAt !== null;
  const kind = text(d.kind, gone ? 'document' : undefined);
  if (!['document', 'directive', 'news'].includes(kind)) throw new Error(`unknown document kind ${kind}`);
  sqlite
    .prepare(
      `INSERT INTO superior_documents (id, kind, title, body, published_at, files, version, updated_at, deleted_at, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title, body = excluded.body, published_at = excluded.published_at,
         files = excluded.files, version = excluded.version, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at`,
    )
    .run(
      c.key,
      kind,
      text(d.title, gone ? '' : undefined),
      text(d.body, ''),
      integer(d.published_at, gone ? 0 : c.updatedAt > 1e15 ? Math.floor(c.updatedAt / 1024) : c.updatedAt),
      JSON.stringify(parseDocumentFiles(d.files)),
      c.version,
      c.updatedAt,
      c.deletedAt,
      ctx.clock(),
    );
  return true;
}

/** Feedback lands in superior_feedback, and as a superior comment on the draft when the meeting is here and still open. */
function applyFeedback(ctx: ServiceContext, c: Change, effect: PullEffect): boolean {
  const sqlite = ctx.store.sqlite;
  const held = sqlite.prepare('SELECT version, updated_at FROM superior_feedback WHERE id = ?').get(c.key) as { version: number; updated_at: number } | undefined;
  if (!newer(c, held)) return false;
  const d = c.data ?? {};
  const gone = c.deletedAt !== null;
  // A tombstone may come without the fields: keep what was held.
  const previous = (held ? sqlite.prepare('SELECT * FROM superior_feedback WHERE id = ?').get(c.key) : {}) as Record<string, unknown>;
  const field = (name: string) => (gone && d[name] === undefined ? previous[name] : d[name]);
  const row = {
    meeting_id: text(field('meeting_id'), gone ? '' : undefined),
    draft_version: integer(field('draft_version'), gone ? 0 : undefined),
    line_from: integer(field('line_from'), gone ? 0 : undefined),
    line_to: integer(field('line_to'), gone ? 0 : undefined),
    author_name: text(field('author_name'), gone ? '' : undefined),
    text: text(field('text'), gone ? '' : undefined),
    created_at: integer(field('created_at'), gone ? 0 : ctx.clock()),
  };
  if (!gone && (row.line_from < 1 || row.line_to < row.line_from)) throw new Error('feedback lines out of order');
  sqlite
    .prepare(
      `INSERT INTO superior_feedback (id, meeting_id, draft_version, line_from, line_to, author_name, text, created_at, version, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET meeting_id = excluded.meeting_id, draft_version = excluded.draft_version, line_from = excluded.line_from,
         line_to = excluded.line_to, author_name = excluded.author_name, text = excluded.text, created_at = excluded.created_at,
         version = excluded.version, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at`,
    )
    .run(c.key, row.meeting_id, row.draft_version, row.line_from, row.line_to, row.author_name, row.text, row.created_at, c.version, c.updatedAt, c.deletedAt);
  try {
    if (sqlite.transaction(() => feedbackComment(ctx, c.key, row, gone))()) effect.comments++;
  } catch {
    // The feedback is kept in superior_feedback; the draft's comment list simply does not show it.
  }
  return true;
}

function feedbackComment(
  ctx: ServiceContext,
  id: string,
  row: { meeting_id: string; draft_version: number; line_from: number; line_to: number; author_name: string; text: string; created_at: number },
  gone: boolean,
): boolean {
  const sqlite = ctx.store.sqlite;
  const meeting = sqlite.prepare('SELECT status FROM meetings WHERE id = ? AND deleted_at IS NULL').get(row.meeting_id) as { status: MeetingStatus } | undefined;
  if (!meeting || isLocked(meeting.status)) return false;
  const site = sqlite.prepare('SELECT id FROM sites WHERE is_self = 1').pluck().get() as string | undefined;
  if (!site) return false;
  const existing = sqlite.prepare('SELECT source, meeting_id FROM comments WHERE id = ?').get(id) as { source: string; meeting_id: string } | undefined;
  if (existing) {
    if (existing.source !== 'superior' || existing.meeting_id !== row.meeting_id) return false;
    sqlite
      .prepare(
        `UPDATE comments SET draft_version = ?, author_name = ?, line_from = ?, line_to = ?, text = ?, deleted_at = ?,
           version = version + 1, updated_at = ? WHERE id = ?`,
      )
      .run(row.draft_version, row.author_name, row.line_from, row.line_to, row.text, gone ? ctx.clock() : null, ctx.hlc.now(), id);
    return true;
  }
  if (gone) return false;
  sqlite
    .prepare(
      `INSERT INTO comments (id, meeting_id, draft_version, source, author_name, line_from, line_to, text, proposed_text, created_at, owner_site, updated_at)
       VALUES (?, ?, ?, 'superior', ?, ?, ?, ?, NULL, ?, ?, ?)`,
    )
    .run(id, row.meeting_id, row.draft_version, row.author_name, row.line_from, row.line_to, row.text, row.created_at, site, ctx.hlc.now());
  return true;
}

/** Applies one page of server changes and stores the cursor, in one transaction. */
export function applyPullPage(ctx: ServiceContext, page: { changes: Change[]; cursor: number }, log?: (error: unknown, change: Change) => void): PullEffect {
  const sqlite = ctx.store.sqlite;
  const effect = emptyPullEffect();
  sqlite.transaction(() => {
    for (const change of page.changes) {
      try {
        if (typeof change?.key !== 'string' || !Number.isSafeInteger(change.version) || !Number.isSafeInteger(change.updatedAt)) {
          throw new Error('malformed change');
        }
        ctx.hlc.receive(change.updatedAt);
        const applied = sqlite.transaction(() => {
          if (change.table === 'documents') return applyDocument(ctx, change) && (effect.documents++, true);
          if (change.table === 'feedback') return applyFeedback(ctx, change, effect) && (effect.feedback++, true);
          return false;
        })();
        if (applied) effect.applied++;
        else effect.unchanged++;
      } catch (error) {
        effect.failed++;
        log?.(error, change);
      }
    }
    sqlite.prepare('UPDATE sync_state SET pull_cursor = max(pull_cursor, ?) WHERE id = 1').run(page.cursor);
  })();
  return effect;
}

/** The server's change log was trimmed past our cursor: drop every server-owned record and pull again from 0. The
 *  superior comments already on drafts here are this site's records now and stay. */
export function resetServerRecords(sqlite: BetterSqlite3.Database): void {
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM superior_documents').run();
    sqlite.prepare('DELETE FROM superior_feedback').run();
    sqlite.prepare('UPDATE sync_state SET pull_cursor = 0 WHERE id = 1').run();
  })();
}

// ---- Own records back from the server (§6) -------------------------------------------------------------------------

export type OwnRecord = OwnAnswer['records'][number];

export interface RecoverEffect {
  /** Records the server held newer (or that were missing here), written back. */
  restored: number;
  /** Records where this site's copy is the same or newer. */
  kept: number;
  failed: { table: string; key: string; error: string }[];
}

const APPEND_ONLY = new Set<WardTable>(['member_events', 'minutes_addenda']);
const LOCKED = new Set(['adopted', 'sent']);

const columnsOf = new WeakMap<BetterSqlite3.Database, Map<string, string[]>>();
function columns(sqlite: BetterSqlite3.Database, table: WardTable): string[] {
  let byTable = columnsOf.get(sqlite);
  if (!byTable) columnsOf.set(sqlite, (byTable = new Map()));
  let cols = byTable.get(table);
  if (!cols) {
    cols = (sqlite.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    byTable.set(table, cols);
  }
  return cols;
}

function sqlValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

/** Writes a ward row from the server, with the columns this schema has. */
function writeRow(sqlite: BetterSqlite3.Database, table: WardTable, data: Record<string, unknown>, exists: boolean) {
  const names = columns(sqlite, table).filter((c) => c in data);
  const keys = table === 'attendance' ? ['meeting_id', 'member_id'] : ['id'];
  const values = names.map((n) => sqlValue(data[n]));
  if (!exists) {
    sqlite.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...values);
    return;
  }
  const set = names.filter((n) => !keys.includes(n));
  sqlite
    .prepare(`UPDATE ${table} SET ${set.map((n) => `${n} = ?`).join(', ')} WHERE ${keys.map((k) => `${k} = ?`).join(' AND ')}`)
    .run(...set.map((n) => sqlValue(data[n])), ...keys.map((k) => sqlValue(data[k])));
}

/**
 * Keeps, for each of this site's records the server holds, the copy with the higher (version, updatedAt), in one
 * transaction. Parents go before children (WARD_TABLES order) and anything refused (a parent not there yet, a unique
 * number held by a row that changes later in the list) is tried again after the rest, until nothing more goes in.
 * A meeting whose minutes the server has as adopted is written as held first and locked last, so its records can go in.
 */
export function applyOwnRecords(ctx: ServiceContext, records: readonly OwnRecord[]): RecoverEffect {
  const sqlite = ctx.store.sqlite;
  const effect: RecoverEffect = { restored: 0, kept: 0, failed: [] };
  const order = new Map(WARD_TABLES.map((t, i) => [t, i]));
  const todo = records.filter((r) => order.has(r.table)).sort((a, b) => order.get(a.table)! - order.get(b.table)!);
  const lockLater = new Map<string, string>();
  sqlite.transaction(() => {
    let pending: OwnRecord[] = [];
    for (const r of todo) {
      if (!r.data || typeof r.data !== 'object' || typeof r.key !== 'string' || !Number.isSafeInteger(r.version) || !Number.isSafeInteger(r.updatedAt)) {
        effect.failed.push({ table: r.table, key: String(r.key), error: 'malformed record' });
      } else pending.push(r);
    }
    const errors = new Map<string, string>();
    for (let pass = 0; pending.length > 0 && pass < 5; pass++) {
      const retry: OwnRecord[] = [];
      for (const r of pending) {
        ctx.hlc.receive(r.updatedAt);
        const local = readRecord(sqlite, r.table, r.key) as { version: number; updated_at: number; status?: string } | undefined;
        if (!newer(r, local) || (local && APPEND_ONLY.has(r.table))) {
          effect.kept++;
          continue;
        }
        const data: Record<string, unknown> = { ...r.data, version: r.version, updated_at: r.updatedAt, deleted_at: r.deletedAt };
        if (r.table === 'meetings' && LOCKED.has(String(data.status)) && !(local && LOCKED.has(String(local.status)))) {
          lockLater.set(r.key, String(data.status));
          data.status = 'held';
        }
        try {
          sqlite.transaction(() => writeRow(sqlite, r.table, data, local !== undefined))();
          effect.restored++;
          errors.delete(recordId(r.table, r.key));
        } catch (error) {
          retry.push(r);
          errors.set(recordId(r.table, r.key), (error as Error).message);
          lockLater.delete(r.key);
        }
      }
      const progress = retry.length < pending.length;
      pending = retry;
      if (!progress) break;
    }
    for (const [id, status] of lockLater) sqlite.prepare('UPDATE meetings SET status = ? WHERE id = ?').run(status, id);
    for (const r of pending) effect.failed.push({ table: r.table, key: r.key, error: errors.get(recordId(r.table, r.key)) ?? 'not applied' });
  })();
  return effect;
}

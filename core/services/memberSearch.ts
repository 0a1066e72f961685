// The member list's query: which members are in scope (this installation's ward, or one of its branches), the
// filters, the search by name without diacritics, and one page in Vietnamese name order with the total. It answers
// with row ids only; members.ts loads and shapes the rows of the page.
//
// Shapes, measured on a whole city in one file (475,880 members, `npm run bench -- members`):
// - Ward or branch: the covering index members_list_by_branch gives every in-scope row's filters and sort key without
//   touching the table; they are gathered once (≈3,700 rows for a ward), counted, and the page is sorted out of them.
//   A search adds `+m.rowid IN (SELECT rowid FROM members_fts …)`: the unary plus keeps SQLite from driving the query
//   from the full-text matches (for "nguyen" that is 38% of the city, a table seek for each), so the matches become a
//   lookup list that the ward's rows are checked against.
// - Whole file (`scope: all`, for the benchmark): with few matches the page is sorted out of the matches; with many,
//   members_list_by_name is read in name order and checked against the matches, stopping once the page is full.
//   Without filters the total comes from the full-text index alone.
import type BetterSqlite3 from 'better-sqlite3';
import { foldDiacritics } from '../../db/names';
import type { MemberRow } from '../api';

export type MemberScope =
  /** Members whose branch's parent is the ward: what members.list shows. */
  | { kind: 'ward'; wardId: string }
  /** One branch, already checked to belong to the ward. */
  | { kind: 'branch'; branchId: string }
  /** Every member in the file, whatever their ward: only for measuring a whole city. */
  | { kind: 'all' };

export interface MemberFilter {
  status?: MemberRow['status'];
  standing?: MemberRow['standing'] | 'on_roll';
  /** Probationary members whose twelve months end in this month (YYYY-MM) or earlier. */
  dueForOfficialIn?: string;
  search?: string;
}

export interface MemberIds {
  total: number;
  /** Row ids of the page, in list order. */
  rowids: number[];
  /** Which shape answered: for the benchmark and tests. */
  shape: 'scoped' | 'all-scan' | 'all-matches' | 'empty';
}

const ON_ROLL = "('active', 'exempt', 'away')";
/**
 * Sorting the matches costs a table seek each; reading in name order costs an index entry for each row read, plus a
 * look-up list of every match. The matches are sorted when there are fewer than this many per row a scan would read.
 */
const SCAN_TO_SEEK = 0.125;

/**
 * The FTS5 query for what a person typed: each word folded like search_name (no diacritics, đ as d, lower case) and
 * matched as the start of a word of the name, in any order: "Nguyen van A" gives `"nguyen"* "van"* "a"*`. Anything
 * that is not a letter or a digit separates words, so quotes, stars, brackets, hyphens and FTS5 operators (AND, NEAR)
 * become plain words or nothing and can never make a syntax error. Null when no word is left: no search.
 */
export function searchExpression(text: string | undefined): string | null {
  if (!text) return null;
  const words = [...new Set(foldDiacritics(text).match(/[\p{L}\p{N}]+/gu) ?? [])];
  // A word that starts another word of the query adds nothing ("ng nguyen" is "nguyen"): the longer one needs it anyway.
  const needed = words.filter((w) => !words.some((other) => other !== w && other.startsWith(w)));
  return needed.length > 0 ? needed.map((w) => `"${w}"*`).join(' ') : null;
}

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** A statement prepared once per connection: the list's shapes are few and it runs on every keystroke. */
export function prepare(sqlite: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = sqlite.prepare(sql)));
  return statement;
}

type Params = Record<string, string | number>;

/** The filters other than scope and search, on members `m`. */
function filterTerms(filter: MemberFilter, params: Params): string[] {
  const terms: string[] = [];
  if (filter.status) {
    terms.push('m.status = @status');
    params.status = filter.status;
  }
  if (filter.standing === 'on_roll') terms.push(`m.standing IN ${ON_ROLL}`);
  else if (filter.standing) {
    terms.push('m.standing = @standing');
    params.standing = filter.standing;
  }
  if (filter.dueForOfficialIn) {
    // Probation ends twelve months after admission: due when admitted in that month a year earlier, or before.
    const [y, mo] = filter.dueForOfficialIn.split('-').map(Number) as [number, number];
    terms.push(`m.status = 'probationary'`, `m.standing IN ${ON_ROLL}`, 'm.admission_date <= @lastAdmission');
    params.lastAdmission = `${y - 1}-${String(mo).padStart(2, '0')}-31`;
  }
  return terms;
}

const MATCHES = 'SELECT rowid FROM members_fts WHERE members_fts MATCH @match';

function parseIds(json: string | null): number[] {
  return json ? (JSON.parse(json) as number[]) : [];
}

/** Total and one page of row ids of the members in scope that pass the filters and the search. */
export function findMemberIds(
  sqlite: BetterSqlite3.Database,
  scope: MemberScope,
  filter: MemberFilter,
  page: { limit: number; offset: number },
): MemberIds {
  const match = searchExpression(filter.search);
  const params: Params = { limit: page.limit, offset: page.offset };
  const filters = filterTerms(filter, params);
  if (match) params.match = match;

  if (scope.kind !== 'all') {
    const where = ['m.deleted_at IS NULL', ...filters];
    if (scope.kind === 'ward') {
      where.unshift("m.branch_id IN (SELECT id FROM organisations WHERE parent_id = @scope AND kind = 'branch')");
      params.scope = scope.wardId;
    } else {
      where.unshift('m.branch_id = @scope');
      params.scope = scope.branchId;
    }
    // The full-text matches are only looked for between the smallest and the greatest row id in scope: a ward's
    // members, added together, sit close together even in a file that holds a whole city.
    const hits = match
      ? `scope AS MATERIALIZED (SELECT m.rowid AS r, m.sort_key AS k FROM members m WHERE ${where.join(' AND ')}),
         hits AS MATERIALIZED (SELECT r, k FROM scope WHERE r IN (${MATCHES}
           AND rowid BETWEEN (SELECT min(r) FROM scope) AND (SELECT max(r) FROM scope)))`
      : `hits AS MATERIALIZED (SELECT m.rowid AS r, m.sort_key AS k FROM members m WHERE ${where.join(' AND ')})`;
    const row = prepare(
      sqlite,
      `WITH ${hits}
       SELECT (SELECT count(*) FROM hits) AS total,
              (SELECT json_group_array(r) FROM (SELECT r FROM hits ORDER BY k, r LIMIT @limit OFFSET @offset)) AS ids`,
    ).get(params) as { total: number; ids: string | null };
    return { total: row.total, rowids: parseIds(row.ids), shape: 'scoped' };
  }

  // The whole file.
  const where = ['m.deleted_at IS NULL', ...filters];
  if (!match) {
    const total = prepare(sqlite, `SELECT count(*) FROM members m WHERE ${where.join(' AND ')}`).pluck().get(params) as number;
    const ids = prepare(
      sqlite,
      `SELECT json_group_array(r) FROM (SELECT m.rowid AS r FROM members m INDEXED BY members_list_by_name
        WHERE ${where.join(' AND ')} ORDER BY m.sort_key, m.rowid LIMIT @limit OFFSET @offset)`,
    ).pluck().get(params) as string;
    return { total, rowids: parseIds(ids), shape: 'all-scan' };
  }
  // Matches minus those of deleted members (the full-text index keeps every row of members): no table seek per match.
  const total = (
    filters.length === 0
      ? prepare(
          sqlite,
          `SELECT (SELECT count(*) FROM members_fts WHERE members_fts MATCH @match)
                - (SELECT count(*) FROM members INDEXED BY members_deleted WHERE deleted_at IS NOT NULL AND rowid IN (${MATCHES}))`,
        ).pluck().get({ match })
      : prepare(sqlite, `SELECT count(*) FROM members m WHERE ${where.join(' AND ')} AND m.rowid IN (${MATCHES})`).pluck().get(params)
  ) as number;
  if (total === 0 || page.offset >= total) return { total, rowids: [], shape: 'empty' };
  // Reading in name order finds a page after about (offset + limit) × members / total rows; sorting the matches costs
  // a table seek each. The matches are sorted when they are fewer than the rows a scan would read.
  const members = (prepare(sqlite, 'SELECT max(rowid) FROM members').pluck().get() as number | null) ?? 0;
  const scanned = ((page.offset + page.limit) * members) / total;
  const byMatches = total < scanned * SCAN_TO_SEEK;
  const ids = prepare(
    sqlite,
    byMatches
      ? `SELECT json_group_array(r) FROM (SELECT m.rowid AS r FROM members m
          WHERE ${where.join(' AND ')} AND m.rowid IN (${MATCHES}) ORDER BY m.sort_key, m.rowid LIMIT @limit OFFSET @offset)`
      : `SELECT json_group_array(r) FROM (SELECT m.rowid AS r FROM members m INDEXED BY members_list_by_name
          WHERE ${where.join(' AND ')} AND +m.rowid IN (${MATCHES}) ORDER BY m.sort_key, m.rowid LIMIT @limit OFFSET @offset)`,
  ).pluck().get(params) as string;
  return { total, rowids: parseIds(ids), shape: byMatches ? 'all-matches' : 'all-scan' };
}

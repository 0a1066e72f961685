// The member list's query: which members are in scope (this installation's ward, or one of its branches), the
// filters, the search by name without diacritics, and one page in Vietnamese name order with the total. It answers
// with row ids only; members.ts loads and shapes the rows of the page.
//
// Shapes, chosen by measuring a whole city in one file (475,880 members; `npm run bench -- members`):
// - Ward or branch: members_list_by_branch (migration 5) holds every in-scope row's filter columns and sort key, so
//   the scope is gathered from the index alone (≈3,700 rows for a ward), counted, and the page sorted out of it, in
//   one statement. A search keeps those rows whose row id is among the full-text matches, and asks the full-text
//   index only for matches between the scope's smallest and greatest row id: a ward's members, added together, sit
//   close together even in a city's file, and with the prefix indexes of migration 5 that range is read directly.
//   The matches are never the driving side: for "nguyen" (38% of a city) that would be a table seek for each.
// - Whole file (`scope: all`, for the benchmark): see findAll.
//
// List order: the name (db/names.ts nameSortKey), then official before probationary, then standing, then the row:
// the same from page to page, members with the same name included.
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

/** How a page was found; `all-*` only for the whole file. */
export type MemberQueryShape = 'scoped' | 'empty' | 'all-matches' | 'all-names' | 'all-scan';

export interface MemberIds {
  total: number;
  /** Row ids of the page, in list order. */
  rowids: number[];
  shape: MemberQueryShape;
}

const ON_ROLL = "('active', 'exempt', 'away')";

/** The words of a search: folded like search_name, split on anything but letters and digits, none starting another. */
export function searchWords(text: string | undefined): string[] {
  const words = [...new Set(foldDiacritics(text ?? '').match(/[\p{L}\p{N}]+/gu) ?? [])];
  // A word that starts another word of the query adds nothing ("ng nguyen" is "nguyen"): the longer one needs it anyway.
  return words.filter((w) => !words.some((other) => other !== w && other.startsWith(w)));
}

/**
 * The FTS5 query for what a person typed: each word folded like search_name (no diacritics, đ as d, lower case) and
 * matched as the start of a word of the name, in any order: "Nguyen van A" gives `"nguyen"* "van"* "a"*`. Anything
 * that is not a letter or a digit separates words, so quotes, stars, brackets, hyphens and FTS5 operators (AND, NEAR)
 * become plain words or nothing and can never make a syntax error. Null when no word is left: no search.
 */
export function searchExpression(text: string | undefined): string | null {
  const words = searchWords(text);
  return words.length > 0 ? words.map((w) => `"${w}"*`).join(' ') : null;
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

/**
 * Total and one page of row ids of the members in scope that pass the filters and the search. `force` (tests and the
 * benchmark) asks a whole-file search for one shape where it can answer.
 */
export function findMemberIds(
  sqlite: BetterSqlite3.Database,
  scope: MemberScope,
  filter: MemberFilter,
  page: { limit: number; offset: number },
  force?: MemberQueryShape,
): MemberIds {
  const match = searchExpression(filter.search);
  const params: Params = { limit: page.limit, offset: page.offset };
  const filters = filterTerms(filter, params);
  if (match) params.match = match;
  const where = ['m.deleted_at IS NULL', ...filters];
  if (scope.kind === 'all') return findAll(sqlite, filter, page, params, where, match, force);

  if (scope.kind === 'ward') {
    where.unshift("m.branch_id IN (SELECT id FROM organisations WHERE parent_id = @scope AND kind = 'branch')");
    params.scope = scope.wardId;
  } else {
    where.unshift('m.branch_id = @scope');
    params.scope = scope.branchId;
  }
  const inScope = `SELECT m.rowid AS r, m.sort_key AS k, m.status AS s, m.standing AS t FROM members m WHERE ${where.join(' AND ')}`;
  // The full-text matches are only looked for between the smallest and the greatest row id in scope: a ward's
  // members, added together, sit close together even in a file that holds a whole city.
  const hits = match
    ? `scope AS MATERIALIZED (${inScope}),
       hits AS MATERIALIZED (SELECT * FROM scope WHERE r IN (${MATCHES}
         AND rowid BETWEEN (SELECT min(r) FROM scope) AND (SELECT max(r) FROM scope)))`
    : `hits AS MATERIALIZED (${inScope})`;
  const row = prepare(
    sqlite,
    `WITH ${hits}
     SELECT (SELECT count(*) FROM hits) AS total,
            (SELECT json_group_array(r) FROM (SELECT r FROM hits ORDER BY k, s, t, r LIMIT @limit OFFSET @offset)) AS ids`,
  ).get(params) as { total: number; ids: string | null };
  return { total: row.total, rowids: parseIds(row.ids), shape: 'scoped' };
}

// ---- The whole file ------------------------------------------------------------------------------------------------

/** members_list_by_name's order; for live members it is the list order (search_name follows from sort_key). */
const NAME_ORDER = 'm.sort_key, m.status, m.standing, m.deleted_at, m.search_name, m.rowid';
/**
 * Sorting the matches costs a table seek and a sort entry each (≈2 µs); reading in name order against a look-up list
 * of the matches costs ≈0.1 µs a row read plus ≈0.15 µs a match. With matches spread evenly a page is found after
 * (offset + limit) × members / matches rows, so sorting the matches wins below a twentieth of that. But names cluster
 * in name order (it starts with the given name, and a middle name like "thị" goes with women's given names), and a
 * scan may read the whole index before the page is full (≈50 ms for a city): below 2% of the members, where sorting
 * them costs less than that, the matches are always sorted.
 */
const SCAN_TO_SEEK = 0.05;
const ALWAYS_SORT_SHARE = 0.02;
/**
 * For a common word ("nguyen", "thi": a third of a city) the look-up list alone takes 20–40 ms. Instead the rows are
 * read in name order and their names compared with the words directly (≈0.3 µs a row): tried when matches spread
 * evenly would fill the page within half this many rows, and given up for the look-up list after it.
 */
const NAME_SCAN_ROWS = 50_000;

/**
 * Does a name match words of [a-z0-9] the way members_fts does? For an ASCII name (as search_name is written, in lower
 * case) yes when each word, ignoring case, starts the name or follows a character that is not a letter or digit:
 * unicode61 splits ASCII exactly there and folds its case. LIKE (ASCII case-insensitive) rules most rows out cheaply
 * first. A name with anything beyond ASCII is asked of members_fts, one row at a time: there are next to none.
 */
function namesMatch(words: string[], params: Params, rowid: string): string {
  const ascii = 'length(m.search_name) = octet_length(m.search_name)';
  const like = words.map((w, i) => ((params[`l${i}`] = `%${w}%`), `m.search_name LIKE @l${i}`));
  const glob = words.map((w, i) => ((params[`g${i}`] = `*[^a-z0-9]${w}*`), `' ' || lower(m.search_name) GLOB @g${i}`));
  return `((${like.join(' AND ')} AND ${ascii} AND ${glob.join(' AND ')})
           OR (NOT ${ascii} AND EXISTS (SELECT 1 FROM members_fts WHERE members_fts MATCH @match AND rowid = ${rowid})))`;
}

/**
 * Every member in the file (a whole city: 475,880). Without a search, members_list_by_name is read in order. With one,
 * the total comes first (without other filters, from the full-text index alone), then the page: few matches are sorted
 * (all-matches); many are found by reading names in order (all-names), or, failing that within NAME_SCAN_ROWS or for
 * words beyond ASCII, by reading in order against a look-up list of every match (all-scan).
 */
function findAll(
  sqlite: BetterSqlite3.Database,
  filter: MemberFilter,
  page: { limit: number; offset: number },
  params: Params,
  where: string[],
  match: string | null,
  force: MemberQueryShape | undefined,
): MemberIds {
  const pageOf = (sql: string, shape: MemberQueryShape) => ({ rowids: parseIds(prepare(sqlite, sql).pluck().get(params) as string), shape });
  if (!match) {
    const total = prepare(sqlite, `SELECT count(*) FROM members m WHERE ${where.join(' AND ')}`).pluck().get(params) as number;
    const found = pageOf(
      `SELECT json_group_array(r) FROM (SELECT m.rowid AS r FROM members m INDEXED BY members_list_by_name
        WHERE ${where.join(' AND ')} ORDER BY ${NAME_ORDER} LIMIT @limit OFFSET @offset)`,
      'all-scan',
    );
    return { total, ...found };
  }
  // Without other filters: the full-text count less the deleted members among the matches (the full-text index keeps
  // every row of members), with no table seek per match.
  const total = (
    where.length === 1
      ? prepare(
          sqlite,
          `SELECT (SELECT count(*) FROM members_fts WHERE members_fts MATCH @match)
                - (SELECT count(*) FROM members INDEXED BY members_deleted WHERE deleted_at IS NOT NULL AND rowid IN (${MATCHES}))`,
        ).pluck().get({ match })
      : prepare(sqlite, `SELECT count(*) FROM members m WHERE ${where.join(' AND ')} AND m.rowid IN (${MATCHES})`).pluck().get(params)
  ) as number;
  if (total === 0 || page.offset >= total) return { total, rowids: [], shape: 'empty' };

  const members = (prepare(sqlite, 'SELECT max(rowid) FROM members').pluck().get() as number | null) ?? 0;
  const scanned = ((page.offset + page.limit) * members) / total;
  if (force ? force === 'all-matches' : total < Math.max(scanned * SCAN_TO_SEEK, members * ALWAYS_SORT_SHARE)) {
    const found = pageOf(
      `SELECT json_group_array(r) FROM (SELECT m.rowid AS r FROM members m
        WHERE ${where.join(' AND ')} AND m.rowid IN (${MATCHES}) ORDER BY ${NAME_ORDER} LIMIT @limit OFFSET @offset)`,
      'all-matches',
    );
    return { total, ...found };
  }
  const words = searchWords(filter.search);
  if (force ? force === 'all-names' : scanned * 2 <= NAME_SCAN_ROWS && words.every((w) => /^[a-z0-9]+$/.test(w))) {
    params.rows = force ? members : NAME_SCAN_ROWS;
    // Rows read in name order from the index alone (admission_date only for that filter), then the page out of them:
    // the outer query keeps the order of the inner one and stops once the page is full.
    const columns = `m.rowid AS r, m.sort_key, m.status, m.standing, m.deleted_at, m.search_name${filter.dueForOfficialIn ? ', m.admission_date' : ''}`;
    const found = pageOf(
      `SELECT json_group_array(r) FROM (
         SELECT m.r FROM (SELECT ${columns} FROM members m INDEXED BY members_list_by_name ORDER BY ${NAME_ORDER} LIMIT @rows) AS m
          WHERE ${where.join(' AND ')} AND ${namesMatch(words, params, 'm.r')} LIMIT @limit OFFSET @offset)`,
      'all-names',
    );
    // Complete when the page is full or reaches the last match; otherwise the first rows held too few matches.
    if (found.rowids.length === page.limit || page.offset + found.rowids.length === total) return { total, ...found };
  }
  const found = pageOf(
    `SELECT json_group_array(r) FROM (SELECT m.rowid AS r FROM members m INDEXED BY members_list_by_name
      WHERE ${where.join(' AND ')} AND +m.rowid IN (${MATCHES}) ORDER BY ${NAME_ORDER} LIMIT @limit OFFSET @offset)`,
    'all-scan',
  );
  return { total, ...found };
}

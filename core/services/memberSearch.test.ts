// Searching the member list the way a ward clerk types: without diacritics, đ as d, words in any order and cut short,
// with whatever punctuation, and only ever inside this installation's ward, on the demo ward's real database.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { foldDiacritics, nameSortKey } from '../../db/names';
import type { MemberRow } from '../api';
import { startTestRuntime, type Caller, type TestRuntime } from '../testing';
import { findMemberIds, searchExpression, type MemberQueryShape, type MemberScope } from './memberSearch';
import { currentWardId } from './setup';

let t: TestRuntime;
let staff: Caller;
let wardId: string;
let branchId: string;
const OTHER_WARD = { id: 'other-ward', branch: 'other-branch', member: 'other-member' };

const run = (sql: string, ...params: unknown[]) => t.runtime.store.sqlite.prepare(sql).run(...params);

function insertMember(id: string, branch: string, fullName: string, deletedAt: number | null = null, searchName = foldDiacritics(fullName)) {
  run(
    `INSERT INTO members (id, branch_id, full_name, sort_key, search_name, gender, status, standing, owner_site, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, 'male', 'official', 'active', 'test', 1, ?)`,
    id,
    branch,
    fullName,
    nameSortKey(fullName),
    searchName,
    deletedAt,
  );
}

beforeAll(async () => {
  t = startTestRuntime({ clock: () => Date.UTC(2026, 10, 26, 3) });
  await t.caller().call('demo.create');
  staff = await t.as('ward_staff');
  wardId = currentWardId(t.runtime.context)!;
  branchId = (await staff.call('branches.list'))[0]!.id;
  insertMember('dang-1', branchId, 'Đặng Thị Đào');
  insertMember('twin-1', branchId, 'Khổng Minh Song');
  insertMember('twin-2', branchId, 'Khổng Minh Song');
  insertMember('gone-1', branchId, 'Quách Văn Xóa', Date.UTC(2026, 9, 1));
  insertMember('dash-1', branchId, "Y-Moan H'Đơk");
  insertMember('nva-1', branchId, 'Nguyễn Văn A');
  insertMember('nva-2', branchId, 'Nguyễn Văn Anh');
  // Letters beyond ASCII stay in search_name; a row written by something else in capitals.
  insertMember('nordic-1', branchId, 'Bjørn Ærø Nguyễn');
  insertMember('caps-1', branchId, 'Trần Văn Hoa', null, 'TRAN VAN HOA');
  // A second ward in the same file, under the same superior, with a branch and a member of its own.
  const superior = t.runtime.store.sqlite.prepare('SELECT parent_id FROM organisations WHERE id = ?').pluck().get(wardId) as string;
  run("INSERT INTO organisations (id, parent_id, kind, name, owner_site, updated_at) VALUES (?, ?, 'ward', 'Đảng bộ phường Khác', 'test', 1)", OTHER_WARD.id, superior);
  run(
    "INSERT INTO organisations (id, parent_id, kind, name, branch_kind, owner_site, updated_at) VALUES (?, ?, 'branch', 'Chi bộ Khác', 'residential', 'test', 1)",
    OTHER_WARD.branch,
    OTHER_WARD.id,
  );
  insertMember(OTHER_WARD.member, OTHER_WARD.branch, 'Lò Văn Ngoàiphường');
  insertMember('other-nguyen', OTHER_WARD.branch, 'Nguyễn Văn Ngoàiphường');
});
afterAll(() => t.close());

const names = (rows: MemberRow[]) => rows.map((r) => r.fullName);
const search = (text: string, more: Record<string, unknown> = {}) => staff.call('members.list', { search: text, pageSize: 500, ...more });

describe('searchExpression', () => {
  it('makes each folded word the start of a word of the name', () => {
    expect(searchExpression('Nguyễn Văn A')).toBe('"nguyen"* "van"* "a"*');
    expect(searchExpression('  ĐẶNG   thị ')).toBe('"dang"* "thi"*');
    // A word that starts another one is implied by it.
    expect(searchExpression('ng nguyen van v')).toBe('"nguyen"* "van"*');
  });

  it('leaves no FTS5 syntax in what people type', () => {
    expect(searchExpression('"nguyen* (van) -a AND b NEAR(c d) ^e col:f')).toBe('"nguyen"* "van"* "and"* "b"* "near"* "d"* "e"* "col"* "f"*');
    expect(searchExpression('nguyen" OR "van')).toBe('"nguyen"* "or"* "van"*');
    expect(searchExpression('"*()- ')).toBeNull();
    expect(searchExpression('')).toBeNull();
    expect(searchExpression(undefined)).toBeNull();
  });
});

describe('members.list search', () => {
  it('finds names typed without diacritics, in capitals, or with them', async () => {
    for (const text of ['dang thi dao', 'DANG THI DAO', 'Đặng Thị Đào', 'đặng thị đào', 'dặng thi dao']) {
      expect(names((await search(text)).rows), text).toEqual(['Đặng Thị Đào']);
    }
  });

  it('matches words by their start and in any order', async () => {
    expect(names((await search('dao dang')).rows)).toEqual(['Đặng Thị Đào']);
    expect(names((await search('da th da')).rows)).toContain('Đặng Thị Đào');
    expect(names((await search('nguyen van a')).rows)).toEqual(['Nguyễn Văn A', 'Nguyễn Văn Anh']);
    expect(names((await search('a van nguyen')).rows)).toEqual(['Nguyễn Văn A', 'Nguyễn Văn Anh']);
    expect(names((await search('nguyen van anh')).rows)).toEqual(['Nguyễn Văn Anh']);
  });

  it('splits names and queries on punctuation alike', async () => {
    expect(names((await search('moan dok')).rows)).toEqual(["Y-Moan H'Đơk"]);
    expect(names((await search("y-moan h'đơk")).rows)).toEqual(["Y-Moan H'Đơk"]);
  });

  it('never fails on quotes, stars, brackets, hyphens or FTS5 operators', async () => {
    const all = await staff.call('members.list', { pageSize: 1 });
    for (const text of ['"', '*', '(', ')', '-', 'AND', 'OR', 'NOT', 'NEAR', 'NEAR(', '"dang', 'dang"', 'dang*', '(dang', 'dang -thi', 'dang AND', 'AND dang', 'NEAR(dang dao)', '^dang', 'search_name:dang', '{dang}', "d'ang", '""', '"*"']) {
      const envelope = await staff.raw('members.list', { search: text });
      expect(envelope.ok, text).toBe(true);
    }
    // Nothing but punctuation is no search at all.
    expect((await staff.call('members.list', { search: '"*()-', pageSize: 1 })).total).toBe(all.total);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 50, unit: 'binary' }), fc.string({ maxLength: 100, unit: 'grapheme-ascii' })), async (text) => {
        const envelope = await staff.raw('members.list', { search: text, pageSize: 5 });
        expect(envelope.ok).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('searches within the other filters, and a branch secretary only in their branch', async () => {
    const inBranch = await search('khong minh song', { branchId });
    expect(inBranch.total).toBe(2);
    expect((await search('khong minh song', { status: 'probationary' })).total).toBe(0);
    expect((await search('khong minh song', { standing: 'on_roll' })).total).toBe(2);
    const secretary = await t.as('branch_secretary');
    const ownBranch = (await secretary.call('branches.list'))[0]!.id;
    const found = await secretary.call('members.list', { search: 'nguyen', pageSize: 500 });
    expect(found.total).toBeGreaterThan(0);
    for (const row of found.rows) expect(row.branchId).toBe(ownBranch);
  });

  it('keeps the same order from page to page, members with the same name included', async () => {
    const whole = await search('khong minh song');
    const pages = [];
    for (let page = 1; page <= whole.total; page++) pages.push(...(await search('khong minh song', { page, pageSize: 1 })).rows);
    expect(pages.map((r) => r.id)).toEqual(whole.rows.map((r) => r.id));
    expect(new Set(pages.map((r) => r.id)).size).toBe(2);
  });

  it('leaves out deleted members, in the rows and the total', async () => {
    expect((await search('quach van xoa')).total).toBe(0);
    const all = findMemberIds(t.runtime.store.sqlite, { kind: 'all' }, { search: 'quach van xoa' }, { limit: 50, offset: 0 });
    expect(all).toMatchObject({ total: 0, rowids: [] });
  });
});

describe('ward scope', () => {
  it('lists only members whose branch belongs to this ward', async () => {
    const sqlite = t.runtime.store.sqlite;
    // The other ward's member is in the file and in the full-text index…
    expect(sqlite.prepare("SELECT count(*) FROM members_fts WHERE members_fts MATCH 'ngoaiphuong'").pluck().get()).toBe(2);
    // …but not in this ward's list, its total, its branches or a branch filter naming the other ward's branch.
    expect((await search('ngoaiphuong')).total).toBe(0);
    expect((await search('ngoai')).total).toBe(0);
    expect((await search('lo van')).rows.map((r) => r.id)).not.toContain(OTHER_WARD.member);
    const everyone = await staff.call('members.list', { pageSize: 500, page: 1 });
    const inWard = sqlite
      .prepare("SELECT count(*) FROM members m JOIN organisations b ON b.id = m.branch_id WHERE b.parent_id = ? AND m.deleted_at IS NULL")
      .pluck()
      .get(wardId);
    expect(everyone.total).toBe(inWard);
    expect((await staff.call('members.list', { branchId: OTHER_WARD.branch })).total).toBe(0);
    expect((await staff.call('branches.list')).map((b) => b.id)).not.toContain(OTHER_WARD.branch);
  });

  it('gives the same members as reading every row, in name order, in the ward and in the whole file', async () => {
    const sqlite = t.runtime.store.sqlite;
    const rows = sqlite
      .prepare(
        `SELECT m.rowid AS rowid, m.search_name, m.sort_key, m.status, m.standing, m.deleted_at, b.parent_id
           FROM members m JOIN organisations b ON b.id = m.branch_id`,
      )
      .all() as { rowid: number; search_name: string; sort_key: string; status: string; standing: string; deleted_at: number | null; parent_id: string }[];
    const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
    // What members_fts finds: every word of the query starts a word of the name, in any case.
    const expected = (text: string, ward: string | null, status?: string) => {
      const words = foldDiacritics(text).match(/[\p{L}\p{N}]+/gu) ?? [];
      return rows
        .filter((r) => r.deleted_at === null && (ward === null || r.parent_id === ward) && (!status || r.status === status))
        .filter((r) => {
          const tokens = r.search_name.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
          return words.every((w) => tokens.some((token) => token.startsWith(w)));
        })
        .sort((a, b) => cmp(a.sort_key, b.sort_key) || cmp(a.status, b.status) || cmp(a.standing, b.standing) || a.rowid - b.rowid)
        .map((r) => r.rowid);
    };
    const scopes: [MemberScope, string | null, (MemberQueryShape | undefined)[]][] = [
      [{ kind: 'ward', wardId }, wardId, [undefined]],
      [{ kind: 'all' }, null, [undefined, 'all-matches', 'all-names', 'all-scan']],
    ];
    const texts = ['', '"*', 'nguyen', 'nguyen van', 'tran thi', 'hiep', 'h', 'ngoai', 'nguyen van a', 'song minh', 'bjø', 'bjorn', 'ærø', 'nguyen b', 'tran van hoa', 'zzz'];
    for (const text of texts) {
      for (const [scope, ward, shapes] of scopes) {
        for (const status of [undefined, 'probationary'] as const) {
          const want = expected(text, ward, status);
          for (const force of shapes) {
            for (const [limit, offset] of [[50, 0], [7, 14], [50, 200]] as const) {
              const got = findMemberIds(sqlite, scope, { search: text, status }, { limit, offset }, force);
              const label = `${text} ${scope.kind} ${status ?? ''} ${force ?? got.shape} ${offset}`;
              expect({ total: got.total, rowids: got.rowids }, label).toEqual({ total: want.length, rowids: want.slice(offset, offset + limit) });
            }
          }
        }
      }
    }
    expect(expected('bjø', null)).toHaveLength(1);
    expect(expected('tran van hoa', wardId)).toHaveLength(1);
  });

  it('reads a ward from the covering index and asks the full-text index only for the ward’s range of rows', () => {
    const sqlite = t.runtime.store.sqlite;
    const seen: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    const spy = vi.spyOn(sqlite, 'prepare').mockImplementation(((sql: string) => (seen.push(sql), prepare(sql))) as typeof sqlite.prepare);
    try {
      // A combination of filters no other test uses, so its statement is prepared here.
      findMemberIds(sqlite, { kind: 'ward', wardId }, { search: 'nguyen van', status: 'probationary', standing: 'away' }, { limit: 50, offset: 0 });
    } finally {
      spy.mockRestore();
    }
    const sql = seen.find((s) => s.includes('members_fts'))!;
    const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ scope: wardId, match: '"x"*', status: 'official', standing: 'active', limit: 1, offset: 0 }) as { detail: string }[]).map((r) => r.detail);
    expect(plan).toContain('SEARCH m USING COVERING INDEX members_list_by_branch (branch_id=?)');
    // MATCH with both rowid bounds ("M1><"), never a table seek per match nor a scan of every member.
    expect(plan.some((d) => /^SCAN members_fts VIRTUAL TABLE INDEX 0:M1></.test(d))).toBe(true);
    expect(plan.filter((d) => /^SCAN m\b|INTEGER PRIMARY KEY/.test(d))).toEqual([]);
  });
});

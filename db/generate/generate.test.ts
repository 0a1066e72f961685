import { afterEach, describe, expect, it } from 'vitest';
import { foldDiacritics, nameSortKey } from '../names';
import { openTempDatabase } from '../testing';
import { distribute, generate, type GenerateOptions } from './generate';
import { HANOI_WARDS } from './names';
import { Random } from './random';

type TempStore = ReturnType<typeof openTempDatabase>;
const stores: TempStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.cleanup();
});
function tempStore(): TempStore {
  const store = openTempDatabase();
  stores.push(store);
  return store;
}

// 20 October 2025 in Hà Nội: the last month with meetings is September 2025.
const NOW = Date.UTC(2025, 9, 20, 3);
const base: GenerateOptions = { ownerSite: 'site-1', now: NOW, seed: 42 };

function all<T>(store: TempStore, sql: string, ...params: unknown[]): T[] {
  return store.sqlite.prepare(sql).all(...params) as T[];
}
function value<T>(store: TempStore, sql: string, ...params: unknown[]): T {
  return store.sqlite.prepare(sql).pluck().get(...params) as T;
}
function counts(store: TempStore) {
  return {
    organisations: value<number>(store, 'SELECT count(*) FROM organisations'),
    members: value<number>(store, 'SELECT count(*) FROM members'),
    meetings: value<number>(store, 'SELECT count(*) FROM meetings'),
    attendance: value<number>(store, 'SELECT count(*) FROM attendance'),
  };
}
/** Everything the seed decides, in insertion order, without ids or stamps. */
function fingerprint(store: TempStore) {
  return {
    organisations: all(store, 'SELECT kind, name, sort_order, branch_kind FROM organisations ORDER BY rowid'),
    members: all(
      store,
      `SELECT full_name, gender, birth_date, admission_date, official_date, card_number, citizen_id, phone, status, standing
       FROM members ORDER BY rowid`,
    ),
    meetings: all(store, 'SELECT kind, scheduled_at, place, status FROM meetings ORDER BY rowid'),
    attendance: all(
      store,
      `SELECT mt.rowid AS meeting, m.rowid AS member, a.status, a.reason FROM attendance a
       JOIN meetings mt ON mt.id = a.meeting_id JOIN members m ON m.id = a.member_id ORDER BY mt.rowid, m.rowid`,
    ),
  };
}

describe('generate: the demo ward', () => {
  it('makes one ward of about 20 branches of several kinds under Hà Nội', () => {
    const store = tempStore();
    const summary = generate(store.sqlite, { ...base, preset: 'demo' });

    expect(summary.wardIds).toHaveLength(1);
    const superior = all<{ id: string; parent_id: string | null; kind: string; name: string }>(
      store,
      "SELECT id, parent_id, kind, name FROM organisations WHERE kind = 'province'",
    );
    expect(superior).toEqual([{ id: summary.superiorId, parent_id: null, kind: 'province', name: 'Đảng bộ Thành phố Hà Nội' }]);
    const ward = store.sqlite.prepare("SELECT id, parent_id, name FROM organisations WHERE kind = 'ward'").all();
    expect(ward).toEqual([{ id: summary.wardIds[0], parent_id: summary.superiorId, name: 'Đảng bộ phường Hồng Hà' }]);

    const branches = all<{ name: string; branch_kind: string; parent_id: string; owner_site: string }>(
      store,
      "SELECT name, branch_kind, parent_id, owner_site FROM organisations WHERE kind = 'branch'",
    );
    expect(branches.length).toBeGreaterThanOrEqual(18);
    expect(branches.length).toBeLessThanOrEqual(22);
    expect(summary.branches).toBe(branches.length);
    expect(new Set(branches.map((b) => b.branch_kind)).size).toBeGreaterThanOrEqual(3);
    expect(branches.filter((b) => b.branch_kind === 'residential').length).toBeGreaterThan(branches.length / 2);
    expect(new Set(branches.map((b) => b.name)).size).toBe(branches.length);
    expect(branches.every((b) => b.parent_id === summary.wardIds[0] && b.owner_site === 'site-1' && b.name.startsWith('Chi bộ '))).toBe(true);
    expect(value(store, "SELECT count(*) FROM organisations WHERE kind = 'branch' AND branch_kind IS NULL")).toBe(0);
  });

  it('makes 600+ members with unique card numbers and citizen ids and consistent dates', () => {
    const store = tempStore();
    const summary = generate(store.sqlite, { ...base, preset: 'demo' });
    expect(summary.members).toBeGreaterThanOrEqual(600);
    expect(summary.members).toBeLessThanOrEqual(700);

    const members = all<{
      full_name: string;
      sort_key: string;
      search_name: string;
      birth_date: string;
      admission_date: string;
      official_date: string | null;
      card_number: string;
      citizen_id: string;
      status: string;
      standing: string;
    }>(store, 'SELECT * FROM members');
    expect(members).toHaveLength(summary.members);
    expect(new Set(members.map((m) => m.card_number)).size).toBe(members.length);
    expect(new Set(members.map((m) => m.citizen_id)).size).toBe(members.length);
    for (const m of members) {
      expect(m.full_name.split(' ').length).toBeGreaterThanOrEqual(3);
      expect(m.full_name).toBe(m.full_name.normalize('NFC'));
      expect(m.sort_key).toBe(nameSortKey(m.full_name));
      expect(m.search_name).toBe(foldDiacritics(m.full_name));
      expect(m.citizen_id).toMatch(/^0\d{11}$/);
      // Admitted at 18 or older; official 12 months later; probationary members joined in the last 12 months.
      const adult = `${Number(m.birth_date.slice(0, 4)) + 18}${m.birth_date.slice(4)}`;
      expect(m.admission_date >= adult).toBe(true);
      if (m.status === 'official') {
        expect(m.official_date).toBe(`${Number(m.admission_date.slice(0, 4)) + 1}${m.admission_date.slice(4)}`.replace('-02-29', '-02-28'));
        expect(m.official_date! <= '2025-09-30').toBe(true);
      } else {
        expect(m.official_date).toBeNull();
        expect(m.admission_date > '2024-09-30' && m.admission_date <= '2025-09-30').toBe(true);
      }
      const age = 2025 - Number(m.birth_date.slice(0, 4));
      expect(age).toBeGreaterThanOrEqual(22);
      expect(age).toBeLessThanOrEqual(91);
    }
    const share = (pred: (m: (typeof members)[number]) => boolean) => members.filter(pred).length / members.length;
    expect(share((m) => m.status === 'probationary')).toBeGreaterThan(0.01);
    expect(share((m) => m.status === 'probationary')).toBeLessThan(0.07);
    expect(share((m) => m.standing === 'exempt')).toBeGreaterThan(0.04);
    expect(share((m) => m.standing === 'exempt')).toBeLessThan(0.2);
    expect(share((m) => m.full_name.startsWith('Nguyễn '))).toBeGreaterThan(0.25);
  });

  it('holds 12 monthly meetings per branch, a combined (thematic) one each quarter, with attendance from the branch only', () => {
    const store = tempStore();
    const summary = generate(store.sqlite, { ...base, preset: 'demo' });
    expect(summary.meetings).toBe(summary.branches * 12);

    const perBranch = all<{ n: number; combined: number; first: string; last: string; months: number }>(
      store,
      `SELECT count(*) AS n, sum(kind = 'combined') AS combined, min(scheduled_at) AS first, max(scheduled_at) AS last,
              count(DISTINCT substr(scheduled_at, 1, 7)) AS months
       FROM meetings GROUP BY branch_id`,
    );
    expect(perBranch).toHaveLength(summary.branches);
    for (const b of perBranch) {
      expect(b).toMatchObject({ n: 12, combined: 4, months: 12 });
      expect(b.first.startsWith('2024-10')).toBe(true);
      expect(b.last.startsWith('2025-09')).toBe(true);
    }
    for (const { scheduled_at } of all<{ scheduled_at: string }>(store, 'SELECT scheduled_at FROM meetings')) {
      expect(scheduled_at).toMatch(/^\d{4}-\d{2}-(0[5-9]|1[0-5])T\d{2}:\d{2}$/);
    }
    expect(value(store, "SELECT count(*) FROM meetings WHERE status NOT IN ('adopted', 'sent')")).toBe(0);

    // Chair and minute-taker: official, active members of the branch, both present.
    expect(
      value(
        store,
        `SELECT count(*) FROM meetings mt
         JOIN members c ON c.id = mt.chair_id JOIN members s ON s.id = mt.secretary_id
         WHERE c.branch_id = mt.branch_id AND s.branch_id = mt.branch_id AND c.id <> s.id
           AND c.status = 'official' AND s.status = 'official' AND c.standing = 'active' AND s.standing = 'active'`,
      ),
    ).toBe(summary.meetings);
    expect(
      value(
        store,
        `SELECT count(*) FROM meetings mt JOIN attendance a ON a.meeting_id = mt.id
         WHERE a.member_id IN (mt.chair_id, mt.secretary_id) AND a.status = 'present'`,
      ),
    ).toBe(summary.meetings * 2);

    expect(value(store, 'SELECT count(*) FROM attendance')).toBe(summary.attendance);
    expect(
      value(store, 'SELECT count(*) FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id JOIN members m ON m.id = a.member_id WHERE m.branch_id <> mt.branch_id'),
    ).toBe(0);
    // Only members admitted by the meeting day, never those away; exempt members only when they came.
    expect(
      value(
        store,
        `SELECT count(*) FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id JOIN members m ON m.id = a.member_id
         WHERE m.admission_date > substr(mt.scheduled_at, 1, 10) OR m.standing = 'away' OR (m.standing = 'exempt' AND a.status <> 'present')`,
      ),
    ).toBe(0);
    // Every active member admitted before the meeting has a row.
    expect(
      value(
        store,
        `SELECT count(*) FROM meetings mt JOIN members m ON m.branch_id = mt.branch_id
         WHERE m.standing = 'active' AND m.admission_date <= substr(mt.scheduled_at, 1, 10)
           AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = mt.id AND a.member_id = m.id)`,
      ),
    ).toBe(0);

    const byStatus = Object.fromEntries(
      all<{ status: string; n: number }>(store, 'SELECT status, count(*) AS n FROM attendance GROUP BY status').map((r) => [r.status, r.n]),
    );
    expect(byStatus.present! / summary.attendance).toBeGreaterThan(0.85);
    expect(byStatus.absent_excused).toBeGreaterThan(0);
    expect(byStatus.absent_unexcused).toBeGreaterThan(0);
    expect(value(store, "SELECT count(*) FROM attendance WHERE (status = 'absent_excused') <> (reason IS NOT NULL)")).toBe(0);

    expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('stamps updated_at from `now` with the hybrid clock, rising in insertion order', () => {
    const store = tempStore();
    const summary = generate(store.sqlite, { ...base, preset: 'demo' });
    const first = value<number>(store, 'SELECT min(updated_at) FROM organisations');
    expect(first).toBe(NOW * 1024);
    expect(value(store, 'SELECT max(updated_at) FROM attendance')).toBe(summary.lastStamp);
    const rows = 1 + 1 + summary.branches + summary.members + summary.meetings + summary.attendance;
    expect(summary.lastStamp).toBe(NOW * 1024 + rows - 1);
  });

  it('is all-or-nothing: a failure part-way leaves nothing behind', () => {
    const store = tempStore();
    expect(() =>
      generate(store.sqlite, {
        ...base,
        preset: 'demo',
        onProgress: (p) => {
          if (p.phase === 'branches' && p.done === 7) throw new Error('stop here');
        },
      }),
    ).toThrow('stop here');
    expect(counts(store)).toEqual({ organisations: 0, members: 0, meetings: 0, attendance: 0 });
    // The connection's settings are back as openDatabase left them.
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.sqlite.inTransaction).toBe(false);
  });

  it("joins a caller's transaction, as first-start setup does, and rolls back with it", () => {
    const store = tempStore();
    const failing = store.sqlite.transaction(() => {
      generate(store.sqlite, { ...base, preset: 'demo' });
      expect(value(store, 'SELECT count(*) FROM members')).toBeGreaterThan(600);
      throw new Error('caller changed its mind');
    });
    expect(failing).toThrow('caller changed its mind');
    expect(counts(store)).toEqual({ organisations: 0, members: 0, meetings: 0, attendance: 0 });

    const summary = store.sqlite.transaction(() => generate(store.sqlite, { ...base, preset: 'demo' }))();
    expect(counts(store).members).toBe(summary.members);
  });
});

describe('generate: determinism and sizes', () => {
  it('gives the same names, counts and statuses for the same seed, and different ones for another', () => {
    const a = tempStore();
    const b = tempStore();
    const c = tempStore();
    const options: GenerateOptions = { ...base, wards: 2, branches: 8, members: 240, years: 2, seed: 7 };
    const sa = generate(a.sqlite, options);
    const sb = generate(b.sqlite, { ...options, ownerSite: 'another-site' });
    generate(c.sqlite, { ...options, seed: 8 });
    expect(sa.wardIds).not.toEqual(sb.wardIds);
    expect(fingerprint(a)).toEqual(fingerprint(b));
    expect(fingerprint(c).members).not.toEqual(fingerprint(a).members);
  });

  it('hits custom totals exactly and spreads them over every ward and branch', () => {
    const store = tempStore();
    const summary = generate(store.sqlite, { ...base, wards: 3, branches: 10, members: 200, years: 1 });
    expect(summary).toMatchObject({ branches: 10, members: 200, meetings: 120 });
    expect(summary.wardIds).toHaveLength(3);
    expect(counts(store)).toEqual({ organisations: 1 + 3 + 10, members: 200, meetings: 120, attendance: summary.attendance });
    const perWard = all<{ n: number }>(store, "SELECT count(*) AS n FROM organisations WHERE kind = 'branch' GROUP BY parent_id");
    expect(perWard).toHaveLength(3);
    expect(perWard.every((w) => w.n >= 1)).toBe(true);
    expect(value(store, 'SELECT count(DISTINCT branch_id) FROM members')).toBe(10);
    expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('leaves whole wards only when a later ward fails', () => {
    const store = tempStore();
    expect(() =>
      generate(store.sqlite, {
        ...base,
        wards: 3,
        branches: 9,
        members: 150,
        years: 1,
        onProgress: (p) => {
          if (p.phase === 'branches' && p.done === p.total) throw new Error('crash in the last ward');
        },
      }),
    ).toThrow('crash in the last ward');
    expect(value(store, "SELECT count(*) FROM organisations WHERE kind = 'ward'")).toBe(2);
    // Each ward that is there is complete: all its branches have members and a year of meetings.
    expect(value(store, "SELECT count(*) FROM organisations b WHERE kind = 'branch' AND (SELECT count(*) FROM meetings WHERE branch_id = b.id) <> 12")).toBe(0);
    expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('uses endMonth and a superior committee when given', () => {
    const store = tempStore();
    generate(store.sqlite, {
      ...base,
      wards: 1,
      branches: 3,
      members: 30,
      years: 1,
      endMonth: '2024-03',
      superior: { name: 'Đảng bộ Quận Long Biên', kind: 'district' },
    });
    expect(value(store, 'SELECT min(scheduled_at) FROM meetings')).toMatch(/^2023-04-/);
    expect(value(store, 'SELECT max(scheduled_at) FROM meetings')).toMatch(/^2024-03-/);
    expect(value(store, 'SELECT name FROM organisations WHERE parent_id IS NULL')).toBe('Đảng bộ Quận Long Biên');
    expect(value(store, 'SELECT kind FROM organisations WHERE parent_id IS NULL')).toBe('district');
  });

  it('refuses sizes it cannot make', () => {
    const store = tempStore();
    expect(() => generate(store.sqlite, { ...base, wards: 127 })).toThrow(RangeError);
    expect(() => generate(store.sqlite, { ...base, wards: 5, branches: 4 })).toThrow(RangeError);
    expect(() => generate(store.sqlite, { ...base, endMonth: '2025-13' })).toThrow(RangeError);
    expect(counts(store).organisations).toBe(0);
  });
});

describe('distribute', () => {
  it('splits a total exactly, within bounds, roughly by weight', () => {
    const random = new Random(3);
    for (const [total, n, min, max] of [
      [475_880, 16_762, 5, 120],
      [16_762, 126, 1, 16_762],
      [200, 10, 5, 120],
      [50, 10, 5, 120],
      [1200, 10, 5, 120],
    ] as const) {
      const weights = Array.from({ length: n }, () => Math.exp(random.normal(0, 0.8)));
      const parts = distribute(total, weights, min, max);
      expect(parts).toHaveLength(n);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(Math.min(...parts)).toBeGreaterThanOrEqual(min);
      expect(Math.max(...parts)).toBeLessThanOrEqual(max);
    }
    expect(distribute(10, [1, 1, 3], 0, 10)).toEqual([2, 2, 6]);
    expect(() => distribute(10, [1, 1], 6, 10)).toThrow(RangeError);
  });
});

describe('Hà Nội units', () => {
  it('lists 126 distinct units: 51 phường and 75 xã', () => {
    expect(HANOI_WARDS).toHaveLength(126);
    expect(HANOI_WARDS.filter((w) => w.level === 'phường')).toHaveLength(51);
    expect(HANOI_WARDS.filter((w) => w.level === 'xã')).toHaveLength(75);
    expect(new Set(HANOI_WARDS.map((w) => `${w.level} ${w.name}`)).size).toBe(126);
  });
});

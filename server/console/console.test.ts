// The console's projections and queries (issue 7) over records that arrived through the real push path, on SQLite and
// PostgreSQL: the month overview's statuses, flags, totals, search and scope; a tombstone; the rebuild; a meeting's page
// with its numbered draft; the period report, the trend and the workbook.
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { consoleSchemas, type ConsoleInput } from '../../core/consoleApi';
import { numberLines } from '../../core/rules/draftLines';
import type { Op } from '../../core/sync/protocol';
import { addFeedback } from '../admin';
import type { ServerKysely } from '../db';
import { describeEachDatabase, type Harness, type TestSite } from '../testing';
import { ConsoleError } from './errors';
import { consoleMeeting } from './meeting';
import { monthOverview } from './overview';
import { rebuildProjections } from './projections';
import { periodReport, trend } from './reports';
import { reportWorkbook } from './workbook';

const DAY = 24 * 3_600_000;
const at = (local: string) => Date.parse(`${local}:00+07:00`);

const DRAFT = [
  { heading: 'I. Kết quả tháng trước', paragraphs: ['Chi bộ đã lãnh đạo hoàn thành các chỉ tiêu về vệ sinh môi trường, an ninh trật tự và công tác dân vận trên địa bàn khu phố, vượt kế hoạch đề ra.'] },
  { heading: 'II. Nhiệm vụ tháng tới', paragraphs: ['Tiếp tục vận động nhân dân thực hiện nếp sống văn minh đô thị.', 'Chuẩn bị tổng kết công tác năm.'] },
];

interface MeetingSpec {
  id: string;
  branch: string;
  kind?: 'regular' | 'thematic' | 'combined';
  scheduledAt: string;
  status: string;
  sharedAt?: number | null;
  /** member id → presence */
  roll?: Record<string, 'present' | 'absent_excused' | 'absent_unexcused'>;
  opinions?: number;
  draft?: boolean;
}

/** A ward's records as its app would push them: the ward, its branches, members, meetings and their children. */
class Ward {
  ops: Op[] = [];
  constructor(readonly site: TestSite) {
    this.ops.push(site.op('organisations', site.organisation.id, { data: { kind: 'ward', parent_id: null, name: site.name, dissolved_at: null } }));
  }
  branch(id: string, name: string, dissolvedAt: string | null = null): this {
    this.ops.push(this.site.op('organisations', id, { data: { kind: 'branch', parent_id: this.site.organisation.id, name, dissolved_at: dissolvedAt } }));
    return this;
  }
  member(id: string, branch: string, fullName: string, standing = 'active'): this {
    this.ops.push(this.site.op('members', id, { data: { branch_id: branch, full_name: fullName, sort_key: fullName.split(' ').at(-1), standing, status: 'official' } }));
    return this;
  }
  meeting(m: MeetingSpec): this {
    const voted = m.status !== 'planned' && m.status !== 'shared';
    this.ops.push(
      this.site.op('meetings', m.id, {
        data: {
          branch_id: m.branch,
          kind: m.kind ?? 'regular',
          scheduled_at: m.scheduledAt,
          status: m.status,
          place: 'Hội trường khu phố',
          topic: null,
          draft_shared_at: m.sharedAt ?? null,
          vote_for: voted ? 3 : null,
          vote_against: voted ? 0 : null,
          vote_abstain: voted ? 0 : null,
          conclusion: voted ? 'Thống nhất thông qua nghị quyết.' : null,
          minutes_text: voted ? 'Biên bản sinh hoạt chi bộ.' : null,
          adopted_at: m.status === 'adopted' || m.status === 'sent' ? at(m.scheduledAt) + DAY : null,
        },
      }),
    );
    for (const [member, presence] of Object.entries(m.roll ?? {})) {
      this.ops.push(this.site.op('attendance', `${m.id}:${member}`, { data: { status: presence, reason: presence === 'present' ? null : 'Ốm' } }));
    }
    for (let i = 1; i <= (m.opinions ?? 0); i++) {
      this.ops.push(this.site.op('opinions', `${m.id}-op${i}`, { data: { meeting_id: m.id, speaker_name: `Đảng viên ${i}`, summary: `Ý kiến thứ ${i}`, position: i } }));
    }
    if (m.draft) {
      this.ops.push(this.site.op('agenda_items', `${m.id}-ag1`, { data: { meeting_id: m.id, position: 1, title: 'Khai mạc', minutes: 5, presenter: 'Chủ trì' } }));
      this.ops.push(this.site.op('drafts', `${m.id}-d1`, { data: { meeting_id: m.id, version_no: 1, content: JSON.stringify(DRAFT.slice(0, 1)), source: 'written', created_at: at('2026-03-01T08:00') } }));
      this.ops.push(this.site.op('drafts', `${m.id}-d2`, { data: { meeting_id: m.id, version_no: 2, content: JSON.stringify(DRAFT), source: 'comments', created_at: at('2026-03-02T08:00') } }));
      this.ops.push(
        this.site.op('comments', `${m.id}-c1`, {
          data: { meeting_id: m.id, draft_version: 1, source: 'member', author_name: 'Lê Văn Tám', line_from: 2, line_to: 3, text: 'Nên nêu số liệu cụ thể.', proposed_text: null, decision: 'accepted', created_at: at('2026-03-01T20:00') },
        }),
      );
    }
    return this;
  }
  async push(): Promise<void> {
    const res = await this.site.push(this.ops);
    expect(res.status).toBe(200);
    expect(res.json.rejected).toEqual([]);
    this.ops = [];
  }
}

/** Ward A (Phường Bến Nghé) and ward B (Phường Đa Kao), March 2026; the test clock stands at 9 March 2026, 15:00. */
async function city(h: Harness) {
  const a = await h.site('Phường Bến Nghé');
  const b = await h.site('Phường Đa Kao');
  await new Ward(a)
    .branch('a-b3', 'Chi bộ số 3')
    .branch('a-kp1', 'Chi bộ Khu phố 1')
    .branch('a-th', 'Chi bộ Trường học')
    .branch('a-old', 'Chi bộ Đã giải thể', '2025-01-01')
    .member('a-m1', 'a-b3', 'Nguyễn Văn An')
    .member('a-m2', 'a-b3', 'Trần Thị Bình')
    .member('a-m3', 'a-b3', 'Lê Văn Cường')
    .member('a-m4', 'a-b3', 'Phạm Thị Dung')
    .member('a-m5', 'a-b3', 'Hoàng Văn Em', 'exempt')
    .member('a-m6', 'a-kp1', 'Võ Văn Giang')
    .member('a-m7', 'a-kp1', 'Đỗ Thị Hoa')
    .member('a-m8', 'a-kp1', 'Bùi Văn Khánh')
    // On time (shared two days before), 3 of 4 summoned present, the exempt member came too; two opinions.
    .meeting({
      id: 'a-mt-b3',
      branch: 'a-b3',
      scheduledAt: '2026-03-05T19:00',
      status: 'held',
      sharedAt: at('2026-03-03T19:00'),
      roll: { 'a-m1': 'present', 'a-m2': 'present', 'a-m3': 'present', 'a-m4': 'absent_excused', 'a-m5': 'present' },
      opinions: 2,
      draft: true,
    })
    .meeting({ id: 'a-mt-b3-t', branch: 'a-b3', kind: 'thematic', scheduledAt: '2026-03-25T19:00', status: 'planned' })
    // Shared nine hours before; 1 of 3 present; no opinion.
    .meeting({
      id: 'a-mt-kp1',
      branch: 'a-kp1',
      scheduledAt: '2026-03-08T19:00',
      status: 'held',
      sharedAt: at('2026-03-08T10:00'),
      roll: { 'a-m6': 'present', 'a-m7': 'absent_unexcused', 'a-m8': 'absent_excused' },
    })
    .push();
  await new Ward(b)
    .branch('b-dh', 'Chi bộ Đông Hòa')
    .branch('b-td', 'Chi bộ Tân Định')
    .branch('b-so3', 'Chi bộ số 3')
    .member('b-m1', 'b-dh', 'Ngô Văn Lâm')
    .member('b-m2', 'b-dh', 'Dương Thị Mai')
    .meeting({ id: 'b-mt-dh', branch: 'b-dh', scheduledAt: '2026-03-02T19:00', status: 'sent', sharedAt: at('2026-02-27T08:00'), roll: { 'b-m1': 'present', 'b-m2': 'present' }, opinions: 1 })
    .meeting({ id: 'b-mt-td', branch: 'b-td', scheduledAt: '2026-03-20T19:00', status: 'planned' })
    .meeting({ id: 'b-mt-td-feb', branch: 'b-td', scheduledAt: '2026-02-10T19:00', status: 'held', sharedAt: at('2026-02-07T19:00'), opinions: 1 })
    .meeting({ id: 'b-mt-so3', branch: 'b-so3', scheduledAt: '2026-03-06T19:00', status: 'planned' })
    .push();
  return { a, b };
}

const overviewInput = (input: ConsoleInput<'overview.month'>) => consoleSchemas['overview.month'].parse(input);

async function projectionSnapshot(db: ServerKysely) {
  return {
    branches: await db.selectFrom('console_branches').selectAll().orderBy('branch_id').execute(),
    meetings: await db.selectFrom('console_meetings').selectAll().orderBy('meeting_id').execute(),
    links: await db.selectFrom('console_links').selectAll().orderBy('table_name').orderBy('record_key').execute(),
  };
}

describeEachDatabase('console overview, meeting and reports', (h) => {
  it('gives each branch its month status, flags and the ward and city totals, the branches needing attention first', async () => {
    const { a, b } = await city(h());
    const now = h().clock.now;
    const o = await monthOverview(h().env.db, null, overviewInput({ month: '2026-03' }), now);
    const row = (id: string) => o.rows.find((r) => r.branchId === id)!;

    expect(o.rows.map((r) => r.branchId)).not.toContain('a-old'); // dissolved before March
    expect(o.total).toBe(6);
    expect(row('a-b3')).toMatchObject({
      status: 'held',
      meetings: 2,
      meetingId: 'a-mt-b3',
      meetingKind: 'regular',
      present: 3,
      summoned: 4,
      attendanceRate: 0.75,
      opinions: 2,
      draftLeadHours: 48,
      draftLate: false,
      flags: [],
      wardName: 'Phường Bến Nghé',
    });
    expect(row('a-kp1')).toMatchObject({ status: 'held', present: 1, summoned: 3, draftLeadHours: 9, draftLate: true, flags: ['draft_late', 'low_attendance', 'no_opinions'] });
    expect(row('a-th')).toMatchObject({ status: 'none', meetingId: null, meetings: 0, flags: ['no_meeting'] });
    expect(row('b-dh')).toMatchObject({ status: 'adopted', attendanceRate: 1, flags: [] });
    expect(row('b-td')).toMatchObject({ status: 'planned', present: null, attendanceRate: null, flags: [] });
    // The meeting's day has passed and the documents never went out.
    expect(row('b-so3')).toMatchObject({ status: 'planned', flags: ['draft_not_shared'] });

    // Attention first: no meeting, then the late draft, then the unshared one; the rest by ward and branch name.
    expect(o.rows.map((r) => r.branchId)).toEqual(['a-th', 'a-kp1', 'b-so3', 'a-b3', 'b-dh', 'b-td']);

    const wardA = o.wards.find((w) => w.slotId === a.slotId)!;
    expect(o.wards.map((w) => w.wardName)).toEqual(['Phường Bến Nghé', 'Phường Đa Kao']);
    expect(wardA).toMatchObject({ branches: 3, byStatus: { none: 1, planned: 0, shared: 0, held: 2, adopted: 0 }, lateDrafts: 1, needAttention: 2 });
    expect(wardA.attendanceRate).toBeCloseTo(4 / 7);
    expect(wardA.opinionsPerMeeting).toBe(1);
    expect(o.all).toMatchObject({ branches: 6, byStatus: { none: 1, planned: 2, shared: 0, held: 2, adopted: 1 }, lateDrafts: 1, needAttention: 3 });
    expect(o.all.attendanceRate).toBeCloseTo(6 / 9);

    // February: the held meeting whose minutes were never adopted, a month on.
    const feb = await monthOverview(h().env.db, [b.slotId], overviewInput({ month: '2026-02' }), now);
    expect(feb.rows.find((r) => r.branchId === 'b-td')!.flags).toEqual(['minutes_pending']);
  });

  it('filters by status, attention and search without diacritics, pages, and never leaves the scope', async () => {
    const { a, b } = await city(h());
    const db = h().env.db;
    const now = h().clock.now;
    const found = await monthOverview(db, null, overviewInput({ month: '2026-03', search: 'chi bo so 3', sort: 'ward' }), now);
    expect(found.rows.map((r) => `${r.wardName} / ${r.branchName}`)).toEqual(['Phường Bến Nghé / Chi bộ số 3', 'Phường Đa Kao / Chi bộ số 3']);
    const byWard = await monthOverview(db, null, overviewInput({ month: '2026-03', search: 'da kao' }), now);
    expect(byWard.rows.every((r) => r.slotId === b.slotId) && byWard.total === 3).toBe(true);

    const held = await monthOverview(db, null, overviewInput({ month: '2026-03', status: ['held', 'adopted'], sort: 'branch' }), now);
    expect(held.rows.map((r) => r.branchName)).toEqual(['Chi bộ Đông Hòa', 'Chi bộ Khu phố 1', 'Chi bộ số 3']);
    const attention = await monthOverview(db, null, overviewInput({ month: '2026-03', attentionOnly: true, limit: 2, offset: 1 }), now);
    expect(attention.total).toBe(3);
    expect(attention.rows.map((r) => r.branchId)).toEqual(['a-kp1', 'b-so3']);

    // A reviewer of ward B: nothing of ward A, in rows or totals, whatever the filter.
    const scoped = await monthOverview(db, [b.slotId], overviewInput({ month: '2026-03', search: 'chi bo so 3' }), now);
    expect(scoped.rows.map((r) => r.branchId)).toEqual(['b-so3']);
    expect(scoped.wards.map((w) => w.slotId)).toEqual([b.slotId]);
    expect(scoped.all.branches).toBe(3);
    await expect(monthOverview(db, [b.slotId], overviewInput({ month: '2026-03', slotId: a.slotId }), now)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The filter on one ward keeps the totals of every ward in scope.
    const one = await monthOverview(db, null, overviewInput({ month: '2026-03', slotId: a.slotId }), now);
    expect(one.rows.every((r) => r.slotId === a.slotId) && one.total === 3 && one.all.branches === 6).toBe(true);
    await expect(consoleMeeting(db, [b.slotId], 'a-mt-b3')).rejects.toBeInstanceOf(ConsoleError);
    await expect(consoleMeeting(db, [b.slotId], 'a-mt-b3')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(consoleMeeting(db, null, 'no-such-meeting')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('follows tombstones and later versions, counts feedback, and equals a rebuild from records', async () => {
    const { a } = await city(h());
    const db = h().env.db;
    const now = h().clock.now;
    // The ward deletes a meeting, removes an opinion and corrects a roll call.
    await a.push([
      a.op('meetings', 'a-mt-kp1', { version: 2, deletedAt: now, data: { branch_id: 'a-kp1', kind: 'regular', scheduled_at: '2026-03-08T19:00', status: 'held' } }),
      a.op('opinions', 'a-mt-b3-op2', { version: 2, deletedAt: now, data: { meeting_id: 'a-mt-b3' } }),
      a.op('attendance', 'a-mt-b3:a-m4', { version: 2, data: { status: 'present', reason: null } }),
    ]);
    const fb = await addFeedback(db, { meetingId: 'a-mt-b3', draftVersion: 2, lineFrom: 1, lineTo: 2, authorName: 'Ban Tổ chức', text: 'Cần bổ sung chỉ tiêu.' }, h().clock.fn);
    const o = await monthOverview(db, null, overviewInput({ month: '2026-03' }), now);
    expect(o.rows.find((r) => r.branchId === 'a-kp1')).toMatchObject({ status: 'none', meetingId: null, flags: ['no_meeting'] });
    expect(o.rows.find((r) => r.branchId === 'a-b3')).toMatchObject({ present: 4, summoned: 4, opinions: 1, feedback: 1 });

    const before = await projectionSnapshot(db);
    expect(before.links.some((l) => l.table_name === 'feedback' && l.record_key === fb.id)).toBe(true);
    await db.deleteFrom('console_meetings').execute(); // as after an upgrade: records held, projections not yet
    await rebuildProjections(db);
    expect(await projectionSnapshot(db)).toEqual(before);
  });

  it("opens a meeting with its numbered drafts, comments, feedback and its receipt, roll call, vote and the branch's history", async () => {
    const { a } = await city(h());
    const db = h().env.db;
    const fb = await addFeedback(db, { meetingId: 'a-mt-b3', draftVersion: 2, lineFrom: 3, lineTo: 4, authorName: 'Ban Tổ chức', text: 'Nêu rõ thời hạn.' }, h().clock.fn);
    let m = await consoleMeeting(db, [a.slotId], 'a-mt-b3');
    expect(m).toMatchObject({ branchName: 'Chi bộ số 3', wardName: 'Phường Bến Nghé', status: 'held', draftLeadHours: 48, draftLate: false, vote: { for: 3, against: 0, abstain: 0 } });
    expect(m.drafts.map((d) => d.versionNo)).toEqual([1, 2]);
    const expected = numberLines(DRAFT);
    expect(m.drafts[1]!.lines).toEqual(expected.map((l) => ({ number: l.number, text: l.text, heading: l.paragraph === -1 })));
    expect(m.drafts[1]!.lines.length).toBeGreaterThan(4); // the long paragraph wraps
    expect(m.comments).toMatchObject([{ authorName: 'Lê Văn Tám', lineFrom: 2, lineTo: 3, decision: 'accepted' }]);
    expect(m.feedback).toMatchObject([{ id: fb.id, lineFrom: 3, lineTo: 4, receivedAt: null }]);
    expect(m.agenda).toEqual([{ position: 1, title: 'Khai mạc', minutes: 5, presenter: 'Chủ trì' }]);
    expect(m.attendance).toMatchObject({ summoned: 4, present: 3, rate: 0.75 });
    expect(m.attendance.rows.map((r) => `${r.name}:${r.presence}`)).toContain('Phạm Thị Dung:absent_excused');
    expect(m.opinions.map((o) => o.speakerName)).toEqual(['Đảng viên 1', 'Đảng viên 2']);
    expect(m.history).toEqual([{ id: 'a-mt-b3-t', scheduledAt: '2026-03-25T19:00', kind: 'thematic', status: 'planned' }]);
    expect(m.addenda).toEqual([]);

    // Corrections made after the minutes were adopted reach the console, oldest first; a removed one does not.
    const addendum = (id: string, text: string, createdAt: number, deletedAt: number | null = null) =>
      a.op('minutes_addenda', id, { deletedAt, data: { meeting_id: 'a-mt-b3', text, created_at: createdAt, created_by: null } });
    await a.push([
      addendum('a-mt-b3-ad2', 'Sửa tên người phát biểu thứ hai.', at('2026-03-07T09:00')),
      addendum('a-mt-b3-ad1', 'Bổ sung ý kiến của đồng chí Bình.', at('2026-03-06T09:00')),
      addendum('a-mt-b3-ad3', 'Nhập nhầm.', at('2026-03-06T10:00'), at('2026-03-06T10:05')),
    ]);
    expect((await consoleMeeting(db, [a.slotId], 'a-mt-b3')).addenda).toEqual([
      { text: 'Bổ sung ý kiến của đồng chí Bình.', createdAt: at('2026-03-06T09:00') },
      { text: 'Sửa tên người phát biểu thứ hai.', createdAt: at('2026-03-07T09:00') },
    ]);

    await db.insertInto('console_receipts').values({ table_name: 'feedback', record_key: fb.id, slot_id: a.slotId, version: 1, received_at: h().clock.now + 5000 }).execute();
    m = await consoleMeeting(db, null, 'a-mt-b3');
    expect(m.feedback[0]!.receivedAt).toBe(h().clock.now + 5000);
  });

  it('reports a quarter per ward and branch, the trend, and writes the workbook', async () => {
    const { a, b } = await city(h());
    const db = h().env.db;
    const report = await periodReport(db, null, consoleSchemas['reports.period'].parse({ period: '2026-Q1', branches: true }));
    expect(report).toMatchObject({ label: 'Quý I năm 2026', months: ['2026-01', '2026-02', '2026-03'] });
    expect(report.rows.map((r) => r.branchName ?? r.wardName)).toEqual([
      'Phường Bến Nghé',
      'Chi bộ Khu phố 1',
      'Chi bộ số 3',
      'Chi bộ Trường học',
      'Phường Đa Kao',
      'Chi bộ Đông Hòa',
      'Chi bộ số 3',
      'Chi bộ Tân Định',
    ]);
    expect(report.rows[0]).toMatchObject({ slotId: a.slotId, branchId: null, branches: 3, expected: 9, held: 2, adopted: 0, thematic: 0, lateDrafts: 1 });
    expect(report.rows[4]).toMatchObject({ slotId: b.slotId, branches: 3, expected: 9, held: 2, adopted: 1 });
    expect(report.all).toMatchObject({ branches: 6, expected: 18, held: 4, adopted: 1 });
    expect(report.all.attendanceRate).toBeCloseTo(6 / 9);

    const scoped = await periodReport(db, [b.slotId], consoleSchemas['reports.period'].parse({ period: '2026-03' }));
    expect(scoped.rows.map((r) => r.slotId)).toEqual([b.slotId]);
    expect(scoped.label).toBe('Tháng 3 năm 2026');

    const points = await trend(db, null, consoleSchemas['reports.trend'].parse({ to: '2026-03', months: 3 }));
    expect(points.map((p) => [p.month, p.branches, p.held])).toEqual([
      ['2026-01', 6, 0],
      ['2026-02', 6, 1],
      ['2026-03', 6, 3],
    ]);
    expect(points[2]!.heldRate).toBe(0.5);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportWorkbook(report)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('Quý I năm 2026');
    expect(sheet.getCell('A1').value).toBe('THỐNG KÊ SINH HOẠT CHI BỘ');
    expect(sheet.getRow(3).getCell(7).value).toBe('Tỷ lệ dự họp');
    expect(sheet.getCell('A4').value).toBe('Phường Bến Nghé');
    expect(sheet.getCell('A4').font.bold).toBe(true);
    expect(sheet.getCell('A5').value).toBe('Chi bộ Khu phố 1');
    expect(sheet.getCell('A5').font.bold).toBeFalsy();
    expect(sheet.getCell('D4').value).toBe(2);
    expect(sheet.getCell('G4').value).toBeCloseTo(4 / 7);
    expect(sheet.getCell('G4').numFmt).toBe('0.0%');
    expect(sheet.getCell('A12').value).toBe('Tổng cộng');
    expect(sheet.getCell('C12').value).toBe(18);
  });
});

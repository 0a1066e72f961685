// A branch meeting from plan to adopted minutes on a real database, through the services as the app calls them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeetingDetail } from '../api';
import { startTestRuntime, type Caller, type TestRuntime } from '../testing';

let t: TestRuntime;
let staff: Caller;
let now = Date.parse('2026-11-26T09:00:00+07:00');
let branchId: string;

beforeEach(async () => {
  now = Date.parse('2026-11-26T09:00:00+07:00');
  t = startTestRuntime({ clock: () => now, printPdf: async () => new TextEncoder().encode('%PDF-1.7 test') });
  await t.caller().call('demo.create');
  staff = await t.as('ward_staff');
  branchId = (await staff.call('branches.list'))[0]!.id;
});
afterEach(() => t.close());

async function planned(scheduledAt = '2026-11-28T19:30'): Promise<MeetingDetail> {
  const { ids } = await staff.call('meetings.plan', { branchIds: [branchId], kind: 'regular', scheduledAt, place: 'Nhà văn hóa tổ dân phố' });
  return staff.call('meetings.get', { id: ids[0]! });
}

async function held(): Promise<MeetingDetail> {
  let m = await planned();
  const officials = m.roll.filter((r) => r.expected && r.status === 'official');
  m = await staff.call('meetings.update', {
    id: m.id,
    version: m.version,
    kind: 'regular',
    scheduledAt: m.scheduledAt,
    place: m.place!,
    chairId: officials[0]!.memberId,
    secretaryId: officials[1]!.memberId,
    guests: [{ name: 'Đỗ Minh Châu', role: 'Đảng ủy viên phụ trách địa bàn' }],
    endedAt: '21:10',
    conclusion: 'Chi bộ thống nhất các nhiệm vụ tháng 12.',
  });
  await staff.call('drafts.save', { meetingId: m.id, sections: [{ heading: 'I. NHIỆM VỤ', paragraphs: ['Tổ chức tốt ngày hội đại đoàn kết.', 'Vận động quỹ vì người nghèo.'] }] });
  await staff.call('attendance.mark', { meetingId: m.id, marks: m.roll.filter((r) => r.expected).map((r) => ({ memberId: r.memberId, presence: 'present' as const })) });
  await staff.call('opinions.add', { meetingId: m.id, speakerName: officials[2]!.name, memberId: officials[2]!.memberId, summary: 'Đề nghị bổ sung chỉ tiêu vệ sinh môi trường.' });
  m = await staff.call('meetings.get', { id: m.id });
  await staff.call('vote.record', { meetingId: m.id, for: m.denominator.eligiblePresent, against: 0, abstain: 0 });
  return staff.call('meetings.markHeld', { id: m.id });
}

describe('planning', () => {
  it('plans meetings for several branches at once, each starting from the typical agenda', async () => {
    const branches = (await staff.call('branches.list')).slice(0, 3).map((b) => b.id);
    const { ids } = await staff.call('meetings.plan', { branchIds: branches, kind: 'combined', scheduledAt: '2026-12-05T08:00', place: 'Hội trường', topic: 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh' });
    expect(ids).toHaveLength(3);
    const m = await staff.call('meetings.get', { id: ids[0]! });
    expect(m.status).toBe('planned');
    expect(m.agenda.map((a) => a.title)).toContain('Trình bày chuyên đề');
    expect(m.agendaWarning).toBeNull();
    const month = await staff.call('meetings.month', { month: '2026-12' });
    expect(month.filter((r) => r.meeting?.status === 'planned')).toHaveLength(3);
  });

  it('warns when the agenda is shorter than the minimum (Hướng dẫn 42-HD/BTCTW)', async () => {
    const m = await planned();
    const short = await staff.call('agenda.save', { meetingId: m.id, items: [{ title: 'Khai mạc', minutes: 10, presenter: 'Chủ trì' }] });
    expect(short.agendaWarning).toContain('dưới 90 phút');
  });

  it('records when the draft was shared, and flags less than a day before the meeting', async () => {
    const m = await planned('2026-11-26T19:30');
    expect(await staff.raw('drafts.share', { meetingId: m.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await staff.call('drafts.save', { meetingId: m.id, sections: [{ heading: 'I. NHIỆM VỤ', paragraphs: ['Tổ chức tốt ngày hội đại đoàn kết.'] }] });
    const shared = await staff.call('drafts.share', { meetingId: m.id });
    expect(shared).toMatchObject({ status: 'shared', sharedLate: true, leadHours: 10 });
  });
});

describe('removals', () => {
  it('keep a tombstone (deleted_at, version + 1) instead of deleting the row, so they sync upward like any change', async () => {
    const m = await held();
    const sqlite = t.runtime.store.sqlite;
    const agendaBefore = sqlite.prepare('SELECT id, version FROM agenda_items WHERE meeting_id = ?').all(m.id) as { id: string; version: number }[];
    const opinion = m.opinions[0]!;
    await staff.call('opinions.remove', { id: opinion.id });
    await staff.call('agenda.save', { meetingId: m.id, items: [{ title: 'Khai mạc', minutes: 100, presenter: 'Chủ trì' }] });
    const absent = m.roll.find((r) => r.presence === 'present')!;
    const after = await staff.call('attendance.mark', { meetingId: m.id, marks: [{ memberId: absent.memberId, presence: null }] });

    expect(after.opinions).toEqual([]);
    expect(after.agenda.map((a) => a.title)).toEqual(['Khai mạc']);
    expect(after.roll.find((r) => r.memberId === absent.memberId)!.presence).toBeNull();
    expect(sqlite.prepare('SELECT version, deleted_at FROM opinions WHERE id = ?').get(opinion.id)).toEqual({ version: 2, deleted_at: now });
    for (const item of agendaBefore) {
      expect(sqlite.prepare('SELECT version, deleted_at FROM agenda_items WHERE id = ?').get(item.id)).toEqual({ version: item.version + 1, deleted_at: now });
    }
    expect(sqlite.prepare('SELECT version, deleted_at FROM attendance WHERE meeting_id = ? AND member_id = ?').get(m.id, absent.memberId)).toMatchObject({ version: 2, deleted_at: now });
    // Marked again: the same row comes back, one version on.
    await staff.call('attendance.mark', { meetingId: m.id, marks: [{ memberId: absent.memberId, presence: 'present' }] });
    expect(sqlite.prepare('SELECT version, deleted_at FROM attendance WHERE meeting_id = ? AND member_id = ?').get(m.id, absent.memberId)).toEqual({ version: 3, deleted_at: null });
  });
});

describe('the draft and its comments', () => {
  it('anchors comments to lines and makes a new version from the accepted ones', async () => {
    const m = await planned();
    let d = await staff.call('drafts.save', {
      meetingId: m.id,
      sections: [{ heading: 'I. NHIỆM VỤ THÁNG 12', paragraphs: ['Vận động quỹ vì người nghèo đạt 100% kế hoạch.', 'Giữ gìn vệ sinh môi trường.'] }],
    });
    expect(d.draft!.lines.map((l) => l.number)).toEqual([1, 2, 3]);
    expect(await staff.raw('comments.add', { meetingId: m.id, authorName: 'Ngô Thị Mai', lineFrom: 3, lineTo: 9, text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('từ dòng 1 đến dòng 3') },
    });
    const commented = await staff.call('comments.add', { meetingId: m.id, authorName: 'Ngô Thị Mai', lineFrom: 2, lineTo: 2, text: 'Nên nâng chỉ tiêu.', proposedText: 'Vận động quỹ vì người nghèo đạt 120% kế hoạch.' });
    await staff.call('comments.decide', { id: commented.comments[0]!.id, decision: 'accepted', note: null });
    d = await staff.call('drafts.fromAcceptedComments', { meetingId: m.id });
    expect(d.draftVersions).toEqual([1, 2]);
    expect(d.draft!.sections[0]!.paragraphs[0]).toBe('Vận động quỹ vì người nghèo đạt 120% kế hoạch.');
    expect((await staff.call('drafts.get', { meetingId: m.id, versionNo: 1 })).sections[0]!.paragraphs[0]).toContain('100%');
  });
});

describe('a draft from Word', () => {
  it('imports a .docx as a new version, and refuses other files', async () => {
    const { Document, Packer, Paragraph } = await import('docx');
    const bytes = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph({ text: 'I. NHIỆM VỤ' }), new Paragraph({ text: 'Tổ chức tốt ngày hội đại đoàn kết.' })] }] }),
    );
    const m = await planned();
    const d = await staff.call('drafts.importDocx', { meetingId: m.id, fileName: 'du-thao.docx', data: Buffer.from(bytes).toString('base64') });
    expect(d.draft).toMatchObject({ versionNo: 1, source: 'docx', sections: [{ heading: 'I. NHIỆM VỤ', paragraphs: ['Tổ chức tốt ngày hội đại đoàn kết.'] }] });
    expect(await staff.raw('drafts.importDocx', { meetingId: m.id, fileName: 'x.docx', data: Buffer.from('not a zip').toString('base64') })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('không phải văn bản Word') },
    });
  });
});

describe('roll call and vote', () => {
  it('counts an exempt member who attends apart, and lets them vote', async () => {
    let m = await planned();
    const exempt = m.roll.find((r) => r.standing === 'exempt' && r.status === 'official');
    const marks = m.roll.filter((r) => r.expected).map((r) => ({ memberId: r.memberId, presence: 'present' as const }));
    m = await staff.call('attendance.mark', { meetingId: m.id, marks: exempt ? [...marks, { memberId: exempt.memberId, presence: 'present' as const }] : marks });
    expect(m.totals.present).toBe(m.totals.summoned);
    if (exempt) {
      expect(m.totals.exemptPresent).toBe(1);
      expect(m.denominator.exemptAbsent).toBe(m.totals.exempt - 1);
    }
    expect(m.denominator.denominator).toBe(m.denominator.officialTotal - m.denominator.away - m.denominator.exemptAbsent - m.denominator.absentExcused);
  });

  it('refuses more votes than official members present', async () => {
    const m = await planned();
    expect(await staff.raw('vote.record', { meetingId: m.id, for: 1, against: 0, abstain: 0 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('nhiều hơn số đảng viên chính thức có mặt (0)') },
    });
  });
});

describe('minutes', () => {
  it('generates the minutes from the data, adopts them and locks the record against every change', async () => {
    let m = await held();
    m = await staff.call('minutes.generate', { meetingId: m.id });
    expect(m.minutesText).toContain('I. THÀNH PHẦN');
    expect(m.minutesText).toContain(`Có mặt: ${m.totals.present} đồng chí`);
    expect(m.minutesText).toContain('Đề nghị bổ sung chỉ tiêu vệ sinh môi trường.');
    m = await staff.call('minutes.adopt', { meetingId: m.id, approval: 1 });
    expect(m).toMatchObject({ status: 'adopted', locked: true, resolutionNumber: '01-NQ/CB' });
    expect(m.minutesHash).toMatch(/^[0-9a-f]{64}$/);
    expect(m.minutesText).toMatch(/Biên bản đã được đọc lại trước chi bộ và được 100% đảng viên có mặt nhất trí thông qua\.$/);

    const refusals = await Promise.all([
      staff.raw('minutes.save', { meetingId: m.id, text: 'Sửa lại' }),
      staff.raw('vote.record', { meetingId: m.id, for: 0, against: 0, abstain: 0 }),
      staff.raw('attendance.mark', { meetingId: m.id, marks: [{ memberId: m.roll[0]!.memberId, presence: 'absent_unexcused' }] }),
      staff.raw('opinions.add', { meetingId: m.id, speakerName: 'Ai đó', summary: 'Thêm' }),
      staff.raw('agenda.fromTemplate', { meetingId: m.id }),
      staff.raw('drafts.save', { meetingId: m.id, sections: [{ heading: 'X', paragraphs: ['Y'] }] }),
      staff.raw('meetings.update', { id: m.id, version: m.version, kind: 'regular', scheduledAt: m.scheduledAt, place: 'Khác', guests: [] }),
    ]);
    for (const r of refusals) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('đã khóa') } });
    // The database refuses too, whatever a service might forget.
    expect(() => t.runtime.store.sqlite.prepare("UPDATE meetings SET minutes_text = 'x' WHERE id = ?").run(m.id)).toThrow(/locked/);
    expect(() => t.runtime.store.sqlite.prepare('DELETE FROM attendance WHERE meeting_id = ?').run(m.id)).toThrow(/locked/);

    const corrected = await staff.call('minutes.addendum', { meetingId: m.id, text: 'Đính chính: đồng chí Châu là Đảng ủy viên.' });
    expect(corrected.addenda).toHaveLength(1);
    expect(corrected.minutesHash).toBe(m.minutesHash);
  });

  it('numbers resolutions from 01 within the committee term', async () => {
    const first = await held();
    await staff.call('minutes.generate', { meetingId: first.id });
    await staff.call('minutes.adopt', { meetingId: first.id, approval: 1 });
    const second = await held();
    await staff.call('minutes.generate', { meetingId: second.id });
    expect((await staff.call('minutes.adopt', { meetingId: second.id, approval: 1 })).resolutionNumber).toBe('02-NQ/CB');
  });

  it('exports the minutes and the resolution as Word and PDF files', async () => {
    const m = await held();
    await staff.call('minutes.generate', { meetingId: m.id });
    expect(await staff.raw('minutes.exportDocx', { meetingId: m.id, resolution: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await staff.call('minutes.adopt', { meetingId: m.id, approval: 1 });
    const docx = await staff.call('minutes.exportDocx', { meetingId: m.id, resolution: false });
    expect(docx.fileName).toMatch(/^bien-ban-chi-bo-.+-2026-11-28\.docx$/);
    expect(Buffer.from(docx.data, 'base64').subarray(0, 2).toString()).toBe('PK');
    const resolution = await staff.call('minutes.exportDocx', { meetingId: m.id, resolution: true });
    expect(resolution.fileName).toMatch(/^nghi-quyet-/);
    const pdf = await staff.call('minutes.exportPdf', { meetingId: m.id, resolution: false });
    expect(Buffer.from(pdf.data, 'base64').toString()).toContain('%PDF');
    const view = await staff.call('minutes.printView', { meetingId: m.id, resolution: false });
    expect(view.html).toContain('BIÊN BẢN');

    // The margins and size are a setting: the administrator's change shows in the next file.
    expect(await staff.raw('settings.saveDocumentLayout', { marginsMm: { top: 25, bottom: 25, left: 35, right: 15 }, fontSizePt: 13 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const admin = await t.as('ward_admin');
    await admin.call('settings.saveDocumentLayout', { marginsMm: { top: 25, bottom: 25, left: 35, right: 15 }, fontSizePt: 13 });
    const { default: JSZip } = await import('jszip');
    const relaid = await staff.call('minutes.exportDocx', { meetingId: m.id, resolution: false });
    const xml = await (await JSZip.loadAsync(Buffer.from(relaid.data, 'base64'))).file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="1417" w:right="850" w:bottom="1417" w:left="1984"/);
  });

  it('lets a branch secretary work only on their own branch’s meetings', async () => {
    const secretary = await t.as('branch_secretary');
    const me = (await secretary.call('auth.status')).user!;
    const other = (await staff.call('branches.list')).find((b) => b.id !== me.branchId)!;
    const { ids } = await staff.call('meetings.plan', { branchIds: [other.id], kind: 'regular', scheduledAt: '2026-12-05T08:00', place: 'Hội trường' });
    expect(await secretary.raw('meetings.get', { id: ids[0]! })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await secretary.raw('meetings.plan', { branchIds: [other.id], kind: 'regular', scheduledAt: '2026-12-05T08:00', place: 'X X' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await secretary.call('meetings.month', { month: '2026-12' })).map((r) => r.branchId)).toEqual([me.branchId]);
  });
});

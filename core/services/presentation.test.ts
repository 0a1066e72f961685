// The presentation through the services, on a real database: the console opens a meeting, both windows follow the
// host's state, the projector gets no notes and nothing of another meeting, and a secretary sees only their branch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeetingDetail, PresentationState } from '../api';
import { startTestRuntime, type Caller, type TestRuntime } from '../testing';

let t: TestRuntime;
let staff: Caller;
let now = Date.parse('2026-11-28T19:30:00+07:00');
const events: (PresentationState | null)[] = [];

/** A real two-page PDF, small enough to write by hand; pdf.js reads its pages. */
function twoPagePdf(): string {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1').toString('base64');
}

async function meetingOf(branchIndex: number): Promise<MeetingDetail> {
  const branchId = (await staff.call('branches.list'))[branchIndex]!.id;
  const { ids } = await staff.call('meetings.plan', { branchIds: [branchId], kind: 'regular', scheduledAt: '2026-11-28T19:30', place: 'Nhà văn hóa' });
  const id = ids[0]!;
  await staff.call('drafts.save', {
    meetingId: id,
    sections: [{ heading: 'I. NHIỆM VỤ THÁNG 12', paragraphs: ['Tổ chức tốt ngày hội đại đoàn kết toàn dân tộc ở khu dân cư, vận động quỹ vì người nghèo.'] }],
  });
  await staff.call('attachments.add', { meetingId: id, fileName: 'Chỉ thị.pdf', data: twoPagePdf() });
  return staff.call('meetings.get', { id });
}

beforeEach(async () => {
  now = Date.parse('2026-11-28T19:30:00+07:00');
  events.length = 0;
  t = startTestRuntime({ clock: () => now });
  t.runtime.subscribe('presentation.changed', (s) => events.push(s));
  await t.caller().call('demo.create');
  staff = await t.as('ward_staff');
});
afterEach(() => t.close());

describe('presenting a meeting', () => {
  it('opens on the title slide and tells every window of each change', async () => {
    const m = await meetingOf(0);
    const opened = await staff.call('presentation.open', { meetingId: m.id });
    expect(opened).toMatchObject({ meetingId: m.id, index: 0, shown: 0, screen: 'slide', projector: { mode: 'none' } });
    expect(events.at(-1)).toEqual(opened);

    now += 60_000;
    const moved = await staff.call('presentation.control', { action: { type: 'next' } });
    expect(moved.index).toBe(1);
    expect(events.at(-1)).toEqual(moved);
    expect(await staff.call('presentation.state')).toEqual(moved);
  });

  it('gives the console its notes and the projector the same slides without them', async () => {
    const m = await meetingOf(0);
    await staff.call('presentation.open', { meetingId: m.id });
    const console = (await staff.call('presentation.deck', { audience: 'console' }))!;
    const projector = (await staff.call('presentation.deck', { audience: 'projector' }))!;
    expect(projector.slides.map((s) => s.key)).toEqual(console.slides.map((s) => s.key));
    expect(console.slides.some((s) => s.notes.length > 0)).toBe(true);
    expect(projector.slides.every((s) => s.notes.length === 0)).toBe(true);
    // The PDF's two pages are two slides; the draft's lines carry their numbers.
    expect(console.slides.filter((s) => s.kind === 'document').map((s) => s.label)).toEqual(['Chỉ thị.pdf, trang 1/2', 'Chỉ thị.pdf, trang 2/2']);
    const draft = console.slides.find((s) => s.kind === 'draft');
    expect(draft?.kind === 'draft' && draft.lines[0]).toMatchObject({ number: 1, text: 'I. NHIỆM VỤ THÁNG 12', heading: true });
  });

  it('hands out the documents of the meeting on screen, and not another meeting’s', async () => {
    const shown = await meetingOf(0);
    const other = await meetingOf(1);
    await staff.call('presentation.open', { meetingId: shown.id });
    const file = await staff.call('presentation.file', { attachmentId: shown.attachments[0]!.id });
    expect(file.mime).toBe('application/pdf');
    expect(Buffer.from(file.data, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const refused = await staff.raw('presentation.file', { attachmentId: other.attachments[0]!.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'Tài liệu này không thuộc buổi sinh hoạt đang trình chiếu.' } });
  });

  it('follows the records: the roll call taken from the console shows on the attendance slide', async () => {
    const m = await meetingOf(0);
    await staff.call('presentation.open', { meetingId: m.id });
    const before = (await staff.call('presentation.deck', { audience: 'projector' }))!.slides.find((s) => s.kind === 'attendance');
    expect(before).toMatchObject({ recorded: false });
    await staff.call('attendance.mark', { meetingId: m.id, marks: m.roll.filter((r) => r.expected).map((r) => ({ memberId: r.memberId, presence: 'present' as const })) });
    const after = (await staff.call('presentation.deck', { audience: 'projector' }))!.slides.find((s) => s.kind === 'attendance');
    expect(after).toMatchObject({ recorded: true, present: m.totals.summoned, summoned: m.totals.summoned });
  });

  it('shows another branch’s secretary nothing and lets them change nothing', async () => {
    const branches = await staff.call('branches.list');
    const secretary = await t.as('branch_secretary');
    const own = (await secretary.call('auth.status')).user!.branchId;
    const otherIndex = branches.findIndex((b) => b.id !== own);
    const m = await meetingOf(otherIndex);
    await staff.call('presentation.open', { meetingId: m.id });
    expect(await secretary.call('presentation.state')).toBeNull();
    expect(await secretary.call('presentation.deck', { audience: 'projector' })).toBeNull();
    const refused = await secretary.raw('presentation.control', { action: { type: 'next' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await secretary.raw('presentation.open', { meetingId: m.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a control when nothing is presented, in Vietnamese, and ends cleanly', async () => {
    const refused = await staff.raw('presentation.control', { action: { type: 'next' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('Chưa có buổi sinh hoạt nào đang trình chiếu') } });
    const bad = await staff.raw('presentation.control', { action: { type: 'go', index: -1 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const m = await meetingOf(0);
    await staff.call('presentation.open', { meetingId: m.id });
    await staff.call('presentation.close');
    expect(events.at(-1)).toBeNull();
    expect(await staff.call('presentation.state')).toBeNull();
  });

  it('opens the host’s projector window where the host has one, and passes on its warning', async () => {
    await t.close();
    const calls: string[] = [];
    t = startTestRuntime({
      clock: () => now,
      projector: { open: () => (calls.push('open'), { mode: 'windowed', warning: 'Chỉ có một màn hình.' }), close: () => void calls.push('close') },
    });
    await t.caller().call('demo.create');
    staff = await t.as('ward_staff');
    const m = await meetingOf(0);
    const opened = await staff.call('presentation.open', { meetingId: m.id });
    expect(opened.projector).toEqual({ mode: 'windowed', warning: 'Chỉ có một màn hình.' });
    await staff.call('presentation.close');
    expect(calls).toEqual(['open', 'close']);
  });
});

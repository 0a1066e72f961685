// A member's record through the changes a ward office makes, on a real database: every change shows in the counts the
// minutes use, leaves a history entry and an audit entry, and nothing half-written when it is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchSummary } from '../api';
import { startTestRuntime, type Caller, type TestRuntime } from '../testing';

let t: TestRuntime;
let staff: Caller;
let branches: BranchSummary[];
const newMember = {
  fullName: 'Hoàng Thị Thu Trang',
  gender: 'female' as const,
  birthDate: '1990-03-08',
  admissionDate: '2018-05-19',
  officialDate: '2019-05-19',
  cardNumber: '01.999001',
  citizenId: '001190012345',
  phone: '0912 345 678',
};
beforeEach(async () => {
  t = startTestRuntime({ clock: () => Date.UTC(2026, 10, 26, 3) });
  await t.caller().call('demo.create');
  staff = await t.as('ward_staff');
  branches = await staff.call('branches.list');
});
afterEach(() => t.close());
const counts = async (id: string) => (await staff.call('branches.list')).find((b) => b.id === id)!;
const rows = (sql: string, ...params: unknown[]) => t.runtime.store.sqlite.prepare(sql).all(...params);

describe('members', () => {
  it('adds a member, who then shows in the branch counts, the list and the history', async () => {
    const branch = branches[0]!;
    const { id } = await staff.call('members.create', { branchId: branch.id, ...newMember });
    expect(await counts(branch.id)).toMatchObject({ official: branch.official + 1 });
    const found = await staff.call('members.list', { search: 'hoang thi thu trang' });
    expect(found.rows.map((r) => r.fullName)).toContain('Hoàng Thị Thu Trang');
    const detail = await staff.call('members.get', { id });
    expect(detail).toMatchObject({ status: 'official', phone: '0912345678', probationEnd: null, version: 1 });
    expect((await staff.call('members.history', { id })).map((e) => e.kind)).toEqual(['created']);
  });

  it('refuses a duplicate citizen ID or card number, naming who holds it, and writes nothing', async () => {
    await staff.call('members.create', { branchId: branches[0]!.id, ...newMember });
    const before = rows('SELECT count(*) AS n FROM members');
    const again = await staff.raw('members.create', { branchId: branches[1]!.id, ...newMember, fullName: 'Người Khác' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('Hoàng Thị Thu Trang') } });
    expect(rows('SELECT count(*) AS n FROM members')).toEqual(before);
  });

  it('refuses dates that break the rules, per field', async () => {
    const early = await staff.raw('members.create', { branchId: branches[0]!.id, ...newMember, admissionDate: '2005-01-01', officialDate: null });
    expect(early).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: 'admissionDate', message: 'Ngày vào Đảng trước khi đủ 18 tuổi.' }] } });
    const impossible = await staff.raw('members.create', { branchId: branches[0]!.id, ...newMember, birthDate: '1990-02-30' });
    expect(impossible).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('Ngày sinh không có thật') } });
  });

  it('edits with a version check, so two people editing at once do not overwrite each other', async () => {
    const { id } = await staff.call('members.create', { branchId: branches[0]!.id, ...newMember });
    const edited = await staff.call('members.update', { id, version: 1, ...newMember, phone: '0987654321' });
    expect(edited).toMatchObject({ phone: '0987654321', version: 2 });
    const stale = await staff.raw('members.update', { id, version: 1, ...newMember, phone: '0900000000' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('vừa được người khác sửa') } });
    expect((await staff.call('members.get', { id })).phone).toBe('0987654321');
  });

  it('moves a member to another branch of the ward, and the counts of both change', async () => {
    const [from, to] = [branches[0]!, branches[1]!];
    const member = (await staff.call('members.list', { branchId: from.id, status: 'official', standing: 'active', pageSize: 1 })).rows[0]!;
    await staff.call('members.move', { id: member.id, toBranchId: to.id, date: '2026-11-20' });
    expect(await counts(from.id)).toMatchObject({ official: from.official - 1 });
    expect(await counts(to.id)).toMatchObject({ official: to.official + 1 });
    const [moved] = await staff.call('members.history', { id: member.id });
    expect(moved).toMatchObject({ kind: 'moved', effectiveDate: '2026-11-20', fromBranchName: from.name, toBranchName: to.name, recordedBy: 'Trần Văn Phòng' });
  });

  it('exempts a member with the branch resolution, counts them as exempt, and ends the exemption', async () => {
    const branch = branches[0]!;
    const member = (await staff.call('members.list', { branchId: branch.id, standing: 'active', pageSize: 1 })).rows[0]!;
    const exempt = await staff.call('members.exempt', { id: member.id, from: '2026-11-01', reason: 'Tuổi cao, sức khỏe yếu', resolution: '07-NQ/CB' });
    expect(exempt).toMatchObject({ standing: 'exempt', standingSince: '2026-11-01', standingResolution: '07-NQ/CB' });
    expect(await counts(branch.id)).toMatchObject({ exempt: branch.exempt + 1 });
    const twice = await staff.raw('members.exempt', { id: member.id, from: '2026-11-02', reason: 'x x', resolution: 'y y' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('đang miễn sinh hoạt') } });
    await staff.call('members.endExemption', { id: member.id, date: '2026-11-25' });
    expect(await counts(branch.id)).toMatchObject({ exempt: branch.exempt });
    expect((await staff.call('members.history', { id: member.id })).map((e) => e.kind)).toEqual(['exemption_ended', 'exempted']);
  });

  it('takes a member who transfers out or dies off the counts, but keeps the record and its history', async () => {
    const branch = branches[0]!;
    const [a, b] = (await staff.call('members.list', { branchId: branch.id, status: 'official', standing: 'active', pageSize: 2 })).rows;
    await staff.call('members.transferOut', { id: a!.id, date: '2026-11-15', destination: 'Đảng bộ phường Bến Nghé, TP Hồ Chí Minh' });
    await staff.call('members.remove', { id: b!.id, date: '2026-11-18', kind: 'deceased', reason: null });
    expect(await counts(branch.id)).toMatchObject({ official: branch.official - 2 });
    expect(await staff.call('members.get', { id: a!.id })).toMatchObject({ standing: 'transferred_out', standingReason: 'Đảng bộ phường Bến Nghé, TP Hồ Chí Minh' });
  });

  it('recognises a probationary member as official', async () => {
    const { id } = await staff.call('members.create', { branchId: branches[0]!.id, ...newMember, admissionDate: '2025-10-20', officialDate: null });
    expect(await staff.raw('members.recognizeOfficial', { id, officialDate: '2026-10-01' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await staff.call('members.recognizeOfficial', { id, officialDate: '2026-10-25', resolution: '09-NQ/CB' })).toMatchObject({ status: 'official' });
  });

  it('lists probationary members due for official recognition in a month', async () => {
    const { id } = await staff.call('members.create', { branchId: branches[0]!.id, ...newMember, admissionDate: '2025-11-10', officialDate: null });
    const due = await staff.call('members.list', { dueForOfficialIn: '2026-11', pageSize: 500 });
    expect(due.rows.map((r) => r.id)).toContain(id);
    for (const row of due.rows) expect(row.status).toBe('probationary');
    const earlier = await staff.call('members.list', { dueForOfficialIn: '2026-10', pageSize: 500 });
    expect(earlier.rows.map((r) => r.id)).not.toContain(id);
  });

  it('keeps the history append-only', async () => {
    const { id } = await staff.call('members.create', { branchId: branches[0]!.id, ...newMember });
    expect(() => t.runtime.store.sqlite.prepare('UPDATE member_events SET kind = ? WHERE member_id = ?').run('edited', id)).toThrow(/append-only/);
    expect(() => t.runtime.store.sqlite.prepare('DELETE FROM member_events WHERE member_id = ?').run(id)).toThrow(/append-only/);
  });

  it('records who changed what, before and after, in the audit trail', async () => {
    const { id } = await staff.call('members.create', { branchId: branches[0]!.id, ...newMember });
    await staff.call('members.update', { id, version: 1, ...newMember, phone: '0987654321' });
    const admin = await t.as('ward_admin');
    const audit = await admin.call('audit.list', { entity: 'members' });
    expect(audit.rows[0]).toMatchObject({ action: 'members.update', userName: 'Trần Văn Phòng', entityId: id, before: { phone: '0912345678' }, after: { phone: '0987654321' } });
  });
});

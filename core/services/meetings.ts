// Sinh hoạt chi bộ: a branch meeting from plan to adopted minutes. Every write checks the caller's branch scope and
// refuses once the minutes are adopted (the database refuses too); the answer is the whole meeting as the screens need it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { MeetingTable } from '../../db/schema';
import {
  ApiError,
  type CommentRow,
  type DraftVersion,
  type MeetingDetail,
  type MeetingSummary,
  type MonthRow,
  type ParsedInput,
  type RollRow,
  type SessionUser,
} from '../api';
import { checkBranchScope } from '../auth/access';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { localDate } from '../dates';
import { DraftDocxError, readDraftDocx } from '../export/draftDocx';
import { percent } from '../export/partyDocument';
import { numberLines, paragraphOf, type DraftSection } from '../rules/draftLines';
import { attendanceTotals, voteCountProblems, voteDenominator, voteOutcome, type RollEntry } from '../rules/meeting';
import { isExpectedAt } from '../rules/membership';
import {
  agendaLengthWarning,
  agendaTemplate,
  canMove,
  defaultTerm,
  draftLeadTime,
  formatDocumentNumber,
  isLocked,
  nextDocumentNumber,
  type MeetingStatus,
} from '../rules/meetingPlan';
import { currentWardId, selfSiteId } from './setup';

type MeetingRecord = Omit<MeetingTable, 'version'> & { version: number; branch_name: string };

const STATUS_LABEL: Record<MeetingStatus, string> = {
  planned: 'đã lên kế hoạch',
  shared: 'đã gửi tài liệu',
  held: 'đã họp',
  adopted: 'đã thông qua biên bản',
  sent: 'đã gửi lên cấp trên',
};

/** 'YYYY-MM-DDTHH:mm' in Vietnam's time as epoch milliseconds. */
export function meetingTime(scheduledAt: string): number {
  return Date.parse(`${scheduledAt}:00+07:00`);
}

function load(ctx: ServiceContext, user: SessionUser, id: string): MeetingRecord {
  const meeting = ctx.store.sqlite
    .prepare(
      `SELECT m.*, o.name AS branch_name FROM meetings m JOIN organisations o ON o.id = m.branch_id
        WHERE m.id = ? AND m.deleted_at IS NULL AND o.parent_id = ?`,
    )
    .get(id, currentWardId(ctx)) as MeetingRecord | undefined;
  if (!meeting) throw new ApiError('NOT_FOUND', 'Không tìm thấy buổi sinh hoạt này.');
  checkBranchScope(user, meeting.branch_id);
  return meeting;
}

function editable(meeting: MeetingRecord): void {
  if (isLocked(meeting.status)) {
    throw new ApiError(
      'CONFLICT',
      'Biên bản buổi sinh hoạt này đã được thông qua nên hồ sơ đã khóa. Muốn sửa, hãy thêm đính chính vào biên bản.',
    );
  }
}

/** Runs a change to one meeting in a transaction: load, check, write, audit; answers the meeting as it now is. */
function change(
  ctx: ServiceContext,
  user: SessionUser,
  meetingId: string,
  action: string,
  write: (meeting: MeetingRecord) => unknown,
  options: { allowLocked?: boolean } = {},
): MeetingDetail {
  const sqlite = ctx.store.sqlite;
  sqlite.transaction(() => {
    const meeting = load(ctx, user, meetingId);
    if (!options.allowLocked) editable(meeting);
    const after = write(meeting);
    sqlite.prepare('UPDATE meetings SET version = version + 1, updated_at = ? WHERE id = ?').run(ctx.hlc.now(), meetingId);
    recordAudit(sqlite, { at: ctx.clock(), userId: user.id, action, entity: 'meetings', entityId: meetingId, after: after ?? null });
  })();
  ctx.emit('data.changed', { areas: ['meetings'] });
  return detail(ctx, user, meetingId);
}

// ---- Reading -------------------------------------------------------------------------------------------------------

function summary(m: MeetingRecord): MeetingSummary {
  return { id: m.id, branchId: m.branch_id, branchName: m.branch_name, kind: m.kind, scheduledAt: m.scheduled_at, place: m.place, status: m.status };
}

function draftVersion(ctx: ServiceContext, meetingId: string, versionNo?: number): DraftVersion | null {
  const row = ctx.store.sqlite
    .prepare(
      `SELECT d.version_no, d.content, d.created_at, d.source, u.display_name AS by_name FROM drafts d LEFT JOIN users u ON u.id = d.created_by
        WHERE d.meeting_id = ? AND d.deleted_at IS NULL ${versionNo ? 'AND d.version_no = ?' : ''} ORDER BY d.version_no DESC LIMIT 1`,
    )
    .get(...(versionNo ? [meetingId, versionNo] : [meetingId])) as
    | { version_no: number; content: string; created_at: number; source: DraftVersion['source']; by_name: string | null }
    | undefined;
  if (!row) return null;
  const sections = JSON.parse(row.content) as DraftSection[];
  return { versionNo: row.version_no, sections, lines: numberLines(sections), createdAt: row.created_at, createdBy: row.by_name, source: row.source };
}

/** The branch's roll on the meeting's date: members on the roll then, with what the roll call recorded. */
export function rollOf(ctx: ServiceContext, meeting: Pick<MeetingRecord, 'id' | 'branch_id' | 'scheduled_at'>): RollRow[] {
  const date = meeting.scheduled_at.slice(0, 10);
  const rows = ctx.store.sqlite
    .prepare(
      `SELECT m.id, m.full_name, m.status, m.standing, m.standing_since, m.away_until, m.admission_date, m.official_date,
              a.status AS presence, a.reason
         FROM members m LEFT JOIN attendance a ON a.meeting_id = ? AND a.member_id = m.id AND a.deleted_at IS NULL
        WHERE m.deleted_at IS NULL AND (a.member_id IS NOT NULL OR (m.branch_id = ? AND m.standing IN ('active', 'exempt', 'away')))
        ORDER BY m.sort_key`,
    )
    .all(meeting.id, meeting.branch_id) as {
    id: string;
    full_name: string;
    status: 'official' | 'probationary';
    standing: RollRow['standing'] | 'transferred_out' | 'removed' | 'deceased';
    standing_since: string | null;
    away_until: string | null;
    admission_date: string | null;
    official_date: string | null;
    presence: RollRow['presence'];
    reason: string | null;
  }[];
  return rows
    .filter((r) => r.presence !== null || (r.admission_date !== null && r.admission_date <= date))
    .map((r) => {
      const facts = {
        status: r.status,
        standing: r.standing,
        admissionDate: r.admission_date,
        officialDate: r.official_date,
        standingSince: r.standing_since,
        awayUntil: r.away_until,
      };
      const expected = isExpectedAt(facts, date);
      // The standing on that day: a change recorded later did not apply yet.
      const standing: RollRow['standing'] =
        expected || r.standing === 'transferred_out' || r.standing === 'removed' || r.standing === 'deceased'
          ? 'active'
          : (r.standing as RollRow['standing']);
      const status = r.status === 'official' && r.official_date && r.official_date > date ? 'probationary' : r.status;
      return { memberId: r.id, name: r.full_name, status, standing, expected, presence: r.presence, reason: r.reason };
    });
}

function comments(ctx: ServiceContext, meetingId: string): CommentRow[] {
  const rows = ctx.store.sqlite
    .prepare('SELECT * FROM comments WHERE meeting_id = ? AND deleted_at IS NULL ORDER BY line_from, created_at')
    .all(meetingId) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: r.id as string,
    draftVersion: r.draft_version as number,
    source: r.source as CommentRow['source'],
    authorName: r.author_name as string,
    lineFrom: r.line_from as number,
    lineTo: r.line_to as number,
    text: r.text as string,
    proposedText: r.proposed_text as string | null,
    decision: r.decision as CommentRow['decision'],
    decisionNote: r.decision_note as string | null,
    createdAt: r.created_at as number,
  }));
}

export function detail(ctx: ServiceContext, user: SessionUser, id: string): MeetingDetail {
  const sqlite = ctx.store.sqlite;
  const m = load(ctx, user, id);
  const agenda = (
    sqlite.prepare('SELECT * FROM agenda_items WHERE meeting_id = ? AND deleted_at IS NULL ORDER BY position').all(id) as Record<string, unknown>[]
  ).map((r) => ({ id: r.id as string, title: r.title as string, minutes: r.minutes as number, presenter: r.presenter as string, summary: r.summary as string | null }));
  const agendaMinutes = agenda.reduce((sum, item) => sum + item.minutes, 0);
  const roll = rollOf(ctx, m);
  const entries: RollEntry[] = roll.map((r) => ({ ...r, presence: r.presence }));
  const denominator = voteDenominator(entries);
  const lead = m.draft_shared_at ? draftLeadTime(m.draft_shared_at, meetingTime(m.scheduled_at)) : null;
  const hasVote = m.vote_for !== null;
  const outcome = hasVote ? voteOutcome({ for: m.vote_for!, against: m.vote_against!, abstain: m.vote_abstain! }, denominator.denominator) : null;
  const opinions = (
    sqlite
      .prepare(
        `SELECT o.*, a.title AS item_title FROM opinions o LEFT JOIN agenda_items a ON a.id = o.agenda_item_id
          WHERE o.meeting_id = ? AND o.deleted_at IS NULL ORDER BY o.position`,
      )
      .all(id) as Record<string, unknown>[]
  ).map((r) => ({
    id: r.id as string,
    agendaItemId: r.agenda_item_id as string | null,
    agendaItemTitle: r.item_title as string | null,
    memberId: r.member_id as string | null,
    speakerName: r.speaker_name as string,
    summary: r.summary as string,
  }));
  return {
    ...summary(m),
    version: m.version,
    topic: m.topic,
    chairId: m.chair_id,
    secretaryId: m.secretary_id,
    guests: m.guests ? (JSON.parse(m.guests) as MeetingDetail['guests']) : [],
    endedAt: m.ended_at,
    conclusion: m.conclusion,
    locked: isLocked(m.status),
    agenda,
    agendaMinutes,
    agendaWarning: agenda.length ? agendaLengthWarning(m.kind, agendaMinutes) : null,
    draft: draftVersion(ctx, id),
    draftVersions: sqlite.prepare('SELECT version_no FROM drafts WHERE meeting_id = ? AND deleted_at IS NULL ORDER BY version_no').pluck().all(id) as number[],
    draftSharedAt: m.draft_shared_at,
    leadHours: lead?.hours ?? null,
    sharedLate: lead?.late ?? false,
    attachments: (
      sqlite.prepare('SELECT id, name, mime, size, sha256 FROM attachments WHERE meeting_id = ? AND deleted_at IS NULL ORDER BY created_at').all(id) as MeetingDetail['attachments']
    ),
    comments: comments(ctx, id),
    roll,
    totals: attendanceTotals(entries),
    denominator,
    opinions,
    vote: hasVote && outcome ? { for: m.vote_for!, against: m.vote_against!, abstain: m.vote_abstain!, ...outcome } : null,
    minutesText: m.minutes_text,
    minutesHash: m.minutes_hash,
    adoptedAt: m.adopted_at,
    resolutionNumber: m.resolution_number ? formatDocumentNumber(m.resolution_number) : null,
    addenda: (
      sqlite
        .prepare(
          `SELECT a.id, a.text, a.created_at, u.display_name AS by_name FROM minutes_addenda a LEFT JOIN users u ON u.id = a.created_by
            WHERE a.meeting_id = ? ORDER BY a.created_at`,
        )
        .all(id) as { id: string; text: string; created_at: number; by_name: string | null }[]
    ).map((a) => ({ id: a.id, text: a.text, createdAt: a.created_at, createdBy: a.by_name })),
  };
}

export function get(input: { id: string }, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return detail(ctx, user, input.id);
}

export function list(input: ParsedInput<'meetings.list'>, ctx: ServiceContext, user: SessionUser): MeetingSummary[] {
  const branchId = user.role === 'branch_secretary' ? user.branchId : input.branchId;
  if (input.branchId) checkBranchScope(user, input.branchId);
  const filters: [string, string | null | undefined][] = [
    ['o.parent_id = ?', currentWardId(ctx) ?? ''],
    ['m.branch_id = ?', branchId],
    ['m.scheduled_at >= ?', input.from],
    ['m.scheduled_at < ?', input.to ? `${input.to}T99` : undefined],
  ];
  const used = filters.filter(([, value]) => value);
  const where = ['m.deleted_at IS NULL', ...used.map(([condition]) => condition)];
  const params = used.map(([, value]) => value as string);
  const rows = ctx.store.sqlite
    .prepare(
      `SELECT m.*, o.name AS branch_name FROM meetings m JOIN organisations o ON o.id = m.branch_id
        WHERE ${where.join(' AND ')} ORDER BY m.scheduled_at DESC LIMIT 500`,
    )
    .all(...params) as MeetingRecord[];
  return rows.map(summary);
}

/** The ward's month: every branch and its meeting that month, with what the office checks first. */
export function month(input: ParsedInput<'meetings.month'>, ctx: ServiceContext, user: SessionUser): MonthRow[] {
  const today = localDate(ctx.clock());
  const monthEnded = `${input.month}-31` < today;
  const rows = ctx.store.sqlite
    .prepare(
      `SELECT o.id AS branch_id, o.name AS branch_name, m.id, m.kind, m.scheduled_at, m.status, m.draft_shared_at,
              (SELECT count(*) FROM opinions p WHERE p.meeting_id = m.id AND p.deleted_at IS NULL) AS opinions,
              (SELECT avg(a.status = 'present') FROM attendance a WHERE a.meeting_id = m.id AND a.deleted_at IS NULL) AS rate
         FROM organisations o
         LEFT JOIN meetings m ON m.id = (
           SELECT id FROM meetings WHERE branch_id = o.id AND deleted_at IS NULL AND scheduled_at >= ? AND scheduled_at < ?
            ORDER BY scheduled_at LIMIT 1)
        WHERE o.parent_id = ? AND o.kind = 'branch' AND o.deleted_at IS NULL AND o.dissolved_at IS NULL
        ORDER BY o.sort_order, o.name`,
    )
    .all(`${input.month}-01`, `${input.month}-32`, currentWardId(ctx)) as {
    branch_id: string;
    branch_name: string;
    id: string | null;
    kind: MonthRow['meeting'] extends infer T ? (T extends { kind: infer K } ? K : never) : never;
    scheduled_at: string;
    status: MeetingStatus;
    draft_shared_at: number | null;
    opinions: number;
    rate: number | null;
  }[];
  return rows
    .filter((r) => user.role !== 'branch_secretary' || r.branch_id === user.branchId)
    .map((r) => {
      if (!r.id) return { branchId: r.branch_id, branchName: r.branch_name, meeting: null, overdue: monthEnded };
      const lead = r.draft_shared_at ? draftLeadTime(r.draft_shared_at, meetingTime(r.scheduled_at)) : null;
      const notHeld = r.status === 'planned' || r.status === 'shared';
      return {
        branchId: r.branch_id,
        branchName: r.branch_name,
        meeting: {
          id: r.id,
          kind: r.kind,
          scheduledAt: r.scheduled_at,
          status: r.status,
          leadHours: lead?.hours ?? null,
          sharedLate: lead?.late ?? false,
          attendanceRate: r.rate,
          opinions: r.opinions,
        },
        overdue: notHeld && r.scheduled_at.slice(0, 10) < today,
      };
    });
}

// ---- Planning ------------------------------------------------------------------------------------------------------

function insertAgenda(ctx: ServiceContext, meetingId: string, items: { title: string; minutes: number; presenter: string; summary?: string | null }[]) {
  const insert = ctx.store.sqlite.prepare(
    'INSERT INTO agenda_items (id, meeting_id, position, title, minutes, presenter, summary, owner_site, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const site = selfSiteId(ctx);
  items.forEach((item, i) => insert.run(uuidv7(), meetingId, i + 1, item.title, item.minutes, item.presenter, item.summary ?? null, site, ctx.hlc.now()));
}

export function plan(input: ParsedInput<'meetings.plan'>, ctx: ServiceContext, user: SessionUser): { ids: string[] } {
  const sqlite = ctx.store.sqlite;
  const ids = sqlite.transaction(() =>
    [...new Set(input.branchIds)].map((branchId) => {
      checkBranchScope(user, branchId);
      const branch = sqlite
        .prepare("SELECT name, dissolved_at FROM organisations WHERE id = ? AND kind = 'branch' AND parent_id = ? AND deleted_at IS NULL")
        .get(branchId, currentWardId(ctx)) as { name: string; dissolved_at: string | null } | undefined;
      if (!branch) throw new ApiError('NOT_FOUND', 'Không tìm thấy chi bộ này trong đảng bộ.');
      if (branch.dissolved_at) throw new ApiError('CONFLICT', `${branch.name} đã giải thể.`);
      const id = uuidv7();
      sqlite
        .prepare(
          `INSERT INTO meetings (id, branch_id, kind, scheduled_at, place, topic, status, owner_site, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'planned', ?, ?)`,
        )
        .run(id, branchId, input.kind, input.scheduledAt, input.place, input.topic ?? null, selfSiteId(ctx), ctx.hlc.now());
      insertAgenda(ctx, id, agendaTemplate(input.kind));
      recordAudit(sqlite, { at: ctx.clock(), userId: user.id, action: 'meetings.plan', entity: 'meetings', entityId: id, after: { ...input, branchId } });
      return id;
    }),
  )();
  ctx.emit('data.changed', { areas: ['meetings'] });
  return { ids };
}

export function update(input: ParsedInput<'meetings.update'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.id, 'meetings.update', (m) => {
    if (m.version !== input.version) throw new ApiError('CONFLICT', 'Buổi sinh hoạt vừa được người khác sửa. Hãy mở lại để xem bản mới nhất.');
    for (const memberId of [input.chairId, input.secretaryId]) {
      if (!memberId) continue;
      const branch = ctx.store.sqlite.prepare('SELECT branch_id FROM members WHERE id = ?').pluck().get(memberId);
      if (branch !== m.branch_id) throw new ApiError('INVALID_INPUT', 'Chủ trì và thư ký phải là đảng viên của chi bộ.');
    }
    ctx.store.sqlite
      .prepare(
        `UPDATE meetings SET kind = ?, scheduled_at = ?, place = ?, topic = ?, chair_id = ?, secretary_id = ?, guests = ?, ended_at = ?, conclusion = ?
          WHERE id = ?`,
      )
      .run(
        input.kind,
        input.scheduledAt,
        input.place,
        input.topic ?? null,
        input.chairId ?? null,
        input.secretaryId ?? null,
        JSON.stringify(input.guests),
        input.endedAt ?? null,
        input.conclusion ?? null,
        input.id,
      );
    return input;
  });
}

function moveTo(ctx: ServiceContext, m: MeetingRecord, to: MeetingStatus) {
  if (!canMove(m.status, to)) {
    throw new ApiError('CONFLICT', `Buổi sinh hoạt đang ở bước "${STATUS_LABEL[m.status]}", không chuyển sang "${STATUS_LABEL[to]}" được.`);
  }
  ctx.store.sqlite.prepare('UPDATE meetings SET status = ? WHERE id = ?').run(to, m.id);
}

export function markHeld(input: { id: string }, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.id, 'meetings.markHeld', (m) => moveTo(ctx, m, 'held'));
}

export function saveAgenda(input: ParsedInput<'agenda.save'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.meetingId, 'agenda.save', (m) => {
    clearAgenda(ctx, m.id);
    insertAgenda(ctx, m.id, input.items);
    return { items: input.items.length, minutes: input.items.reduce((s, i) => s + i.minutes, 0) };
  });
}

/** Removes a meeting's agenda as tombstones (deleted_at, version + 1), so the removal syncs upward like any change;
 *  opinions filed under an item lose the link. */
function clearAgenda(ctx: ServiceContext, meetingId: string) {
  const sqlite = ctx.store.sqlite;
  const stamp = ctx.hlc.now();
  sqlite
    .prepare('UPDATE opinions SET agenda_item_id = NULL, version = version + 1, updated_at = ? WHERE meeting_id = ? AND agenda_item_id IS NOT NULL')
    .run(stamp, meetingId);
  sqlite
    .prepare('UPDATE agenda_items SET deleted_at = ?, version = version + 1, updated_at = ? WHERE meeting_id = ? AND deleted_at IS NULL')
    .run(ctx.clock(), stamp, meetingId);
}

export function agendaFromTemplate(input: { meetingId: string }, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.meetingId, 'agenda.fromTemplate', (m) => {
    clearAgenda(ctx, m.id);
    insertAgenda(ctx, m.id, agendaTemplate(m.kind));
  });
}

// ---- The draft resolution and comments ------------------------------------------------------------------------------

function insertDraft(ctx: ServiceContext, user: SessionUser, meetingId: string, sections: DraftSection[], source: DraftVersion['source']): number {
  const next = ((ctx.store.sqlite.prepare('SELECT max(version_no) FROM drafts WHERE meeting_id = ?').pluck().get(meetingId) as number | null) ?? 0) + 1;
  ctx.store.sqlite
    .prepare('INSERT INTO drafts (id, meeting_id, version_no, content, source, created_at, created_by, owner_site, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(uuidv7(), meetingId, next, JSON.stringify(sections), source, ctx.clock(), user.id, selfSiteId(ctx), ctx.hlc.now());
  return next;
}

export function saveDraft(input: ParsedInput<'drafts.save'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.meetingId, 'drafts.save', (m) => {
    const sections = input.sections.map((s) => ({ heading: s.heading, paragraphs: s.paragraphs.filter((p) => p.length > 0) }));
    if (sections.every((s) => s.paragraphs.length === 0)) throw new ApiError('INVALID_INPUT', 'Dự thảo chưa có nội dung.');
    return { versionNo: insertDraft(ctx, user, m.id, sections, 'written') };
  });
}

export async function importDraftDocx(input: ParsedInput<'drafts.importDocx'>, ctx: ServiceContext, user: SessionUser): Promise<MeetingDetail> {
  let sections: DraftSection[];
  try {
    sections = await readDraftDocx(new Uint8Array(Buffer.from(input.data, 'base64')));
  } catch (error) {
    if (error instanceof DraftDocxError) throw new ApiError('INVALID_INPUT', error.message);
    throw error;
  }
  return change(ctx, user, input.meetingId, 'drafts.importDocx', (m) => ({
    fileName: input.fileName,
    versionNo: insertDraft(ctx, user, m.id, sections, 'docx'),
  }));
}

export function getDraft(input: ParsedInput<'drafts.get'>, ctx: ServiceContext, user: SessionUser): DraftVersion {
  load(ctx, user, input.meetingId);
  const draft = draftVersion(ctx, input.meetingId, input.versionNo);
  if (!draft) throw new ApiError('NOT_FOUND', 'Buổi sinh hoạt này chưa có dự thảo nghị quyết.');
  return draft;
}

export function shareDraft(input: { meetingId: string }, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.meetingId, 'drafts.share', (m) => {
    if (!draftVersion(ctx, m.id)) throw new ApiError('CONFLICT', 'Hãy soạn dự thảo nghị quyết trước khi gửi cho đảng viên.');
    const now = ctx.clock();
    ctx.store.sqlite.prepare('UPDATE meetings SET draft_shared_at = ? WHERE id = ?').run(now, m.id);
    if (m.status === 'planned') moveTo(ctx, m, 'shared');
    return { sharedAt: now, ...draftLeadTime(now, meetingTime(m.scheduled_at)) };
  });
}

export function fromAcceptedComments(input: { meetingId: string }, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.meetingId, 'drafts.fromAcceptedComments', (m) => {
    const current = draftVersion(ctx, m.id);
    if (!current) throw new ApiError('CONFLICT', 'Chưa có dự thảo để sửa theo góp ý.');
    const accepted = comments(ctx, m.id).filter(
      (c) => c.draftVersion === current.versionNo && (c.decision === 'accepted' || c.decision === 'partly') && c.proposedText,
    );
    if (accepted.length === 0) throw new ApiError('CONFLICT', 'Chưa có góp ý nào được tiếp thu kèm đề nghị sửa trên dự thảo hiện tại.');
    const sections = current.sections.map((s) => ({ heading: s.heading, paragraphs: [...s.paragraphs] }));
    let applied = 0;
    for (const comment of accepted) {
      const target = paragraphOf(current.lines, comment.lineFrom, comment.lineTo);
      if (!target) continue;
      sections[target.section]!.paragraphs[target.paragraph] = comment.proposedText!;
      applied++;
    }
    if (applied === 0) throw new ApiError('CONFLICT', 'Các góp ý được tiếp thu không nằm gọn trong một đoạn nên không tự sửa được; hãy sửa dự thảo bằng tay.');
    return { versionNo: insertDraft(ctx, user, m.id, sections, 'comments'), applied };
  });
}

const ATTACHMENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Files live by SHA-256 in <data>/files/ab/abcdef…, written to a temporary name and renamed, so a crash leaves no half file. */
export function attachmentPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256);
}

export function addAttachment(input: ParsedInput<'attachments.add'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  const mime = ATTACHMENT_TYPES[path.extname(input.fileName).toLowerCase()];
  if (!mime) throw new ApiError('INVALID_INPUT', 'Chỉ đính kèm được tệp PDF, Word (.docx) hoặc ảnh (PNG, JPG).');
  const bytes = Buffer.from(input.data, 'base64');
  if (bytes.length === 0) throw new ApiError('INVALID_INPUT', 'Tệp đính kèm trống.');
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw new ApiError('INVALID_INPUT', 'Tệp đính kèm lớn quá 20 MB.');
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const file = attachmentPath(ctx.dataDir, sha256);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.partial`;
    try {
      fs.writeFileSync(temp, bytes);
      fs.renameSync(temp, file);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      const full = (error as NodeJS.ErrnoException).code === 'ENOSPC';
      throw new ApiError('UNAVAILABLE', full ? 'Ổ đĩa đã đầy, chưa lưu được tệp đính kèm. Hãy giải phóng dung lượng rồi thử lại.' : `Không lưu được tệp đính kèm: ${(error as Error).message}`);
    }
  }
  return change(ctx, user, input.meetingId, 'attachments.add', (m) => {
    ctx.store.sqlite
      .prepare('INSERT INTO attachments (id, meeting_id, name, mime, sha256, size, created_at, owner_site, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(uuidv7(), m.id, path.basename(input.fileName), mime, sha256, bytes.length, ctx.clock(), selfSiteId(ctx), ctx.hlc.now());
    return { name: input.fileName, sha256, size: bytes.length };
  });
}

export function addComment(input: ParsedInput<'comments.add'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.meetingId, 'comments.add', (m) => {
    const draft = draftVersion(ctx, m.id);
    if (!draft) throw new ApiError('CONFLICT', 'Chưa có dự thảo để góp ý.');
    const last = draft.lines.length;
    if (input.lineFrom > input.lineTo || input.lineTo > last) {
      throw new ApiError('INVALID_INPUT', `Dòng góp ý phải nằm trong dự thảo (từ dòng 1 đến dòng ${last}), dòng đầu không sau dòng cuối.`);
    }
    ctx.store.sqlite
      .prepare(
        `INSERT INTO comments (id, meeting_id, draft_version, source, author_name, line_from, line_to, text, proposed_text, created_at, owner_site, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(uuidv7(), m.id, draft.versionNo, input.source, input.authorName, input.lineFrom, input.lineTo, input.text, input.proposedText ?? null, ctx.clock(), selfSiteId(ctx), ctx.hlc.now());
    return input;
  });
}

export function decideComment(input: ParsedInput<'comments.decide'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  const meetingId = ctx.store.sqlite.prepare('SELECT meeting_id FROM comments WHERE id = ? AND deleted_at IS NULL').pluck().get(input.id) as string | undefined;
  if (!meetingId) throw new ApiError('NOT_FOUND', 'Không tìm thấy góp ý này.');
  return change(ctx, user, meetingId, 'comments.decide', () => {
    ctx.store.sqlite
      .prepare('UPDATE comments SET decision = ?, decision_note = ?, version = version + 1, updated_at = ? WHERE id = ?')
      .run(input.decision, input.note ?? null, ctx.hlc.now(), input.id);
    return input;
  });
}

// ---- In the meeting ------------------------------------------------------------------------------------------------

export function markAttendance(input: ParsedInput<'attendance.mark'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.meetingId, 'attendance.mark', (m) => {
    const roll = new Map(rollOf(ctx, m).map((r) => [r.memberId, r]));
    const upsert = ctx.store.sqlite.prepare(
      `INSERT INTO attendance (meeting_id, member_id, status, reason, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
         version = version + 1, updated_at = excluded.updated_at, deleted_at = NULL`,
    );
    const remove = ctx.store.sqlite.prepare(
      'UPDATE attendance SET deleted_at = ?, version = version + 1, updated_at = ? WHERE meeting_id = ? AND member_id = ? AND deleted_at IS NULL',
    );
    for (const mark of input.marks) {
      const entry = roll.get(mark.memberId);
      if (!entry) throw new ApiError('INVALID_INPUT', 'Có người không thuộc danh sách chi bộ của buổi sinh hoạt này.');
      if (mark.presence === null) remove.run(ctx.clock(), ctx.hlc.now(), m.id, mark.memberId);
      else upsert.run(m.id, mark.memberId, mark.presence, mark.presence === 'present' ? null : (mark.reason ?? null), ctx.hlc.now());
    }
    return { marks: input.marks.length };
  });
}

export function addOpinion(input: ParsedInput<'opinions.add'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.meetingId, 'opinions.add', (m) => {
    checkAgendaItem(ctx, m.id, input.agendaItemId);
    const position = ((ctx.store.sqlite.prepare('SELECT max(position) FROM opinions WHERE meeting_id = ?').pluck().get(m.id) as number | null) ?? 0) + 1;
    ctx.store.sqlite
      .prepare(
        'INSERT INTO opinions (id, meeting_id, agenda_item_id, member_id, speaker_name, summary, position, owner_site, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(uuidv7(), m.id, input.agendaItemId ?? null, input.memberId ?? null, input.speakerName, input.summary, position, selfSiteId(ctx), ctx.hlc.now());
    return input;
  });
}

function checkAgendaItem(ctx: ServiceContext, meetingId: string, agendaItemId: string | null | undefined) {
  if (!agendaItemId) return;
  const owner = ctx.store.sqlite.prepare('SELECT meeting_id FROM agenda_items WHERE id = ? AND deleted_at IS NULL').pluck().get(agendaItemId);
  if (owner !== meetingId) throw new ApiError('INVALID_INPUT', 'Nội dung chương trình đã chọn không thuộc buổi sinh hoạt này.');
}

function opinionMeeting(ctx: ServiceContext, id: string): string {
  const meetingId = ctx.store.sqlite.prepare('SELECT meeting_id FROM opinions WHERE id = ? AND deleted_at IS NULL').pluck().get(id) as string | undefined;
  if (!meetingId) throw new ApiError('NOT_FOUND', 'Không tìm thấy ý kiến này.');
  return meetingId;
}

export function updateOpinion(input: ParsedInput<'opinions.update'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, opinionMeeting(ctx, input.id), 'opinions.update', (m) => {
    checkAgendaItem(ctx, m.id, input.agendaItemId);
    ctx.store.sqlite
      .prepare('UPDATE opinions SET agenda_item_id = ?, speaker_name = ?, summary = ?, version = version + 1, updated_at = ? WHERE id = ?')
      .run(input.agendaItemId ?? null, input.speakerName, input.summary, ctx.hlc.now(), input.id);
    return input;
  });
}

export function removeOpinion(input: { id: string }, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, opinionMeeting(ctx, input.id), 'opinions.remove', () => {
    ctx.store.sqlite
      .prepare('UPDATE opinions SET deleted_at = ?, version = version + 1, updated_at = ? WHERE id = ?')
      .run(ctx.clock(), ctx.hlc.now(), input.id);
    return input;
  });
}

export function recordVote(input: ParsedInput<'vote.record'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.meetingId, 'vote.record', (m) => {
    const { eligiblePresent } = voteDenominator(rollOf(ctx, m));
    const problems = voteCountProblems(input, eligiblePresent);
    if (problems.length > 0) throw new ApiError('INVALID_INPUT', problems.join(' '));
    ctx.store.sqlite.prepare('UPDATE meetings SET vote_for = ?, vote_against = ?, vote_abstain = ? WHERE id = ?').run(input.for, input.against, input.abstain, m.id);
    return input;
  });
}

// ---- Minutes -------------------------------------------------------------------------------------------------------

export function saveMinutes(input: ParsedInput<'minutes.save'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.meetingId, 'minutes.save', (m) => {
    ctx.store.sqlite.prepare('UPDATE meetings SET minutes_text = ? WHERE id = ?').run(input.text, m.id);
    return { length: input.text.length };
  });
}

export function minutesHash(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

export function adoptMinutes(input: ParsedInput<'minutes.adopt'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(ctx, user, input.meetingId, 'minutes.adopt', (m) => {
    if (m.status !== 'held') {
      throw new ApiError('CONFLICT', m.status === 'planned' || m.status === 'shared' ? 'Hãy ghi nhận buổi sinh hoạt đã họp trước khi thông qua biên bản.' : 'Biên bản đã được thông qua.');
    }
    if (!m.minutes_text?.trim()) throw new ApiError('CONFLICT', 'Chưa có nội dung biên bản để thông qua.');
    const sqlite = ctx.store.sqlite;
    const term = m.term_label ?? latestTerm(ctx, m.branch_id, m.scheduled_at.slice(0, 10));
    let number: number | null = null;
    if (m.vote_for !== null) {
      const { denominator } = voteDenominator(rollOf(ctx, m));
      if (voteOutcome({ for: m.vote_for, against: m.vote_against ?? 0, abstain: m.vote_abstain ?? 0 }, denominator).passed) {
        const used = sqlite
          .prepare('SELECT resolution_number FROM meetings WHERE branch_id = ? AND term_label = ? AND resolution_number IS NOT NULL')
          .pluck()
          .all(m.branch_id, term) as number[];
        number = nextDocumentNumber(used);
      }
    }
    // The minutes end by saying they were read back and adopted (DOMAIN.md, The minutes); said once, with the share.
    const readBack = `Biên bản đã được đọc lại trước chi bộ và được ${percent(input.approval)}% đảng viên có mặt nhất trí thông qua.`;
    const text = /đã được đọc lại trước chi bộ/.test(m.minutes_text) ? m.minutes_text : `${m.minutes_text.trimEnd()}\n${readBack}`;
    const hash = minutesHash(text);
    sqlite
      .prepare(
        `UPDATE meetings SET minutes_text = ?, minutes_hash = ?, minutes_approval = ?, adopted_at = ?, term_label = ?, resolution_number = ?, status = 'adopted' WHERE id = ?`,
      )
      .run(text, hash, input.approval, ctx.clock(), term, number, m.id);
    return { hash, resolutionNumber: number === null ? null : formatDocumentNumber(number), term };
  });
}

/** The committee term a meeting falls in: the one recorded with the branch's officers, or the five-year default. */
function latestTerm(ctx: ServiceContext, branchId: string, date: string): string {
  const recorded = ctx.store.sqlite
    .prepare('SELECT term_label FROM branch_officers WHERE branch_id = ? AND term_start <= ? AND deleted_at IS NULL ORDER BY term_start DESC LIMIT 1')
    .pluck()
    .get(branchId, date) as string | undefined;
  return recorded ?? defaultTerm(date);
}

export function addAddendum(input: ParsedInput<'minutes.addendum'>, ctx: ServiceContext, user: SessionUser): MeetingDetail {
  return change(
    ctx,
    user,
    input.meetingId,
    'minutes.addendum',
    (m) => {
      if (!isLocked(m.status)) throw new ApiError('CONFLICT', 'Biên bản chưa thông qua: hãy sửa trực tiếp nội dung biên bản.');
      ctx.store.sqlite
        .prepare('INSERT INTO minutes_addenda (id, meeting_id, text, created_at, created_by, owner_site, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(uuidv7(), m.id, input.text, ctx.clock(), user.id, selfSiteId(ctx), ctx.hlc.now());
      return input;
    },
    { allowLocked: true },
  );
}

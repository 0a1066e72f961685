// A branch's meeting as the console shows it (issue 7): agenda, every draft version with the line numbers everyone uses
// (core/rules/draftLines.ts numberLines), comments, the superior's feedback with when the ward fetched it, attendance,
// opinions, the vote, the minutes and the branch's other meetings. The meeting's children are found through
// console_links (projections.ts), its attendance by its keys' prefix: a few indexed queries, whatever the city's size.
import type { ConsoleComment, ConsoleDraftVersion, ConsoleFeedback, ConsoleMeeting } from '../../core/consoleApi';
import { numberLines, type DraftSection } from '../../core/rules/draftLines';
import type { ServerKysely } from '../db';
import { inScope, notFound, type Scope } from './errors';

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const NOT_FOUND = 'Không tìm thấy cuộc họp này, hoặc cuộc họp thuộc đơn vị ngoài phạm vi của tài khoản.';

function sections(content: unknown): DraftSection[] {
  try {
    const parsed = JSON.parse(String(content)) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.map((s: { heading?: unknown; paragraphs?: unknown }) => ({
      heading: typeof s.heading === 'string' ? s.heading : '',
      paragraphs: Array.isArray(s.paragraphs) ? s.paragraphs.filter((p): p is string => typeof p === 'string') : [],
    }));
  } catch {
    return [];
  }
}

export async function consoleMeeting(db: ServerKysely, scope: Scope, meetingId: string): Promise<Omit<ConsoleMeeting, 'canReview'>> {
  const found = await db
    .selectFrom('console_meetings as m')
    .innerJoin('sites as s', 's.site_id', 'm.site_id')
    .innerJoin('records as r', (j) => j.on('r.table_name', '=', 'meetings').onRef('r.record_key', '=', 'm.meeting_id'))
    .leftJoin('console_branches as b', 'b.branch_id', 'm.branch_id')
    .select(['m.meeting_id', 'm.site_id', 'm.branch_id', 'm.lead_hours', 'm.late', 's.slot_id', 's.name as site_name', 's.organisation_name', 'b.name as branch_name', 'r.data'])
    .where('m.meeting_id', '=', meetingId)
    .executeTakeFirst();
  if (!found || !inScope(scope, found.slot_id)) throw notFound(NOT_FOUND);
  const m = JSON.parse(found.data) as Data;

  const [children, attendance, history, receipts] = await Promise.all([
    db
      .selectFrom('console_links as l')
      .innerJoin('records as r', (j) => j.onRef('r.table_name', '=', 'l.table_name').onRef('r.record_key', '=', 'l.record_key'))
      .select(['l.table_name', 'r.data'])
      .where('l.meeting_id', '=', meetingId)
      .where('r.deleted_at', 'is', null)
      .execute(),
    db
      .selectFrom('records')
      .select(['record_key', 'data'])
      .where('table_name', '=', 'attendance')
      .where('record_key', '>=', `${meetingId}:`)
      .where('record_key', '<', `${meetingId};`)
      .where('deleted_at', 'is', null)
      .execute(),
    db
      .selectFrom('console_meetings')
      .select(['meeting_id', 'scheduled_at', 'kind', 'status'])
      .where('branch_id', '=', found.branch_id)
      .where('meeting_id', '!=', meetingId)
      .orderBy('scheduled_at', 'desc')
      .execute(),
    db
      .selectFrom('console_receipts as c')
      .innerJoin('console_links as l', (j) => j.on('l.table_name', '=', 'feedback').onRef('l.record_key', '=', 'c.record_key'))
      .select(['c.record_key', 'c.received_at'])
      .where('c.table_name', '=', 'feedback')
      .where('c.slot_id', '=', found.slot_id)
      .where('l.meeting_id', '=', meetingId)
      .execute(),
  ]);
  const of = (table: string) => children.filter((c) => c.table_name === table).map((c) => JSON.parse(c.data) as Data);

  const memberIds = attendance.map((a) => a.record_key.slice(a.record_key.indexOf(':') + 1));
  const members = new Map<string, Data>();
  if (memberIds.length > 0) {
    const rows = await db.selectFrom('records').select(['record_key', 'data']).where('table_name', '=', 'members').where('record_key', 'in', memberIds).execute();
    for (const r of rows) members.set(r.record_key, JSON.parse(r.data) as Data);
  }
  let present = 0;
  let summoned = 0;
  const roll = attendance
    .map((a) => {
      const data = JSON.parse(a.data) as Data;
      const member = members.get(a.record_key.slice(a.record_key.indexOf(':') + 1));
      const standing = str(member?.standing) ?? 'active';
      const presence = (str(data.status) ?? 'absent_unexcused') as ConsoleMeeting['attendance']['rows'][number]['presence'];
      // As the projection counts it (projections.ts recomputeMeetings): exempt and away members are not summoned.
      if (standing !== 'exempt' && standing !== 'away') {
        summoned++;
        if (presence === 'present') present++;
      }
      return { name: str(member?.full_name) ?? 'Đảng viên chưa rõ tên', sortKey: str(member?.sort_key) ?? '', presence, reason: str(data.reason) };
    })
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
    .map(({ name, presence, reason }) => ({ name, presence, reason }));

  const drafts: ConsoleDraftVersion[] = of('drafts')
    .sort((a, b) => (int(a.version_no) ?? 0) - (int(b.version_no) ?? 0))
    .map((d) => ({
      versionNo: int(d.version_no) ?? 0,
      source: (str(d.source) ?? 'written') as ConsoleDraftVersion['source'],
      createdAt: int(d.created_at) ?? 0,
      lines: numberLines(sections(d.content)).map((l) => ({ number: l.number, text: l.text, heading: l.paragraph === -1 })),
    }));
  const comments: ConsoleComment[] = of('comments')
    .sort((a, b) => (int(a.line_from) ?? 0) - (int(b.line_from) ?? 0) || (int(a.created_at) ?? 0) - (int(b.created_at) ?? 0))
    .map((c) => ({
      id: str(c.id) ?? '',
      draftVersion: int(c.draft_version) ?? 0,
      source: (str(c.source) ?? 'member') as ConsoleComment['source'],
      authorName: str(c.author_name) ?? '',
      lineFrom: int(c.line_from) ?? 0,
      lineTo: int(c.line_to) ?? 0,
      text: str(c.text) ?? '',
      proposedText: str(c.proposed_text),
      decision: (str(c.decision) ?? 'pending') as ConsoleComment['decision'],
    }));
  const received = new Map(receipts.map((r) => [r.record_key, r.received_at]));
  const feedback: ConsoleFeedback[] = of('feedback')
    .sort((a, b) => (int(a.created_at) ?? 0) - (int(b.created_at) ?? 0))
    .map((f) => ({
      id: str(f.id) ?? '',
      draftVersion: int(f.draft_version) ?? 0,
      lineFrom: int(f.line_from) ?? 0,
      lineTo: int(f.line_to) ?? 0,
      authorName: str(f.author_name) ?? '',
      text: str(f.text) ?? '',
      createdAt: int(f.created_at) ?? 0,
      receivedAt: received.get(str(f.id) ?? '') ?? null,
    }));
  const voteFor = int(m.vote_for);

  return {
    id: meetingId,
    slotId: found.slot_id,
    wardName: found.organisation_name ?? found.site_name,
    branchId: found.branch_id,
    branchName: found.branch_name ?? '',
    kind: (str(m.kind) ?? 'regular') as ConsoleMeeting['kind'],
    scheduledAt: str(m.scheduled_at) ?? '',
    place: str(m.place),
    topic: str(m.topic),
    status: (str(m.status) ?? 'planned') as ConsoleMeeting['status'],
    draftSharedAt: int(m.draft_shared_at),
    draftLeadHours: found.lead_hours,
    draftLate: found.late === 1,
    agenda: of('agenda_items')
      .sort((a, b) => (int(a.position) ?? 0) - (int(b.position) ?? 0))
      .map((a) => ({ position: int(a.position) ?? 0, title: str(a.title) ?? '', minutes: int(a.minutes) ?? 0, presenter: str(a.presenter) ?? '' })),
    drafts,
    comments,
    feedback,
    attendance: { summoned, present, rate: summoned > 0 ? present / summoned : null, rows: roll },
    opinions: of('opinions')
      .sort((a, b) => (int(a.position) ?? 0) - (int(b.position) ?? 0))
      .map((o) => ({ speakerName: str(o.speaker_name) ?? '', summary: str(o.summary) ?? '' })),
    vote: voteFor === null ? null : { for: voteFor, against: int(m.vote_against) ?? 0, abstain: int(m.vote_abstain) ?? 0 },
    conclusion: str(m.conclusion),
    minutesText: str(m.minutes_text),
    adoptedAt: int(m.adopted_at),
    addenda: of('minutes_addenda')
      .map((a) => ({ text: str(a.text) ?? '', createdAt: int(a.created_at) ?? 0 }))
      .sort((a, b) => a.createdAt - b.createdAt),
    history: history.map((h) => ({
      id: h.meeting_id,
      scheduledAt: h.scheduled_at,
      kind: h.kind as ConsoleMeeting['kind'],
      status: h.status as ConsoleMeeting['status'],
    })),
  };
}

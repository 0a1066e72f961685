// Biên bản and nghị quyết as documents: the minutes' text generated from the meeting's data (then edited and adopted),
// and the Word and PDF files in the official layout. The files come from the one document model (core/export), laid
// out as .docx or as the print view that Chromium prints.
import { ApiError, type MeetingDetail, type ParsedInput, type SessionUser } from '../api';
import type { ServiceContext } from '../context';
import { toDocx } from '../export/docx';
import { toHtml } from '../export/html';
import { minutesDocument, resolutionDocument, type BodyBlock, type PartyDocument } from '../export/partyDocument';
import type { MinutesData, ResolutionData } from '../export/types';
import { localDate } from '../dates';
import { documentLayout } from './meetingReports';
import { detail } from './meetings';
import { currentWardId } from './setup';

const OFFICER_ROLE = { secretary: 'Bí thư chi bộ', deputy_secretary: 'Phó Bí thư chi bộ', committee_member: 'Chi ủy viên' } as const;

/** "Đảng bộ phường Hồng Hà" → "Hồng Hà": the place in the date line. */
function placeName(wardName: string): string {
  return wardName.replace(/^đảng\s+bộ\s+(phường|xã|thị trấn|đặc khu)\s+/iu, '').trim();
}

function wardName(ctx: ServiceContext): string {
  return ctx.store.sqlite.prepare('SELECT name FROM organisations WHERE id = ?').pluck().get(currentWardId(ctx)) as string;
}

function memberName(ctx: ServiceContext, id: string | null): string | null {
  return id ? (ctx.store.sqlite.prepare('SELECT full_name FROM members WHERE id = ?').pluck().get(id) as string | undefined) ?? null : null;
}

function chairRole(ctx: ServiceContext, m: MeetingDetail): string {
  const role = ctx.store.sqlite
    .prepare('SELECT role FROM branch_officers WHERE branch_id = ? AND member_id = ? AND term_end IS NULL AND deleted_at IS NULL')
    .pluck()
    .get(m.branchId, m.chairId) as keyof typeof OFFICER_ROLE | undefined;
  return role ? OFFICER_ROLE[role] : 'Chủ trì buổi sinh hoạt';
}

export function minutesData(ctx: ServiceContext, m: MeetingDetail): MinutesData {
  const ward = wardName(ctx);
  const chair = memberName(ctx, m.chairId);
  const secretary = memberName(ctx, m.secretaryId);
  if (!chair || !secretary) {
    throw new ApiError('CONFLICT', 'Hãy ghi người chủ trì và thư ký của buổi sinh hoạt trước khi lập biên bản.');
  }
  return {
    wardName: ward,
    branchName: m.branchName,
    placeName: placeName(ward),
    kind: m.kind,
    topic: m.topic,
    startedAt: m.scheduledAt,
    endedAt: m.endedAt,
    place: m.place ?? '',
    chair: { name: chair, role: chairRole(ctx, m) },
    secretary: { name: secretary },
    guests: m.guests,
    totals: m.totals,
    agenda: m.agenda.map((a) => ({ title: a.title, presenter: a.presenter, summary: a.summary })),
    draftSharedOn: m.draftSharedAt ? localDate(m.draftSharedAt) : null,
    opinions: m.opinions.map((o) => ({ speaker: o.speakerName, agendaItem: o.agendaItemTitle, summary: o.summary })),
    conclusion: m.conclusion,
    vote: m.vote
      ? { denominator: m.denominator, count: { for: m.vote.for, against: m.vote.against, abstain: m.vote.abstain }, passed: m.vote.passed }
      : null,
    minutesApproval: null,
  };
}

/** The minutes' body as editable text: one line per paragraph, section headings on their own lines. */
export function bodyToText(body: readonly BodyBlock[]): string {
  return body.map((b) => (b.kind === 'heading' ? b.text : b.runs.map((r) => r.text).join(''))).join('\n');
}

/** Back from the edited text: a line like "II. NỘI DUNG" is a heading, every other non-empty line a paragraph. */
export function textToBody(text: string): BodyBlock[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => (/^[IVX]+\.\s+\p{Lu}/u.test(line) && line === line.toUpperCase() ? { kind: 'heading', text: line } : { kind: 'paragraph', runs: [{ text: line }] }));
}

export function generateText(ctx: ServiceContext, m: MeetingDetail): string {
  return bodyToText(minutesDocument(minutesData(ctx, m)).body);
}

function resolutionData(ctx: ServiceContext, m: MeetingDetail): ResolutionData {
  if (!m.resolutionNumber || !m.draft) {
    throw new ApiError('CONFLICT', 'Nghị quyết xuất được khi chi bộ đã biểu quyết thông qua và biên bản buổi sinh hoạt đã được thông qua.');
  }
  const ward = wardName(ctx);
  const [year, month] = m.scheduledAt.slice(0, 7).split('-');
  const secretary = ctx.store.sqlite
    .prepare(
      `SELECT mb.full_name FROM branch_officers b JOIN members mb ON mb.id = b.member_id
        WHERE b.branch_id = ? AND b.role = 'secretary' AND b.term_end IS NULL AND b.deleted_at IS NULL`,
    )
    .pluck()
    .get(m.branchId) as string | undefined;
  return {
    wardName: ward,
    branchName: m.branchName,
    placeName: placeName(ward),
    number: m.resolutionNumber,
    date: m.scheduledAt.slice(0, 10),
    subject: m.kind === 'thematic' && m.topic ? `về ${m.topic}` : `về lãnh đạo thực hiện nhiệm vụ tháng ${month} năm ${year}`,
    sections: m.draft.sections,
    secretaryName: secretary ?? memberName(ctx, m.chairId) ?? '',
  };
}

function documentOf(ctx: ServiceContext, m: MeetingDetail, resolution: boolean): PartyDocument {
  if (resolution) return resolutionDocument(resolutionData(ctx, m));
  const doc = minutesDocument(minutesData(ctx, m));
  if (!m.minutesText) return doc;
  const body = textToBody(m.minutesText);
  for (const addendum of m.addenda) {
    body.push({ kind: 'heading', text: `ĐÍNH CHÍNH NGÀY ${localDate(addendum.createdAt).split('-').reverse().join('/')}` });
    for (const line of addendum.text.split(/\r?\n/).filter((l) => l.trim())) body.push({ kind: 'paragraph', runs: [{ text: line.trim() }] });
  }
  return { ...doc, body };
}

function fileName(m: MeetingDetail, resolution: boolean, ext: string): string {
  const slug = m.branchName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${resolution ? 'nghi-quyet' : 'bien-ban'}-${slug}-${m.scheduledAt.slice(0, 10)}.${ext}`;
}

export function printView(input: ParsedInput<'minutes.printView'>, ctx: ServiceContext, user: SessionUser): { html: string } {
  const m = detail(ctx, user, input.meetingId);
  return { html: toHtml(documentOf(ctx, m, input.resolution), documentLayout(ctx)) };
}

export async function exportDocx(input: ParsedInput<'minutes.exportDocx'>, ctx: ServiceContext, user: SessionUser) {
  const m = detail(ctx, user, input.meetingId);
  const bytes = await toDocx(documentOf(ctx, m, input.resolution), documentLayout(ctx));
  return { fileName: fileName(m, input.resolution, 'docx'), data: Buffer.from(bytes).toString('base64') };
}

export async function exportPdf(input: ParsedInput<'minutes.exportPdf'>, ctx: ServiceContext, user: SessionUser) {
  const m = detail(ctx, user, input.meetingId);
  const html = toHtml(documentOf(ctx, m, input.resolution), documentLayout(ctx));
  let bytes: Uint8Array;
  try {
    bytes = await ctx.printPdf(html);
  } catch (error) {
    throw new ApiError('UNAVAILABLE', (error as Error).message);
  }
  return { fileName: fileName(m, input.resolution, 'pdf'), data: Buffer.from(bytes).toString('base64') };
}

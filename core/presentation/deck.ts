// The slides of a meeting, made from its records with no extra work: a title, the agenda, each agenda item followed by
// what it is about (the roll call's totals, the draft resolution page by page and the comments on it, the documents,
// the vote), in the agenda's order. Pure and deterministic, so the console and the projector show the same deck.
import { foldDiacritics } from '../../db/names';
import type { Deck, MeetingDetail, Slide, SlideLine } from '../api';

/** Draft lines per projector page. Fixed, so "dòng 42" is on page 3 on every screen, at 1920×1080 as at 1024×768. */
export const LINES_PER_PAGE = 13;
/** Lines of a comment's range shown beside it; a longer range says how many more. */
export const COMMENT_LINES = 9;

const IMAGE = /^image\/(png|jpeg|gif|webp)$/;

export interface DeckInput {
  meeting: MeetingDetail;
  wardName: string;
  /** Pages of each PDF attachment by SHA-256; a PDF not listed is shown as one page. */
  pdfPages: ReadonlyMap<string, number>;
}

type Content = 'attendance' | 'draft' | 'documents' | 'vote';

/** Which content an agenda item introduces, read from its title (folded, so "Diem danh" matches too). */
export function contentOf(title: string): Content | null {
  const t = foldDiacritics(title);
  if (t.includes('bieu quyet')) return 'vote';
  if (t.includes('diem danh') || t.includes('so dang vien co mat')) return 'attendance';
  if (t.includes('du thao') || (t.includes('nghi quyet') && t.includes('gop y'))) return 'draft';
  if (t.includes('van ban') || t.includes('tai lieu') || t.includes('trinh bay chuyen de')) return 'documents';
  return null;
}

export function meetingTitle(m: Pick<MeetingDetail, 'kind' | 'topic' | 'scheduledAt'>): string {
  const month = `${m.scheduledAt.slice(5, 7)}/${m.scheduledAt.slice(0, 4)}`;
  const topic = m.topic?.trim() ? m.topic.trim().replace(/^["“]|["”]$/gu, '') : null;
  if (m.kind === 'regular') return `Sinh hoạt chi bộ thường kỳ tháng ${month}`;
  if (m.kind === 'thematic') return topic ? `Sinh hoạt chuyên đề: ${topic}` : `Sinh hoạt chuyên đề tháng ${month}`;
  return `Sinh hoạt thường kỳ tháng ${month} kết hợp chuyên đề${topic ? `: ${topic}` : ''}`;
}

function draftLines(meeting: MeetingDetail): SlideLine[] {
  return (meeting.draft?.lines ?? []).map((l) => ({ number: l.number, text: l.text, heading: l.paragraph < 0 }));
}

function commentsFor(meeting: MeetingDetail) {
  const version = meeting.draft?.versionNo;
  return meeting.comments.filter((c) => c.draftVersion === version).sort((a, b) => a.lineFrom - b.lineFrom || a.createdAt - b.createdAt);
}

const DECISION = { pending: 'chưa xem xét', accepted: 'tiếp thu', partly: 'tiếp thu một phần', rejected: 'không tiếp thu' } as const;

function contentSlides(kind: Content, input: DeckInput, agendaIndex: number | null): Slide[] {
  const m = input.meeting;
  switch (kind) {
    case 'attendance': {
      const t = m.totals;
      const recorded = m.roll.some((r) => r.presence !== null);
      const notes = [
        recorded ? `Có mặt ${t.present}/${t.summoned} đồng chí phải có mặt (${Math.round(t.rate * 100)}%).` : 'Chưa điểm danh: ghi ở thẻ Điểm danh bên dưới.',
        ...(t.absentExcused.length > 0 ? [`Vắng có lý do: ${t.absentExcused.map((a) => (a.reason ? `${a.name} (${a.reason})` : a.name)).join(', ')}.`] : []),
        ...(t.absentUnexcused.length > 0 ? [`Vắng không lý do: ${t.absentUnexcused.join(', ')}.`] : []),
      ];
      return [
        {
          key: 'attendance',
          label: 'Kết quả điểm danh',
          agendaIndex,
          notes,
          kind: 'attendance',
          summoned: t.summoned,
          present: t.present,
          presentOfficial: t.presentOfficial,
          presentProbationary: t.presentProbationary,
          exemptPresent: t.exemptPresent,
          absentExcused: t.absentExcused.length,
          absentUnexcused: t.absentUnexcused.length,
          rate: t.rate,
          guests: m.guests.length,
          recorded,
        },
      ];
    }
    case 'draft': {
      const lines = draftLines(m);
      if (!m.draft || lines.length === 0) return [];
      const pages = Math.ceil(lines.length / LINES_PER_PAGE);
      const comments = commentsFor(m);
      const slides: Slide[] = [];
      for (let page = 1; page <= pages; page++) {
        const onPage = lines.slice((page - 1) * LINES_PER_PAGE, page * LINES_PER_PAGE);
        const first = onPage[0]!.number;
        const last = onPage[onPage.length - 1]!.number;
        const here = comments.filter((c) => c.lineFrom <= last && c.lineTo >= first);
        slides.push({
          key: `draft-${m.draft.versionNo}-${page}`,
          label: `Dự thảo nghị quyết, trang ${page}/${pages} (dòng ${first}–${last})`,
          agendaIndex,
          notes: here.map((c) => `Góp ý của ${c.authorName}, dòng ${c.lineFrom}–${c.lineTo}: ${c.text}`),
          kind: 'draft',
          versionNo: m.draft.versionNo,
          page,
          pages,
          lines: onPage,
          totalLines: lines.length,
        });
      }
      comments.forEach((c, i) => {
        const range = lines.filter((l) => l.number >= c.lineFrom && l.number <= c.lineTo);
        slides.push({
          key: `comment-${c.id}`,
          label: `Góp ý ${i + 1}/${comments.length}: ${c.authorName}, dòng ${c.lineFrom}–${c.lineTo}`,
          agendaIndex,
          notes: [`Hướng xử lý: ${DECISION[c.decision]}${c.decisionNote ? `. ${c.decisionNote}` : ''}.`],
          kind: 'comment',
          number: i + 1,
          count: comments.length,
          comment: { authorName: c.authorName, source: c.source, lineFrom: c.lineFrom, lineTo: c.lineTo, text: c.text, proposedText: c.proposedText },
          lines: range.slice(0, COMMENT_LINES),
          moreLines: Math.max(0, range.length - COMMENT_LINES),
        });
      });
      return slides;
    }
    case 'documents': {
      const slides: Slide[] = [];
      for (const a of m.attachments) {
        if (a.mime === 'application/pdf') {
          const pages = Math.max(1, input.pdfPages.get(a.sha256) ?? 1);
          for (let page = 1; page <= pages; page++) {
            slides.push({
              key: `doc-${a.id}-${page}`,
              label: pages > 1 ? `${a.name}, trang ${page}/${pages}` : a.name,
              agendaIndex,
              notes: [],
              kind: 'document',
              attachmentId: a.id,
              name: a.name,
              mime: a.mime,
              page,
              pages,
            });
          }
        } else if (IMAGE.test(a.mime)) {
          slides.push({ key: `doc-${a.id}-1`, label: a.name, agendaIndex, notes: [], kind: 'document', attachmentId: a.id, name: a.name, mime: a.mime, page: 1, pages: 1 });
        }
      }
      return slides;
    }
    case 'vote': {
      const d = m.denominator;
      return [
        {
          key: 'vote',
          label: 'Kết quả biểu quyết',
          agendaIndex,
          notes: [
            `Mẫu số ${d.denominator} = ${d.officialTotal} đảng viên chính thức − ${d.away} sinh hoạt tạm thời nơi khác − ${d.exemptAbsent} miễn sinh hoạt vắng mặt − ${d.absentExcused} vắng có lý do.`,
            m.vote ? 'Đã ghi kết quả.' : 'Chưa ghi kết quả: ghi ở thẻ Biểu quyết bên dưới.',
          ],
          kind: 'vote',
          vote: m.vote,
          denominator: d,
        },
      ];
    }
  }
}

export function buildDeck(input: DeckInput): Deck {
  const m = input.meeting;
  const slides: Slide[] = [];
  const place = m.place?.trim() ? m.place.trim() : null;
  slides.push({
    key: 'title',
    label: 'Trang đầu',
    agendaIndex: null,
    notes: [`${m.branchName}. ${m.guests.length > 0 ? `Đại biểu: ${m.guests.map((g) => (g.role ? `${g.name} (${g.role})` : g.name)).join(', ')}.` : 'Không có đại biểu.'}`],
    kind: 'title',
    wardName: input.wardName,
    branchName: m.branchName,
    meetingTitle: meetingTitle(m),
    scheduledAt: m.scheduledAt,
    place,
  });
  const items = m.agenda.map((a) => ({ title: a.title, minutes: a.minutes, presenter: a.presenter }));
  if (items.length > 0) {
    slides.push({
      key: 'agenda',
      label: 'Chương trình sinh hoạt',
      agendaIndex: null,
      notes: [`${items.length} nội dung, ${m.agendaMinutes} phút.`],
      kind: 'agenda',
      items,
      current: null,
    });
  }
  const used = new Set<Content>();
  m.agenda.forEach((a, i) => {
    slides.push({
      key: `item-${a.id}`,
      label: `${i + 1}. ${a.title}`,
      agendaIndex: i,
      notes: [a.presenter ? `Trình bày: ${a.presenter}. ${a.minutes} phút.` : `${a.minutes} phút.`, ...(a.summary ? [a.summary] : [])],
      kind: 'item',
      number: i + 1,
      count: m.agenda.length,
      title: a.title,
      presenter: a.presenter,
      minutes: a.minutes,
      items: m.agenda.map((x) => x.title),
    });
    const content = contentOf(a.title);
    if (content && !used.has(content)) {
      used.add(content);
      slides.push(...contentSlides(content, input, i));
    }
  });
  // What no agenda item introduced still has its place, at the end, in the order of a meeting.
  for (const content of ['attendance', 'draft', 'documents', 'vote'] as const) {
    if (!used.has(content)) slides.push(...contentSlides(content, input, null));
  }
  return {
    meetingId: m.id,
    branchId: m.branchId,
    slides,
    agendaMinutes: m.agenda.map((a) => a.minutes),
    linesPerPage: LINES_PER_PAGE,
  };
}

/** The projector's copy: the same slides without the speaker notes. */
export function projectorDeck(deck: Deck): Deck {
  return { ...deck, slides: deck.slides.map((s) => ({ ...s, notes: [] })) };
}

/** The slide that shows a draft line: its page, so "jump to line 42" lands on the page the room will read it on. */
export function slideOfLine(deck: Deck, line: number): number | null {
  const index = deck.slides.findIndex((s) => s.kind === 'draft' && s.lines.some((l) => l.number === line));
  return index >= 0 ? index : null;
}

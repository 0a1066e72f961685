// The slides a meeting makes by itself, from its records.
import { describe, expect, it } from 'vitest';
import type { MeetingDetail } from '../api';
import { numberLines } from '../rules/draftLines';
import { buildDeck, contentOf, LINES_PER_PAGE, meetingTitle, projectorDeck, slideOfLine } from './deck';

const long =
  'Tiếp tục đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với việc thực hiện Nghị quyết Trung ương 4 khóa XII và khóa XIII về xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh; nâng cao chất lượng sinh hoạt chi bộ, phát huy vai trò tiên phong, gương mẫu của cán bộ, đảng viên ở khu dân cư.';
const sections = [
  { heading: 'I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 11', paragraphs: [long, long, long] },
  { heading: 'II. NHIỆM VỤ THÁNG 12', paragraphs: [long, long, long, long] },
];
const lines = numberLines(sections);

function meeting(over: Partial<MeetingDetail> = {}): MeetingDetail {
  return {
    id: 'm1',
    branchId: 'b1',
    branchName: 'Chi bộ Tổ dân phố số 3',
    kind: 'regular',
    scheduledAt: '2026-11-28T19:30',
    place: 'Nhà văn hóa tổ dân phố số 3',
    status: 'shared',
    version: 1,
    topic: null,
    chairId: null,
    secretaryId: null,
    guests: [{ name: 'Đỗ Minh Châu', role: 'Đảng ủy viên' }],
    endedAt: null,
    conclusion: null,
    locked: false,
    agenda: [
      { id: 'a1', title: 'Khai mạc, giới thiệu đại biểu', minutes: 5, presenter: 'Chủ trì', summary: null },
      { id: 'a2', title: 'Điểm danh, báo cáo số đảng viên có mặt', minutes: 5, presenter: 'Thư ký', summary: null },
      { id: 'a3', title: 'Phổ biến văn bản của cấp trên', minutes: 10, presenter: 'Bí thư chi bộ', summary: 'Chỉ thị 35' },
      { id: 'a4', title: 'Thảo luận, góp ý dự thảo nghị quyết', minutes: 25, presenter: 'Đảng viên', summary: null },
      { id: 'a5', title: 'Biểu quyết thông qua nghị quyết', minutes: 3, presenter: 'Chủ trì', summary: null },
      { id: 'a6', title: 'Bế mạc', minutes: 2, presenter: 'Chủ trì', summary: null },
    ],
    agendaMinutes: 50,
    agendaWarning: null,
    draft: { versionNo: 2, sections, lines, createdAt: 0, createdBy: null, source: 'written' },
    draftVersions: [1, 2],
    draftSharedAt: null,
    leadHours: null,
    sharedLate: false,
    attachments: [
      { id: 'f1', name: 'Chỉ thị 35.pdf', mime: 'application/pdf', size: 1000, sha256: 'aa' },
      { id: 'f2', name: 'Sơ đồ.png', mime: 'image/png', size: 1000, sha256: 'bb' },
      { id: 'f3', name: 'Ghi chú.docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 1000, sha256: 'cc' },
    ],
    comments: [
      { id: 'c2', draftVersion: 2, source: 'superior', authorName: 'Ban Tổ chức Thành ủy', lineFrom: 20, lineTo: 22, text: 'Cần nêu chỉ tiêu cụ thể.', proposedText: null, decision: 'pending', decisionNote: null, createdAt: 2 },
      { id: 'c1', draftVersion: 2, source: 'member', authorName: 'Nguyễn Văn An', lineFrom: 3, lineTo: 4, text: 'Bổ sung vệ sinh môi trường.', proposedText: 'vệ sinh môi trường, trật tự đô thị', decision: 'accepted', decisionNote: null, createdAt: 1 },
      { id: 'c0', draftVersion: 1, source: 'member', authorName: 'Lê Thị Bình', lineFrom: 1, lineTo: 1, text: 'Góp ý cho bản cũ.', proposedText: null, decision: 'accepted', decisionNote: null, createdAt: 0 },
    ],
    roll: [],
    totals: { total: 30, official: 26, probationary: 4, exempt: 2, away: 1, summoned: 27, present: 25, presentOfficial: 22, presentProbationary: 3, exemptPresent: 1, absent: 2, absentExcused: [{ name: 'Trần Văn Cường', reason: 'ốm' }], absentUnexcused: ['Phạm Thị Dung'], rate: 25 / 27 },
    denominator: { denominator: 24, officialTotal: 26, away: 1, exemptAbsent: 0, absentExcused: 1, eligiblePresent: 22 },
    opinions: [],
    vote: null,
    minutesText: null,
    minutesHash: null,
    adoptedAt: null,
    resolutionNumber: null,
    addenda: [],
    ...over,
  };
}

const pdfPages = new Map([['aa', 3]]);

describe('the deck of a meeting', () => {
  const deck = buildDeck({ meeting: meeting(), wardName: 'Đảng bộ phường Hồng Hà', pdfPages });
  const kinds = deck.slides.map((s) => s.kind);

  it('opens with the title and the agenda, then each item followed by what it introduces, in the agenda order', () => {
    const title = deck.slides[0]!;
    expect(title).toMatchObject({ kind: 'title', branchName: 'Chi bộ Tổ dân phố số 3', meetingTitle: 'Sinh hoạt chi bộ thường kỳ tháng 11/2026' });
    expect(kinds.slice(0, 5)).toEqual(['title', 'agenda', 'item', 'item', 'attendance']);
    const at = (key: string) => deck.slides.findIndex((s) => s.key === key);
    expect(at('item-a3')).toBeLessThan(at('doc-f1-1'));
    expect(at('doc-f2-1')).toBeLessThan(at('item-a4'));
    expect(at('item-a4')).toBeLessThan(at('draft-2-1'));
    expect(at('item-a5') + 1).toBe(at('vote'));
    expect(deck.slides[deck.slides.length - 1]).toMatchObject({ kind: 'item', title: 'Bế mạc' });
  });

  it('gives each page of a PDF its own slide and skips what cannot be projected (a Word file)', () => {
    const docs = deck.slides.filter((s) => s.kind === 'document');
    expect(docs.map((d) => d.label)).toEqual(['Chỉ thị 35.pdf, trang 1/3', 'Chỉ thị 35.pdf, trang 2/3', 'Chỉ thị 35.pdf, trang 3/3', 'Sơ đồ.png']);
  });

  it('pages the draft by a fixed number of lines, so a line is on the same page on every screen', () => {
    const pages = deck.slides.filter((s) => s.kind === 'draft');
    expect(pages).toHaveLength(Math.ceil(lines.length / LINES_PER_PAGE));
    const all = pages.flatMap((p) => (p.kind === 'draft' ? p.lines.map((l) => l.number) : []));
    expect(all).toEqual(lines.map((l) => l.number));
    const page3 = deck.slides[slideOfLine(deck, 2 * LINES_PER_PAGE + 1)!]!;
    expect(page3).toMatchObject({ kind: 'draft', page: 3 });
    expect(slideOfLine(deck, lines.length + 1)).toBeNull();
    // A section heading is marked as one, so it is set in bold.
    expect(pages[0]!.kind === 'draft' && pages[0]!.lines[0]).toMatchObject({ number: 1, heading: true });
  });

  it('shows each comment on the current version beside its lines, in line order; the old version’s are left out', () => {
    const comments = deck.slides.filter((s) => s.kind === 'comment');
    expect(comments.map((c) => c.kind === 'comment' && c.comment.authorName)).toEqual(['Nguyễn Văn An', 'Ban Tổ chức Thành ủy']);
    const first = comments[0]!;
    expect(first.kind === 'comment' && first.lines.map((l) => l.number)).toEqual([3, 4]);
    expect(first.notes.join(' ')).toContain('tiếp thu');
  });

  it('keeps the notes for the console only', () => {
    expect(deck.slides.find((s) => s.kind === 'attendance')!.notes.join(' ')).toContain('Phạm Thị Dung');
    const projector = projectorDeck(deck);
    expect(projector.slides.every((s) => s.notes.length === 0)).toBe(true);
    expect(projector.slides).toHaveLength(deck.slides.length);
    expect(JSON.stringify(projector)).not.toContain('Phạm Thị Dung');
  });

  it('still shows the roll call, the draft and the vote when the agenda names none of them', () => {
    const bare = buildDeck({ meeting: meeting({ agenda: [], agendaMinutes: 0 }), wardName: 'Đảng bộ phường Hồng Hà', pdfPages });
    expect(bare.slides.map((s) => s.kind).filter((k, i, a) => a.indexOf(k) === i)).toEqual(['title', 'attendance', 'draft', 'comment', 'document', 'vote']);
  });
});

describe('reading an agenda item', () => {
  it('recognises the usual titles, with or without diacritics', () => {
    expect(contentOf('Điểm danh, báo cáo số đảng viên có mặt')).toBe('attendance');
    expect(contentOf('Thao luan, gop y du thao nghi quyet')).toBe('draft');
    expect(contentOf('Biểu quyết thông qua nghị quyết')).toBe('vote');
    expect(contentOf('Trình bày chuyên đề')).toBe('documents');
    expect(contentOf('Bế mạc')).toBeNull();
  });

  it('names the meeting as the minutes do', () => {
    expect(meetingTitle({ kind: 'thematic', topic: '“Học tập và làm theo Bác”', scheduledAt: '2026-12-05T08:00' })).toBe('Sinh hoạt chuyên đề: Học tập và làm theo Bác');
    expect(meetingTitle({ kind: 'combined', topic: null, scheduledAt: '2026-12-05T08:00' })).toBe('Sinh hoạt thường kỳ tháng 12/2026 kết hợp chuyên đề');
  });
});

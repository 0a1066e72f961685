// Văn bản của chi bộ: the minutes (biên bản) and the resolution (nghị quyết) as a layout-neutral model, built from the
// meeting's data. docx.ts and html.ts lay the same model out (DOMAIN.md, "The minutes", "The resolution and document
// layout"); the wording of the minutes follows ../shared/templates/bien-ban-mau.md.
import type { MinutesData, ResolutionData } from './types';

/** A stretch of text with one look. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** A centred line of the header, the title or a signature block. `large`: the document's name and the party's name. */
export interface Line extends Run {
  large?: boolean;
}

/** The header's columns stack lines, and the short rule under "ĐẢNG CỘNG SẢN VIỆT NAM". */
export type HeaderItem = ({ kind: 'line' } & Line) | { kind: 'rule' };

export type BodyBlock =
  /** "I. THÀNH PHẦN": bold. */
  | { kind: 'heading'; text: string }
  /** A justified paragraph with a first-line indent. One that ends with a colon ("4. Thảo luận:") stays with the next. */
  | { kind: 'paragraph'; runs: Run[] };

/** Who signs: the lines above the space for the signature, then the name under it. */
export interface SignatureBlock {
  lines: Line[];
  name: string;
}

export interface PartyDocument {
  kind: 'minutes' | 'resolution';
  /** What the file is, for its metadata and the print view's title: "Biên bản sinh hoạt chi bộ tháng 11 năm 2026". */
  name: string;
  /** Two columns side by side: the issuing organisation on the left, the party's name and the date on the right. */
  header: { left: HeaderItem[]; right: HeaderItem[] };
  /** Centred under the header. */
  title: Line[];
  body: BodyBlock[];
  /** Side by side at the end; a missing one leaves its column empty. */
  signatures: { left: SignatureBlock | null; right: SignatureBlock | null };
}

const SIGN_NOTE = '(Ký, ghi rõ họ tên)';

/** A paragraph that introduces what follows ("4. Thảo luận:") is kept on the same page as it. */
export function introducesNext(block: BodyBlock): boolean {
  return block.kind === 'paragraph' && /:\s*$/u.test(block.runs.map((r) => r.text).join(''));
}

/** "Đảng bộ phường Hồng Hà" or "Phường Hồng Hà" → "ĐẢNG BỘ PHƯỜNG HỒNG HÀ". */
export function wardHeading(wardName: string): string {
  const rest = tidy(wardName).replace(/^đảng\s+(bộ|ủy|uỷ)\s+/iu, '');
  return upper(`Đảng bộ ${rest}`);
}

/** "Chi bộ Tổ dân phố số 5" or "Tổ dân phố số 5" → "CHI BỘ TỔ DÂN PHỐ SỐ 5". */
export function branchHeading(branchName: string): string {
  return upper(branchFullName(branchName));
}

/** "Tổ dân phố số 5" → "Chi bộ Tổ dân phố số 5"; a name already starting with "Chi bộ" is kept. */
function branchFullName(branchName: string): string {
  const rest = tidy(branchName).replace(/^chi\s+bộ\s+/iu, '');
  return `Chi bộ ${rest}`;
}

/** 'YYYY-MM-DD' → "Hồng Hà, ngày 04 tháng 11 năm 2026": day and month with two digits, as official documents write them. */
export function placeAndDate(placeName: string, date: string): string {
  const { y, m, d } = parseDate(date);
  return `${tidy(placeName)}, ngày ${pad(d)} tháng ${pad(m)} năm ${y}`;
}

/** 0.97058… → "97,1": one decimal with a comma, none when whole. */
export function percent(share: number): string {
  const tenths = Math.round(share * 1000);
  return tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)},${tenths % 10}`;
}

export function minutesDocument(data: MinutesData): PartyDocument {
  const { y, m, d } = parseDate(data.startedAt.slice(0, 10));
  const branch = branchFullName(data.branchName);
  const t = data.totals;
  const body: BodyBlock[] = [];
  const para = (text: string) => body.push({ kind: 'paragraph', runs: [{ text }] });

  // Opening: when, where, which meeting.
  const [hh = '0', mm = '00'] = data.startedAt.slice(11, 16).split(':');
  const topic = data.topic ? tidy(data.topic).replace(/^["“]|["”]$/gu, '') || null : null;
  const what =
    data.kind === 'regular'
      ? `sinh hoạt định kỳ tháng ${m}`
      : data.kind === 'thematic'
        ? topic ? `sinh hoạt chuyên đề “${topic}”` : `sinh hoạt chuyên đề tháng ${m}`
        : `sinh hoạt định kỳ tháng ${m} kết hợp sinh hoạt chuyên đề${topic ? ` “${topic}”` : ''}`;
  const where = tidy(data.place) ? `, tại ${tidy(data.place)}` : '';
  para(`Hồi ${clock(hh, mm)}, ngày ${pad(d)}/${pad(m)}/${y}${where}, ${branch} tiến hành ${what}.`);

  // I. Thành phần.
  body.push({ kind: 'heading', text: 'I. THÀNH PHẦN' });
  para(`- Tổng số đảng viên của chi bộ: ${t.total} đồng chí; trong đó chính thức ${t.official}, dự bị ${t.probationary}.`);
  para(`- Được miễn sinh hoạt: ${comrades(t.exempt)}; sinh hoạt tạm thời nơi khác: ${comrades(t.away)}.`);
  const presentParts = `chính thức ${t.presentOfficial}, dự bị ${t.presentProbationary}`;
  para(
    `- Đảng viên phải triệu tập: ${t.summoned} đồng chí. Có mặt: ${t.present} đồng chí (${presentParts})` +
      (t.exemptPresent > 0 ? `; đảng viên được miễn sinh hoạt có mặt: ${t.exemptPresent} đồng chí.` : '.'),
  );
  if (t.absent === 0) {
    para('- Vắng mặt: không có.');
  } else {
    const excused = t.absentExcused.map((a) => `đồng chí ${tidy(a.name)}${a.reason?.trim() ? ` (${tidy(a.reason)})` : ''}`);
    const unexcused = t.absentUnexcused.map((name) => `đồng chí ${tidy(name)}`);
    para(
      `- Vắng mặt: ${t.absent} đồng chí.` +
        (excused.length > 0 ? ` Có lý do: ${excused.join(', ')}.` : '') +
        (unexcused.length > 0 ? ` Không lý do: ${unexcused.join(', ')}.` : ''),
    );
  }
  if (data.guests.length > 0) {
    para(`- Khách mời: ${data.guests.map((g) => withRole(g.name, g.role)).join('; ')}.`);
  }
  para(`- Chủ trì: ${withRole(data.chair.name, data.chair.role)}. Thư ký: đồng chí ${tidy(data.secretary.name)}.`);

  // II. Nội dung: the agenda items, the discussion naming each speaker, the chair's conclusion.
  body.push({ kind: 'heading', text: 'II. NỘI DUNG' });
  const draftDate = data.draftSharedOn ? displayDate(data.draftSharedOn) : null;
  const draftItem = draftDate ? data.agenda.findIndex((a) => a.presentsDraft) : -1;
  if (draftDate && draftItem < 0) para(`Dự thảo nghị quyết đã gửi đảng viên ngày ${draftDate}.`);
  const discussionItem = data.agenda.findIndex((a) => /^thảo luận/iu.test(a.title.trim()));
  const conclusionItem = data.agenda.findIndex((a) => /^kết luận/iu.test(a.title.trim()));
  const opinionLines = () =>
    data.opinions.forEach((o) => {
      const about = o.agendaItem && o.agendaItem.trim() && o.agendaItem !== data.agenda[discussionItem]?.title ? ` (về “${tidy(o.agendaItem)}”)` : '';
      para(`- Đồng chí ${tidy(o.speaker)}${about}: ${sentence(o.summary)}`);
    });
  let n = 0;
  data.agenda.forEach((item, i) => {
    n += 1;
    const notes = [
      isPersonName(item.presenter) ? `đồng chí ${tidy(item.presenter)} trình bày` : null,
      i === draftItem ? `dự thảo nghị quyết đã gửi đảng viên ngày ${draftDate}` : null,
    ].filter((x): x is string => x !== null);
    const presenter = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    if (i === discussionItem && data.opinions.length > 0) {
      para(`${n}. ${stripEnd(item.title)}${presenter}:`);
      opinionLines();
    } else if (i === conclusionItem && data.conclusion?.trim()) {
      para(`${n}. ${stripEnd(item.title)}${presenter}: ${sentence(data.conclusion)}`);
    } else {
      para(`${n}. ${stripEnd(item.title)}${presenter}` + (item.summary?.trim() ? `: ${sentence(item.summary)}` : '.'));
    }
  });
  if (discussionItem < 0 && data.opinions.length > 0) {
    para(`${++n}. Thảo luận:`);
    opinionLines();
  }
  if (conclusionItem < 0 && data.conclusion?.trim()) para(`${++n}. Đồng chí chủ trì kết luận: ${sentence(data.conclusion)}`);

  // III. Biểu quyết. Without a vote the section stays, saying so, so that a reader sees it was not left out by mistake.
  body.push({ kind: 'heading', text: 'III. BIỂU QUYẾT' });
  if (data.vote) {
    const { denominator: dn, count, passed } = data.vote;
    const parts = [
      dn.away > 0 ? `${dn.away} đồng chí sinh hoạt tạm thời nơi khác` : null,
      dn.exemptAbsent > 0 ? `${dn.exemptAbsent} đồng chí được miễn sinh hoạt vắng mặt` : null,
      dn.absentExcused > 0 ? `${dn.absentExcused} đồng chí vắng có lý do` : null,
    ].filter((p): p is string => p !== null);
    const subject = data.kind === 'thematic' ? 'nghị quyết chuyên đề' : `nghị quyết tháng ${m}`;
    const share = dn.denominator > 0 ? ` = ${percent(count.for / dn.denominator)}%` : '';
    para(
      `Chi bộ biểu quyết thông qua ${subject}. Số đảng viên tính tỷ lệ biểu quyết: ${dn.denominator} ` +
        `(tổng số đảng viên chính thức ${dn.officialTotal}${parts.length > 0 ? `, trừ ${parts.join(', ')}` : ''}). ` +
        `Tán thành ${count.for}/${dn.denominator}${share}; không tán thành ${count.against}; không biểu quyết ${count.abstain}. ` +
        (passed ? 'Nghị quyết được thông qua (trên một nửa).' : 'Nghị quyết chưa được thông qua.'),
    );
  } else {
    para('Chi bộ chưa biểu quyết.');
  }

  // Closing: when it ended and that the minutes were read back.
  const closing: string[] = [];
  if (data.endedAt) {
    const [eh = '0', em = '00'] = data.endedAt.split(':');
    closing.push(`Buổi sinh hoạt kết thúc hồi ${clock(eh, em)} cùng ngày.`);
  }
  if (data.minutesApproval !== null) {
    const share = percent(data.minutesApproval);
    closing.push(
      data.minutesApproval * 2 > 1
        ? `Biên bản đã được đọc lại trước chi bộ và được ${share}% đảng viên có mặt nhất trí thông qua.`
        : `Biên bản đã được đọc lại trước chi bộ; ${share}% đảng viên có mặt nhất trí.`,
    );
  }
  if (closing.length > 0) para(closing.join(' '));

  const kindLine =
    data.kind === 'regular' ? 'SINH HOẠT CHI BỘ ĐỊNH KỲ' : data.kind === 'thematic' ? 'SINH HOẠT CHI BỘ CHUYÊN ĐỀ' : 'SINH HOẠT CHI BỘ ĐỊNH KỲ KẾT HỢP CHUYÊN ĐỀ';
  const title: Line[] = [{ text: 'BIÊN BẢN', bold: true, large: true }, { text: kindLine, bold: true }];
  if (data.kind !== 'regular' && topic) title.push({ text: `“${topic}”`, bold: true });
  title.push({ text: `tháng ${m} năm ${y}`, bold: true });

  return {
    kind: 'minutes',
    name: `Biên bản sinh hoạt chi bộ tháng ${m} năm ${y}`,
    header: header(data.wardName, data.branchName, data.placeName, `${y}-${pad(m)}-${pad(d)}`, null),
    title,
    body,
    signatures: {
      left: { lines: [{ text: 'THƯ KÝ', bold: true }, { text: SIGN_NOTE, italic: true }], name: tidy(data.secretary.name) },
      right: { lines: [{ text: 'CHỦ TRÌ', bold: true }, { text: SIGN_NOTE, italic: true }], name: tidy(data.chair.name) },
    },
  };
}

export function resolutionDocument(data: ResolutionData): PartyDocument {
  const body: BodyBlock[] = [];
  data.sections.forEach((section, i) => {
    const heading = tidy(section.heading);
    if (heading) body.push({ kind: 'heading', text: /^[IVXLC]+\.\s/u.test(heading) ? heading : `${roman(i + 1)}. ${heading}` });
    section.paragraphs
      .map(tidy)
      .filter((p) => p !== '')
      .forEach((p, j) => body.push({ kind: 'paragraph', runs: [{ text: /^(\d+[.)]|[-–•+])\s/u.test(p) ? p : `${j + 1}. ${p}` }] }));
  });
  const subject = tidy(data.subject);
  return {
    kind: 'resolution',
    name: `Nghị quyết ${data.number} ${subject}`,
    header: header(data.wardName, data.branchName, data.placeName, data.date, `Số: ${tidy(data.number)}`),
    title: [
      { text: 'NGHỊ QUYẾT', bold: true, large: true },
      { text: subject, bold: true },
    ],
    body,
    signatures: {
      left: null,
      right: { lines: [{ text: 'T/M CHI BỘ', bold: true }, { text: 'BÍ THƯ', bold: true }], name: tidy(data.secretaryName) },
    },
  };
}

function header(wardName: string, branchName: string, placeName: string, date: string, number: string | null): PartyDocument['header'] {
  const left: HeaderItem[] = [
    { kind: 'line', text: wardHeading(wardName) },
    { kind: 'line', text: branchHeading(branchName), bold: true },
    { kind: 'line', text: '*' },
  ];
  if (number) left.push({ kind: 'line', text: number });
  return {
    left,
    right: [
      { kind: 'line', text: 'ĐẢNG CỘNG SẢN VIỆT NAM', bold: true, large: true },
      { kind: 'rule' },
      { kind: 'line', text: placeAndDate(placeName, date), italic: true },
    ],
  };
}

/**
 * Whether an agenda item's presenter is a person ("Nguyễn Văn Hải": every word capitalised) rather than a role from the
 * typical agenda ("Chủ trì", "Đảng viên", "Bí thư chi bộ"), which the minutes do not repeat.
 */
function isPersonName(text: string): boolean {
  const words = tidy(text).split(' ').filter(Boolean);
  return words.length >= 2 && words.every((w) => /^\p{Lu}/u.test(w));
}

/** "đồng chí Đỗ Minh Châu, Đảng ủy viên, phụ trách địa bàn" */
function withRole(name: string, role: string): string {
  const r = tidy(role);
  return `đồng chí ${tidy(name)}${r ? `, ${r}` : ''}`;
}

function comrades(count: number): string {
  return count === 0 ? 'không có' : `${count} đồng chí`;
}

/** "19", "05" → "19 giờ 05 phút" */
function clock(hours: string, minutes: string): string {
  return `${Number(hours)} giờ ${minutes.padStart(2, '0')} phút`;
}

function parseDate(date: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) throw new Error(`Ngày không hợp lệ: "${date}" (cần dạng YYYY-MM-DD).`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

function displayDate(date: string): string {
  const { y, m, d } = parseDate(date);
  return `${pad(d)}/${pad(m)}/${y}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Text as people typed it, in NFC with runs of white space made one space. */
function tidy(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

function upper(text: string): string {
  return text.toLocaleUpperCase('vi');
}

/** A summary ends with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  const t = tidy(text);
  return /[.!?…:;]$/u.test(t) ? t : `${t}.`;
}

function stripEnd(text: string): string {
  return tidy(text).replace(/[.:;]+$/u, '');
}

function roman(n: number): string {
  const table: [number, string][] = [[10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [value, numeral] of table) {
    while (n >= value) {
      out += numeral;
      n -= value;
    }
  }
  return out;
}

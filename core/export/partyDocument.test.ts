import { describe, expect, it } from 'vitest';
import { voteDenominator } from '../rules/meeting';
import { sampleMinutes, sampleResolution, sampleRoll, SAMPLE_MINUTES_TEXTS, SAMPLE_RESOLUTION_TEXTS } from './export.fixtures';
import { flat } from './export.testing';
import { toHtml } from './html';
import { textWidthPt } from './measure';
import { branchHeading, minutesDocument, percent, placeAndDate, resolutionDocument, wardHeading, type PartyDocument } from './partyDocument';
import { DEFAULT_LAYOUT, type MinutesData } from './types';

/** The document's text in reading order, as one line. */
function plain(doc: PartyDocument): string {
  const items = (list: PartyDocument['header']['left']) => list.flatMap((i) => (i.kind === 'line' ? [i.text] : []));
  return flat(
    [
      ...items(doc.header.left),
      ...items(doc.header.right),
      ...doc.title.map((l) => l.text),
      ...doc.body.map((b) => (b.kind === 'heading' ? b.text : b.runs.map((r) => r.text).join(''))),
      ...[doc.signatures.left, doc.signatures.right].flatMap((s) => (s ? [...s.lines.map((l) => l.text), s.name] : [])),
    ].join('\n'),
  );
}

function minutesWith(change: Partial<MinutesData>): string {
  return plain(minutesDocument({ ...sampleMinutes(), ...change }));
}

describe('the minutes (DOMAIN.md, The minutes; ../shared/templates/bien-ban-mau.md)', () => {
  it('read like the sample, with every figure taken from the roll', () => {
    const text = plain(minutesDocument(sampleMinutes()));
    for (const expected of SAMPLE_MINUTES_TEXTS) expect(text).toContain(expected);
  });

  it('keep the order of the sample: header, title, I, II, III, closing, signatures', () => {
    const text = plain(minutesDocument(sampleMinutes()));
    const order = ['ĐẢNG BỘ PHƯỜNG', 'BIÊN BẢN', 'Hồi 19 giờ 30 phút', 'I. THÀNH PHẦN', 'II. NỘI DUNG', 'Thảo luận:', 'kết luận:', 'III. BIỂU QUYẾT', 'kết thúc hồi', 'THƯ KÝ'];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('put the header blocks side by side: the ward and branch on the left, the party and the date on the right', () => {
    const doc = minutesDocument(sampleMinutes());
    expect(doc.header.left).toEqual([
      { kind: 'line', text: 'ĐẢNG BỘ PHƯỜNG HỒNG HÀ' },
      { kind: 'line', text: 'CHI BỘ TỔ DÂN PHỐ SỐ 5', bold: true },
      { kind: 'line', text: '*' },
    ]);
    expect(doc.header.right).toEqual([
      { kind: 'line', text: 'ĐẢNG CỘNG SẢN VIỆT NAM', bold: true, large: true },
      { kind: 'rule' },
      { kind: 'line', text: 'Hồng Hà, ngày 04 tháng 11 năm 2026', italic: true },
    ]);
    expect(doc.signatures.left).toMatchObject({ lines: [{ text: 'THƯ KÝ' }, { text: '(Ký, ghi rõ họ tên)' }], name: 'Vũ Thị Lan' });
    expect(doc.signatures.right).toMatchObject({ lines: [{ text: 'CHỦ TRÌ' }, { text: '(Ký, ghi rõ họ tên)' }], name: 'Nguyễn Văn Hải' });
  });

  it('name the meeting by its kind, with the topic for a thematic or combined one', () => {
    const titles = (kind: MinutesData['kind'], topic: string | null) => minutesDocument({ ...sampleMinutes(), kind, topic }).title.map((l) => l.text);
    expect(titles('regular', null)).toEqual(['BIÊN BẢN', 'SINH HOẠT CHI BỘ ĐỊNH KỲ', 'tháng 11 năm 2026']);
    expect(titles('thematic', 'Học tập và làm theo tư tưởng Hồ Chí Minh')).toEqual([
      'BIÊN BẢN',
      'SINH HOẠT CHI BỘ CHUYÊN ĐỀ',
      '“Học tập và làm theo tư tưởng Hồ Chí Minh”',
      'tháng 11 năm 2026',
    ]);
    expect(titles('combined', 'Chuyển đổi số')[1]).toBe('SINH HOẠT CHI BỘ ĐỊNH KỲ KẾT HỢP CHUYÊN ĐỀ');
    expect(minutesWith({ kind: 'combined', topic: 'Chuyển đổi số' })).toContain('tiến hành sinh hoạt định kỳ tháng 11 kết hợp sinh hoạt chuyên đề “Chuyển đổi số”.');
  });

  it('leave out what was not recorded, and say plainly that no vote was taken', () => {
    const text = minutesWith({ guests: [], vote: null, endedAt: null, minutesApproval: null, conclusion: null, opinions: [], draftSharedOn: null });
    expect(text).not.toContain('Khách mời');
    expect(text).not.toContain('Thảo luận');
    expect(text).not.toContain('kết luận');
    expect(text).not.toContain('dự thảo nghị quyết đã gửi');
    expect(text).not.toContain('kết thúc hồi');
    expect(text).not.toContain('đọc lại');
    expect(text).toContain('III. BIỂU QUYẾT Chi bộ chưa biểu quyết.');
  });

  it('say when a resolution did not pass, and drop the parts of the denominator that are zero', () => {
    const roll = sampleRoll().filter((m) => m.standing === 'active');
    const denominator = voteDenominator(roll);
    const text = minutesWith({ vote: { denominator, count: { for: 10, against: 12, abstain: 1 }, passed: false } });
    expect(text).toContain('Số đảng viên tính tỷ lệ biểu quyết: 32 (tổng số đảng viên chính thức 33, trừ 1 đồng chí vắng có lý do).');
    expect(text).toContain('Tán thành 10/32 = 31,3%; không tán thành 12; không biểu quyết 1. Nghị quyết chưa được thông qua.');
  });

  it('name absent members without a reason given, and a meeting nobody missed', () => {
    const totals = { ...sampleMinutes().totals, absent: 2, absentExcused: [{ name: 'Trần Thị Hoa', reason: null }], absentUnexcused: ['Phạm Quốc Việt'] };
    expect(minutesWith({ totals })).toContain('- Vắng mặt: 2 đồng chí. Có lý do: đồng chí Trần Thị Hoa. Không lý do: đồng chí Phạm Quốc Việt.');
    const none = { ...sampleMinutes().totals, absent: 0, absentExcused: [], absentUnexcused: [] };
    expect(minutesWith({ totals: none })).toContain('- Vắng mặt: không có.');
  });

  it('name a person who presented an item, and not a role from the typical agenda', () => {
    const agenda = [
      { title: 'Khai mạc, giới thiệu đại biểu', presenter: 'Chủ trì', summary: null },
      { title: 'Phổ biến văn bản của cấp trên', presenter: 'Bí thư chi bộ', summary: null },
      { title: 'Trình bày chuyên đề', presenter: 'Ngô Thị Mai', summary: null },
    ];
    expect(minutesWith({ agenda, draftSharedOn: null })).toContain(
      'II. NỘI DUNG 1. Khai mạc, giới thiệu đại biểu. 2. Phổ biến văn bản của cấp trên. 3. Trình bày chuyên đề (đồng chí Ngô Thị Mai trình bày).',
    );
  });

  it('write the draft date apart when no agenda item is marked as presenting it', () => {
    const agenda = sampleMinutes().agenda.map((a) => ({ ...a, presentsDraft: false }));
    expect(minutesWith({ agenda })).toContain('II. NỘI DUNG Dự thảo nghị quyết đã gửi đảng viên ngày 01/11/2026. 1.');
  });

  it('list opinions under an agenda item named "Thảo luận" rather than adding one', () => {
    const agenda = [...sampleMinutes().agenda, { title: 'Thảo luận, góp ý dự thảo nghị quyết', presenter: '', summary: null }];
    const text = minutesWith({ agenda });
    expect(text).toContain('4. Thảo luận, góp ý dự thảo nghị quyết: - Đồng chí Hoàng Văn Tùng:');
    expect(text.match(/Thảo luận/g)).toHaveLength(1);
    expect(text).toContain('5. Đồng chí chủ trì kết luận:');
  });
});

describe('headings and dates as official documents write them', () => {
  it('does not double "Đảng bộ" or "Chi bộ", and writes capitals with their marks', () => {
    expect(wardHeading('Đảng bộ phường Hồng Hà')).toBe('ĐẢNG BỘ PHƯỜNG HỒNG HÀ');
    expect(wardHeading('Phường Hồng Hà')).toBe('ĐẢNG BỘ PHƯỜNG HỒNG HÀ');
    expect(wardHeading('Đảng ủy xã Sóc Sơn')).toBe('ĐẢNG BỘ XÃ SÓC SƠN');
    expect(branchHeading('Chi bộ Tổ dân phố số 5')).toBe('CHI BỘ TỔ DÂN PHỐ SỐ 5');
    expect(branchHeading('Khu dân cư số 4')).toBe('CHI BỘ KHU DÂN CƯ SỐ 4');
  });

  it('writes the day and month with two digits, and shares with a decimal comma', () => {
    expect(placeAndDate('Phúc Lợi', '2026-03-05')).toBe('Phúc Lợi, ngày 05 tháng 03 năm 2026');
    expect(percent(33 / 34)).toBe('97,1');
    expect(percent(1)).toBe('100');
    expect(percent(0.5)).toBe('50');
  });
});

describe('the resolution (DOMAIN.md, The resolution and document layout)', () => {
  it('carries its number under the branch, its subject, numbered sections and paragraphs, and the secretary signing for the branch', () => {
    const doc = resolutionDocument(sampleResolution());
    const text = plain(doc);
    for (const expected of SAMPLE_RESOLUTION_TEXTS) expect(text).toContain(expected);
    expect(doc.header.left.at(-1)).toEqual({ kind: 'line', text: 'Số: 03-NQ/CB' });
    expect(doc.title.map((l) => l.text)).toEqual(['NGHỊ QUYẾT', 'về nhiệm vụ tháng 12 năm 2026']);
    expect(doc.signatures).toEqual({ left: null, right: { lines: [{ text: 'T/M CHI BỘ', bold: true }, { text: 'BÍ THƯ', bold: true }], name: 'Nguyễn Văn Hải' } });
  });

  it('keeps numbering the writer already gave', () => {
    const doc = resolutionDocument({ ...sampleResolution(), sections: [{ heading: 'II. NHIỆM VỤ', paragraphs: ['1) Một.', '- Hai.'] }] });
    expect(plain(doc)).toContain('II. NHIỆM VỤ 1) Một. - Hai.');
  });
});

describe('the print view (html.ts)', () => {
  it('escapes what users typed: a script in a summary is text', () => {
    const data = sampleMinutes();
    data.opinions[0]!.summary = '<script>alert(1)</script> & "trích dẫn"';
    data.chair.name = 'Nguyễn <b>Hải</b>';
    const html = toHtml(minutesDocument(data), DEFAULT_LAYOUT);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;trích dẫn&quot;');
    expect(html).toContain("default-src 'none'");
  });

  it('is a self-contained A4 page with the layout margins and Times New Roman', () => {
    const html = toHtml(minutesDocument(sampleMinutes()), { marginsMm: { top: 25, bottom: 25, left: 35, right: 15 }, fontSizePt: 13 });
    expect(html).toContain('@page { size: A4; margin: 25mm 15mm 25mm 35mm; }');
    expect(html).toContain('font-family: "Times New Roman", "Liberation Serif", serif; font-size: 13pt;');
    expect(html).not.toMatch(/<(link|script|img)\b/);
    expect(html).not.toMatch(/https?:/);
  });
});

describe('text widths (measure.ts)', () => {
  it('match Liberation Serif as LibreOffice set it, within a point', () => {
    // Widths measured with pdftotext -bbox in a PDF LibreOffice printed.
    expect(Math.abs(textWidthPt('ĐẢNG BỘ PHƯỜNG HỒNG HÀ', {}, 14) - 193.5)).toBeLessThan(1);
    expect(Math.abs(textWidthPt('ĐẢNG CỘNG SẢN VIỆT NAM', { bold: true }, 15) - 206.5)).toBeLessThan(1);
  });
});

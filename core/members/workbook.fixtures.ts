// Workbooks for the tests of ./workbook.ts, built with exceljs the way offices' files look: a title above the table,
// headers in several spellings, dates typed in every format Excel users use, a footer with signatures. Also files that
// are not .xlsx at all. Deterministic: the same seed gives the same bytes.
import ExcelJS from 'exceljs';
import { personName } from '../../db/generate/names';
import { Random } from '../../db/generate/random';
import { addMonths } from '../rules/membership';
import type { ImportContext, ParsedMember } from './workbook';

export const TODAY = '2025-06-15';

const BRANCH_NAMES = [
  'Chi bộ Tổ dân phố số 1',
  'Chi bộ Tổ dân phố số 2',
  'Chi bộ Tổ dân phố số 3',
  'Chi bộ Tổ dân phố số 4',
  'Chi bộ Tổ dân phố số 5',
  'Chi bộ Tổ dân phố số 6',
  'Chi bộ Tổ dân phố số 7',
  'Chi bộ Tổ dân phố số 8',
  'Chi bộ Trường THCS Nguyễn Trãi',
  'Chi bộ Trạm Y tế phường',
  'Chi bộ Công an phường',
  'Chi bộ Quân sự phường',
];

/** A CCCD already in the database, and a party card number already in it. */
export const EXISTING_CITIZEN_ID = '079085999999';
export const EXISTING_CARD = '01.234567';

export function makeContext(): ImportContext {
  return {
    branches: BRANCH_NAMES.map((name, i) => ({ id: `branch-${i + 1}`, name })),
    existingCardNumbers: new Set([EXISTING_CARD, '02.000001', '02.000002']),
    existingCitizenIds: new Set([EXISTING_CITIZEN_ID, '001199000001', '001299000002']),
    today: TODAY,
  };
}

// ---- Building workbooks ----------------------------------------------------------------------------------------------

export interface SheetSpec {
  name?: string;
  /** Row by row from row 1; index 0 is column A. Dates get the format dd/mm/yyyy. */
  rows: ExcelJS.CellValue[][];
  merges?: string[];
  state?: 'visible' | 'hidden';
}

export async function buildWorkbook(sheets: SheetSpec[], options: { date1904?: boolean } = {}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  if (options.date1904) workbook.properties.date1904 = true;
  sheets.forEach((spec, i) => {
    const sheet = workbook.addWorksheet(spec.name ?? `Sheet${i + 1}`, { state: spec.state ?? 'visible' });
    spec.rows.forEach((values, r) => {
      if (values.length === 0) return;
      const row = sheet.getRow(r + 1);
      values.forEach((value, c) => {
        if (value === undefined || value === null) return;
        const cell = row.getCell(c + 1);
        cell.value = value;
        if (value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
      });
    });
    for (const range of spec.merges ?? []) sheet.mergeCells(range);
  });
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as unknown as Uint8Array);
}

export const utc = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};
/** Days since 1899-12-30: what Excel stores for a date. */
export const excelSerial = (date: string) => Math.round((utc(date).getTime() - Date.UTC(1899, 11, 30)) / 86_400_000);
const addDays = (date: string, days: number) => new Date(utc(date).getTime() + days * 86_400_000).toISOString().slice(0, 10);

/** The same date in the ways offices type it; `style` picks one. */
function dateCell(date: string, style: number): ExcelJS.CellValue {
  const [y, m, d] = date.split('-') as [string, string, string];
  switch (style) {
    case 1:
      return `${d}/${m}/${y}`;
    case 2:
      return `${Number(d)}/${Number(m)}/${y}`;
    case 3:
      return `${d}-${m}-${y}`;
    case 4:
      return `${d}.${m}.${y}`;
    case 5:
      return date;
    case 6:
      return excelSerial(date);
    default:
      return utc(date);
  }
}

// ---- The 3,000-row list ----------------------------------------------------------------------------------------------

export interface BadRow {
  row: number;
  kind: string;
  /** The reason the preview must give. */
  reason: RegExp;
}

export interface MemberListFixture {
  bytes: Uint8Array;
  context: ImportContext;
  headerRow: number;
  /** Every valid row's number and what it must parse to. */
  expected: Map<number, ParsedMember>;
  /** Rows whose CCCD is a number cell that lost its leading zeros (valid, with a warning). */
  numericCitizenIdRows: number[];
  bad: BadRow[];
  /** The column-number row and the footer: left out, not members. */
  skipped: number[];
}

const HEADERS = [
  'STT',
  'Họ và tên',
  'Ngày, tháng, năm sinh',
  'Giới tính',
  'Ngày vào Đảng',
  'Ngày chính thức',
  'Số thẻ ĐV',
  'Số CCCD',
  'Số điện thoại',
  'Tên chi bộ',
  'Ghi chú',
];

const GENDERS = { male: ['Nam', 'nam', 'NAM', 'M', 'nam giới'], female: ['Nữ', 'nữ', 'NỮ', 'F', 'Nu', 'nữ giới'] };

/**
 * 3,000 members across the context's branches, below a two-line title and above a footer, with exactly 12 bad rows of
 * different kinds. Everything else is valid but typed in many ways (case, spaces, date formats, number cells).
 */
export async function memberListFixture(count = 3000, seed = 2025): Promise<MemberListFixture> {
  const random = new Random(seed);
  const context = makeContext();
  const headerRow = 4;
  const firstData = headerRow + 2; // the column-number row sits between
  const rows: ExcelJS.CellValue[][] = [
    ['ĐẢNG BỘ PHƯỜNG BA ĐÌNH'],
    ['DANH SÁCH ĐẢNG VIÊN'],
    [],
    HEADERS,
    HEADERS.map((_, i) => `(${i + 1})`),
  ];
  const expected = new Map<number, ParsedMember>();
  const numericCitizenIdRows: number[] = [];

  for (let i = 0; i < count; i++) {
    const row = firstData + i;
    const gender = random.chance(0.55) ? 'male' : 'female';
    const birthDate = random.dateBetween('1940-01-01', '2001-12-31');
    const fullName = personName(random, gender, Number(birthDate.slice(0, 4)));
    const earliest = addMonths(birthDate, 18 * 12 + 1);
    const admissionDate = random.chance(0.06)
      ? random.dateBetween('2024-07-01', '2025-06-01')
      : random.dateBetween(earliest < '1960-01-01' ? '1960-01-01' : earliest, '2024-05-01');
    const due = addMonths(admissionDate, 12);
    const recognised = addDays(due, random.int(0, 45));
    const officialDate = due > TODAY ? null : recognised > TODAY ? due : recognised;
    const branch = context.branches[random.int(0, context.branches.length - 1)]!;
    const cardNumber = random.chance(0.9) ? `${String(10 + (i % 80)).padStart(2, '0')}.${String(200_000 + i)}` : null;
    const yearCode = (Number(birthDate.slice(0, 2)) - 19) * 2 + (gender === 'female' ? 1 : 0);
    const citizenId = random.chance(0.95) ? `001${yearCode}${birthDate.slice(2, 4)}${String(100_000 + i).padStart(6, '0')}` : null;
    const phone = random.chance(0.8) ? `09${String(random.int(10_000_000, 99_999_999))}` : null;

    // How this row writes the same facts.
    const nameCell = [fullName, fullName.toLowerCase(), fullName.toUpperCase(), `  ${fullName.replace(/ /g, '   ')} `, fullName.normalize('NFD')][i % 5]!;
    // Most dates are date cells; one row in seven types them as text or a bare serial number.
    const style = (offset: number) => (i % 7 === 3 ? 1 + ((Math.floor(i / 7) + offset) % 6) : 0);
    const branchCell = [branch.name, branch.name.replace(/^Chi bộ /, ''), branch.name.toUpperCase(), branch.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')][i % 4]!;
    let citizenCell: ExcelJS.CellValue = citizenId;
    if (citizenId && i % 29 === 5) {
      citizenCell = Number(citizenId);
      numericCitizenIdRows.push(row);
    } else if (citizenId && i % 31 === 7) citizenCell = `${citizenId.slice(0, 3)} ${citizenId.slice(3, 6)} ${citizenId.slice(6)}`;
    let phoneCell: ExcelJS.CellValue = phone;
    if (phone) {
      phoneCell = [phone, `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`, `${phone.slice(0, 4)}.${phone.slice(4, 7)}.${phone.slice(7)}`, Number(phone), `+84${phone.slice(1)}`][i % 5]!;
    }
    const genders = GENDERS[gender];
    rows.push([
      i + 1,
      nameCell,
      dateCell(birthDate, style(0)),
      genders[i % genders.length]!,
      dateCell(admissionDate, style(1)),
      officialDate ? dateCell(officialDate, style(2)) : null,
      cardNumber,
      citizenCell,
      phoneCell,
      branchCell,
      i % 97 === 0 ? 'Chuyển đến từ phường khác' : null,
    ]);
    expected.set(row, {
      fullName,
      gender,
      birthDate,
      admissionDate,
      officialDate,
      cardNumber,
      citizenId,
      phone: phone && i % 5 === 4 ? `+84${phone.slice(1)}` : phone,
      branchId: branch.id,
      branchName: branch.name,
      status: officialDate ? 'official' : 'probationary',
    });
  }

  // Twelve bad rows, each wrong in one way. Row numbers are what a person sees in Excel.
  const bad: BadRow[] = [];
  const at = (index: number) => firstData + index;
  const spoil = (index: number, kind: string, reason: RegExp, change: (cells: ExcelJS.CellValue[], m: ParsedMember) => void) => {
    const row = at(index);
    const m = expected.get(row)!;
    change(rows[row - 1]!, m);
    expected.delete(row);
    bad.push({ row, kind, reason });
  };
  const dupId = '001085012345';
  spoil(17, 'impossible date', /^Ngày sinh không hợp lệ: 31\/02\/1980$/, (c) => (c[2] = '31/02/1980'));
  spoil(250, 'CCCD repeated in the file', new RegExp(`^Số CCCD ${dupId} trùng với dòng ${at(2400)}$`), (c) => (c[7] = dupId));
  spoil(2400, 'CCCD repeated in the file', new RegExp(`^Số CCCD ${dupId} trùng với dòng ${at(250)}$`), (c) => (c[7] = dupId));
  spoil(511, 'CCCD already recorded', new RegExp(`^Số CCCD ${EXISTING_CITIZEN_ID} đã có trong dữ liệu$`), (c) => (c[7] = EXISTING_CITIZEN_ID));
  spoil(777, 'unknown branch', /^Không có chi bộ "Chi bộ Tổ 99" trong đảng bộ$/, (c) => (c[9] = 'Chi bộ Tổ 99'));
  spoil(1024, 'no name', /^Thiếu họ và tên$/, (c) => (c[1] = null));
  spoil(1300, 'admitted after recognised', /^Ngày vào Đảng sau ngày chính thức/, (c) => {
    c[2] = utc('1980-01-01');
    c[4] = utc('2015-05-19');
    c[5] = utc('2014-05-19');
  });
  spoil(1555, 'gender', /^Giới tính phải là Nam hoặc Nữ/, (c) => (c[3] = 'Khác'));
  spoil(1999, 'future date', /^Ngày vào Đảng 02\/09\/2030 là ngày trong tương lai$/, (c) => {
    c[4] = '02/09/2030';
    c[5] = null;
  });
  spoil(2222, '11-digit CCCD', /^Số CCCD phải có 12 chữ số: 00108001234$/, (c) => (c[7] = '00108001234'));
  spoil(2750, 'admitted before 18', /^Ngày vào Đảng trước khi đủ 18 tuổi/, (c, m) => {
    c[2] = utc('2000-05-01');
    c[4] = utc('2017-06-01');
    c[5] = utc('2018-06-01');
    c[7] = m.gender === 'male' ? '001200000077' : '001300000077';
  });
  spoil(2901, 'card number already recorded', new RegExp(`^Số thẻ đảng viên ${EXISTING_CARD.replace('.', '\\.')} đã có trong dữ liệu$`), (c) => (c[6] = EXISTING_CARD));
  for (const b of bad) {
    const i = numericCitizenIdRows.indexOf(b.row);
    if (i >= 0) numericCitizenIdRows.splice(i, 1);
  }

  // The footer: a blank row, the total, the signatures.
  rows.push([]);
  const footer = rows.length + 1;
  rows.push([null, `Tổng số: ${count.toLocaleString('vi-VN')} đảng viên`]);
  rows.push([null, 'NGƯỜI LẬP BIỂU', null, null, null, null, null, 'T/M ĐẢNG ỦY']);
  rows.push([null, '(Ký, ghi rõ họ tên)', null, null, null, null, null, 'BÍ THƯ']);
  rows.push([null, 'Trần Thị Hoa', null, null, null, null, null, 'Lê Văn Bình']);

  const bytes = await buildWorkbook([{ name: 'DS đảng viên', rows, merges: ['A1:D1', 'A2:K2'] }]);
  return {
    bytes,
    context,
    headerRow,
    expected,
    numericCitizenIdRows,
    bad: bad.sort((a, b) => a.row - b.row),
    skipped: [headerRow + 1, footer, footer + 1, footer + 2, footer + 3],
  };
}

// ---- Headers without diacritics --------------------------------------------------------------------------------------

export async function noDiacriticsFixture(): Promise<{ bytes: Uint8Array; expected: ParsedMember[] }> {
  const context = makeContext();
  const b1 = context.branches[0]!;
  const b9 = context.branches[8]!;
  const rows: ExcelJS.CellValue[][] = [
    ['DANH SACH DANG VIEN'],
    ['STT', 'Ho va ten', 'Ngay sinh', 'Gioi tinh', 'Ngay vao Dang', 'Ngay chinh thuc', 'So the dang vien', 'So CCCD', 'Dien thoai', 'Chi bo'],
    [1, 'nguyen van an', '05/03/1975', 'nam', '19/05/2000', '19/05/2001', '12.345678', '001075000123', '0912345678', 'chi bo to dan pho so 1'],
    [2, 'TRAN THI BICH', utc('1988-12-01'), 'nu', utc('2015-02-03'), null, null, null, null, 'truong thcs nguyen trai'],
  ];
  const expected: ParsedMember[] = [
    {
      fullName: 'Nguyen Van An',
      gender: 'male',
      birthDate: '1975-03-05',
      admissionDate: '2000-05-19',
      officialDate: '2001-05-19',
      cardNumber: '12.345678',
      citizenId: '001075000123',
      phone: '0912345678',
      branchId: b1.id,
      branchName: b1.name,
      status: 'official',
    },
    {
      fullName: 'Tran Thi Bich',
      gender: 'female',
      birthDate: '1988-12-01',
      admissionDate: '2015-02-03',
      officialDate: null,
      cardNumber: null,
      citizenId: null,
      phone: null,
      branchId: b9.id,
      branchName: b9.name,
      status: 'probationary',
    },
  ];
  return { bytes: await buildWorkbook([{ rows }]), expected };
}

// ---- Files that are not .xlsx ----------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A zip with the files stored uncompressed: enough to make a .docx or any other zip-based file. `claimUnpacked` writes
 * that size in the central directory instead of the real one, as a zip bomb's directory would read.
 */
export function zipStore(files: Record<string, string>, claimUnpacked?: number): Uint8Array {
  const encoder = new TextEncoder();
  const local: number[] = [];
  const central: number[] = [];
  const u16 = (out: number[], v: number) => out.push(v & 0xff, (v >>> 8) & 0xff);
  const u32 = (out: number[], v: number) => out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  let count = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = encoder.encode(name);
    const data = encoder.encode(text);
    const crc = crc32(data);
    const offset = local.length;
    u32(local, 0x04034b50);
    for (const v of [20, 0, 0, 0, 0x21]) u16(local, v);
    u32(local, crc);
    u32(local, data.length);
    u32(local, data.length);
    u16(local, nameBytes.length);
    u16(local, 0);
    local.push(...nameBytes, ...data);
    u32(central, 0x02014b50);
    for (const v of [20, 20, 0, 0, 0, 0x21]) u16(central, v);
    u32(central, crc);
    u32(central, data.length);
    u32(central, claimUnpacked ?? data.length);
    for (const v of [nameBytes.length, 0, 0, 0, 0]) u16(central, v);
    u32(central, 0);
    u32(central, offset);
    central.push(...nameBytes);
    count++;
  }
  const end: number[] = [];
  u32(end, 0x06054b50);
  for (const v of [0, 0, count, count]) u16(end, v);
  u32(end, central.length);
  u32(end, local.length);
  u16(end, 0);
  return new Uint8Array([...local, ...central, ...end]);
}

const utf16 = (text: string) => [...text].flatMap((ch) => [ch.charCodeAt(0), 0]);

/** An OLE compound file header and a directory naming `streams`, as .xls/.doc/encrypted files have. */
function oleFile(streams: string[]): Uint8Array {
  const bytes = new Uint8Array(2048);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  let p = 512;
  for (const name of ['Root Entry', ...streams]) {
    bytes.set(utf16(name), p);
    p += 128;
  }
  return bytes;
}

export type WrongFile =
  | 'empty'
  | 'xls'
  | 'encrypted'
  | 'doc'
  | 'docx'
  | 'pdf'
  | 'csv'
  | 'utf16'
  | 'html'
  | 'random'
  | 'zip'
  | 'truncated'
  | 'bomb';

/** Files a person might pick by mistake, each as bytes. */
export async function wrongFiles(): Promise<Record<WrongFile, Uint8Array>> {
  const encoder = new TextEncoder();
  const random = new Random(7);
  const noise = Uint8Array.from({ length: 4096 }, () => random.int(0, 255));
  noise[0] = 0x13;
  const good = await buildWorkbook([{ rows: [['Họ và tên', 'Ngày sinh'], ['Nguyễn Văn An', utc('1980-01-01')]] }]);
  return {
    empty: new Uint8Array(0),
    xls: oleFile(['Workbook', '\u0005SummaryInformation']),
    encrypted: oleFile(['EncryptionInfo', 'EncryptedPackage']),
    doc: oleFile(['WordDocument', '1Table']),
    docx: zipStore({
      '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      '_rels/.rels': '<?xml version="1.0"?><Relationships/>',
      'word/document.xml': '<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>Danh sách đảng viên</w:t></w:r></w:p></w:body></w:document>',
    }),
    pdf: encoder.encode('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
    csv: encoder.encode('\ufeffHọ và tên,Ngày sinh,Giới tính,Ngày vào Đảng\nNguyễn Văn An,01/02/1980,Nam,03/02/2005\n'),
    utf16: Uint8Array.from([0xff, 0xfe, ...utf16('Họ và tên\tNgày sinh\r\n')]),
    html: encoder.encode('<html><head><meta charset="utf-8"></head><body><table><tr><td>Họ và tên</td></tr></table></body></html>'),
    random: noise,
    zip: zipStore({ 'danh-sach/ds-dang-vien.xlsx': 'not really' }),
    truncated: good.subarray(0, Math.floor(good.length / 2)),
    bomb: zipStore({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': '<worksheet/>' }, 0xf0000000),
  };
}

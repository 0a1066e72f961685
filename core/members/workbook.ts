// Member lists in Excel (.xlsx). Reading: a ward's or a branch's own list, as offices keep it (a title above the table,
// Vietnamese headers in many spellings, dates typed every which way), turned into a preview of every row with the
// reasons, in Vietnamese, why a row cannot be imported. Writing: the member list and the counts per branch, laid out so
// that the exported file reads back through readMemberWorkbook without any manual mapping.
// Pure logic over bytes: no database, no Electron, no DOM. exceljs parses the file; this module decides what cells mean.
import ExcelJS from 'exceljs';
import { foldDiacritics } from '../../db/names';
import { addMonths } from '../rules/membership';

// ---- Types -----------------------------------------------------------------------------------------------------------

export const MEMBER_FIELDS = [
  'fullName',
  'birthDate',
  'gender',
  'admissionDate',
  'officialDate',
  'cardNumber',
  'citizenId',
  'phone',
  'branch',
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

/** Fields a row must have to be imported. */
export const REQUIRED_FIELDS: readonly MemberField[] = ['fullName', 'gender', 'birthDate', 'admissionDate', 'branch'];

/** What the UI calls each field (also the headers writeMemberWorkbook writes). */
export const FIELD_LABELS: Record<MemberField, string> = {
  fullName: 'Họ và tên',
  birthDate: 'Ngày sinh',
  gender: 'Giới tính',
  admissionDate: 'Ngày vào Đảng',
  officialDate: 'Ngày chính thức',
  cardNumber: 'Số thẻ đảng viên',
  citizenId: 'Số CCCD',
  phone: 'Điện thoại',
  branch: 'Chi bộ',
};

/**
 * Field → 1-based column index. Given to readMemberWorkbook it overrides the automatic mapping field by field; a field
 * set to 0 (or undefined) is taken off its column. A column given to a field is taken from any field it was mapped to.
 */
export type ColumnMapping = Partial<Record<MemberField, number>>;

export interface ImportContext {
  /** The ward's branches a row may name (match ignores case, diacritics and the "Chi bộ " prefix). */
  branches: { id: string; name: string }[];
  existingCardNumbers: Set<string>;
  existingCitizenIds: Set<string>;
  /** 'YYYY-MM-DD'; dates after it are refused. */
  today: string;
}

export interface ParsedMember {
  fullName: string;
  gender: 'male' | 'female';
  birthDate: string;
  admissionDate: string;
  officialDate: string | null;
  cardNumber: string | null;
  citizenId: string | null;
  phone: string | null;
  branchId: string;
  branchName: string;
  status: 'official' | 'probationary';
}

export interface ImportRow {
  /** The row number a person sees in Excel. */
  row: number;
  /** Null when the row has errors. */
  values: ParsedMember | null;
  /** Why the row cannot be imported, in Vietnamese. */
  errors: string[];
  /** Worth a look but not blocking (a leading zero put back, a CCCD that does not match the birth year, …). */
  warnings: string[];
  /** The mapped cells as the file shows them, so the preview can show an invalid row as it is. */
  cells: Partial<Record<MemberField, string>>;
}

export interface ImportPreview {
  sheetName: string;
  /** The header row (for a two-row header, the lower one); data starts below it. */
  headerRow: number;
  /** The mapping used: automatic, then the caller's overrides. */
  mapping: ColumnMapping;
  headers: { column: number; text: string; field: MemberField | null }[];
  /** Required fields with no column. */
  missingFields: MemberField[];
  rows: ImportRow[];
  /** Rows that are not members and were left out: the column-number row under the header, branch group titles, the footer. */
  skippedRows: { row: number; text: string; reason: string }[];
  summary: { total: number; valid: number; invalid: number };
}

export type WorkbookErrorCode = 'NOT_XLSX' | 'EMPTY' | 'NO_HEADER' | 'TOO_LARGE';

/** What the bytes turned out to be, when they are not a usable .xlsx. */
export type FileKind =
  | 'empty'
  | 'xls'
  | 'doc'
  | 'ppt'
  | 'encrypted'
  | 'docx'
  | 'pptx'
  | 'xlsb'
  | 'opendocument'
  | 'zip'
  | 'pdf'
  | 'html'
  | 'xml'
  | 'csv'
  | 'text'
  | 'image'
  | 'damaged'
  | 'unknown'
  | 'xlsx';

export class WorkbookError extends Error {
  constructor(
    readonly code: WorkbookErrorCode,
    /** Vietnamese, for the person: what the file is and what to do. */
    message: string,
    readonly fileKind: FileKind = 'xlsx',
    /** For NO_HEADER: the first rows of the first sheet, so the person can map columns by hand. */
    readonly firstRows?: { row: number; cells: string[] }[],
  ) {
    super(message);
    this.name = 'WorkbookError';
  }
}

/** A member as exported; missing facts (null or left out) are left blank in the sheet. */
export interface ExportMember {
  fullName: string;
  /** 'YYYY-MM-DD' */
  birthDate?: string | null;
  gender: 'male' | 'female';
  admissionDate?: string | null;
  officialDate?: string | null;
  cardNumber?: string | null;
  citizenId?: string | null;
  phone?: string | null;
  branchName: string;
  /** "Chính thức", "Dự bị", "Miễn sinh hoạt", … */
  statusLabel: string;
}

/** Counts for one branch. exempt and away are members already counted in official or probationary. */
export interface ExportBranchCount {
  branchName: string;
  official: number;
  probationary: number;
  exempt: number;
  away: number;
}

export const MAX_IMPORT_ROWS = 20_000;
/** Far above any 20,000-row list (≈1–2 MB); keeps a stray huge file from exhausting memory. */
export const MAX_IMPORT_BYTES = 30 * 1024 * 1024;
/** An .xlsx unpacks to ≈5–10 times its size; this bounds what a small file (a "zip bomb") can make exceljs allocate. */
const MAX_UNPACKED_BYTES = 300 * 1024 * 1024;
const HEADER_SEARCH_ROWS = 15;

export const MEMBER_SHEET = 'Danh sách đảng viên';
export const COUNT_SHEET = 'Số lượng theo chi bộ';
export const EXPORT_HEADERS = [
  'STT',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Ngày vào Đảng',
  'Ngày chính thức',
  'Số thẻ đảng viên',
  'Số CCCD',
  'Điện thoại',
  'Chi bộ',
  'Tình trạng',
] as const;

// ---- Text helpers ----------------------------------------------------------------------------------------------------

/** Spaces of every kind (no-break, zero-width, line breaks) as one ordinary space; NFC; trimmed. */
function clean(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\s]+/g, ' ')
    .trim();
}

/** Lower case, no diacritics, punctuation as spaces: the form headers, genders and branch names are compared in. */
function fold(text: string): string {
  return foldDiacritics(clean(text))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
/** 'YYYY-MM-DD' → 'dd/mm/yyyy', as people read dates. */
const dmy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

function listRows(rows: number[]): string {
  const shown = rows.slice(0, 5).join(', ');
  return rows.length > 5 ? `${shown} và ${rows.length - 5} dòng khác` : shown;
}

// ---- Headers ---------------------------------------------------------------------------------------------------------

/** A header reduced to words: no parenthesised notes such as "(dd/mm/yyyy)", no diacritics, no punctuation. */
function headerKey(text: string): string {
  return fold(text.replace(/\([^)]*\)|\[[^\]]*\]/g, ' '))
    .replace(/\b(?:dd|d|ngay) (?:mm|m|thang) (?:yyyy|yy|nam)\b$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const hasWords = (key: string, ...words: string[]) => words.some((w) => ` ${key} `.includes(` ${w} `));

/**
 * The member field a column header names, or null (STT, unknown columns). Knows the usual Vietnamese headers and their
 * variants, with or without diacritics, in any case, with notes in parentheses.
 */
export function headerField(text: string): MemberField | null {
  const k = headerKey(text);
  if (!k || ['stt', 'tt', 'so tt', 'so thu tu'].includes(k)) return null;
  const isDate = hasWords(k, 'ngay', 'nam', 'thang');
  if (hasWords(k, 'cccd', 'cmnd', 'can cuoc', 'dinh danh', 'chung minh', 'cmt')) {
    return hasWords(k, 'ngay', 'noi', 'cap') ? null : 'citizenId';
  }
  if (hasWords(k, 'so the', 'the dang', 'the dv', 'the dang vien')) {
    return hasWords(k, 'ngay', 'noi', 'bhyt', 'bhxh', 'bao hiem') ? null : 'cardNumber';
  }
  if (hasWords(k, 'dien thoai', 'sdt', 'so dt', 'dt', 'dtdd', 'di dong')) return 'phone';
  if (hasWords(k, 'chinh thuc')) return isDate && !hasWords(k, 'tinh trang', 'trang thai') ? 'officialDate' : null;
  if (hasWords(k, 'vao dang', 'ket nap')) {
    return hasWords(k, 'noi', 'chi bo', 'gioi thieu', 'nguoi') ? null : 'admissionDate';
  }
  if (hasWords(k, 'ngay sinh', 'nam sinh', 'sinh ngay') || k === 'ns' || k === 'sinh') return 'birthDate';
  if (hasWords(k, 'gioi tinh') || k === 'gioi' || k === 'nam nu' || k === 'phai') return 'gender';
  if (hasWords(k, 'chi bo') || k === 'cb') return hasWords(k, 'bi thu', 'ngay') ? null : 'branch';
  if (hasWords(k, 'ho va ten', 'ho ten', 'ten dang vien', 'ho va ten dang vien') || k === 'ten') return 'fullName';
  return null;
}

// ---- Cells -----------------------------------------------------------------------------------------------------------

type Raw =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; date: Date };

const EMPTY: Raw = { kind: 'empty' };

function rawOf(value: ExcelJS.CellValue | undefined): Raw {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') {
    const text = clean(value);
    return text ? { kind: 'text', text } : EMPTY;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : EMPTY;
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? EMPTY : { kind: 'date', date: value };
  if ('richText' in value) return rawOf(value.richText.map((part) => part.text).join(''));
  if ('formula' in value || 'sharedFormula' in value) return rawOf(value.result as ExcelJS.CellValue | undefined);
  if ('hyperlink' in value) return rawOf(value.text as ExcelJS.CellValue);
  if ('error' in value) return { kind: 'text', text: value.error };
  return EMPTY;
}

/** A Date from exceljs is the calendar date in UTC (Excel stores no time zone). */
const dateIso = (date: Date) => iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());

function shown(raw: Raw): string {
  switch (raw.kind) {
    case 'empty':
      return '';
    case 'text':
      return raw.text;
    case 'number':
      return String(raw.value);
    case 'date':
      return dmy(dateIso(raw.date));
  }
}

/**
 * A cell's content. A cell merged across columns belongs to its first column: the others read as empty (unless
 * `spread`). A cell merged down rows (a branch name beside all its members) reads the same on every row.
 */
function cellRaw(sheet: ExcelJS.Worksheet, row: number, col: number, spread = false): Raw {
  const cell = sheet.findCell(row, col);
  if (!cell) return EMPTY;
  if (cell.type === ExcelJS.ValueType.Merge) {
    const master = cell.master;
    if (!spread && master.row === cell.row) return EMPTY;
    return rawOf(master.value);
  }
  return rawOf(cell.value);
}

function lastColumn(sheet: ExcelJS.Worksheet, row: number): number {
  return sheet.findRow(row)?.cellCount ?? 0;
}

function rowTexts(sheet: ExcelJS.Worksheet, row: number, spread = false): string[] {
  const texts: string[] = [];
  const last = lastColumn(sheet, row);
  for (let col = 1; col <= last; col++) texts.push(shown(cellRaw(sheet, row, col, spread)));
  return texts;
}

// ---- Values ----------------------------------------------------------------------------------------------------------

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string } | null;

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= last ? iso(y, m, d) : null;
}

/** An Excel serial day number (1900 system; 1904 when the workbook says so) as 'YYYY-MM-DD'. */
function serialDate(serial: number, date1904: boolean): string | null {
  const days = Math.floor(serial) + (date1904 ? 1462 : 0);
  if (days < 61 || days > 2_958_465) return null;
  return dateIso(new Date(Date.UTC(1899, 11, 30) + days * 86_400_000));
}

function parseDate(raw: Raw, label: string, date1904: boolean): Parsed<string> {
  switch (raw.kind) {
    case 'empty':
      return null;
    case 'date':
      return { ok: true, value: dateIso(raw.date) };
    case 'number': {
      const v = raw.value;
      if (Number.isInteger(v) && v >= 1000 && v <= 9999) {
        return { ok: false, error: `${label} chỉ có năm (${v}): cần ghi đủ ngày, tháng, năm` };
      }
      const date = v >= 1 ? serialDate(v, date1904) : null;
      return date ? { ok: true, value: date } : { ok: false, error: `${label} không hợp lệ: ${v}` };
    }
    case 'text': {
      const text = raw.text.replace(/\s*([/.-])\s*/g, '$1');
      let m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(text);
      let date: string | null = null;
      if (m) date = validDate(Number(m[4]), Number(m[3]), Number(m[1]));
      else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(text))) {
        date = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
      } else if (/^\d{4}$/.test(text)) {
        return { ok: false, error: `${label} chỉ có năm (${text}): cần ghi đủ ngày, tháng, năm` };
      } else if (/^\d+(?:\.\d+)?$/.test(text) && Number(text) >= 10_000) {
        date = serialDate(Number(text), date1904);
      }
      return date ? { ok: true, value: date } : { ok: false, error: `${label} không hợp lệ: ${raw.text}` };
    }
  }
}

const MALE = new Set(['nam', 'nam gioi', 'm', 'male', 'trai', 'ong']);
const FEMALE = new Set(['nu', 'nu gioi', 'f', 'female', 'gai', 'ba']);

function parseGender(raw: Raw): Parsed<'male' | 'female'> {
  if (raw.kind === 'empty') return null;
  const key = fold(shown(raw));
  if (MALE.has(key)) return { ok: true, value: 'male' };
  if (FEMALE.has(key)) return { ok: true, value: 'female' };
  return { ok: false, error: `Giới tính phải là Nam hoặc Nữ: "${shown(raw)}"` };
}

// Vietnamese letters: a–z, đ, and the marks for ă â ê ô ơ ư and the five tones.
const VIETNAMESE_MARKS = /[\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b]/;

/** "nguyễn  văn AN" → "Nguyễn Văn An"; "h'hen niê" → "H'Hen Niê". */
export function properName(text: string): string {
  return clean(text)
    .split(' ')
    .map((word) =>
      word.toLocaleLowerCase('vi').replace(/(^|[-'’])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toLocaleUpperCase('vi')),
    )
    .join(' ');
}

function parseName(raw: Raw): Parsed<string> {
  if (raw.kind === 'empty') return null;
  const text = shown(raw);
  if (/\d/.test(text)) return { ok: false, error: `Họ và tên có chữ số: "${text}"` };
  for (const ch of text.normalize('NFD')) {
    if (/[a-zA-ZđĐ '’-]/.test(ch) || VIETNAMESE_MARKS.test(ch)) continue;
    return {
      ok: false,
      error: `Họ và tên có ký tự không phải chữ tiếng Việt ("${ch}" trong "${text}"): nếu tệp gõ bằng phông chữ cũ (.VnTime, TCVN3, VNI), hãy chuyển mã sang Unicode rồi nhập lại`,
    };
  }
  const name = properName(text);
  if (name.length > 100) return { ok: false, error: 'Họ và tên dài quá 100 ký tự' };
  return { ok: true, value: name };
}

/** Digits of an identifier; from a number cell, with the leading zeros Excel dropped put back to `width`. */
function identifierDigits(raw: Raw): { digits: string; restored: boolean } | null {
  if (raw.kind === 'number') {
    if (!Number.isInteger(raw.value) || raw.value < 0) return null;
    return { digits: String(raw.value), restored: false };
  }
  const digits = shown(raw).replace(/[\s.\-–]/g, '');
  return /^\d+$/.test(digits) ? { digits, restored: false } : null;
}

function parseCitizenId(raw: Raw): Parsed<{ id: string; restored: boolean }> {
  if (raw.kind === 'empty') return null;
  const found = identifierDigits(raw);
  if (!found) return { ok: false, error: `Số CCCD chỉ được có chữ số: ${shown(raw)}` };
  let { digits } = found;
  let restored = false;
  // A CCCD starts with a province code 001–096, so it always has a leading zero that a number cell loses.
  if (raw.kind === 'number' && (digits.length === 10 || digits.length === 11)) {
    digits = digits.padStart(12, '0');
    restored = true;
  }
  if (digits.length === 9) {
    return { ok: false, error: `Số CCCD phải có 12 chữ số: ${shown(raw)} (9 số là chứng minh nhân dân cũ; hãy ghi số CCCD)` };
  }
  if (digits.length !== 12) return { ok: false, error: `Số CCCD phải có 12 chữ số: ${shown(raw)}` };
  return { ok: true, value: { id: digits, restored } };
}

/** Party card numbers as written ("01.234567"), spaces removed; the key compares them without case or spaces. */
function parseCardNumber(raw: Raw): Parsed<{ card: string; fromNumber: boolean }> {
  if (raw.kind === 'empty') return null;
  const card = shown(raw).replace(/\s+/g, '');
  if (!/\d/.test(card) || card.length > 30) return { ok: false, error: `Số thẻ đảng viên không hợp lệ: ${shown(raw)}` };
  return { ok: true, value: { card, fromNumber: raw.kind === 'number' } };
}
const cardKey = (card: string) => card.replace(/\s+/g, '').toUpperCase();
const citizenKey = (id: string) => id.replace(/\D/g, '');

/**
 * Vietnamese phone numbers, loosely: mobile 0[35789] + 8 digits, landline 02 + 9 digits, or +84 without the 0. A number
 * cell that lost its leading 0 gets it back. Several numbers in one cell: the first is kept.
 */
function parsePhone(raw: Raw): Parsed<{ phone: string; many: boolean }> {
  if (raw.kind === 'empty') return null;
  const text = shown(raw);
  const parts = text.split(/[;,/\n]| - | – |\bhoặc\b/).map((p) => p.trim()).filter(Boolean);
  const first = parts[0] ?? text;
  let digits = first.replace(/\D/g, '');
  const plus = first.startsWith('+') || /^84(?:[35789]\d{8}|2\d{9})$/.test(digits);
  if (!plus && (/^[35789]\d{8}$/.test(digits) || /^2\d{9}$/.test(digits))) digits = `0${digits}`;
  const ok = plus
    ? /^84(?:[35789]\d{8}|2\d{9})$/.test(digits)
    : /^0[35789]\d{8}$/.test(digits) || /^02\d{9}$/.test(digits);
  if (!ok) {
    if (!plus && /^01\d{9}$/.test(digits)) {
      return { ok: false, error: `Số điện thoại ${text} là đầu số cũ 11 số (01…): hãy đổi sang số 10 chữ số hiện dùng` };
    }
    return { ok: false, error: `Số điện thoại không hợp lệ: ${text}` };
  }
  return { ok: true, value: { phone: plus ? `+${digits}` : digits, many: parts.length > 1 } };
}

function branchKeys(name: string): { full: string; short: string } {
  const full = fold(name).replace(/\b0+(\d)/g, '$1');
  return { full, short: full.replace(/^(?:chi bo|cb)\s+/, '') };
}

interface BranchIndex {
  find(text: string): { id: string; name: string } | { ambiguous: string[] } | null;
}

function branchIndex(branches: ImportContext['branches']): BranchIndex {
  const byFull = new Map<string, { id: string; name: string }[]>();
  const byShort = new Map<string, { id: string; name: string }[]>();
  const add = (map: typeof byFull, key: string, b: { id: string; name: string }) => {
    const list = map.get(key) ?? [];
    if (!list.includes(b)) list.push(b);
    map.set(key, list);
  };
  for (const b of branches) {
    const { full, short } = branchKeys(b.name);
    add(byFull, full, b);
    add(byShort, short, b);
  }
  // A list repeats a few branch names thousands of times: remember each spelling's answer.
  const seen = new Map<string, ReturnType<BranchIndex['find']>>();
  return {
    find(text) {
      const known = seen.get(text);
      if (known !== undefined) return known;
      const { full, short } = branchKeys(text);
      const hits = byFull.get(full) ?? byShort.get(short) ?? byShort.get(full) ?? [];
      const found = hits.length === 1 ? hits[0]! : hits.length > 1 ? { ambiguous: hits.map((h) => h.name) } : null;
      seen.set(text, found);
      return found;
    },
  };
}

// ---- Recognising what a file is --------------------------------------------------------------------------------------

const AS_XLSX = 'hãy mở bằng Excel (hoặc LibreOffice) và lưu lại dưới dạng Sổ làm việc Excel (.xlsx), rồi chọn lại tệp đó.';

/**
 * The entries of a zip's central directory (names, and the total size once unpacked), or null when it has none (not a
 * zip, or cut short).
 */
function zipDirectory(bytes: Uint8Array): { names: string[]; unpacked: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  const stop = Math.max(0, bytes.length - 65_557);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) !== 0x06054b50) continue;
    const count = view.getUint16(i + 10, true);
    let p = view.getUint32(i + 16, true);
    if (count === 0xffff || p === 0xffffffff) return { names: [], unpacked: 0 }; // ZIP64: let exceljs decide
    const names: string[] = [];
    let unpacked = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return null;
      const nameLength = view.getUint16(p + 28, true);
      unpacked += view.getUint32(p + 24, true);
      names.push(decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)).replace(/^\//, ''));
      p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    }
    return { names, unpacked };
  }
  return null;
}

const startsWith = (bytes: Uint8Array, ...sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** Throws WorkbookError unless the bytes look like an .xlsx; says what they are instead. */
function checkIsXlsx(bytes: Uint8Array): void {
  if (bytes.length === 0) {
    throw new WorkbookError('EMPTY', 'Tệp trống (0 byte): có thể tệp chưa được lưu hoặc chép chưa xong. Hãy chọn lại tệp Excel có danh sách đảng viên.', 'empty');
  }
  const fail = (kind: FileKind, message: string) => {
    throw new WorkbookError('NOT_XLSX', message, kind);
  };
  if (startsWith(bytes, 0x50, 0x4b)) {
    const directory = zipDirectory(bytes);
    if (directory === null) {
      fail('damaged', 'Tệp Excel bị hỏng hoặc chưa chép/tải về hết nên không đọc được. Hãy mở thử bằng Excel; nếu mở được, ' + AS_XLSX);
    }
    const names = directory!.names;
    const has = (name: string) => names.some((n) => n.toLowerCase() === name);
    if (has('xl/workbook.xml') || names.length === 0) {
      if (directory!.unpacked > MAX_UNPACKED_BYTES) {
        throw new WorkbookError(
          'TOO_LARGE',
          `Tệp Excel quá lớn khi giải nén (${Math.round(directory!.unpacked / 1024 / 1024)} MB): hãy chia danh sách thành nhiều tệp, ví dụ theo chi bộ.`,
        );
      }
      return;
    }
    if (has('xl/workbook.bin')) fail('xlsb', `Tệp Excel nhị phân (.xlsb) chưa được hỗ trợ: ${AS_XLSX}`);
    if (has('word/document.xml')) {
      fail('docx', 'Đây là tệp Word (.docx), không phải bảng tính Excel. Nếu danh sách là một bảng trong Word, hãy chép bảng sang Excel và lưu dưới dạng .xlsx.');
    }
    if (has('ppt/presentation.xml')) fail('pptx', 'Đây là tệp PowerPoint (.pptx), không phải bảng tính Excel. Hãy chọn tệp Excel (.xlsx) có danh sách đảng viên.');
    if (has('content.xml') && has('meta-inf/manifest.xml')) {
      fail('opendocument', 'Đây là tệp OpenDocument (LibreOffice, .ods/.odt), chưa được hỗ trợ: hãy mở bằng LibreOffice và lưu dưới dạng Excel 2007–365 (.xlsx).');
    }
    fail('zip', 'Đây là tệp nén (.zip), không phải bảng tính Excel: hãy giải nén rồi chọn tệp .xlsx bên trong.');
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    // An OLE compound file: its directory names the streams in UTF-16LE (looked for near either end of the file).
    const latin1 = new TextDecoder('latin1');
    const text = bytes.length <= 2_097_152 ? latin1.decode(bytes) : latin1.decode(bytes.subarray(0, 1_048_576)) + latin1.decode(bytes.subarray(-1_048_576));
    const stream = (name: string) => text.includes(name.split('').join('\0'));
    if (stream('EncryptedPackage') || stream('EncryptionInfo')) {
      fail('encrypted', 'Tệp Excel có đặt mật khẩu nên không đọc được: hãy mở bằng Excel, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại rồi chọn lại tệp.');
    }
    if (stream('WordDocument')) fail('doc', 'Đây là tệp Word 97–2003 (.doc), không phải bảng tính Excel. Nếu danh sách là một bảng trong Word, hãy chép bảng sang Excel và lưu dưới dạng .xlsx.');
    if (stream('PowerPoint Document')) fail('ppt', 'Đây là tệp PowerPoint 97–2003 (.ppt), không phải bảng tính Excel. Hãy chọn tệp Excel (.xlsx) có danh sách đảng viên.');
    fail('xls', 'Tệp Excel 97–2003 (.xls) chưa được hỗ trợ: hãy mở bằng Excel và lưu lại dưới dạng .xlsx (Tệp → Lưu như → Sổ làm việc Excel), rồi chọn tệp .xlsx đó.');
  }
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) {
    fail('pdf', 'Đây là tệp PDF, không phải bảng tính Excel: phần mềm không đọc được danh sách trong PDF. Hãy dùng tệp Excel (.xlsx) gốc của danh sách; nếu chỉ có bản PDF, cần nhập lại danh sách vào Excel.');
  }
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47) || startsWith(bytes, 0xff, 0xd8, 0xff) || startsWith(bytes, 0x47, 0x49, 0x46)) {
    fail('image', 'Đây là tệp ảnh, không phải bảng tính Excel. Hãy dùng tệp Excel (.xlsx) gốc của danh sách.');
  }
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) {
    fail('text', `Đây là tệp văn bản Unicode (.txt hoặc .csv), không phải bảng tính Excel: ${AS_XLSX}`);
  }
  const head = bytes.subarray(0, 8192);
  if (!head.includes(0)) {
    const text = new TextDecoder().decode(head).replace(/^\ufeff/, '').trimStart().toLowerCase();
    if (text.startsWith('<') && /<html|<table|<!doctype html/.test(text)) {
      fail('html', `Tệp này là trang web (HTML) mang đuôi Excel, thường do phần mềm khác xuất ra: ${AS_XLSX}`);
    }
    if (text.startsWith('<?xml') || text.startsWith('<')) {
      fail('xml', `Tệp này là XML (có thể là "Bảng tính XML 2003"), chưa được hỗ trợ: ${AS_XLSX}`);
    }
    const lines = text.split(/\r?\n/).filter((l) => l.trim()).slice(0, 5);
    if (lines.length > 0 && lines.every((l) => /[,;\t]/.test(l))) {
      fail('csv', `Tệp văn bản CSV chưa được hỗ trợ: ${AS_XLSX}`);
    }
    fail('text', `Đây là tệp văn bản thuần, không phải bảng tính Excel: ${AS_XLSX}`);
  }
  fail('unknown', 'Tệp này không phải bảng tính Excel (.xlsx) hoặc đã bị hỏng. Hãy mở bằng Excel và lưu lại dưới dạng .xlsx, rồi chọn lại tệp.');
}

// ---- Finding the table -----------------------------------------------------------------------------------------------

interface HeaderFound {
  headerRow: number;
  texts: string[];
  auto: ColumnMapping;
}

function autoMapping(texts: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  texts.forEach((text, i) => {
    const field = headerField(text);
    if (field && mapping[field] === undefined) mapping[field] = i + 1;
  });
  return mapping;
}

const fieldCount = (m: ColumnMapping) => Object.keys(m).length;

/**
 * The header: the first row within the first 15 where at least two cells name known fields. A header in two rows (a
 * parent such as "Ngày, tháng, năm" merged over "Sinh | Vào Đảng | Chính thức") is read as one when that names more.
 */
function findHeader(sheet: ExcelJS.Worksheet): HeaderFound | null {
  const last = Math.min(HEADER_SEARCH_ROWS, sheet.rowCount);
  for (let r = 1; r <= last; r++) {
    const texts = rowTexts(sheet, r);
    const auto = autoMapping(texts);
    if (fieldCount(auto) < 2) continue;
    const found: HeaderFound = { headerRow: r, texts, auto };
    const spread = rowTexts(sheet, r, true);
    const below = rowTexts(sheet, r + 1, true);
    const merged = spread.some((t, i) => t && !texts[i]);
    if (merged && below.some(Boolean)) {
      const combined = Array.from({ length: Math.max(spread.length, below.length) }, (_, i) => {
        const top = spread[i] ?? '';
        const bottom = below[i] ?? '';
        return bottom && bottom !== top ? `${top} ${bottom}`.trim() : top;
      });
      const auto2 = autoMapping(combined);
      if (fieldCount(auto2) > fieldCount(auto)) return { headerRow: r + 1, texts: combined, auto: auto2 };
    }
    return found;
  }
  return null;
}

/** With a mapping given by hand and no header recognised: the first row where two of the mapped columns hold text. */
function findHeaderByMapping(sheet: ExcelJS.Worksheet, mapping: ColumnMapping): HeaderFound | null {
  const columns = Object.values(mapping).filter((c): c is number => typeof c === 'number' && c > 0);
  if (columns.length < 2) return null;
  const last = Math.min(HEADER_SEARCH_ROWS, sheet.rowCount);
  for (let r = 1; r <= last; r++) {
    const filled = columns.filter((c) => cellRaw(sheet, r, c).kind === 'text').length;
    if (filled >= 2) return { headerRow: r, texts: rowTexts(sheet, r), auto: {} };
  }
  return null;
}

function applyMapping(auto: ColumnMapping, manual: ColumnMapping | undefined): ColumnMapping {
  const result: ColumnMapping = { ...auto };
  if (!manual) return result;
  for (const field of MEMBER_FIELDS) {
    if (!(field in manual)) continue;
    const column = manual[field];
    delete result[field];
    if (typeof column !== 'number' || !Number.isInteger(column) || column < 1) continue;
    for (const other of MEMBER_FIELDS) if (result[other] === column) delete result[other];
    result[field] = column;
  }
  return result;
}

function sheetIsBlank(sheet: ExcelJS.Worksheet): boolean {
  let blank = true;
  sheet.eachRow((row) => {
    if (blank && rowTextsFromRow(row).some(Boolean)) blank = false;
  });
  return blank;
}

function rowTextsFromRow(row: ExcelJS.Row): string[] {
  const texts: string[] = [];
  row.eachCell((cell) => texts.push(shown(rawOf(cell.value))));
  return texts;
}

const EXPECTED_HEADERS = `${REQUIRED_FIELDS.map((f) => FIELD_LABELS[f]).join(', ')} (và nếu có: ${MEMBER_FIELDS.filter(
  (f) => !REQUIRED_FIELDS.includes(f),
)
  .map((f) => FIELD_LABELS[f])
  .join(', ')})`;

// ---- Reading ---------------------------------------------------------------------------------------------------------

interface Draft {
  row: number;
  cells: Partial<Record<MemberField, string>>;
  errors: string[];
  warnings: string[];
  fullName?: string;
  gender?: 'male' | 'female';
  birthDate?: string;
  admissionDate?: string;
  officialDate?: string;
  cardNumber?: string;
  citizenId?: string;
  phone?: string;
  branch?: { id: string; name: string };
}

const DATE_FIELDS = ['birthDate', 'admissionDate', 'officialDate'] as const;
const PARTY_FOUNDED = '1930-02-03';

function isNumberingRow(texts: string[]): boolean {
  const filled = texts.filter(Boolean);
  return filled.length >= 3 && filled.every((t) => /^\(?(?:\d{1,2}|[A-Za-z])\)?$/.test(t));
}

/** A row that is clearly about a person: a date, a gender or an identifier that reads. */
function looksLikeMember(raws: Partial<Record<MemberField, Raw>>, date1904: boolean): boolean {
  const r = (f: MemberField) => raws[f] ?? EMPTY;
  if (DATE_FIELDS.some((f) => parseDate(r(f), '', date1904)?.ok)) return true;
  if (parseGender(r('gender'))?.ok) return true;
  return ['citizenId', 'cardNumber'].some((f) => /\d{6}/.test(shown(r(f as MemberField)).replace(/\D/g, '')));
}

function parseRow(
  row: number,
  raws: Partial<Record<MemberField, Raw>>,
  section: { id: string; name: string } | null,
  context: ImportContext,
  known: { cards: Set<string>; citizens: Set<string> },
  branches: BranchIndex,
  date1904: boolean,
): Draft {
  const d: Draft = { row, cells: {}, errors: [], warnings: [] };
  const get = (f: MemberField) => raws[f] ?? EMPTY;
  for (const f of MEMBER_FIELDS) {
    const text = shown(get(f));
    if (text) d.cells[f] = text;
  }

  const name = parseName(get('fullName'));
  if (!name) d.errors.push('Thiếu họ và tên');
  else if (!name.ok) d.errors.push(name.error);
  else d.fullName = name.value;

  const labels = { birthDate: 'Ngày sinh', admissionDate: 'Ngày vào Đảng', officialDate: 'Ngày chính thức' } as const;
  for (const f of DATE_FIELDS) {
    const parsed = parseDate(get(f), labels[f], date1904);
    if (!parsed) {
      if (f !== 'officialDate') d.errors.push(`Thiếu ${labels[f].charAt(0).toLowerCase()}${labels[f].slice(1)}`);
    } else if (!parsed.ok) d.errors.push(parsed.error);
    else if (parsed.value > context.today) d.errors.push(`${labels[f]} ${dmy(parsed.value)} là ngày trong tương lai`);
    else if (f === 'birthDate' && parsed.value < '1900-01-01') d.errors.push(`Ngày sinh không hợp lệ: ${dmy(parsed.value)}`);
    else if (f !== 'birthDate' && parsed.value < PARTY_FOUNDED) {
      d.errors.push(`${labels[f]} ${dmy(parsed.value)} trước ngày thành lập Đảng (03/02/1930)`);
    } else d[f] = parsed.value;
  }
  if (d.birthDate && d.admissionDate && d.admissionDate < addMonths(d.birthDate, 18 * 12)) {
    d.errors.push(`Ngày vào Đảng trước khi đủ 18 tuổi (sinh ${dmy(d.birthDate)}, vào Đảng ${dmy(d.admissionDate)})`);
  }
  if (d.admissionDate && d.officialDate) {
    if (d.admissionDate > d.officialDate) {
      d.errors.push(`Ngày vào Đảng sau ngày chính thức (${dmy(d.admissionDate)} > ${dmy(d.officialDate)})`);
    } else if (d.officialDate < addMonths(d.admissionDate, 12)) {
      d.warnings.push(`Ngày chính thức ${dmy(d.officialDate)} chưa đủ 12 tháng dự bị kể từ ngày vào Đảng ${dmy(d.admissionDate)}`);
    }
  }

  const gender = parseGender(get('gender'));
  if (!gender) d.errors.push('Thiếu giới tính');
  else if (!gender.ok) d.errors.push(gender.error);
  else d.gender = gender.value;

  const citizen = parseCitizenId(get('citizenId'));
  if (citizen && !citizen.ok) d.errors.push(citizen.error);
  else if (citizen?.ok) {
    d.citizenId = citizen.value.id;
    if (citizen.value.restored) {
      d.warnings.push(`Số CCCD ${d.citizenId}: đã thêm số 0 ở đầu (ô Excel dạng số làm mất số 0)`);
    }
    if (known.citizens.has(d.citizenId)) d.errors.push(`Số CCCD ${d.citizenId} đã có trong dữ liệu`);
    // Thông tư 07/2016/TT-BCA: the 4th digit encodes century and gender (0/1 1900s, 2/3 2000s; even male, odd
    // female) and the 5th–6th the last two digits of the birth year.
    if (d.birthDate && d.gender) {
      const code = Number(d.citizenId[3]);
      const year = Number(d.birthDate.slice(0, 4));
      const expected = (Math.floor(year / 100) - 19) * 2 + (d.gender === 'female' ? 1 : 0);
      if (code !== expected || d.citizenId.slice(4, 6) !== d.birthDate.slice(2, 4)) {
        d.warnings.push(`Số CCCD ${d.citizenId} không khớp với năm sinh ${year} hoặc giới tính (chữ số thứ 4–6 ghi giới tính và năm sinh)`);
      }
    }
  }

  const card = parseCardNumber(get('cardNumber'));
  if (card && !card.ok) d.errors.push(card.error);
  else if (card?.ok) {
    d.cardNumber = card.value.card;
    if (card.value.fromNumber) {
      d.warnings.push(`Số thẻ đảng viên ${d.cardNumber} đang là ô dạng số trong Excel, có thể đã mất số 0 ở đầu: hãy kiểm tra lại`);
    }
    if (known.cards.has(cardKey(d.cardNumber))) d.errors.push(`Số thẻ đảng viên ${d.cardNumber} đã có trong dữ liệu`);
  }

  const phone = parsePhone(get('phone'));
  if (phone && !phone.ok) d.errors.push(phone.error);
  else if (phone?.ok) {
    d.phone = phone.value.phone;
    if (phone.value.many) d.warnings.push(`Ô điện thoại có nhiều số, chỉ lấy số đầu: ${d.phone}`);
  }

  const branchRaw = get('branch');
  if (branchRaw.kind === 'empty') {
    if (section) d.branch = section;
    else d.errors.push('Thiếu chi bộ');
  } else {
    const text = shown(branchRaw);
    const found = branches.find(text);
    if (!found) d.errors.push(`Không có chi bộ "${text}" trong đảng bộ`);
    else if ('ambiguous' in found) d.errors.push(`Tên chi bộ "${text}" khớp với nhiều chi bộ: ${found.ambiguous.join('; ')}`);
    else d.branch = found;
  }
  return d;
}

/** Marks every row of a group sharing one identifier with the other rows' numbers. */
function markDuplicates(drafts: Draft[], key: (d: Draft) => string | undefined, message: (value: string, others: string) => string) {
  const groups = new Map<string, Draft[]>();
  for (const d of drafts) {
    const k = key(d);
    if (!k) continue;
    const list = groups.get(k);
    if (list) list.push(d);
    else groups.set(k, [d]);
  }
  for (const [, list] of groups) {
    if (list.length < 2) continue;
    for (const d of list) d.errors.push(message(key(d)!, listRows(list.filter((o) => o !== d).map((o) => o.row))));
  }
  return groups;
}

/**
 * Reads a member list from an .xlsx: finds the table (its header may sit below a title), maps the columns, and checks
 * every row. Throws WorkbookError when the file is not a usable .xlsx, has nothing in it, has no recognisable header,
 * or has more than 20,000 rows.
 */
export async function readMemberWorkbook(bytes: Uint8Array, context: ImportContext, mapping?: ColumnMapping): Promise<ImportPreview> {
  checkIsXlsx(bytes);
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new WorkbookError(
      'TOO_LARGE',
      `Tệp quá lớn (${(bytes.length / 1024 / 1024).toFixed(0)} MB, tối đa ${MAX_IMPORT_BYTES / 1024 / 1024} MB): hãy chia danh sách thành nhiều tệp, ví dụ theo chi bộ.`,
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch {
    throw new WorkbookError(
      'NOT_XLSX',
      `Tệp Excel bị hỏng hoặc có phần không đọc được: ${AS_XLSX}`,
      'damaged',
    );
  }
  const date1904 = Boolean((workbook.properties as Partial<ExcelJS.WorkbookProperties> | undefined)?.date1904);
  const sheets = [...workbook.worksheets].sort((a, b) => Number(a.state !== 'visible') - Number(b.state !== 'visible'));
  const filled = sheets.filter((s) => !sheetIsBlank(s));
  if (filled.length === 0) {
    throw new WorkbookError('EMPTY', 'Tệp Excel không có dữ liệu (mọi trang tính đều trống). Hãy chọn tệp có danh sách đảng viên.');
  }

  let sheet: ExcelJS.Worksheet | undefined;
  let header: HeaderFound | null = null;
  for (const s of filled) {
    header = findHeader(s) ?? (mapping ? findHeaderByMapping(s, mapping) : null);
    if (header) {
      sheet = s;
      break;
    }
  }
  if (!sheet || !header) {
    const first = filled[0]!;
    const firstRows: { row: number; cells: string[] }[] = [];
    for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, first.rowCount); r++) firstRows.push({ row: r, cells: rowTexts(first, r).slice(0, 40) });
    const where = filled.length > 1 ? `trong ${filled.length} trang tính` : `trong trang "${first.name}"`;
    throw new WorkbookError(
      'NO_HEADER',
      `Không tìm thấy dòng tiêu đề cột ${where} (xem ${HEADER_SEARCH_ROWS} dòng đầu). Bảng cần có dòng tiêu đề với các cột như: ${EXPECTED_HEADERS}. Hãy sửa tên cột trong tệp, hoặc chọn cột bằng tay.`,
      'xlsx',
      firstRows,
    );
  }

  const used = applyMapping(header.auto, mapping);
  const fieldOfColumn = new Map<number, MemberField>();
  for (const f of MEMBER_FIELDS) if (used[f] !== undefined) fieldOfColumn.set(used[f]!, f);
  const width = Math.max(header.texts.length, ...fieldOfColumn.keys());
  const headers = Array.from({ length: width }, (_, i) => ({
    column: i + 1,
    text: header.texts[i] ?? '',
    field: fieldOfColumn.get(i + 1) ?? null,
  })).filter((h) => h.text || h.field);

  // Collect the rows: skip blank ones, the column-number row, branch group titles; keep the rest as candidates.
  const branches = branchIndex(context.branches);
  const skippedRows: ImportPreview['skippedRows'] = [];
  const candidates: { row: number; raws: Partial<Record<MemberField, Raw>>; section: { id: string; name: string } | null; text: string }[] = [];
  let section: { id: string; name: string } | null = null;
  let sawSection = false;
  for (let r = header.headerRow + 1; r <= sheet.rowCount; r++) {
    const texts = rowTexts(sheet, r);
    const filledTexts = texts.filter(Boolean);
    if (filledTexts.length === 0) continue;
    const text = filledTexts.join(' | ');
    if (isNumberingRow(texts)) {
      skippedRows.push({ row: r, text, reason: 'Dòng đánh số cột' });
      continue;
    }
    if (filledTexts.length === 1 || (filledTexts.length === 2 && /^(?:[IVXLC]+|\d+|[A-Za-z])[.)]?$/.test(filledTexts[0]!))) {
      const title = filledTexts.join(' ').replace(/^(?:[IVXLC]+|\d+|[A-Za-z])(?:[.)]\s*|\s+)|^[-–•]\s*/, '');
      const found = branches.find(title);
      if (found && !('ambiguous' in found)) {
        section = found;
        sawSection = true;
        skippedRows.push({ row: r, text, reason: `Tiêu đề nhóm: các dòng dưới thuộc ${found.name}` });
        continue;
      }
    }
    const raws: Partial<Record<MemberField, Raw>> = {};
    for (const [col, f] of fieldOfColumn) raws[f] = cellRaw(sheet, r, col);
    candidates.push({ row: r, raws, section, text });
    if (candidates.length > MAX_IMPORT_ROWS + 50) break;
  }

  // The footer (totals, "Người lập biểu", signatures): trailing rows that are not about a person.
  let end = candidates.length;
  while (end > 0 && !looksLikeMember(candidates[end - 1]!.raws, date1904)) end--;
  if (end === 0) end = candidates.length; // nothing reads as a person: show every row with its reasons instead
  for (const c of candidates.slice(end)) skippedRows.push({ row: c.row, text: c.text, reason: 'Cuối bảng (tổng cộng, chữ ký, ghi chú), không phải đảng viên' });
  const members = candidates.slice(0, end);
  if (members.length > MAX_IMPORT_ROWS) {
    throw new WorkbookError(
      'TOO_LARGE',
      `Tệp có hơn ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')} dòng đảng viên, quá số dòng nhập được một lần: hãy chia thành nhiều tệp (ví dụ theo chi bộ) rồi nhập lần lượt.`,
    );
  }
  if (members.length === 0) {
    throw new WorkbookError(
      'EMPTY',
      `Trang "${sheet.name}" có dòng tiêu đề (dòng ${header.headerRow}) nhưng chưa có dòng đảng viên nào bên dưới.`,
    );
  }

  const known = {
    cards: new Set([...context.existingCardNumbers].map(cardKey)),
    citizens: new Set([...context.existingCitizenIds].map(citizenKey)),
  };
  const drafts = members.map((c) => parseRow(c.row, c.raws, c.section, context, known, branches, date1904));
  markDuplicates(drafts, (d) => d.citizenId, (id, others) => `Số CCCD ${id} trùng với dòng ${others}`);
  markDuplicates(drafts, (d) => (d.cardNumber ? cardKey(d.cardNumber) : undefined), (card, others) => `Số thẻ đảng viên ${card} trùng với dòng ${others}`);
  const people = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (!d.fullName || !d.birthDate) continue;
    const key = `${foldDiacritics(d.fullName)}|${d.birthDate}`;
    people.set(key, [...(people.get(key) ?? []), d]);
  }
  for (const list of people.values()) {
    if (list.length < 2) continue;
    for (const d of list) {
      d.warnings.push(`Trùng họ tên và ngày sinh với dòng ${listRows(list.filter((o) => o !== d).map((o) => o.row))}: có thể một người được ghi hai lần`);
    }
  }

  const rows: ImportRow[] = drafts.map((d) => ({
    row: d.row,
    values:
      d.errors.length === 0
        ? {
            fullName: d.fullName!,
            gender: d.gender!,
            birthDate: d.birthDate!,
            admissionDate: d.admissionDate!,
            officialDate: d.officialDate ?? null,
            cardNumber: d.cardNumber ?? null,
            citizenId: d.citizenId ?? null,
            phone: d.phone ?? null,
            branchId: d.branch!.id,
            branchName: d.branch!.name,
            status: d.officialDate ? 'official' : 'probationary',
          }
        : null,
    errors: d.errors,
    warnings: d.warnings,
    cells: d.cells,
  }));
  const valid = rows.filter((r) => r.values).length;
  return {
    sheetName: sheet.name,
    headerRow: header.headerRow,
    mapping: used,
    headers,
    missingFields: REQUIRED_FIELDS.filter((f) => used[f] === undefined && !(f === 'branch' && sawSection)),
    rows,
    skippedRows: skippedRows.sort((a, b) => a.row - b.row),
    summary: { total: rows.length, valid, invalid: rows.length - valid },
  };
}

// ---- Writing ---------------------------------------------------------------------------------------------------------

const FONT = 'Times New Roman';
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };

function utcDate(date: string | null | undefined): Date | null {
  if (!date) return null;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function titleRows(sheet: ExcelJS.Worksheet, title: string, subtitle: string, columns: number) {
  const last = String.fromCharCode(64 + columns);
  sheet.getRow(1).values = [title];
  sheet.mergeCells(`A1:${last}1`);
  sheet.getRow(1).font = { name: FONT, size: 14, bold: true };
  sheet.getRow(1).alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 24;
  sheet.getRow(2).values = [subtitle];
  sheet.mergeCells(`A2:${last}2`);
  sheet.getRow(2).font = { name: FONT, size: 12, italic: true };
  sheet.getRow(2).alignment = { horizontal: 'center' };
}

function styleHeader(row: ExcelJS.Row) {
  row.font = { name: FONT, size: 12, bold: true };
  row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  row.height = 32;
  row.eachCell((cell) => {
    cell.border = THIN;
    cell.fill = HEADER_FILL;
  });
}

const A4 = 9 as ExcelJS.PaperSize;
const MARGINS = { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };

/**
 * The member list and the counts per branch as an .xlsx. The first sheet's headers are the ones readMemberWorkbook
 * recognises, so an exported file imports again without manual mapping.
 */
export async function writeMemberWorkbook(data: {
  title: string;
  wardName: string;
  /** dd/mm/yyyy */
  exportedAt: string;
  members: ExportMember[];
  branchCounts: ExportBranchCount[];
}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Chi bộ số';
  workbook.title = data.title;

  // Sheet 1: the member list.
  const list = workbook.addWorksheet(MEMBER_SHEET, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 3, topLeftCell: 'C4' }],
    pageSetup: { paperSize: A4, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: MARGINS, printTitlesRow: '3:3' },
  });
  const widths = [6, 28, 12, 9, 14, 14, 16, 16, 14, 32, 18];
  list.columns = widths.map((width) => ({ width }));
  for (const col of [3, 5, 6]) list.getColumn(col).numFmt = 'dd/mm/yyyy';
  for (const col of [7, 8, 9]) list.getColumn(col).numFmt = '@';
  titleRows(list, data.title, `${data.wardName}, xuất ngày ${data.exportedAt} (${data.members.length.toLocaleString('vi-VN')} đảng viên)`, EXPORT_HEADERS.length);
  styleHeader(list.addRow([...EXPORT_HEADERS]));
  data.members.forEach((m, i) => {
    const row = list.addRow([
      i + 1,
      m.fullName,
      utcDate(m.birthDate),
      m.gender === 'male' ? 'Nam' : 'Nữ',
      utcDate(m.admissionDate),
      utcDate(m.officialDate),
      m.cardNumber ?? null,
      m.citizenId ?? null,
      m.phone ?? null,
      m.branchName,
      m.statusLabel,
    ]);
    row.font = { name: FONT, size: 12 };
    for (const col of [1, 3, 4, 5, 6, 7, 8, 9]) row.getCell(col).alignment = { horizontal: 'center' };
    for (const col of [3, 5, 6]) row.getCell(col).numFmt = 'dd/mm/yyyy';
    for (const col of [7, 8, 9]) row.getCell(col).numFmt = '@';
  });
  list.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3 + data.members.length, column: EXPORT_HEADERS.length } };

  // Sheet 2: counts per branch. Exempt and away are members already counted as official or probationary.
  const counts = workbook.addWorksheet(COUNT_SHEET, {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: A4, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: MARGINS, printTitlesRow: '3:3' },
  });
  counts.columns = [40, 12, 12, 16, 18, 12].map((width) => ({ width }));
  titleRows(counts, 'SỐ LƯỢNG ĐẢNG VIÊN THEO CHI BỘ', `${data.wardName}, xuất ngày ${data.exportedAt}`, 6);
  styleHeader(counts.addRow(['Chi bộ', 'Chính thức', 'Dự bị', 'Miễn sinh hoạt', 'Sinh hoạt nơi khác', 'Tổng số']));
  const first = 4;
  for (const b of data.branchCounts) {
    const r = counts.rowCount + 1;
    const row = counts.addRow([b.branchName, b.official, b.probationary, b.exempt, b.away, { formula: `B${r}+C${r}`, result: b.official + b.probationary }]);
    row.font = { name: FONT, size: 12 };
    row.eachCell((cell) => (cell.border = THIN));
  }
  const lastData = counts.rowCount;
  const sum = (col: string, pick: (b: ExportBranchCount) => number) => ({
    formula: lastData >= first ? `SUM(${col}${first}:${col}${lastData})` : '0',
    result: data.branchCounts.reduce((n, b) => n + pick(b), 0),
  });
  const total = counts.addRow([
    'Tổng cộng',
    sum('B', (b) => b.official),
    sum('C', (b) => b.probationary),
    sum('D', (b) => b.exempt),
    sum('E', (b) => b.away),
    sum('F', (b) => b.official + b.probationary),
  ]);
  total.font = { name: FONT, size: 12, bold: true };
  total.eachCell((cell) => (cell.border = THIN));
  const note = counts.addRow(['Tổng số = Chính thức + Dự bị. Miễn sinh hoạt và Sinh hoạt nơi khác là số đảng viên đã tính trong tổng số.']);
  note.font = { name: FONT, size: 11, italic: true };

  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as unknown as Uint8Array);
}

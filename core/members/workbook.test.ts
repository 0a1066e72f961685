import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  EXPORT_HEADERS,
  headerField,
  type ImportPreview,
  type MemberField,
  type ParsedMember,
  properName,
  readMemberWorkbook,
  WorkbookError,
  type ExportMember,
  writeMemberWorkbook,
} from './workbook';
import {
  buildWorkbook,
  excelSerial,
  EXISTING_CARD,
  makeContext,
  type MemberListFixture,
  memberListFixture,
  noDiacriticsFixture,
  utc,
  wrongFiles,
} from './workbook.fixtures';

const HEADER = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Ngày vào Đảng', 'Ngày chính thức', 'Số thẻ đảng viên', 'Số CCCD', 'Điện thoại', 'Chi bộ'];
const COL = { name: 1, birth: 2, gender: 3, admission: 4, official: 5, card: 6, cccd: 7, phone: 8, branch: 9 } as const;

/** A valid row in the standard layout, with some cells changed. */
function person(changes: Partial<Record<keyof typeof COL, ExcelJS.CellValue>> = {}, stt = 1): ExcelJS.CellValue[] {
  const row: ExcelJS.CellValue[] = [stt, 'Nguyễn Văn An', '05/03/1975', 'Nam', '19/05/2000', '19/05/2001', null, null, null, 'Chi bộ Tổ dân phố số 1'];
  for (const [key, value] of Object.entries(changes)) row[COL[key as keyof typeof COL]] = value;
  return row;
}

async function read(rows: ExcelJS.CellValue[][], options: { header?: ExcelJS.CellValue[]; mapping?: Parameters<typeof readMemberWorkbook>[2] } = {}) {
  const bytes = await buildWorkbook([{ rows: [options.header ?? HEADER, ...rows] }]);
  return readMemberWorkbook(bytes, makeContext(), options.mapping);
}

async function readOne(changes: Partial<Record<keyof typeof COL, ExcelJS.CellValue>>) {
  const preview = await read([person(changes)]);
  return preview.rows[0]!;
}

async function failure(promise: Promise<unknown>): Promise<WorkbookError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbookError);
    return error as WorkbookError;
  }
  throw new Error('expected a WorkbookError');
}

describe('a ward list of 3,000 members with a title, a column-number row, a footer and 12 bad rows', () => {
  let fixture: MemberListFixture;
  let preview: ImportPreview;

  beforeAll(async () => {
    fixture = await memberListFixture();
    const started = performance.now();
    preview = await readMemberWorkbook(fixture.bytes, fixture.context);
    // Not a pass condition (timings belong in bench/); printed so a slowdown is visible in the test output.
    console.info(`readMemberWorkbook: ${fixture.expected.size + fixture.bad.length} rows in ${Math.round(performance.now() - started)} ms`);
  });

  it('finds the header below the title and maps every column without help', () => {
    expect(preview.sheetName).toBe('DS đảng viên');
    expect(preview.headerRow).toBe(fixture.headerRow);
    expect(preview.mapping).toEqual({
      fullName: 2,
      birthDate: 3,
      gender: 4,
      admissionDate: 5,
      officialDate: 6,
      cardNumber: 7,
      citizenId: 8,
      phone: 9,
      branch: 10,
    });
    expect(preview.missingFields).toEqual([]);
    const ignored = preview.headers.filter((h) => h.field === null).map((h) => h.text);
    expect(ignored).toEqual(['STT', 'Ghi chú']);
    expect(preview.headers.find((h) => h.column === 3)).toEqual({ column: 3, text: 'Ngày, tháng, năm sinh', field: 'birthDate' });
  });

  it('counts 3,000 members: 2,988 valid and exactly the 12 bad rows', () => {
    expect(preview.summary).toEqual({ total: 3000, valid: 2988, invalid: 12 });
    const invalid = preview.rows.filter((r) => r.values === null);
    expect(invalid.map((r) => r.row)).toEqual(fixture.bad.map((b) => b.row));
  });

  it('gives each bad row its spreadsheet row number and one reason a clerk understands', () => {
    const byRow = new Map(preview.rows.map((r) => [r.row, r]));
    for (const bad of fixture.bad) {
      const row = byRow.get(bad.row)!;
      expect(row.errors, `row ${bad.row} (${bad.kind})`).toHaveLength(1);
      expect(row.errors[0], `row ${bad.row} (${bad.kind})`).toMatch(bad.reason);
    }
    // Spelled out for the reader: the first bad row is spreadsheet row 23 (data starts at row 6, the 18th member).
    expect(byRow.get(23)!.errors).toEqual(['Ngày sinh không hợp lệ: 31/02/1980']);
    const duplicates = preview.rows.filter((r) => r.errors.some((e) => e.includes('trùng với dòng')));
    expect(duplicates.map((r) => r.errors[0])).toEqual([
      `Số CCCD 001085012345 trùng với dòng ${duplicates[1]!.row}`,
      `Số CCCD 001085012345 trùng với dòng ${duplicates[0]!.row}`,
    ]);
  });

  it('parses every other row to the member it describes, whatever way the cell was typed', () => {
    const valid = preview.rows.filter((r) => r.values !== null);
    expect(valid).toHaveLength(fixture.expected.size);
    for (const row of valid) expect(row.values, `row ${row.row}`).toEqual(fixture.expected.get(row.row));
  });

  it('spot-checks rows typed in lower case, capitals, text dates, serial numbers and number cells', () => {
    const byRow = new Map(preview.rows.map((r) => [r.row, r]));
    // Member i sits on row 6 + i; i % 5 picks how the name was typed, i % 7 === 3 types the dates as text or serials.
    const lower = byRow.get(6 + 1)!;
    expect(lower.cells.fullName).toBe(lower.cells.fullName!.toLowerCase());
    expect(lower.values!.fullName).toBe(fixture.expected.get(7)!.fullName);
    expect(lower.values!.fullName).toMatch(/^(\p{Lu}\p{Ll}*)( \p{Lu}\p{Ll}*)+$/u);
    const upper = byRow.get(6 + 2)!;
    expect(upper.cells.fullName).toBe(upper.cells.fullName!.toUpperCase());
    expect(upper.values!.fullName).toMatch(/^(\p{Lu}\p{Ll}*)( \p{Lu}\p{Ll}*)+$/u);
    const spaced = byRow.get(6 + 3)!;
    expect(spaced.values!.fullName).not.toMatch(/ {2}|^ | $/);

    const textDates = [...byRow.values()].filter((r) => r.values && /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(r.cells.birthDate ?? ''));
    expect(textDates.length).toBeGreaterThan(100);
    for (const r of textDates.slice(0, 20)) {
      const [d, m, y] = r.cells.birthDate!.split(/[/.-]/).map(Number) as [number, number, number];
      expect(r.values!.birthDate).toBe(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    }
    const serials = [...byRow.values()].filter((r) => r.values && /^\d{5}$/.test(r.cells.birthDate ?? ''));
    expect(serials.length).toBeGreaterThan(10);

    const phoneAsNumber = [...byRow.values()].find((r) => r.values && /^9\d{8}$/.test(r.cells.phone ?? ''))!;
    expect(phoneAsNumber.values!.phone).toBe(`0${phoneAsNumber.cells.phone}`);
  });

  it('puts back the leading zeros of CCCDs kept as numbers, and says so', () => {
    expect(fixture.numericCitizenIdRows.length).toBeGreaterThan(50);
    const byRow = new Map(preview.rows.map((r) => [r.row, r]));
    for (const n of fixture.numericCitizenIdRows) {
      const row = byRow.get(n)!;
      expect(row.values!.citizenId).toMatch(/^00\d{10}$/);
      expect(row.cells.citizenId).toBe(String(Number(row.values!.citizenId)));
      expect(row.warnings.join(' ')).toContain('đã thêm số 0 ở đầu');
    }
  });

  it('leaves out the column-number row and the footer with its signatures', () => {
    expect(preview.skippedRows.map((s) => s.row)).toEqual(fixture.skipped);
    expect(preview.skippedRows[0]!.reason).toBe('Dòng đánh số cột');
    expect(preview.skippedRows.at(-1)!.text).toContain('Trần Thị Hoa');
  });

  it('sets the status from the official date', () => {
    const valid = preview.rows.flatMap((r) => (r.values ? [r.values] : []));
    const probationary = valid.filter((m) => m.status === 'probationary');
    expect(probationary.length).toBeGreaterThan(50);
    expect(probationary.every((m) => m.officialDate === null)).toBe(true);
    expect(valid.filter((m) => m.status === 'official').every((m) => m.officialDate !== null)).toBe(true);
  });
});

describe('headers', () => {
  it('maps headers without diacritics automatically', async () => {
    const { bytes, expected } = await noDiacriticsFixture();
    const preview = await readMemberWorkbook(bytes, makeContext());
    expect(preview.headerRow).toBe(2);
    expect(preview.missingFields).toEqual([]);
    expect(Object.keys(preview.mapping).sort()).toEqual(
      ['admissionDate', 'birthDate', 'branch', 'cardNumber', 'citizenId', 'fullName', 'gender', 'officialDate', 'phone'],
    );
    expect(preview.rows.map((r) => r.errors)).toEqual([[], []]);
    expect(preview.rows.map((r) => r.values)).toEqual(expected);
  });

  it.each<[string, MemberField | null]>([
    ['Họ và tên', 'fullName'],
    ['Họ tên', 'fullName'],
    ['Ho va ten', 'fullName'],
    ['  HỌ VÀ   TÊN\n(khai sinh) ', 'fullName'],
    ['Ngày sinh', 'birthDate'],
    ['Ngày sinh (dd/mm/yyyy)', 'birthDate'],
    ['Ngày, tháng, năm sinh', 'birthDate'],
    ['NS', 'birthDate'],
    ['ngay sinh dd/mm/yyyy', 'birthDate'],
    ['Giới tính', 'gender'],
    ['Nam/Nữ', 'gender'],
    ['Ngày vào Đảng', 'admissionDate'],
    ['Ngày kết nạp', 'admissionDate'],
    ['NGAY VAO DANG (ngày/tháng/năm)', 'admissionDate'],
    ['Ngày chính thức', 'officialDate'],
    ['Ngày công nhận chính thức', 'officialDate'],
    ['Số thẻ đảng viên', 'cardNumber'],
    ['Số thẻ', 'cardNumber'],
    ['Số thẻ ĐV', 'cardNumber'],
    ['Số CCCD', 'citizenId'],
    ['CCCD', 'citizenId'],
    ['Căn cước công dân', 'citizenId'],
    ['Số CMND/CCCD', 'citizenId'],
    ['Số định danh', 'citizenId'],
    ['Điện thoại', 'phone'],
    ['Số điện thoại', 'phone'],
    ['SĐT', 'phone'],
    ['Chi bộ', 'branch'],
    ['Tên chi bộ', 'branch'],
    ['STT', null],
    ['TT', null],
    ['Ghi chú', null],
    ['Ngày cấp CCCD', null],
    ['Nơi sinh', null],
    ['Số thẻ BHYT', null],
    ['Chính thức', null],
    ['Tình trạng', null],
  ])('"%s" → %s', (text, field) => {
    expect(headerField(text)).toBe(field);
  });

  it('reads a header in two rows: "Ngày, tháng, năm" over "Sinh | Vào Đảng | Chính thức"', async () => {
    const bytes = await buildWorkbook([
      {
        rows: [
          ['STT', 'Họ và tên', 'Ngày, tháng, năm', null, null, 'Giới tính', 'Chi bộ'],
          [null, null, 'Sinh', 'Vào Đảng', 'Chính thức'],
          [1, 'Lê Thị Hoa', utc('1970-02-01'), utc('1995-03-04'), utc('1996-03-04'), 'Nữ', 'Tổ dân phố số 2'],
        ],
        merges: ['A1:A2', 'B1:B2', 'C1:E1', 'F1:F2', 'G1:G2'],
      },
    ]);
    const preview = await readMemberWorkbook(bytes, makeContext());
    expect(preview.headerRow).toBe(2);
    expect(preview.mapping).toMatchObject({ fullName: 2, birthDate: 3, admissionDate: 4, officialDate: 5, gender: 6, branch: 7 });
    expect(preview.rows).toHaveLength(1);
    expect(preview.rows[0]!.values).toMatchObject({ fullName: 'Lê Thị Hoa', birthDate: '1970-02-01', officialDate: '1996-03-04', branchName: 'Chi bộ Tổ dân phố số 2' });
  });

  it('skips a cover sheet without a table and reads the first sheet that has a header', async () => {
    const bytes = await buildWorkbook([
      { name: 'Bìa', rows: [['ĐẢNG BỘ PHƯỜNG BA ĐÌNH'], ['Danh sách đảng viên năm 2025']] },
      { name: 'Danh sách', rows: [HEADER, person()] },
    ]);
    const preview = await readMemberWorkbook(bytes, makeContext());
    expect(preview.sheetName).toBe('Danh sách');
    expect(preview.summary.valid).toBe(1);
  });

  it('reports a required field with no column, and every row then says what is missing', async () => {
    const preview = await read([['Nguyễn Văn An', '05/03/1975', 'Nam']], { header: ['Họ và tên', 'Ngày sinh', 'Giới tính'] });
    expect(preview.missingFields).toEqual(['admissionDate', 'branch']);
    expect(preview.rows[0]!.errors).toEqual(['Thiếu ngày vào Đảng', 'Thiếu chi bộ']);
  });
});

describe('mapping columns by hand', () => {
  const header = ['TT', 'Đồng chí', 'Ngày sinh', 'Nam/Nữ', 'Ngày kết nạp', 'Số CMND', 'Chi bộ', 'Liên hệ'];
  const row = [1, 'Phạm Thu Trang', '12/12/1990', 'Nữ', '01/06/2016', '05.123456', 'Tổ dân phố số 3', '0987 654 321'];

  it('without a mapping: the unknown name column is missing and "Số CMND" is taken as the CCCD', async () => {
    const preview = await read([row], { header });
    expect(preview.mapping).toEqual({ birthDate: 3, gender: 4, admissionDate: 5, citizenId: 6, branch: 7 });
    expect(preview.missingFields).toEqual(['fullName']);
    expect(preview.rows[0]!.errors).toEqual(['Thiếu họ và tên', 'Số CCCD phải có 12 chữ số: 05.123456']);
  });

  it('a mapping overrides: the person names the columns and takes a column from the field it was given to', async () => {
    const preview = await read([row], { header, mapping: { fullName: 2, cardNumber: 6, phone: 8 } });
    expect(preview.mapping).toEqual({ fullName: 2, birthDate: 3, gender: 4, admissionDate: 5, cardNumber: 6, branch: 7, phone: 8 });
    expect(preview.headers.find((h) => h.column === 6)).toEqual({ column: 6, text: 'Số CMND', field: 'cardNumber' });
    expect(preview.rows[0]!.errors).toEqual([]);
    expect(preview.rows[0]!.values).toMatchObject({ fullName: 'Phạm Thu Trang', cardNumber: '05.123456', citizenId: null, phone: '0987654321' });
  });

  it('a field mapped to 0 is taken off its column', async () => {
    const preview = await read([person({ phone: 'xem sổ' })], { mapping: { phone: 0 } });
    expect(preview.mapping.phone).toBeUndefined();
    expect(preview.rows[0]!.errors).toEqual([]);
  });

  it('with headers the app does not know, it refuses with NO_HEADER, shows the first rows, and reads with a mapping', async () => {
    const rows = [['DANH SÁCH'], ['Name', 'Born', 'Sex', 'Joined', 'Unit'], ['Đỗ Minh Tuấn', '02/02/1982', 'Nam', '03/03/2010', 'Chi bộ Công an phường']];
    const bytes = await buildWorkbook([{ rows }]);
    const error = await failure(readMemberWorkbook(bytes, makeContext()));
    expect(error.code).toBe('NO_HEADER');
    expect(error.message).toMatch(/Không tìm thấy dòng tiêu đề cột/);
    expect(error.message).toContain('Họ và tên, Giới tính, Ngày sinh, Ngày vào Đảng, Chi bộ');
    expect(error.firstRows?.[1]).toEqual({ row: 2, cells: ['Name', 'Born', 'Sex', 'Joined', 'Unit'] });

    const preview = await readMemberWorkbook(bytes, makeContext(), { fullName: 1, birthDate: 2, gender: 3, admissionDate: 4, branch: 5 });
    expect(preview.headerRow).toBe(2);
    expect(preview.rows[0]!.values).toMatchObject({ fullName: 'Đỗ Minh Tuấn', branchId: 'branch-11', status: 'probationary' });
  });
});

describe('the checks on each row', () => {
  it('accepts every date format offices type, and Excel dates, as the same calendar day', async () => {
    const forms: ExcelJS.CellValue[] = ['05/03/1975', '5/3/1975', '05-03-1975', '05.03.1975', '1975-03-05', utc('1975-03-05'), 27458, '27458', ' 05 / 03 / 1975 '];
    const preview = await read(forms.map((birth, i) => person({ birth }, i + 1)));
    for (const row of preview.rows) expect(row.values?.birthDate, JSON.stringify(row.cells.birthDate)).toBe('1975-03-05');
  });

  it('reads Excel dates as the calendar date whatever the computer\'s time zone', async () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['Pacific/Honolulu', 'Asia/Ho_Chi_Minh', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        const preview = await read([person({ birth: utc('1975-01-01'), admission: utc('2000-12-31'), official: null })]);
        expect(preview.rows[0]!.values, tz).toMatchObject({ birthDate: '1975-01-01', admissionDate: '2000-12-31' });
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('reads dates of a workbook in the 1904 date system', async () => {
    const bytes = await buildWorkbook([{ rows: [HEADER, person({ birth: utc('1975-03-05'), admission: excelSerial('2000-05-19') - 1462, official: null })] }], { date1904: true });
    const preview = await readMemberWorkbook(bytes, makeContext());
    expect(preview.rows[0]!.values).toMatchObject({ birthDate: '1975-03-05', admissionDate: '2000-05-19' });
  });

  it.each<[string, Partial<Record<keyof typeof COL, ExcelJS.CellValue>>, string]>([
    ['an impossible day', { birth: '29/02/1975' }, 'Ngày sinh không hợp lệ: 29/02/1975'],
    ['a year only', { birth: 1975 }, 'Ngày sinh chỉ có năm (1975): cần ghi đủ ngày, tháng, năm'],
    ['month first', { admission: '05/19/2000' }, 'Ngày vào Đảng không hợp lệ: 05/19/2000'],
    ['a future date', { official: '01/01/2026' }, 'Ngày chính thức 01/01/2026 là ngày trong tương lai'],
    ['before the Party existed', { birth: '01/01/1905', admission: '01/01/1929', official: null }, 'Ngày vào Đảng 01/01/1929 trước ngày thành lập Đảng (03/02/1930)'],
    ['no birth date', { birth: null }, 'Thiếu ngày sinh'],
    ['no gender', { gender: null }, 'Thiếu giới tính'],
    ['a third gender word', { gender: 'Không rõ' }, 'Giới tính phải là Nam hoặc Nữ: "Không rõ"'],
    ['an old 9-digit CMND', { cccd: '012345678' }, 'Số CCCD phải có 12 chữ số: 012345678 (9 số là chứng minh nhân dân cũ; hãy ghi số CCCD)'],
    ['a short CCCD', { cccd: '0123' }, 'Số CCCD phải có 12 chữ số: 0123'],
    ['a wrong phone', { phone: '12345' }, 'Số điện thoại không hợp lệ: 12345'],
    ['an old 11-digit mobile', { phone: '01689123456' }, 'Số điện thoại 01689123456 là đầu số cũ 11 số (01…): hãy đổi sang số 10 chữ số hiện dùng'],
    ['digits in the name', { name: 'Nguyễn Văn 2' }, 'Họ và tên có chữ số: "Nguyễn Văn 2"'],
    ['an unknown branch', { branch: 'Chi bộ Tổ 99' }, 'Không có chi bộ "Chi bộ Tổ 99" trong đảng bộ'],
    ['no branch', { branch: null }, 'Thiếu chi bộ'],
  ])('refuses %s', async (_, changes, message) => {
    const row = await readOne(changes);
    expect(row.errors).toEqual([message]);
    expect(row.values).toBeNull();
  });

  it('refuses a name typed in an old font (TCVN3) and says how to fix it', async () => {
    const row = await readOne({ name: 'NguyÔn V¨n An' });
    expect(row.errors[0]).toMatch(/^Họ và tên có ký tự không phải chữ tiếng Việt .*TCVN3.*chuyển mã sang Unicode/);
  });

  it('refuses admission before 18 and admission after the official date', async () => {
    expect((await readOne({ birth: '01/06/1990', admission: '31/05/2008', official: null })).errors).toEqual([
      'Ngày vào Đảng trước khi đủ 18 tuổi (sinh 01/06/1990, vào Đảng 31/05/2008)',
    ]);
    expect((await readOne({ birth: '01/06/1990', admission: '01/06/2008', official: null })).errors).toEqual([]);
    expect((await readOne({ admission: '19/05/2002', official: '19/05/2001' })).errors).toEqual([
      'Ngày vào Đảng sau ngày chính thức (19/05/2002 > 19/05/2001)',
    ]);
  });

  it('warns, without refusing, when recognised before 12 months or when the CCCD does not match the birth year', async () => {
    const early = await readOne({ official: '01/12/2000' });
    expect(early.errors).toEqual([]);
    expect(early.warnings).toEqual(['Ngày chính thức 01/12/2000 chưa đủ 12 tháng dự bị kể từ ngày vào Đảng 19/05/2000']);
    const mismatch = await readOne({ cccd: '001180000123' });
    expect(mismatch.values?.citizenId).toBe('001180000123');
    expect(mismatch.warnings[0]).toMatch(/^Số CCCD 001180000123 không khớp với năm sinh 1975/);
  });

  it.each<[ExcelJS.CellValue, 'male' | 'female']>([
    ['Nam', 'male'],
    ['nam giới', 'male'],
    ['M', 'male'],
    ['Nữ', 'female'],
    ['nu', 'female'],
    ['NỮ', 'female'],
    ['F', 'female'],
    ['Nữ giới', 'female'],
  ])('reads gender %j', async (gender, expected) => {
    expect((await readOne({ gender })).values?.gender).toBe(expected);
  });

  it.each<[ExcelJS.CellValue, string]>([
    ['0912 345 678', '0912345678'],
    ['0912.345.678', '0912345678'],
    [912345678, '0912345678'],
    ['+84 912 345 678', '+84912345678'],
    [84912345678, '+84912345678'],
    ['(024) 3825 1234', '02438251234'],
    ['0912345678 - 0243 825 1234', '0912345678'],
  ])('keeps the digits of phone %j', async (phone, expected) => {
    expect((await readOne({ phone })).values?.phone).toBe(expected);
  });

  it('capitalises names the Vietnamese way', () => {
    expect(properName('nguyễn văn an')).toBe('Nguyễn Văn An');
    expect(properName('  NGUYỄN   THỊ  ÁNH  ')).toBe('Nguyễn Thị Ánh');
    expect(properName('đặng đức đạt')).toBe('Đặng Đức Đạt');
    expect(properName("h'hen niê")).toBe("H'Hen Niê");
    expect(properName('nguyễn văn an'.normalize('NFD'))).toBe('Nguyễn Văn An');
  });

  it('matches branch names without case, diacritics, the "Chi bộ" prefix or leading zeros', async () => {
    for (const branch of ['Chi bộ Tổ dân phố số 4', 'tổ dân phố số 4', 'CHI BO TO DAN PHO SO 04', 'Tổ dân phố số 04']) {
      expect((await readOne({ branch })).values?.branchId, branch).toBe('branch-4');
    }
  });

  it('names every other row holding the same CCCD or party card number', async () => {
    const preview = await read([
      person({ cccd: '001075000111', card: '03.111111' }, 1),
      person({ name: 'Trần Văn Bình', cccd: '001075000111' }, 2),
      person({ name: 'Lê Văn Cường', card: '03.111111' }, 3),
      person({ name: 'Võ Văn Dũng', cccd: '001075000111', card: EXISTING_CARD }, 4),
    ]);
    expect(preview.rows.map((r) => r.errors)).toEqual([
      ['Số CCCD 001075000111 trùng với dòng 3, 5', 'Số thẻ đảng viên 03.111111 trùng với dòng 4'],
      ['Số CCCD 001075000111 trùng với dòng 2, 5'],
      ['Số thẻ đảng viên 03.111111 trùng với dòng 2'],
      [`Số thẻ đảng viên ${EXISTING_CARD} đã có trong dữ liệu`, 'Số CCCD 001075000111 trùng với dòng 2, 3'],
    ]);
  });

  it('uses branch group titles when the list has no branch column', async () => {
    const header = HEADER.slice(0, 6);
    const strip = (r: ExcelJS.CellValue[]) => r.slice(0, 6);
    const bytes = await buildWorkbook([
      {
        rows: [
          header,
          ['I. CHI BỘ TỔ DÂN PHỐ SỐ 5'],
          strip(person({}, 1)),
          strip(person({ name: 'Hoàng Thị Lan', gender: 'Nữ' }, 2)),
          ['II. Chi bộ Trạm Y tế phường'],
          strip(person({ name: 'Bùi Văn Hải' }, 1)),
          ['III', 'Công an phường'],
          strip(person({ name: 'Ngô Văn Tú' }, 1)),
        ],
        merges: ['A2:F2', 'A5:F5'],
      },
    ]);
    const preview = await readMemberWorkbook(bytes, makeContext());
    expect(preview.missingFields).toEqual([]);
    expect(preview.rows.map((r) => [r.row, r.values?.branchName])).toEqual([
      [3, 'Chi bộ Tổ dân phố số 5'],
      [4, 'Chi bộ Tổ dân phố số 5'],
      [6, 'Chi bộ Trạm Y tế phường'],
      [8, 'Chi bộ Công an phường'],
    ]);
    expect(preview.skippedRows.map((s) => s.row)).toEqual([2, 5, 7]);
  });

  it('gives a branch cell merged down several rows to each of them', async () => {
    const bytes = await buildWorkbook([
      { rows: [HEADER, person({}, 1), person({ name: 'Mai Văn Nam', branch: null }, 2)], merges: ['J2:J3'] },
    ]);
    const preview = await readMemberWorkbook(bytes, makeContext());
    expect(preview.rows.map((r) => r.values?.branchId)).toEqual(['branch-1', 'branch-1']);
  });

  it('reads the cached result of a formula and the text of rich text and links', async () => {
    const preview = await read([
      person({
        name: { richText: [{ text: 'Trịnh ', font: { bold: true } }, { text: 'Văn Long' }] },
        birth: { formula: 'DATE(1975,3,5)', result: utc('1975-03-05') },
        phone: { text: '0912345678', hyperlink: 'tel:0912345678' },
      }),
    ]);
    expect(preview.rows[0]!.values).toMatchObject({ fullName: 'Trịnh Văn Long', birthDate: '1975-03-05', phone: '0912345678' });
  });
});

describe('files that are not a usable member list', () => {
  it.each<[string, string, RegExp]>([
    ['empty', 'EMPTY', /^Tệp trống \(0 byte\)/],
    ['xls', 'NOT_XLSX', /^Tệp Excel 97–2003 \(\.xls\) chưa được hỗ trợ: hãy mở bằng Excel và lưu lại dưới dạng \.xlsx/],
    ['encrypted', 'NOT_XLSX', /^Tệp Excel có đặt mật khẩu/],
    ['doc', 'NOT_XLSX', /^Đây là tệp Word 97–2003 \(\.doc\), không phải bảng tính Excel/],
    ['docx', 'NOT_XLSX', /^Đây là tệp Word \(\.docx\), không phải bảng tính Excel/],
    ['pdf', 'NOT_XLSX', /^Đây là tệp PDF, không phải bảng tính Excel/],
    ['csv', 'NOT_XLSX', /^Tệp văn bản CSV chưa được hỗ trợ: hãy mở bằng Excel .* lưu lại dưới dạng Sổ làm việc Excel \(\.xlsx\)/],
    ['utf16', 'NOT_XLSX', /^Đây là tệp văn bản Unicode \(\.txt hoặc \.csv\), không phải bảng tính Excel/],
    ['html', 'NOT_XLSX', /^Tệp này là trang web \(HTML\) mang đuôi Excel/],
    ['random', 'NOT_XLSX', /^Tệp này không phải bảng tính Excel \(\.xlsx\) hoặc đã bị hỏng/],
    ['zip', 'NOT_XLSX', /^Đây là tệp nén \(\.zip\)/],
    ['truncated', 'NOT_XLSX', /^Tệp Excel bị hỏng hoặc chưa chép\/tải về hết/],
    ['bomb', 'TOO_LARGE', /^Tệp Excel quá lớn khi giải nén \(\d+ MB\)/],
  ])('%s → %s', async (kind, code, message) => {
    const files = await wrongFiles();
    const error = await failure(readMemberWorkbook(files[kind as keyof typeof files], makeContext()));
    expect(error.code).toBe(code);
    expect(error.fileKind).toBe(({ truncated: 'damaged', random: 'unknown', utf16: 'text', bomb: 'xlsx' } as Record<string, string>)[kind] ?? kind);
    expect(error.message).toMatch(message);
  });

  it('EMPTY for a workbook with nothing in it, and for a header with no rows below', async () => {
    const blank = await failure(readMemberWorkbook(await buildWorkbook([{ rows: [] }]), makeContext()));
    expect(blank.code).toBe('EMPTY');
    expect(blank.message).toBe('Tệp Excel không có dữ liệu (mọi trang tính đều trống). Hãy chọn tệp có danh sách đảng viên.');
    const headerOnly = await failure(readMemberWorkbook(await buildWorkbook([{ name: 'DS', rows: [['DANH SÁCH'], HEADER] }]), makeContext()));
    expect(headerOnly.code).toBe('EMPTY');
    expect(headerOnly.message).toBe('Trang "DS" có dòng tiêu đề (dòng 2) nhưng chưa có dòng đảng viên nào bên dưới.');
  });

  it('TOO_LARGE above 20,000 member rows', async () => {
    const rows: ExcelJS.CellValue[][] = [['Họ và tên', 'Ngày sinh', 'Giới tính']];
    for (let i = 0; i < 20_001; i++) rows.push(['Nguyễn Văn An', '01/01/1980', 'Nam']);
    const error = await failure(readMemberWorkbook(await buildWorkbook([{ rows }]), makeContext()));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(/hơn 20\.000 dòng đảng viên.*chia thành nhiều tệp/);
  });
});

describe('writeMemberWorkbook', () => {
  const members: ExportMember[] = [
    { fullName: 'Nguyễn Văn An', birthDate: '1975-03-05', gender: 'male', admissionDate: '2000-05-19', officialDate: '2001-05-19', cardNumber: '01.000123', citizenId: '001075000123', phone: '0912345678', branchName: 'Chi bộ Tổ dân phố số 1', statusLabel: 'Chính thức' },
    { fullName: 'Trần Thị Bích', birthDate: '1988-12-01', gender: 'female', admissionDate: '2024-12-31', officialDate: null, cardNumber: null, citizenId: '001188000456', phone: '+84987654321', branchName: 'Chi bộ Trường THCS Nguyễn Trãi', statusLabel: 'Dự bị' },
    { fullName: 'Lê Văn Cường', birthDate: '1940-01-01', gender: 'male', admissionDate: '1962-02-03', officialDate: '1963-02-03', cardNumber: '05.000789', citizenId: null, phone: '02438251234', branchName: 'Chi bộ Tổ dân phố số 1', statusLabel: 'Miễn sinh hoạt' },
  ];
  const branchCounts = [
    { branchName: 'Chi bộ Tổ dân phố số 1', official: 40, probationary: 3, exempt: 5, away: 2 },
    { branchName: 'Chi bộ Trường THCS Nguyễn Trãi', official: 12, probationary: 1, exempt: 0, away: 1 },
  ];
  let bytes: Uint8Array;
  let book: ExcelJS.Workbook;

  beforeAll(async () => {
    bytes = await writeMemberWorkbook({ title: 'DANH SÁCH ĐẢNG VIÊN', wardName: 'Đảng bộ phường Ba Đình', exportedAt: '15/06/2025', members, branchCounts });
    book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  });

  it('round trip: the exported file reads back, without any mapping, as the same members', async () => {
    const preview = await readMemberWorkbook(bytes, makeContext());
    expect(preview.missingFields).toEqual([]);
    expect(preview.summary).toEqual({ total: 3, valid: 3, invalid: 0 });
    expect(preview.headers.filter((h) => h.field === null).map((h) => h.text)).toEqual(['STT', 'Tình trạng']);
    const back = preview.rows.map((r) => r.values!);
    const expected: Omit<ParsedMember, 'branchId' | 'status'>[] = members.map((m) => ({
      fullName: m.fullName,
      birthDate: m.birthDate!,
      gender: m.gender,
      admissionDate: m.admissionDate!,
      officialDate: m.officialDate ?? null,
      cardNumber: m.cardNumber ?? null,
      citizenId: m.citizenId ?? null,
      phone: m.phone ?? null,
      branchName: m.branchName,
    }));
    expect(back.map(({ branchId: _b, status: _s, ...m }) => m)).toEqual(expected);
    expect(back.map((m) => m.status)).toEqual(['official', 'probationary', 'official']);
  });

  it('round trip of the 3,000-row list: write what was read, read it again, get the same members', async () => {
    const fixture = await memberListFixture(3000, 99);
    const first = await readMemberWorkbook(fixture.bytes, fixture.context);
    const valid = first.rows.flatMap((r) => (r.values ? [r.values] : []));
    const exported = await writeMemberWorkbook({
      title: 'DANH SÁCH ĐẢNG VIÊN',
      wardName: 'Đảng bộ phường Ba Đình',
      exportedAt: '15/06/2025',
      members: valid.map((m) => ({ ...m, statusLabel: m.status === 'official' ? 'Chính thức' : 'Dự bị' })),
      branchCounts: [],
    });
    const again = await readMemberWorkbook(exported, fixture.context);
    expect(again.summary).toEqual({ total: valid.length, valid: valid.length, invalid: 0 });
    expect(again.rows.map((r) => r.values)).toEqual(valid);
    expect(again.rows.every((r) => r.warnings.every((w) => !w.includes('thêm số 0')))).toBe(true);
  });

  it('lays out the member sheet: title, exact headers, frozen header, real dates as dd/mm/yyyy, Times New Roman', () => {
    const sheet = book.getWorksheet('Danh sách đảng viên')!;
    expect(book.worksheets.map((s) => s.name)).toEqual(['Danh sách đảng viên', 'Số lượng theo chi bộ']);
    expect(sheet.getCell('A1').value).toBe('DANH SÁCH ĐẢNG VIÊN');
    expect(sheet.getCell('A2').value).toBe('Đảng bộ phường Ba Đình, xuất ngày 15/06/2025 (3 đảng viên)');
    expect((sheet.getRow(3).values as ExcelJS.CellValue[]).slice(1)).toEqual([...EXPORT_HEADERS]);
    expect(EXPORT_HEADERS.join(', ')).toBe('STT, Họ và tên, Ngày sinh, Giới tính, Ngày vào Đảng, Ngày chính thức, Số thẻ đảng viên, Số CCCD, Điện thoại, Chi bộ, Tình trạng');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const birth = sheet.getCell('C4');
    expect(birth.value).toEqual(utc('1975-03-05'));
    expect(birth.numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getCell('F5').value).toBeNull();
    expect(sheet.getCell('D5').value).toBe('Nữ');
    expect(sheet.getCell('H4').value).toBe('001075000123');
    expect(sheet.getCell('K6').value).toBe('Miễn sinh hoạt');
    expect(sheet.getCell('B4').font?.name).toBe('Times New Roman');
    expect(sheet.getCell('B3').font?.bold).toBe(true);
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(25);
  });

  it('lays out the counts per branch with Tổng số = Chính thức + Dự bị and a bold total row', () => {
    const sheet = book.getWorksheet('Số lượng theo chi bộ')!;
    expect((sheet.getRow(3).values as ExcelJS.CellValue[]).slice(1)).toEqual(['Chi bộ', 'Chính thức', 'Dự bị', 'Miễn sinh hoạt', 'Sinh hoạt nơi khác', 'Tổng số']);
    const result = (address: string) => (sheet.getCell(address).value as ExcelJS.CellFormulaValue).result;
    expect(sheet.getCell('A4').value).toBe('Chi bộ Tổ dân phố số 1');
    expect(result('F4')).toBe(43);
    const total = sheet.getRow(6);
    expect(total.getCell(1).value).toBe('Tổng cộng');
    expect([2, 3, 4, 5, 6].map((c) => (total.getCell(c).value as ExcelJS.CellFormulaValue).result)).toEqual([52, 4, 5, 3, 56]);
    expect((total.getCell(6).value as ExcelJS.CellFormulaValue).formula).toBe('SUM(F4:F5)');
    expect(total.getCell(1).font?.bold).toBe(true);
  });

  it('writes an empty list and no branches without failing', async () => {
    const empty = await writeMemberWorkbook({ title: 'DANH SÁCH', wardName: 'Phường X', exportedAt: '01/01/2025', members: [], branchCounts: [] });
    const error = await failure(readMemberWorkbook(empty, makeContext()));
    expect(error.code).toBe('EMPTY');
  });
});

// Nhập từ Excel against the demo ward: a 3,000-row list with twelve bad rows of different kinds is previewed (every bad
// row with its number and reason, nothing written), then the valid rows are imported after a confirmation; files that
// are not Excel are refused with the service's Vietnamese message.
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { ARTIFACTS, expect, signIn, startPreview, test, type Preview } from './fixtures';
import { dialog, openSection } from './pages';

let preview: Preview;
test.beforeAll(async () => {
  preview = await startPreview(['--demo']);
});
test.afterAll(async () => {
  await preview?.stop();
});

function readDb<T>(query: (db: Database.Database) => T): T {
  const db = new Database(path.join(preview.dataDir, 'chibo.sqlite'), { readonly: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}
const countMembers = () => readDb((db) => db.prepare('SELECT count(*) FROM members WHERE deleted_at IS NULL').pluck().get() as number);

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Ngọc', 'Quang', 'Thanh'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hương', 'Khánh', 'Lan', 'Long', 'Mai', 'Nam', 'Oanh', 'Phúc', 'Quyên', 'Sơn', 'Tâm', 'Uyên', 'Vinh', 'Yến'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const HEADERS = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Ngày vào Đảng', 'Ngày chính thức', 'Số thẻ đảng viên', 'Số CCCD', 'Điện thoại', 'Chi bộ'];
type Cells = [string, string, string, string, string, string, string, string, string];

/** 3,000 members across the demo's branches; the twelve rows in `bad` replace good ones, each with one problem. */
function memberList(branches: string[], existing: { citizenId: string; cardNumber: string }) {
  const rows: Cells[] = [];
  for (let i = 0; i < 3000; i++) {
    const female = i % 2 === 1;
    const year = 1950 + (i % 50);
    const birth = `${pad((i % 28) + 1)}/${pad((i % 12) + 1)}/${year}`;
    const admission = `${pad((i % 28) + 1)}/${pad(((i + 5) % 12) + 1)}/${year + 25}`;
    const official = i % 10 === 0 ? '' : `${pad((i % 28) + 1)}/${pad(((i + 5) % 12) + 1)}/${year + 26}`;
    const name = `${FAMILY[i % FAMILY.length]} ${female ? 'Thị' : MIDDLE[i % MIDDLE.length]} ${GIVEN[i % GIVEN.length]}`;
    // CCCD: province 096, then century and gender, the birth year's last two digits, a serial.
    const citizenId = `096${female ? 1 : 0}${String(year).slice(2)}${pad(i, 6)}`;
    rows.push([name, birth, female ? 'Nữ' : 'Nam', admission, official, `99.${pad(i, 6)}`, citizenId, `09${pad(10_000_000 + i, 8)}`, branches[i % branches.length]!]);
  }
  const bad: { index: number; change: (r: Cells) => void; reason: string }[] = [
    { index: 100, change: (r) => (r[1] = '31/02/1985'), reason: 'Ngày sinh không hợp lệ: 31/02/1985' },
    { index: 350, change: (r) => (r[1] = 'không rõ'), reason: 'Ngày sinh không hợp lệ' },
    { index: 600, change: (r) => (r[6] = existing.citizenId), reason: `Số CCCD ${existing.citizenId} đã có trong dữ liệu` },
    { index: 850, change: (r) => (r[8] = 'Chi bộ Khu phố Không Có'), reason: 'Không có chi bộ "Chi bộ Khu phố Không Có" trong đảng bộ' },
    { index: 1100, change: (r) => (r[0] = ''), reason: 'Thiếu họ và tên' },
    { index: 1350, change: (r) => (r[2] = ''), reason: 'Thiếu giới tính' },
    { index: 1600, change: (r) => ((r[1] = '01/01/2000'), (r[3] = '01/01/2010'), (r[4] = '')), reason: 'Ngày vào Đảng trước khi đủ 18 tuổi' },
    { index: 1850, change: (r) => ((r[3] = '01/01/2099'), (r[4] = '')), reason: 'Ngày vào Đảng 01/01/2099 là ngày trong tương lai' },
    { index: 2100, change: (r) => (r[6] = '12345'), reason: 'Số CCCD phải có 12 chữ số: 12345' },
    { index: 2350, change: (r) => ((r[3] = '01/06/2001'), (r[4] = '01/06/2000')), reason: 'Ngày vào Đảng sau ngày chính thức' },
    { index: 2600, change: (r) => (r[5] = existing.cardNumber), reason: `Số thẻ đảng viên ${existing.cardNumber} đã có trong dữ liệu` },
    { index: 2850, change: (r) => (r[8] = ''), reason: 'Thiếu chi bộ' },
  ];
  for (const b of bad) b.change(rows[b.index]!);
  // The header is row 1, so the member at index i is on row i + 2.
  return { rows, bad: bad.map((b) => ({ row: b.index + 2, reason: b.reason })) };
}

async function workbook(rows: Cells[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh sách');
  sheet.addRow(HEADERS);
  rows.forEach((r, i) => sheet.addRow([i + 1, ...r]));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A minimal .docx: a zip whose entries are a Word document's (stored, not compressed). */
function docx(): Buffer {
  const entries = [
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: 'word/document.xml', data: Buffer.from('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>') },
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const crc = zlib.crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('previews a 3,000-row list with twelve bad rows, writes nothing, then imports the valid rows', async ({ page, consoleErrors }) => {
  const { branches, existing } = readDb((db) => ({
    branches: db.prepare("SELECT name FROM organisations WHERE kind = 'branch' AND dissolved_at IS NULL AND deleted_at IS NULL").pluck().all() as string[],
    existing: db
      .prepare('SELECT citizen_id AS citizenId, card_number AS cardNumber FROM members WHERE citizen_id IS NOT NULL AND card_number IS NOT NULL LIMIT 1')
      .get() as { citizenId: string; cardNumber: string },
  }));
  expect(branches.length).toBeGreaterThanOrEqual(15);
  const { rows, bad } = memberList(branches, existing);
  const file = await workbook(rows);
  const before = countMembers();

  await page.goto(preview.url);
  await signIn(page, 'vanphong');
  await openSection(page, 'Đảng viên');
  const total = page.getByText(/^\d{1,3}(\.\d{3})* đảng viên$/);
  await expect(total).toHaveText(`${before} đảng viên`);

  await page.getByRole('button', { name: 'Nhập từ Excel' }).click();
  const importer = dialog(page, 'Nhập danh sách đảng viên từ Excel');
  await importer.locator('input[type=file]').setInputFiles({ name: 'danh-sach-3000.xlsx', mimeType: XLSX, buffer: file });

  await expect(importer.getByTestId('import-total')).toContainText('3.000');
  await expect(importer.getByTestId('import-valid')).toContainText('2.988');
  await expect(importer.getByTestId('import-invalid')).toContainText('12');
  await expect(importer.getByText('Dòng có lỗi (12)')).toBeVisible();
  await expect(importer.getByTestId('import-mapping')).toContainText('“Ngày vào Đảng” → Ngày vào Đảng');
  const errors = importer.getByTestId('import-errors');
  for (const b of bad) {
    const row = errors.locator('tr.ant-table-row').filter({ has: page.getByRole('cell', { name: String(b.row), exact: true }) });
    await expect(row, `row ${b.row}`).toContainText(b.reason);
  }
  await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'nhap-excel-xem-truoc.png') });

  // Nothing is written before the person confirms.
  expect(countMembers()).toBe(before);

  await importer.getByRole('button', { name: 'Nhập 2.988 dòng hợp lệ' }).click();
  const confirm = page.getByRole('dialog', { name: 'Nhập 2.988 dòng hợp lệ?' });
  await expect(confirm).toContainText('12 dòng có lỗi sẽ bị bỏ qua');
  await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'nhap-excel-xac-nhan.png') });
  await confirm.getByRole('button', { name: 'Quay lại' }).click();
  expect(countMembers()).toBe(before);

  await importer.getByRole('button', { name: 'Nhập 2.988 dòng hợp lệ' }).click();
  await confirm.getByRole('button', { name: 'Nhập', exact: true }).click();
  await expect(importer.getByText('Đã nhập 2.988 đảng viên.')).toBeVisible({ timeout: 30_000 });
  await expect(importer.getByText('Bỏ qua 12 dòng có lỗi.')).toBeVisible();
  await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'nhap-excel-xong.png') });
  expect(countMembers()).toBe(before + 2988);

  await importer.getByRole('button', { name: 'Đóng' }).first().click();
  await expect(total).toHaveText(`${(before + 2988).toLocaleString('vi-VN')} đảng viên`);
  expect(consoleErrors).toEqual([]);
});

test('refuses files that are not Excel with the service’s Vietnamese message', async ({ page }) => {
  const before = countMembers();
  await page.goto(preview.url);
  await signIn(page, 'vanphong');
  await openSection(page, 'Đảng viên');
  await page.getByRole('button', { name: 'Nhập từ Excel' }).click();
  const importer = dialog(page, 'Nhập danh sách đảng viên từ Excel');
  const input = importer.locator('input[type=file]');
  const alert = importer.getByRole('alert');

  await input.setInputFiles({ name: 'bien-ban.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx() });
  await expect(alert).toContainText('Đây là tệp Word (.docx), không phải bảng tính Excel.');
  await page.screenshot({ animations: 'disabled', path: path.join(ARTIFACTS, 'nhap-excel-tep-word.png') });

  await input.setInputFiles({ name: 'danh-sach.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n') });
  await expect(alert).toContainText('Đây là tệp PDF, không phải bảng tính Excel');

  const noise = Buffer.alloc(4096);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 256;
  await input.setInputFiles({ name: 'danh-sach.xlsx', mimeType: XLSX, buffer: noise });
  await expect(alert).toContainText('Tệp này không phải bảng tính Excel (.xlsx) hoặc đã bị hỏng.');
  expect(countMembers()).toBe(before);
});

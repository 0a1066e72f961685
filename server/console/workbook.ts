// The period report as an Excel workbook (issue 7, GET /console/export/report.xlsx), in the house style of the member
// workbooks (core/members/workbook.ts): Times New Roman, a merged title and subtitle, a shaded bordered header row, A4.
// One sheet for the period: each ward's line in bold, its branches' lines under it, then the total.
import ExcelJS from 'exceljs';
import type { PeriodReport, ReportRow } from '../../core/consoleApi';

const FONT = 'Times New Roman';
const THIN: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
const WARD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF5F5F5' } };
const A4 = 9 as ExcelJS.PaperSize;
const MARGINS = { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };

export const REPORT_HEADERS = [
  'Đơn vị',
  'Số chi bộ',
  'Số cuộc họp phải tổ chức',
  'Đã họp',
  'Đã thông qua biên bản',
  'Sinh hoạt chuyên đề',
  'Tỷ lệ dự họp',
  'Ý kiến bình quân mỗi cuộc họp',
  'Gửi dự thảo muộn',
  'Góp ý của cấp trên',
] as const;
const PERCENT = [7];
const DECIMAL = [8];

function values(name: string, r: Omit<ReportRow, 'slotId' | 'wardName' | 'branchId' | 'branchName'>): (string | number | null)[] {
  return [name, r.branches, r.expected, r.held, r.adopted, r.thematic, r.attendanceRate, r.opinionsPerMeeting, r.lateDrafts, r.feedback];
}

/** Sheet names may not hold : \ / ? * [ ] and have at most 31 characters. */
const sheetName = (label: string) => label.replace(/[:\\/?*[\]]/g, '-').slice(0, 31);

export async function reportWorkbook(report: PeriodReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Chi bộ số';
  workbook.title = `Thống kê sinh hoạt chi bộ ${report.label.toLowerCase()}`;
  const sheet = workbook.addWorksheet(sheetName(report.label), {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }],
    pageSetup: { paperSize: A4, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: MARGINS, printTitlesRow: '3:3' },
  });
  sheet.columns = [44, 10, 14, 10, 14, 14, 12, 16, 12, 12].map((width) => ({ width }));
  const last = String.fromCharCode(64 + REPORT_HEADERS.length);
  sheet.getRow(1).values = ['THỐNG KÊ SINH HOẠT CHI BỘ'];
  sheet.mergeCells(`A1:${last}1`);
  sheet.getRow(1).font = { name: FONT, size: 14, bold: true };
  sheet.getRow(1).alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 24;
  sheet.getRow(2).values = [report.label];
  sheet.mergeCells(`A2:${last}2`);
  sheet.getRow(2).font = { name: FONT, size: 12, italic: true };
  sheet.getRow(2).alignment = { horizontal: 'center' };

  const header = sheet.addRow([...REPORT_HEADERS]);
  header.font = { name: FONT, size: 12, bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 48;
  header.eachCell((cell) => {
    cell.border = THIN;
    cell.fill = HEADER_FILL;
  });

  const addLine = (cells: (string | number | null)[], kind: 'ward' | 'branch' | 'total') => {
    const row = sheet.addRow(cells);
    row.font = { name: FONT, size: 12, bold: kind !== 'branch' };
    for (let col = 1; col <= REPORT_HEADERS.length; col++) {
      const cell = row.getCell(col);
      cell.border = THIN;
      if (kind === 'ward') cell.fill = WARD_FILL;
      if (col > 1) cell.alignment = { horizontal: 'right' };
      if (PERCENT.includes(col)) cell.numFmt = '0.0%';
      if (DECIMAL.includes(col)) cell.numFmt = '0.0';
    }
    if (kind === 'branch') row.getCell(1).alignment = { indent: 2 };
  };
  for (const r of report.rows) {
    if (r.branchId === null) addLine(values(r.wardName, r), 'ward');
    else addLine(values(r.branchName ?? '', r), 'branch');
  }
  addLine(values('Tổng cộng', report.all), 'total');
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// An Annex A list as it leaves the front door: a CSV (a leading = + - @ defused for
// spreadsheets) or an XLSX workbook (exceljs) with one sheet named as Ofsted names it.
import ExcelJS from 'exceljs';
import type { AnnexAReturn } from '../queries/annex-a.js';

const sheetName = (list: AnnexAReturn['list']) => (list === 'list-1' ? 'List 1 - Contacts' : 'List 3 - Referrals');

const csvCell = (v: string | number) => (typeof v === 'number' ? String(v) : `"${v.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"`);

export function annexACsv(r: AnnexAReturn): string {
  return `${[r.columns.map(csvCell).join(','), ...r.rows.map((row) => row.map(csvCell).join(','))].join('\r\n')}\r\n`;
}

/** The list as a workbook: a header row in bold, frozen, every cell as text but the ages and counts. */
export async function annexAWorkbook(r: AnnexAReturn): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'PIT Stop engine';
  book.created = new Date();
  const sheet = book.addWorksheet(sheetName(r.list), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = r.columns.map((header) => ({ header, key: header, width: Math.max(12, header.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of r.rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

export const annexAFileName = (r: AnnexAReturn, ext: string) => `annex-a-${r.list}-${r.from}-${r.to}.${ext}`;

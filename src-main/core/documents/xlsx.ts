import type { Table } from './table';

/** Indian grouping (1,23,456.78) for rupee cells. */
export const RUPEES_FORMAT = '#,##,##0.00';
export const DATE_FORMAT = 'dd-mm-yyyy';

const toDate = (iso: string) => new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));

/**
 * One-sheet workbook. Money cells are numeric rupees (paise / 100, exact to the paisa for any
 * amount up to MAX_PAISE) formatted '#,##,##0.00', so sums and filters work; dates are real
 * date cells. Text is stored as text, which Excel never evaluates as a formula.
 */
export async function toXlsx(table: Table): Promise<Buffer> {
  return toXlsxBook([table]);
}

/** A workbook with one sheet per table (GSTR-1 sections, profit and loss with cash flow). */
export async function toXlsxBook(tables: readonly Table[]): Promise<Buffer> {
  // exceljs takes about a second to load: loaded on the first export, not when the app starts.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lenden';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({
      header: c.header,
      width: c.width ?? (c.type === 'money' ? 14 : c.type === 'date' ? 12 : 20),
      style: c.type === 'money' ? { numFmt: RUPEES_FORMAT } : c.type === 'date' ? { numFmt: DATE_FORMAT } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      sheet.addRow(
        table.columns.map((c, i) => {
          const v = row[i] ?? null;
          if (v === null || v === '') return null;
          if (c.type === 'money') return (v as number) / 100;
          if (c.type === 'date') return toDate(String(v));
          return v;
        }),
      );
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

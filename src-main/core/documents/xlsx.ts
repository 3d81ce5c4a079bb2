import { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Table } from './table';

/** Indian grouping (1,23,456.78) for rupee cells. */
export const RUPEES_FORMAT = '#,##,##0.00';
export const DATE_FORMAT = 'dd-mm-yyyy';

/** Rows written between two pauses that let the zip stream drain (and other calls run). */
const ROWS_PER_SLICE = 2_000;

const toDate = (iso: string) => new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));

/**
 * One-sheet workbook. Money cells are numeric rupees (paise / 100, exact to the paisa for any
 * amount up to MAX_PAISE) formatted '#,##,##0.00', so sums and filters work; dates are real
 * date cells. Text is stored as text, which Excel never evaluates as a formula.
 */
export async function toXlsx(table: Table): Promise<Buffer> {
  return toXlsxBook([table]);
}

/**
 * A workbook with one sheet per table (GSTR-1 sections, profit and loss with cash flow).
 *
 * Written with exceljs's streaming writer, each row committed as it is added: the in-memory
 * Workbook kept a cell object graph for the whole sheet and took a ~900 MB heap (12 s) for a
 * 100,000-entry ledger. Text goes to the shared-strings table as before (the in-memory writer's
 * format; without it exceljs writes formula-result `t="str"` cells).
 */
export async function toXlsxBook(tables: readonly Table[]): Promise<Buffer> {
  // exceljs takes about a second to load: loaded on the first export, not when the app starts.
  const { default: ExcelJS } = await import('exceljs');
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const finished = new Promise<void>((resolve, reject) => sink.on('finish', resolve).on('error', reject));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: true });
  workbook.creator = 'Lenden';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({
      header: c.header,
      width: c.width ?? (c.type === 'money' ? 14 : c.type === 'date' ? 12 : 20),
      style: c.type === 'money' ? { numFmt: RUPEES_FORMAT } : c.type === 'date' ? { numFmt: DATE_FORMAT } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    for (let r = 0; r < table.rows.length; r++) {
      const row = table.rows[r]!;
      sheet
        .addRow(
          table.columns.map((c, i) => {
            const v = row[i] ?? null;
            if (v === null || v === '') return null;
            if (c.type === 'money') return (v as number) / 100;
            if (c.type === 'date') return toDate(String(v));
            return v;
          }),
        )
        .commit();
      if ((r + 1) % ROWS_PER_SLICE === 0) await nextTurn();
    }
    sheet.commit();
  }
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}

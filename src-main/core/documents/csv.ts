import { paiseToRupeesText } from './format';
import type { Cell, CellType, Table } from './table';

/**
 * Spreadsheet apps run a cell that starts with = + - @ (or tab / carriage return) as a
 * formula, so text from the ledger (a party named "=HYPERLINK(...)") is prefixed with a quote.
 * Only text cells are guarded: numbers such as "-12.50" stay numbers.
 */
export const guardFormula = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const quote = (value: string): string => (/[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

function cellText(value: Cell, type: CellType): string {
  if (value === null || value === '') return '';
  if (type === 'money') return paiseToRupeesText(value as number);
  if (type === 'int') return String(value);
  if (type === 'date') return String(value);
  return guardFormula(String(value));
}

/** RFC 4180 CSV with CRLF line ends and a UTF-8 BOM so Excel reads Hindi names correctly. */
export function toCsv(table: Table): Buffer {
  const lines = [table.columns.map((c) => quote(guardFormula(c.header))).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c, i) => quote(cellText(row[i] ?? null, c.type))).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

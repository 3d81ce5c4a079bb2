/**
 * A sheet of data to export. Money cells hold integer paise and are turned into rupees only
 * when written (CSV text with two decimals, or a numeric XLSX cell); date cells hold ISO dates.
 */
export type CellType = 'text' | 'date' | 'money' | 'int';
export type Cell = string | number | null;

export interface Column {
  header: string;
  type: CellType;
  /** XLSX column width in characters. */
  width?: number;
}

export interface Table {
  /** Sheet name (XLSX) and file name stem. */
  name: string;
  columns: Column[];
  rows: Cell[][];
}

import { LendenError } from '../../../contract/errors';
import type { Sqlite } from '../../db/open';
import type { LedgerContext } from '../context';

export interface InvoiceNumber {
  invoiceNumber: string;
  series: number;
  seq: number;
}

/** INV- + series 2 + seq 7 -> INV-2-0007. The series keeps devices billing offline apart. */
export const formatInvoiceNumber = (prefix: string, series: number, seq: number): string => `${prefix}${series}-${String(seq).padStart(4, '0')}`;

/**
 * The next number of this device's series. Deleted bills count too, so a number is never
 * given twice; call it inside the write transaction (an IMMEDIATE one holds the write lock,
 * so two windows of one device cannot read the same maximum).
 */
export function nextInvoiceNumber(ctx: LedgerContext, prefix: string): InvoiceNumber {
  if (!ctx.db.inTransaction) throw new Error('numbering: call inside the bill write transaction');
  const series = ctx.invoiceSeries();
  if (!Number.isSafeInteger(series) || series < 1) throw new LendenError('INTERNAL', 'This device has no valid invoice series.');
  const seq = lastInvoiceSeq(ctx.db, ctx.businessId(), series) + 1;
  return { invoiceNumber: formatInvoiceNumber(prefix, series, seq), series, seq };
}

/**
 * The highest number this series has issued, as far as this device knows: its own bills, and
 * a floor it keeps from the server (which knows each series' highest number) and from every
 * database a restore replaced — so a restored backup never numbers a bill twice.
 */
export function lastInvoiceSeq(db: Sqlite, businessId: string, series: number): number {
  const { last } = db.prepare('SELECT max(invoice_seq) AS last FROM bills WHERE business_id = ? AND invoice_series = ?').get(businessId, series) as { last: number | null };
  return Math.max(last ?? 0, seriesFloor(db, series));
}

const floorKey = (series: number) => `invoice_floor:${series}`;

export function seriesFloor(db: Sqlite, series: number): number {
  const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(floorKey(series)) as { value: string } | undefined;
  const n = Number(row?.value ?? 0);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** Never lower: a floor only rises. */
export function raiseSeriesFloor(db: Sqlite, series: number, seq: number | null | undefined): void {
  if (!Number.isSafeInteger(seq) || (seq as number) <= seriesFloor(db, series)) return;
  db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(floorKey(series), String(seq));
}

/** The unique (business, invoice number) index is the last line of defence; say what it caught. */
export function isInvoiceNumberClash(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    /bills\.business_id, bills\.invoice_number/.test(error.message)
  );
}

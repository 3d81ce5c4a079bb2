import { LendenError } from '../../../contract/errors';
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
  const { last } = ctx.writer
    .prepare('SELECT max(invoice_seq) AS last FROM bills WHERE business_id = ? AND invoice_series = ?')
    .get(ctx.businessId(), series) as { last: number | null };
  const seq = (last ?? 0) + 1;
  return { invoiceNumber: formatInvoiceNumber(prefix, series, seq), series, seq };
}

/** The unique (business, invoice number) index is the last line of defence; say what it caught. */
export function isInvoiceNumberClash(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    /bills\.business_id, bills\.invoice_number/.test(error.message)
  );
}

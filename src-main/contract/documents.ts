import { z } from 'zod';
import { method } from './define';
import { id, isoDate, isoMonth, partyType } from './primitives';
import { paper } from './printing';

/**
 * A generated file, returned as bytes (base64). The core never writes files for documents:
 * the shell shows the save dialog, writes the bytes and opens the file.
 */
export interface GeneratedDocument {
  fileName: string;
  mimeType: 'application/pdf' | 'text/csv' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' | 'application/json' | 'application/xml';
  base64: string;
  byteLength: number;
}

const language = z.enum(['en', 'hi'], { message: 'Language must be en or hi.' }).optional().default('en');
const fromBeforeTo = (r: { from?: string; to?: string }) => !r.from || !r.to || r.from <= r.to;
const rangeMessage = { message: 'The start date must not be after the end date.', path: ['to'] };
const format = z.enum(['csv', 'xlsx'], { message: 'Format must be csv or xlsx.' });

export const documentsContract = {
  'documents.partyStatement': method(
    z.object({ partyType, partyId: id, from: isoDate, to: isoDate, language }).strict().refine(fromBeforeTo, rangeMessage),
  ).returns<GeneratedDocument>(),
  'documents.gstInvoice': method(z.object({ billId: id, language }).strict()).returns<GeneratedDocument>(),
  /** The bill as printed at the counter: a4 / a5 invoice or 80mm / 58mm receipt; default: this device's paper. */
  'documents.billPrint': method(z.object({ billId: id, language, paper: paper.optional() }).strict()).returns<GeneratedDocument>(),
  /** A staff member's salary slip for a month: attendance, earned, advances, paid and net due. */
  'documents.payslip': method(z.object({ staffId: id, month: isoMonth, language }).strict()).returns<GeneratedDocument>(),
  /**
   * CSV / XLSX exports. Money: CSV has rupees with exactly two decimals ("1234.50", made from
   * integer paise); XLSX has numeric rupee cells formatted '#,##,##0.00'. Dates: ISO in CSV,
   * real date cells in XLSX. Headers and the app's own words follow `language` (default English).
   */
  'documents.export': method(
    z.discriminatedUnion(
      'what',
      [
        z.object({ what: z.literal('parties'), format, type: partyType, language }).strict(),
        z.object({ what: z.literal('partyLedger'), format, partyType, partyId: id, from: isoDate.optional(), to: isoDate.optional(), language }).strict().refine(fromBeforeTo, rangeMessage),
        z.object({ what: z.literal('cashbook'), format, from: isoDate, to: isoDate, language }).strict().refine(fromBeforeTo, rangeMessage),
        z.object({ what: z.literal('bills'), format, from: isoDate, to: isoDate, language }).strict().refine(fromBeforeTo, rangeMessage),
      ],
      { message: 'Choose what to export: parties, partyLedger, cashbook or bills.' },
    ),
  ).returns<GeneratedDocument>(),
};

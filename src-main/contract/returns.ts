import { z } from 'zod';
import { method } from './define';
import type { GeneratedDocument } from './documents';
import { id, isoDate, isoMonth } from './primitives';

/**
 * Month-end: GST returns (GSTR-1, GSTR-3B), the checks that must pass before a return is
 * exported, profit and loss, cash flow by mode, the Tally export and e-invoice JSON. Every figure
 * is computed by the core (src-main/core/reports/gst, src-main/core/reports/profit-loss.ts,
 * src-main/core/exports/tally); the renderer only shows them. Money is integer paise.
 */

/** A return period: one month, or the quarter ending with `month` (QRMP filers). */
export interface ReturnPeriod {
  /** 'YYYY-MM' of the (last) month. */
  month: string;
  quarterly: boolean;
  from: string;
  to: string;
  /** The portal's filing period, MMYYYY of the (last) month. */
  fp: string;
}

export type GstProblemCode =
  | 'business_gstin_missing'
  | 'business_gstin_invalid'
  | 'business_state_missing'
  | 'gstin_invalid'
  | 'hsn_missing'
  | 'hsn_short'
  | 'pos_missing'
  | 'pos_differs'
  | 'tax_split'
  | 'tax_amount'
  | 'pin_missing'
  | 'address_missing'
  | 'invoice_number_format'
  | 'buyer_unregistered';

/**
 * One thing wrong with the data a return or an e-invoice is made from. `error` blocks the export
 * (a return is never exported silently wrong); `warning` is shown but does not block.
 * `billId` names the bill to open and fix; null for a problem of the business settings.
 */
export interface GstProblem {
  code: GstProblemCode;
  severity: 'error' | 'warning';
  billId: string | null;
  invoiceNumber: string | null;
  partyName: string | null;
  /** 1-based line of the bill, when the problem is a line's. */
  line: number | null;
  /** Plain English; the renderer shows its own words for `code` with these figures. */
  message: string;
  /** Figures for the message (the GSTIN, the HSN, the amounts that disagree). */
  detail: Record<string, string | number | null>;
}

export interface GstAmounts {
  taxablePaise: number;
  igstPaise: number;
  cgstPaise: number;
  sgstPaise: number;
  cessPaise: number;
}

export interface Gstr1SectionSummary extends GstAmounts {
  /** b2b, b2cl, b2cs, nil, hsn_b2b, hsn_b2c, doc_issue */
  section: 'b2b' | 'b2cl' | 'b2cs' | 'nil' | 'cdnr' | 'hsn_b2b' | 'hsn_b2c' | 'doc_issue';
  /** Invoices (b2b, b2cl), rows (b2cs, hsn, nil) or documents issued (doc_issue). */
  count: number;
  /** Invoice value (b2b, b2cl), nil-rated value (nil); 0 elsewhere. */
  valuePaise: number;
}

/** One invoice of a B2B or B2C-large table: the rate rows the portal wants, in paise. */
export interface Gstr1Invoice {
  billId: string;
  invoiceNumber: string;
  date: string;
  partyName: string;
  gstin: string | null;
  placeOfSupply: string;
  valuePaise: number;
  rates: (GstAmounts & { gstRateBp: number })[];
}

export interface Gstr1HsnRow extends GstAmounts {
  hsn: string;
  description: string;
  uqc: string;
  qtyMilli: number;
  gstRateBp: number;
}

export interface Gstr1DocRange {
  series: number;
  from: string;
  to: string;
  total: number;
  cancelled: number;
  netIssued: number;
}

export interface Gstr1Report {
  period: ReturnPeriod;
  gstin: string | null;
  problems: GstProblem[];
  /** true when no problem is an error: the JSON may be exported. */
  ready: boolean;
  sections: Gstr1SectionSummary[];
  b2b: Gstr1Invoice[];
  b2cl: Gstr1Invoice[];
  b2cs: (GstAmounts & { placeOfSupply: string; gstRateBp: number; supplyType: 'INTRA' | 'INTER' })[];
  nil: { supplyType: 'INTRB2B' | 'INTRAB2B' | 'INTRB2C' | 'INTRAB2C'; nilPaise: number; exemptPaise: number; nonGstPaise: number }[];
  hsnB2b: Gstr1HsnRow[];
  hsnB2c: Gstr1HsnRow[];
  docs: Gstr1DocRange[];
  /** Sale bills in the period and how many were deleted (cancelled). */
  counts: { bills: number; deleted: number };
  /** B2C large threshold that applied (invoice value above it), in paise. */
  b2clLimitPaise: number;
}

export interface Gstr3bHeads {
  igstPaise: number;
  cgstPaise: number;
  sgstPaise: number;
  cessPaise: number;
}

export interface Gstr3bReport {
  period: ReturnPeriod;
  gstin: string | null;
  problems: GstProblem[];
  ready: boolean;
  /** 3.1 (a) outward taxable supplies (other than zero rated, nil rated and exempted). */
  outwardTaxable: GstAmounts;
  /** 3.1 (c) other outward supplies (nil rated, exempted). */
  outwardNilExempt: { taxablePaise: number };
  /** 3.2 inter-state supplies to unregistered persons, by place of supply. */
  interStateUnregistered: { placeOfSupply: string; taxablePaise: number; igstPaise: number }[];
  /** 4 (A)(5) all other ITC: purchase bills from registered suppliers. */
  itcAvailable: Gstr3bHeads;
  /** Purchases whose supplier has no GSTIN: tax paid but no credit. */
  itcIneligible: Gstr3bHeads;
  /** 5: inward nil rated / exempt supplies (0% purchase lines), inter- and intra-state. */
  inwardNilExempt: { interPaise: number; intraPaise: number };
  /** Output tax by head. */
  outputTax: Gstr3bHeads;
  /** 6.1: credit used per head (IGST credit first, as rule 88A orders) and tax left to pay in cash. */
  creditUsed: { igst: Gstr3bHeads; cgst: Gstr3bHeads; sgst: Gstr3bHeads };
  payableInCash: Gstr3bHeads;
  /** Credit left over, carried to the next period. */
  creditCarriedForward: Gstr3bHeads;
}

export interface ProfitLossReport {
  from: string;
  to: string;
  /** Taxable value of live sale bills (after discounts, without GST). */
  salesPaise: number;
  /** Taxable value of live purchase bills. */
  purchasesPaise: number;
  /** Stock at purchase price on the day before `from` and on `to` (negative stock counts as none). */
  openingStockPaise: number;
  closingStockPaise: number;
  /** opening stock + purchases - closing stock. */
  costOfGoodsSoldPaise: number;
  /** sales - cost of goods sold. */
  grossProfitPaise: number;
  /** Money in entered in the cashbook without a party. */
  otherIncomePaise: number;
  /** Money out entered in the cashbook, by category; 'none' for entries without one. */
  expenses: { category: 'rent' | 'salary' | 'electricity' | 'transport' | 'other' | 'none'; amountPaise: number }[];
  expensesPaise: number;
  /** gross profit + other income - expenses. */
  netProfitPaise: number;
}

export type CashFlowMode = 'cash' | 'upi' | 'card' | 'cheque' | 'bank' | 'online';

export interface CashFlowByModeReport {
  from: string;
  to: string;
  modes: { mode: CashFlowMode; inPaise: number; outPaise: number; netPaise: number }[];
  cash: { openingPaise: number; inPaise: number; outPaise: number; closingPaise: number };
  online: { openingPaise: number; inPaise: number; outPaise: number; closingPaise: number };
  totals: { openingPaise: number; inPaise: number; outPaise: number; closingPaise: number };
}

/** What the Tally export holds, for the screen before it is saved. */
export interface TallyExportSummary {
  from: string;
  to: string;
  ledgers: number;
  stockItems: number;
  vouchers: { sales: number; purchase: number; receipt: number; payment: number };
}

const MAX_REPORT_DAYS = 366;
const dayCount = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
const range = z
  .object({ from: isoDate, to: isoDate })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'The start date must not be after the end date.', path: ['to'] })
  .refine((r) => r.from > r.to || dayCount(r.from, r.to) <= MAX_REPORT_DAYS, { message: `Choose a range of at most ${MAX_REPORT_DAYS} days.`, path: ['to'] });

const quarterEnds = new Set(['03', '06', '09', '12']);
export const returnPeriodInput = z
  .object({ month: isoMonth, quarterly: z.boolean({ message: 'Quarterly must be true or false.' }).optional().default(false) })
  .strict()
  .refine((p) => !p.quarterly || quarterEnds.has(p.month.slice(5, 7)), { message: 'A quarter ends in June, September, December or March.', path: ['month'] });

const language = z.enum(['en', 'hi'], { message: 'Language must be en or hi.' }).optional().default('en');

export const returnsContract = {
  'returns.gstr1': method(returnPeriodInput).returns<Gstr1Report>(),
  'returns.gstr3b': method(returnPeriodInput).returns<Gstr3bReport>(),
  /** The checks an e-invoice of this bill must pass (empty: ready). */
  'returns.einvoiceCheck': method(z.object({ billId: id }).strict()).returns<GstProblem[]>(),
  'returns.profitLoss': method(range).returns<ProfitLossReport>(),
  'returns.cashFlowByMode': method(range).returns<CashFlowByModeReport>(),
  'returns.tallySummary': method(range).returns<TallyExportSummary>(),
  /**
   * Files: GSTR-1 as the portal's JSON (refused with VALIDATION while a problem is an error),
   * CSV or XLSX; GSTR-3B as JSON or PDF; profit and loss (with cash flow by mode) as PDF or
   * XLSX; Tally import XML for a date range; NIC e-invoice JSON (schema 1.1) for one bill.
   */
  'returns.export': method(
    z.discriminatedUnion(
      'what',
      [
        z.object({ what: z.literal('gstr1'), format: z.enum(['json', 'csv', 'xlsx'], { message: 'Format must be json, csv or xlsx.' }), period: returnPeriodInput }).strict(),
        z.object({ what: z.literal('gstr3b'), format: z.enum(['json', 'pdf'], { message: 'Format must be json or pdf.' }), period: returnPeriodInput, language }).strict(),
        z.object({ what: z.literal('profitLoss'), format: z.enum(['pdf', 'xlsx'], { message: 'Format must be pdf or xlsx.' }), range, language }).strict(),
        z.object({ what: z.literal('tally'), range }).strict(),
        z.object({ what: z.literal('einvoice'), billId: id }).strict(),
      ],
      { message: 'Choose what to export: gstr1, gstr3b, profitLoss, tally or einvoice.' },
    ),
  ).returns<GeneratedDocument>(),
};

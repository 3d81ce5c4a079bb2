import { z } from 'zod';
import { method } from './define';
import { isoDate, isoMonth, partyType } from './primitives';

export interface DayBookEntry {
  id: string;
  partyType: 'customer' | 'supplier';
  partyId: string;
  partyName: string;
  direction: 'gave' | 'got';
  amountPaise: number;
  note: string | null;
  billId: string | null;
  createdAt: string;
}
export interface DayBookBill {
  id: string;
  kind: 'sale' | 'purchase';
  invoiceNumber: string;
  partyType: 'customer' | 'supplier';
  partyId: string;
  partyName: string;
  totalPaise: number;
  createdAt: string;
}
export interface DayBookCash {
  id: string;
  direction: 'in' | 'out';
  mode: 'cash' | 'online';
  amountPaise: number;
  note: string | null;
  createdAt: string;
}
export interface DayBook {
  date: string;
  entries: DayBookEntry[];
  bills: DayBookBill[];
  cashbook: DayBookCash[];
  totals: { gavePaise: number; gotPaise: number; salesPaise: number; purchasesPaise: number; cashInPaise: number; cashOutPaise: number };
}

/** Outstanding amount split by age in days (as of the report date). */
export interface AgeBuckets {
  d0to30Paise: number;
  d31to60Paise: number;
  d61to90Paise: number;
  over90Paise: number;
}
export interface PartyAgeing {
  partyId: string;
  name: string;
  phone: string | null;
  /** sum(gave) - sum(got) up to asOf: > 0 you'll get, < 0 you'll give. */
  balancePaise: number;
  /** Ageing of |balance|; the buckets add up to it exactly. */
  buckets: AgeBuckets;
  /** Date of the oldest entry still (partly) unsettled, FIFO. */
  oldestUnsettledDate: string | null;
}
export interface PartyBalancesReport {
  type: 'customer' | 'supplier';
  asOf: string;
  parties: PartyAgeing[];
  totals: { youWillGet: AgeBuckets & { totalPaise: number }; youWillGive: AgeBuckets & { totalPaise: number } };
}

export interface CashFlowPeriod {
  /** 'YYYY-MM-DD' for by=day, 'YYYY-MM' for by=month. */
  period: string;
  openingPaise: number;
  inPaise: number;
  outPaise: number;
  closingPaise: number;
}
export interface CashFlowReport {
  from: string;
  to: string;
  by: 'day' | 'month';
  periods: CashFlowPeriod[];
  totals: { openingPaise: number; inPaise: number; outPaise: number; closingPaise: number };
}

export interface GstRateRow {
  /** Basis points: 1800 = 18%. */
  gstRateBp: number;
  taxablePaise: number;
  cgstPaise: number;
  sgstPaise: number;
  igstPaise: number;
  /** Bills with at least one line at this rate. */
  billCount: number;
}
export interface GstTotals {
  taxablePaise: number;
  cgstPaise: number;
  sgstPaise: number;
  igstPaise: number;
}
export interface GstSummary {
  month: string;
  /** Output tax: live sale bills of the month, by rate. */
  output: GstRateRow[];
  outputTotals: GstTotals;
  /** Input tax: live purchase bills of the month, by rate. */
  input: GstRateRow[];
  inputTotals: GstTotals;
}

const MAX_DAYS = 3700;

export const reportsContract = {
  'reports.dayBook': method(z.object({ date: isoDate.optional() }).strict()).returns<DayBook>(),
  'reports.partyBalances': method(z.object({ type: partyType, asOf: isoDate.optional() }).strict()).returns<PartyBalancesReport>(),
  'reports.cashFlow': method(
    z
      .object({ from: isoDate, to: isoDate, by: z.enum(['day', 'month'], { message: 'Group by day or month.' }).optional().default('day') })
      .strict()
      .refine((r) => r.from <= r.to, { message: 'The start date must not be after the end date.', path: ['to'] })
      .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 <= MAX_DAYS, { message: 'Choose a range of at most ten years.', path: ['to'] }),
  ).returns<CashFlowReport>(),
  'reports.gstSummary': method(z.object({ month: isoMonth }).strict()).returns<GstSummary>(),
};

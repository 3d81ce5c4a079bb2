import { z } from 'zod';
import { method } from './define';
import { id, isoDate, optionalText, paise } from './primitives';
import type { PaymentMode } from './payments';

export type CashDirection = 'in' | 'out';
export type CashMode = 'cash' | 'online';
/** What money out of the cashbook was for; profit and loss lists expenses by it. */
export const CASHBOOK_CATEGORIES = ['rent', 'salary', 'electricity', 'transport', 'other'] as const;
export type CashbookCategory = (typeof CASHBOOK_CATEGORIES)[number];

export interface CashbookEntry {
  id: string;
  direction: CashDirection;
  amountPaise: number;
  mode: CashMode;
  date: string;
  note: string | null;
  /** null: not said (entries made before categories, or money in). */
  category: CashbookCategory | null;
  /** Set when the entry is a payment to staff (made and changed on the Staff screen). */
  staffId: string | null;
  staffPay: 'salary' | 'advance' | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** Balance movement of one day: closing = opening + in - out. */
export interface CashTotals {
  openingPaise: number;
  inPaise: number;
  outPaise: number;
  closingPaise: number;
}

/**
 * Money a ledger entry moved (a party paid or was paid, a bill payment): counted in the
 * cashbook by its mode, once. Its source stays the party ledger.
 */
export interface CashbookPayment {
  id: string;
  direction: CashDirection;
  amountPaise: number;
  mode: PaymentMode;
  modeRef: string | null;
  partyType: 'customer' | 'supplier';
  partyId: string;
  partyName: string;
  billId: string | null;
  note: string | null;
  createdAt: string;
}

/**
 * One day of the cashbook: cashbook entries and the money of ledger entries (payments), each
 * rupee once. Opening is derived from every live entry before the day (never
 * stored). The top-level totals cover both modes; `cash` and `online` split them so the
 * owner can count the drawer against `cashInHandPaise` (= cash.closingPaise).
 */
export interface CashbookDay extends CashTotals {
  date: string;
  cash: CashTotals;
  online: CashTotals;
  cashInHandPaise: number;
  /** Live entries of the day, oldest first. */
  entries: CashbookEntry[];
  /** Payments recorded in party ledgers that day, oldest first. */
  payments: CashbookPayment[];
  /** The day's in and out per mode (cashbook entries marked online count as 'online'). */
  byMode: Record<PaymentMode | 'online', { inPaise: number; outPaise: number }>;
}

export interface CashbookRangeDay {
  date: string;
  inPaise: number;
  outPaise: number;
  closingPaise: number;
  cashInPaise: number;
  cashOutPaise: number;
  cashClosingPaise: number;
}

/** Per-day totals for reports: every calendar day from..to, days without entries included. */
export interface CashbookRange {
  from: string;
  to: string;
  openingPaise: number;
  cashOpeningPaise: number;
  days: CashbookRangeDay[];
  totals: { inPaise: number; outPaise: number; cashInPaise: number; cashOutPaise: number };
}

/** A report range may span at most a leap year, so a whole financial year always fits. */
export const MAX_RANGE_DAYS = 366;

const cashDirection = z.enum(['in', 'out'], { message: 'Direction must be in or out.' });
const cashMode = z.enum(['cash', 'online'], { message: 'Mode must be cash or online.' });
const note = optionalText(500, 'Note');
const category = z.enum(CASHBOOK_CATEGORIES, { message: 'Category must be rent, salary, electricity, transport or other.' }).nullish();

const dayCount = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

export const cashbookContract = {
  'cashbook.add': method(
    z
      .object({
        direction: cashDirection,
        amountPaise: paise,
        // Most counter entries are cash; the form can still say online.
        mode: cashMode.optional().default('cash'),
        date: isoDate.optional(),
        note,
        category,
      })
      .strict(),
  ).returns<CashbookEntry>(),
  'cashbook.update': method(
    z
      .object({
        id,
        patch: z
          .object({ direction: cashDirection.optional(), amountPaise: paise.optional(), mode: cashMode.optional(), date: isoDate.optional(), note: note.optional(), category })
          .strict(),
      })
      .strict(),
  ).returns<CashbookEntry>(),
  'cashbook.delete': method(z.object({ id }).strict()).returns<CashbookEntry>(),
  'cashbook.restore': method(z.object({ id }).strict()).returns<CashbookEntry>(),
  'cashbook.day': method(z.object({ date: isoDate.optional() }).strict().optional().default({})).returns<CashbookDay>(),
  'cashbook.range': method(
    z
      .object({ from: isoDate, to: isoDate })
      .strict()
      .refine((r) => r.from <= r.to, { message: 'The start date must not be after the end date.', path: ['to'] })
      .refine((r) => r.from > r.to || dayCount(r.from, r.to) <= MAX_RANGE_DAYS, { message: `A range can cover at most ${MAX_RANGE_DAYS} days.`, path: ['to'] }),
  ).returns<CashbookRange>(),
};

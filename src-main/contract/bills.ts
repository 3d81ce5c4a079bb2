import { z } from 'zod';
import { method } from './define';
import type { Entry } from './entries';
import { id, isoDate, optionalText, paise, paiseOrZero, partyType, requiredText, stateCode, text } from './primitives';
import { modeRef, paymentMode } from './payments';

/** GST slabs in basis points (1800 = 18%): 0, 0.25, 3, 5, 12, 18, 28 and the 2025 GST 2.0 40% slab. */
export const GST_RATES_BP = [0, 25, 300, 500, 1200, 1800, 2800, 4000] as const;
export type GstRateBp = (typeof GST_RATES_BP)[number];
export const MAX_BILL_LINES = 200;
/** Quantities are integer thousandths of a unit: 1_500 = 1.5 kg. Up to a billion units. */
export const MAX_QTY_MILLI = 1_000_000_000_000;

export type BillKind = 'sale' | 'purchase';
export type BillStatus = 'unpaid' | 'partly_paid' | 'paid';

/** One computed line. value = qty x rate; taxable = value - its share of the bill discount. */
export interface BillLine {
  /** The item this line sold or bought (its stock moves); null for a free line. */
  itemId: string | null;
  name: string;
  hsn: string | null;
  qtyMilli: number;
  unit: string | null;
  ratePaise: number;
  gstRateBp: number;
  valuePaise: number;
  discountPaise: number;
  taxablePaise: number;
  cgstPaise: number;
  sgstPaise: number;
  igstPaise: number;
  totalPaise: number;
}

/** Bill totals: every figure is the sum of the lines' figures; total = taxable + tax + roundOff. */
export interface BillTotals {
  lines: BillLine[];
  /** Sum of line values before the discount. */
  subtotalPaise: number;
  discountPaise: number;
  taxablePaise: number;
  cgstPaise: number;
  sgstPaise: number;
  igstPaise: number;
  roundOffPaise: number;
  totalPaise: number;
  /** Place of supply (GST state code) the tax split was computed for; null = the business's own state. */
  placeOfSupply: string | null;
  /** true: IGST; false: CGST + SGST. */
  interState: boolean;
}

export interface BillSummary {
  id: string;
  kind: BillKind;
  partyType: 'customer' | 'supplier';
  partyId: string;
  partyName: string;
  invoiceNumber: string;
  date: string;
  dueDate: string | null;
  totalPaise: number;
  /** Sum of the live payment entries linked to the bill (never a stored number). */
  paidPaise: number;
  /** total - paid, never below zero (payments recorded at once on two devices can exceed the total). */
  duePaise: number;
  status: BillStatus;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface Bill extends BillSummary, Omit<BillTotals, 'lines'> {
  invoiceSeries: number;
  invoiceSeq: number;
  lines: BillLine[];
  note: string | null;
  /** The ledger entry the bill posted (direction gave for a sale, got for a purchase). */
  postingEntryId: string;
  /** Live payment entries, oldest first. */
  payments: Entry[];
}

export interface BillPage {
  items: BillSummary[];
  total: number;
}

const billKind = z.enum(['sale', 'purchase'], { message: 'Bill kind must be sale or purchase.' });

const gstRate = z
  .number({ message: 'GST rate must be a number of basis points.' })
  .int({ message: 'GST rate must be whole basis points (1800 = 18%).' })
  .refine((v) => (GST_RATES_BP as readonly number[]).includes(v), { message: 'GST rate must be 0, 0.25, 3, 5, 12, 18, 28 or 40 percent.' });

export const billLineInput = z
  .object({
    name: requiredText(200, 'Item name'),
    hsn: text(8, 'HSN/SAC')
      .refine((v) => v === '' || /^\d{2,8}$/.test(v), { message: 'HSN/SAC must be 2 to 8 digits.' })
      .nullish()
      .transform((v) => (v ? v : null)),
    qtyMilli: z
      .number({ message: 'Quantity must be a number of thousandths.' })
      .int({ message: 'Quantity must be whole thousandths (1500 = 1.5).' })
      .positive({ message: 'Quantity must be more than zero.' })
      .max(MAX_QTY_MILLI, { message: 'Quantity is too large.' }),
    unit: optionalText(16, 'Unit'),
    ratePaise: paiseOrZero,
    gstRateBp: gstRate,
    itemId: id.nullish().transform((v) => v ?? null),
  })
  .strict();

/** Money taken (sale) or paid (purchase) while the bill is made: all of it or a part. */
export const billPaymentInput = z.object({ amountPaise: paise, mode: paymentMode, modeRef, date: isoDate.optional() }).strict();

const lines = z.array(billLineInput).max(MAX_BILL_LINES, { message: `A bill can have at most ${MAX_BILL_LINES} lines.` });
const discountPaise = paiseOrZero.optional().default(0);
/** Round the total to the nearest rupee (the round-off shows as its own line). */
const roundOff = z.boolean({ message: 'Round off must be true or false.' }).optional().default(true);
const placeOfSupply = stateCode.nullish();

export const billInput = z
  .object({
    kind: billKind,
    partyType,
    partyId: id,
    date: isoDate.optional(),
    dueDate: isoDate.nullish(),
    /** Defaults to the party's state, else the business's. */
    placeOfSupply,
    lines: lines.min(1, { message: 'A bill needs at least one line.' }),
    discountPaise,
    roundOff,
    note: optionalText(500, 'Note'),
    payment: billPaymentInput.optional(),
  })
  .strict();

/** An edit replaces what it names; lines, discount and round-off are recomputed together. */
export const billPatch = z
  .object({
    partyType: partyType.optional(),
    partyId: id.optional(),
    date: isoDate.optional(),
    dueDate: isoDate.nullish(),
    placeOfSupply,
    lines: lines.min(1, { message: 'A bill needs at least one line.' }).optional(),
    discountPaise: paiseOrZero.optional(),
    roundOff: z.boolean({ message: 'Round off must be true or false.' }).optional(),
    note: optionalText(500, 'Note').optional(),
  })
  .strict()
  .refine((p) => (p.partyType === undefined) === (p.partyId === undefined), { message: 'Give both party type and party id to change the party.', path: ['partyId'] });

export const billsContract = {
  'bills.create': method(billInput).returns<Bill>(),
  'bills.update': method(z.object({ id, patch: billPatch }).strict()).returns<Bill>(),
  'bills.get': method(z.object({ id }).strict()).returns<Bill>(),
  'bills.list': method(
    z
      .object({
        status: z.enum(['all', 'unpaid', 'partly_paid', 'paid'], { message: 'Status must be all, unpaid, partly_paid or paid.' }).optional().default('all'),
        kind: billKind.optional(),
        partyId: id.optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        search: z.string().max(120, { message: 'Search is too long.' }).optional().default(''),
        includeDeleted: z.boolean().optional().default(false),
        offset: z.number().int().min(0).max(10_000_000).optional().default(0),
        limit: z.number().int().min(1).max(1000).optional().default(100),
      })
      .strict(),
  ).returns<BillPage>(),
  'bills.delete': method(z.object({ id }).strict()).returns<Bill>(),
  'bills.restore': method(z.object({ id }).strict()).returns<Bill>(),
  'bills.recordPayment': method(
    z
      .object({ billId: id, amountPaise: paise, mode: paymentMode.optional().default('cash'), modeRef, date: isoDate.optional(), note: optionalText(500, 'Note') })
      .strict(),
  ).returns<{ bill: Bill; payment: Entry }>(),
  /** Totals of a draft, computed by the core so no GST rule lives in the renderer. Saves nothing. */
  'bills.preview': method(
    z
      .object({
        partyType: partyType.optional(),
        partyId: id.optional(),
        placeOfSupply,
        lines,
        discountPaise,
        roundOff,
      })
      .strict()
      .refine((p) => (p.partyType === undefined) === (p.partyId === undefined), { message: 'Give both party type and party id.', path: ['partyId'] }),
  ).returns<BillTotals>(),
};

import { LendenError } from '../../../contract/errors';
import { MAX_PAISE } from '../../../contract/primitives';

/**
 * The money math of a GST bill, pure and integer-only. Products such as qty x rate can pass
 * 2^53, so the arithmetic runs in BigInt and only final figures (checked against MAX_PAISE)
 * come back as numbers. Every rounding is explicit and half-up, to the paisa.
 */

export interface LineInput {
  qtyMilli: number;
  ratePaise: number;
  gstRateBp: number;
}

export interface LineMoney {
  valuePaise: number;
  discountPaise: number;
  taxablePaise: number;
  cgstPaise: number;
  sgstPaise: number;
  igstPaise: number;
  totalPaise: number;
}

export interface BillMoney {
  lines: LineMoney[];
  subtotalPaise: number;
  discountPaise: number;
  taxablePaise: number;
  cgstPaise: number;
  sgstPaise: number;
  igstPaise: number;
  roundOffPaise: number;
  totalPaise: number;
}

export interface BillMoneyInput {
  lines: readonly LineInput[];
  discountPaise: number;
  interState: boolean;
  roundOff: boolean;
}

const toBig = (n: number, what: string): bigint => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`gst: ${what} must be a whole number >= 0, got ${n}`);
  return BigInt(n);
};

const MAX = BigInt(MAX_PAISE);
const toPaise = (n: bigint): number => {
  if (n > MAX || n < -MAX) throw new LendenError('VALIDATION', 'The bill amount is too large.');
  return Number(n);
};

/** n / d rounded half up (0.5 goes up), for n >= 0 and d > 0. */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  if (n < 0n || d <= 0n) throw new Error('gst: divRoundHalfUp needs n >= 0 and d > 0');
  return (2n * n + d) / (2n * d);
}

/** qty (thousandths) x rate (paise), rounded half up to the paisa. */
export function lineValue(qtyMilli: number, ratePaise: number): bigint {
  return divRoundHalfUp(toBig(qtyMilli, 'qtyMilli') * toBig(ratePaise, 'ratePaise'), 1000n);
}

/**
 * Split a bill-level discount over lines pro rata to their value, by largest remainder:
 * each line gets floor(discount x value / total), and the paise left over go one each to
 * the lines with the largest remainders (earlier line first on a tie). Shares sum exactly
 * to the discount and no share exceeds its line's value.
 */
export function spreadDiscount(values: readonly bigint[], discount: bigint): bigint[] {
  const total = values.reduce((a, v) => a + v, 0n);
  if (discount < 0n) throw new Error('gst: negative discount');
  if (discount > total) {
    throw new LendenError('VALIDATION', 'The discount cannot be more than the value of the lines.', { discountPaise: 'Discount is more than the lines add up to.' });
  }
  if (discount === 0n) return values.map(() => 0n);
  const shares = values.map((v) => (discount * v) / total);
  const remainders = values.map((v, i) => ({ i, r: (discount * v) % total }));
  let left = discount - shares.reduce((a, s) => a + s, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i]! += 1n;
    left -= 1n;
  }
  return shares;
}

/**
 * GST on one line's taxable value. Intra-state: CGST and SGST each at half the rate, each
 * rounded on its own (so they are always equal). Inter-state: IGST at the full rate.
 */
export function lineTax(taxable: bigint, rateBp: number, interState: boolean): { cgst: bigint; sgst: bigint; igst: bigint } {
  const rate = toBig(rateBp, 'gstRateBp');
  if (interState) return { cgst: 0n, sgst: 0n, igst: divRoundHalfUp(taxable * rate, 10_000n) };
  const half = divRoundHalfUp(taxable * rate, 20_000n);
  return { cgst: half, sgst: half, igst: 0n };
}

/** Round to the nearest rupee, 50 paise and more going up (as GST law rounds): round-off in -49..+50. */
export function roundToRupee(gross: bigint): { roundOff: bigint; total: bigint } {
  const total = divRoundHalfUp(gross, 100n) * 100n;
  return { roundOff: total - gross, total };
}

/** Every figure of a bill from its lines, discount and tax regime. */
export function computeBillMoney(input: BillMoneyInput): BillMoney {
  const values = input.lines.map((l) => lineValue(l.qtyMilli, l.ratePaise));
  const discounts = spreadDiscount(values, toBig(input.discountPaise, 'discountPaise'));
  let subtotal = 0n;
  let taxable = 0n;
  let cgst = 0n;
  let sgst = 0n;
  let igst = 0n;
  const lines = input.lines.map((l, i): LineMoney => {
    const value = values[i]!;
    const lineTaxable = value - discounts[i]!;
    const tax = lineTax(lineTaxable, l.gstRateBp, input.interState);
    subtotal += value;
    taxable += lineTaxable;
    cgst += tax.cgst;
    sgst += tax.sgst;
    igst += tax.igst;
    return {
      valuePaise: toPaise(value),
      discountPaise: toPaise(discounts[i]!),
      taxablePaise: toPaise(lineTaxable),
      cgstPaise: toPaise(tax.cgst),
      sgstPaise: toPaise(tax.sgst),
      igstPaise: toPaise(tax.igst),
      totalPaise: toPaise(lineTaxable + tax.cgst + tax.sgst + tax.igst),
    };
  });
  const gross = taxable + cgst + sgst + igst;
  const rounded = input.roundOff ? roundToRupee(gross) : { roundOff: 0n, total: gross };
  return {
    lines,
    subtotalPaise: toPaise(subtotal),
    discountPaise: toPaise(subtotal - taxable),
    taxablePaise: toPaise(taxable),
    cgstPaise: toPaise(cgst),
    sgstPaise: toPaise(sgst),
    igstPaise: toPaise(igst),
    roundOffPaise: toPaise(rounded.roundOff),
    totalPaise: toPaise(rounded.total),
  };
}

/**
 * Inter-state (IGST) only when both the business's state and the place of supply are known
 * and differ; a business without a GST state bills as intra-state.
 */
export function isInterState(businessState: string | null, placeOfSupply: string | null): boolean {
  return businessState !== null && placeOfSupply !== null && businessState !== placeOfSupply;
}

import type { Bill, Item } from '../../../../src-main/contract';
import { paiseToInput, parseRupees } from '../../format/money';

/** One line of the bill being typed: text as typed, parsed only when sent to the core. */
export interface DraftLine {
  itemId: string | null;
  name: string;
  hsn: string;
  qty: string;
  unit: string;
  rate: string;
  gstRateBp: number;
  /** Stock of the picked item when it was picked, to warn before selling more than there is. */
  stockMilli: number | null;
}

export const EMPTY_LINE: DraftLine = { itemId: null, name: '', hsn: '', qty: '1', unit: '', rate: '', gstRateBp: 0, stockMilli: null };

/** Quantity text ("1.5") as integer thousandths, parsed as text so no float creeps in. */
export function parseQty(input: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{0,3}))?$/.exec(input.trim());
  if (!match) return null;
  const milli = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
  return milli > 0 ? milli : null;
}

/** Thousandths back to the text an edit box starts with ("1.5"). */
export function qtyToInput(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const rest = milli - whole * 1000;
  return rest ? `${whole}.${String(rest).padStart(3, '0').replace(/0+$/, '')}` : String(whole);
}

/** Blank or zero is nothing; anything else must be an amount. */
export function parseOptionalRupees(input: string): number | null {
  const text = input.trim();
  if (!text || /^0*(\.0*)?$/.test(text)) return 0;
  return parseRupees(text);
}

/** A line picked from the item master: its HSN, unit, price (sale or purchase) and GST. */
export function lineFromItem(item: Item, kind: 'sale' | 'purchase', qty = '1'): DraftLine {
  const price = kind === 'sale' ? item.salePricePaise : item.purchasePricePaise;
  return {
    itemId: item.id,
    name: item.name,
    hsn: item.hsn ?? '',
    qty,
    unit: item.unit,
    rate: price ? paiseToInput(price) : '',
    gstRateBp: item.gstRateBp,
    stockMilli: item.stockMilli,
  };
}

export const linesOfBill = (bill: Bill): DraftLine[] =>
  bill.lines.map((l) => ({
    itemId: l.itemId,
    name: l.name,
    hsn: l.hsn ?? '',
    qty: qtyToInput(l.qtyMilli),
    unit: l.unit ?? '',
    rate: paiseToInput(l.ratePaise),
    gstRateBp: l.gstRateBp,
    stockMilli: null,
  }));

/** A line is blank when nothing was typed in it: it is left out of the bill. */
export const isBlank = (l: DraftLine) => !l.itemId && !l.name.trim() && !l.rate.trim();

export interface ParsedLine {
  itemId: string | null;
  name: string;
  hsn: string | null;
  qtyMilli: number | null;
  unit: string | null;
  ratePaise: number | null;
  gstRateBp: number;
}

export const parseLine = (l: DraftLine): ParsedLine => ({
  itemId: l.itemId,
  name: l.name.trim(),
  hsn: l.hsn.trim() || null,
  qtyMilli: parseQty(l.qty),
  unit: l.unit.trim() || null,
  ratePaise: l.rate.trim() ? parseRupees(l.rate) : 0,
  gstRateBp: l.gstRateBp,
});

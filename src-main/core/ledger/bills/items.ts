import type { BillLine } from '../../../contract/bills';
import { lineValue } from './gst';

/**
 * One line as stored in the synced `bills.items` JSON (docs/data-and-sync.md), snake_case.
 * `item_id` is always written (null for a free line): a line without the key was written by a
 * client older than items, which the server uses to keep the line's item link.
 */
export interface StoredItem {
  item_id: string | null;
  name: string;
  hsn: string | null;
  qty_milli: number;
  unit: string | null;
  rate_paise: number;
  gst_rate_bp: number;
  taxable_paise: number;
  cgst_paise: number;
  sgst_paise: number;
  igst_paise: number;
  total_paise: number;
}

const MONEY_KEYS = ['qty_milli', 'rate_paise', 'gst_rate_bp', 'taxable_paise', 'cgst_paise', 'sgst_paise', 'igst_paise', 'total_paise'] as const;

export const toStoredItems = (lines: readonly BillLine[]): StoredItem[] =>
  lines.map((l) => ({
    item_id: l.itemId,
    name: l.name,
    hsn: l.hsn,
    qty_milli: l.qtyMilli,
    unit: l.unit,
    rate_paise: l.ratePaise,
    gst_rate_bp: l.gstRateBp,
    taxable_paise: l.taxablePaise,
    cgst_paise: l.cgstPaise,
    sgst_paise: l.sgstPaise,
    igst_paise: l.igstPaise,
    total_paise: l.totalPaise,
  }));

/** Parse `bills.items`. Rows can arrive by sync, so the shape is checked, loudly. */
export function parseItems(json: string): StoredItem[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) throw new Error('bills.items is not an array');
  return value.map((item: unknown, i) => {
    const it = item as Record<string, unknown>;
    if (!it || typeof it !== 'object' || typeof it.name !== 'string') throw new Error(`bills.items[${i}] has no name`);
    for (const key of MONEY_KEYS) if (!Number.isSafeInteger(it[key])) throw new Error(`bills.items[${i}].${key} is not a whole number`);
    return {
      item_id: typeof it.item_id === 'string' ? it.item_id : null,
      name: it.name,
      hsn: typeof it.hsn === 'string' ? it.hsn : null,
      qty_milli: it.qty_milli as number,
      unit: typeof it.unit === 'string' ? it.unit : null,
      rate_paise: it.rate_paise as number,
      gst_rate_bp: it.gst_rate_bp as number,
      taxable_paise: it.taxable_paise as number,
      cgst_paise: it.cgst_paise as number,
      sgst_paise: it.sgst_paise as number,
      igst_paise: it.igst_paise as number,
      total_paise: it.total_paise as number,
    };
  });
}

/** Stored items back to contract lines; value and discount share are derived, not stored. */
export const toBillLines = (items: readonly StoredItem[]): BillLine[] =>
  items.map((it) => {
    const value = Number(lineValue(it.qty_milli, it.rate_paise));
    return {
      itemId: it.item_id,
      name: it.name,
      hsn: it.hsn,
      qtyMilli: it.qty_milli,
      unit: it.unit,
      ratePaise: it.rate_paise,
      gstRateBp: it.gst_rate_bp,
      valuePaise: value,
      discountPaise: value - it.taxable_paise,
      taxablePaise: it.taxable_paise,
      cgstPaise: it.cgst_paise,
      sgstPaise: it.sgst_paise,
      igstPaise: it.igst_paise,
      totalPaise: it.total_paise,
    };
  });

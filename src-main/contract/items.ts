import { z } from 'zod';
import { method } from './define';
import { GST_RATES_BP, MAX_QTY_MILLI } from './bills';
import { id, isoDate, optionalText, paiseOrZero, requiredText, text } from './primitives';

export const ITEM_UNITS = ['pcs', 'kg', 'g', 'l', 'ml', 'box', 'pack', 'dozen', 'm'] as const;
export type ItemUnit = (typeof ITEM_UNITS)[number];
export const STOCK_REASONS = ['count', 'damage', 'expiry', 'lost', 'return', 'own_use', 'other'] as const;
export type StockReason = (typeof STOCK_REASONS)[number];

export interface Item {
  id: string;
  name: string;
  hsn: string | null;
  unit: ItemUnit;
  salePricePaise: number;
  purchasePricePaise: number;
  gstRateBp: number;
  barcode: string | null;
  openingQtyMilli: number;
  lowStockMilli: number | null;
  /** Opening + purchases - sales + adjustments, derived from movements (never stored as typed). */
  stockMilli: number;
  /** Stock at or below the low-stock level. */
  low: boolean;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface ItemPage {
  items: Item[];
  total: number;
}

export interface StockAdjustment {
  id: string;
  itemId: string;
  qtyMilli: number;
  reason: StockReason;
  date: string;
  note: string | null;
  createdAt: string;
  deletedAt: string | null;
}

/** One movement of an item's stock, newest first; qty is signed (+ in, - out). */
export interface StockMovement {
  kind: 'opening' | 'sale' | 'purchase' | 'adjustment';
  date: string;
  qtyMilli: number;
  /** Invoice number of the bill, or the adjustment's reason. */
  ref: string;
  billId: string | null;
  adjustmentId: string | null;
}

export interface StockSummary {
  itemCount: number;
  lowCount: number;
  outCount: number;
  /** Sum over items with stock of stock x purchase price. */
  stockValuePaise: number;
}

const gstRate = z
  .number({ message: 'GST rate must be a number of basis points.' })
  .int({ message: 'GST rate must be whole basis points (1800 = 18%).' })
  .refine((v) => (GST_RATES_BP as readonly number[]).includes(v), { message: 'GST rate must be 0, 0.25, 3, 5, 12, 18, 28 or 40 percent.' });
const qty = (label: string) =>
  z
    .number({ message: `${label} must be a number of thousandths.` })
    .int({ message: `${label} must be whole thousandths (1500 = 1.5).` })
    .min(0, { message: `${label} cannot be negative.` })
    .max(MAX_QTY_MILLI, { message: `${label} is too large.` });
export const hsnCode = text(8, 'HSN/SAC')
  .refine((v) => v === '' || /^\d{2,8}$/.test(v), { message: 'HSN/SAC must be 2 to 8 digits.' })
  .nullish()
  .transform((v) => (v ? v : null));
const barcode = text(48, 'Barcode')
  .refine((v) => v === '' || /^[0-9A-Za-z\-.]{1,48}$/.test(v), { message: 'Barcode may use letters, digits, - and . only.' })
  .nullish()
  .transform((v) => (v ? v : null));

const itemFields = {
  name: requiredText(200, 'Item name'),
  hsn: hsnCode,
  unit: z.enum(ITEM_UNITS, { message: 'Unit must be pcs, kg, g, l, ml, box, pack, dozen or m.' }).optional().default('pcs'),
  salePricePaise: paiseOrZero.optional().default(0),
  purchasePricePaise: paiseOrZero.optional().default(0),
  gstRateBp: gstRate.optional().default(0),
  barcode,
  lowStockMilli: qty('Low-stock level').nullish().transform((v) => v ?? null),
};

export const itemInput = z.object({ ...itemFields, openingQtyMilli: qty('Opening stock').optional().default(0) }).strict();
export const itemPatch = z
  .object({
    name: itemFields.name.optional(),
    hsn: hsnCode.optional(),
    unit: z.enum(ITEM_UNITS, { message: 'Unit must be pcs, kg, g, l, ml, box, pack, dozen or m.' }).optional(),
    salePricePaise: paiseOrZero.optional(),
    purchasePricePaise: paiseOrZero.optional(),
    gstRateBp: gstRate.optional(),
    barcode: barcode.optional(),
    lowStockMilli: qty('Low-stock level').nullish(),
  })
  .strict();

export const itemsContract = {
  'items.list': method(
    z
      .object({
        /** Name (any case, Devanagari works) or an exact barcode, as a scanner types it. */
        search: z.string().max(120, { message: 'Search is too long.' }).optional().default(''),
        filter: z.enum(['all', 'low', 'out'], { message: 'Filter must be all, low or out.' }).optional().default('all'),
        includeDeleted: z.boolean().optional().default(false),
        offset: z.number().int().min(0).max(10_000_000).optional().default(0),
        limit: z.number().int().min(1).max(1000).optional().default(200),
      })
      .strict(),
  ).returns<ItemPage>(),
  'items.get': method(z.object({ id }).strict()).returns<Item>(),
  'items.create': method(itemInput).returns<Item>(),
  'items.update': method(z.object({ id, patch: itemPatch }).strict()).returns<Item>(),
  'items.delete': method(z.object({ id }).strict()).returns<Item>(),
  'items.restore': method(z.object({ id }).strict()).returns<Item>(),
  /** A correction of stock with its reason; qty is signed (+ found / returned, - damaged / lost). */
  'stock.adjust': method(
    z
      .object({
        itemId: id,
        qtyMilli: z
          .number({ message: 'Quantity must be a number of thousandths.' })
          .int({ message: 'Quantity must be whole thousandths (1500 = 1.5).' })
          .refine((v) => v !== 0, { message: 'Quantity must not be zero.' })
          .refine((v) => Math.abs(v) <= MAX_QTY_MILLI, { message: 'Quantity is too large.' }),
        reason: z.enum(STOCK_REASONS, { message: 'Reason must be count, damage, expiry, lost, return, own_use or other.' }),
        date: isoDate.optional(),
        note: optionalText(500, 'Note'),
      })
      .strict(),
  ).returns<StockAdjustment>(),
  'stock.deleteAdjustment': method(z.object({ id }).strict()).returns<StockAdjustment>(),
  'stock.movements': method(z.object({ itemId: id, limit: z.number().int().min(1).max(1000).optional().default(100) }).strict()).returns<StockMovement[]>(),
  'stock.summary': method(z.object({}).strict().optional().default({})).returns<StockSummary>(),
};

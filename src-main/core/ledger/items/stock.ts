import { LendenError } from '../../../contract/errors';
import type { ParsedInputOf } from '../../../contract/define';
import type { StockAdjustment, StockMovement, StockReason, StockSummary, itemsContract } from '../../../contract/items';
import type { LedgerContext } from '../context';
import { getItem } from './items';

type C = typeof itemsContract;

// Stock itself is stock_levels, kept by triggers (drizzle/0007_stock_triggers.sql) from the
// opening stock, adjustments and bill lines. This file writes adjustments and reads history.

interface AdjustmentRow {
  id: string;
  item_id: string;
  qty_milli: number;
  reason: StockReason;
  adj_date: string;
  note: string | null;
  created_at: string;
  deleted_at: string | null;
}

const toAdjustment = (r: AdjustmentRow): StockAdjustment => ({
  id: r.id,
  itemId: r.item_id,
  qtyMilli: r.qty_milli,
  reason: r.reason,
  date: r.adj_date,
  note: r.note,
  createdAt: r.created_at,
  deletedAt: r.deleted_at,
});

function getAdjustmentRow(ctx: LedgerContext, id: string): AdjustmentRow {
  const row = ctx.writer.prepare('SELECT * FROM stock_adjustments WHERE id = ? AND business_id = ?').get(id, ctx.businessId()) as AdjustmentRow | undefined;
  if (!row) throw new LendenError('NOT_FOUND', 'That stock adjustment does not exist.');
  return row;
}

export function adjustStock(ctx: LedgerContext, input: ParsedInputOf<C['stock.adjust']>): StockAdjustment {
  return ctx.transact(() => {
    getItem(ctx, input.itemId);
    const row = ctx.writer.insert('stock_adjustments', {
      item_id: input.itemId,
      qty_milli: input.qtyMilli,
      reason: input.reason,
      adj_date: input.date ?? ctx.today(),
      note: input.note,
    });
    return toAdjustment(row as unknown as AdjustmentRow);
  });
}

export function deleteAdjustment(ctx: LedgerContext, input: { id: string }): StockAdjustment {
  return ctx.transact(() => {
    const row = getAdjustmentRow(ctx, input.id);
    if (!row.deleted_at) ctx.writer.update('stock_adjustments', row.id, { deleted_at: ctx.nowIso() });
    return toAdjustment(getAdjustmentRow(ctx, input.id));
  });
}

/**
 * An item's movements, newest first: bill lines (through bill_items_item_idx), adjustments and
 * the opening stock. Deleted bills and adjustments are left out, as they are from the stock.
 */
export function stockMovements(ctx: LedgerContext, input: { itemId: string; limit: number }): StockMovement[] {
  const item = getItem(ctx, input.itemId, { allowDeleted: true });
  const rows = ctx.writer
    .prepare(
      `SELECT * FROM (
         SELECT b.kind AS kind, b.bill_date AS date, bi.stock_milli AS qty, b.invoice_number AS ref, b.id AS bill_id, NULL AS adj_id, b.created_at AS at
           FROM bill_items bi JOIN bills b ON b.id = bi.bill_id
          WHERE bi.item_id = ? AND bi.stock_milli <> 0
         UNION ALL
         SELECT 'adjustment', adj_date, qty_milli, reason, NULL, id, created_at
           FROM stock_adjustments WHERE item_id = ? AND deleted_at IS NULL
       ) ORDER BY date DESC, at DESC LIMIT ?`,
    )
    .all(input.itemId, input.itemId, input.limit) as { kind: StockMovement['kind']; date: string; qty: number; ref: string; bill_id: string | null; adj_id: string | null }[];
  const moves: StockMovement[] = rows.map((r) => ({ kind: r.kind, date: r.date, qtyMilli: r.qty, ref: r.ref, billId: r.bill_id, adjustmentId: r.adj_id }));
  if (item.openingQtyMilli && moves.length < input.limit) {
    moves.push({ kind: 'opening', date: item.createdAt.slice(0, 10), qtyMilli: item.openingQtyMilli, ref: 'opening', billId: null, adjustmentId: null });
  }
  return moves;
}

export function stockSummary(ctx: LedgerContext): StockSummary {
  const r = ctx.writer
    .prepare(
      `SELECT count(*) AS items,
              coalesce(sum(CASE WHEN i.low_stock_milli IS NOT NULL AND coalesce(s.qty_milli, 0) <= i.low_stock_milli THEN 1 ELSE 0 END), 0) AS low,
              coalesce(sum(CASE WHEN coalesce(s.qty_milli, 0) <= 0 THEN 1 ELSE 0 END), 0) AS out_of_stock,
              coalesce(sum(CASE WHEN s.qty_milli > 0 THEN (s.qty_milli * i.purchase_price_paise + 500) / 1000 ELSE 0 END), 0) AS value
         FROM items i LEFT JOIN stock_levels s ON s.item_id = i.id
        WHERE i.business_id = ? AND i.deleted_at IS NULL`,
    )
    .get(ctx.businessId()) as { items: number; low: number; out_of_stock: number; value: number };
  return { itemCount: r.items, lowCount: r.low, outCount: r.out_of_stock, stockValuePaise: r.value };
}

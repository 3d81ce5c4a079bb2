import { LendenError } from '../../../contract/errors';
import type { ParsedInputOf } from '../../../contract/define';
import type { Item, ItemPage, ItemUnit, itemsContract } from '../../../contract/items';
import type { Fields } from '../../db/writer';
import type { LedgerContext } from '../context';
import { requireOwner } from '../permissions';

type C = typeof itemsContract;

interface ItemRow {
  id: string;
  name: string;
  hsn: string | null;
  unit: ItemUnit;
  sale_price_paise: number;
  purchase_price_paise: number;
  gst_rate_bp: number;
  barcode: string | null;
  opening_qty_milli: number;
  low_stock_milli: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  stock_milli: number | null;
}

const toItem = (r: ItemRow): Item => {
  const stock = r.stock_milli ?? 0;
  return {
    id: r.id,
    name: r.name,
    hsn: r.hsn,
    unit: r.unit,
    salePricePaise: r.sale_price_paise,
    purchasePricePaise: r.purchase_price_paise,
    gstRateBp: r.gst_rate_bp,
    barcode: r.barcode,
    openingQtyMilli: r.opening_qty_milli,
    lowStockMilli: r.low_stock_milli,
    stockMilli: stock,
    low: r.low_stock_milli !== null && stock <= r.low_stock_milli,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
  };
};

const selectItem = (indexedBy = '') => `SELECT i.id, i.name, i.hsn, i.unit, i.sale_price_paise, i.purchase_price_paise, i.gst_rate_bp, i.barcode,
       i.opening_qty_milli, i.low_stock_milli, i.created_at, i.updated_at, i.deleted_at, s.qty_milli AS stock_milli
  FROM items i ${indexedBy} LEFT JOIN stock_levels s ON s.item_id = i.id`;
const SELECT_ITEM = selectItem();

export function getItem(ctx: LedgerContext, id: string, opts: { allowDeleted?: boolean } = {}): Item {
  const row = ctx.writer.prepare(`${SELECT_ITEM} WHERE i.id = ? AND i.business_id = ?`).get(id, ctx.businessId()) as ItemRow | undefined;
  if (!row || (row.deleted_at && !opts.allowDeleted)) throw new LendenError('NOT_FOUND', 'That item does not exist.');
  return toItem(row);
}

/** Same folding as parties: SQLite's lower() folds ASCII only, so the search must too. */
const asciiLower = (value: string) => value.replace(/[A-Z]+/g, (c) => c.toLowerCase());
const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Exported for the query-plan test. A search matches the name anywhere, or the barcode
 * exactly (a scanner types the whole code and Enter).
 */
export function itemListQuery(ctx: LedgerContext, input: ParsedInputOf<C['items.list']>): { rowsSql: string; countSql: string; params: unknown[] } {
  const where = ['i.business_id = ?'];
  const params: unknown[] = [ctx.businessId()];
  if (!input.includeDeleted) where.push('i.deleted_at IS NULL');
  const search = input.search.normalize('NFC').trim();
  if (search && [...search].length >= 3) {
    // Three characters and more: the trigram index (drizzle/0009_item_search.sql), as a phrase.
    where.push(`(i.rowid IN (SELECT rowid FROM items_search WHERE items_search MATCH ?) OR (i.barcode = ? AND i.barcode IS NOT NULL))`);
    params.push(`"${search.replace(/"/g, '""')}"`, search);
  } else if (search) {
    where.push(`(i.name_fold LIKE ? ESCAPE '\\' OR (i.barcode = ? AND i.barcode IS NOT NULL))`);
    params.push(`%${likeEscape(asciiLower(search))}%`, search);
  }
  // Written to match items_low_idx's condition, so the list reads only items with a level.
  if (input.filter === 'low') where.push('i.low_stock_milli IS NOT NULL AND i.deleted_at IS NULL AND coalesce(s.qty_milli, 0) <= i.low_stock_milli');
  if (input.filter === 'out') where.push('coalesce(s.qty_milli, 0) <= 0');
  const whereSql = where.join(' AND ');
  // The planner, without statistics, prefers the two-column list index; the low-stock list is
  // far smaller read through its own partial index, already in name order.
  const indexedBy = input.filter === 'low' && !search ? 'INDEXED BY items_low_idx' : '';
  return {
    rowsSql: `${selectItem(indexedBy)} WHERE ${whereSql} ORDER BY i.name_fold LIMIT ? OFFSET ?`,
    countSql: `SELECT count(*) AS total FROM items i ${indexedBy} LEFT JOIN stock_levels s ON s.item_id = i.id WHERE ${whereSql}`,
    params,
  };
}

export function listItems(ctx: LedgerContext, input: ParsedInputOf<C['items.list']>): ItemPage {
  const q = itemListQuery(ctx, input);
  const rows = ctx.writer.prepare(q.rowsSql).all(...q.params, input.limit, input.offset) as ItemRow[];
  const { total } = ctx.writer.prepare(q.countSql).get(...q.params) as { total: number };
  return { items: rows.map(toItem), total };
}

/** A barcode names one live item: a second item with the same code would make scanning guess. */
function assertBarcodeFree(ctx: LedgerContext, barcode: string | null, exceptId: string | null): void {
  if (!barcode) return;
  const other = ctx.writer
    .prepare('SELECT name FROM items WHERE business_id = ? AND barcode = ? AND deleted_at IS NULL AND id <> ?')
    .get(ctx.businessId(), barcode, exceptId ?? '') as { name: string } | undefined;
  if (other) throw new LendenError('CONFLICT', `Barcode ${barcode} is already used by ${other.name}.`, { barcode: 'Already used.' });
}

type ItemFields = Omit<ParsedInputOf<C['items.create']>, 'openingQtyMilli'>;

const toColumns = (f: Partial<ItemFields>): Fields => {
  const c: Fields = {};
  if (f.name !== undefined) c.name = f.name;
  if (f.hsn !== undefined) c.hsn = f.hsn;
  if (f.unit !== undefined) c.unit = f.unit;
  if (f.salePricePaise !== undefined) c.sale_price_paise = f.salePricePaise;
  if (f.purchasePricePaise !== undefined) c.purchase_price_paise = f.purchasePricePaise;
  if (f.gstRateBp !== undefined) c.gst_rate_bp = f.gstRateBp;
  if (f.barcode !== undefined) c.barcode = f.barcode;
  if (f.lowStockMilli !== undefined) c.low_stock_milli = f.lowStockMilli;
  return c;
};

export function createItem(ctx: LedgerContext, input: ParsedInputOf<C['items.create']>): Item {
  return ctx.transact(() => {
    assertBarcodeFree(ctx, input.barcode, null);
    const { openingQtyMilli, ...fields } = input;
    const row = ctx.writer.insert('items', { ...toColumns(fields), opening_qty_milli: openingQtyMilli });
    return getItem(ctx, row.id);
  });
}

/** Stock is not among the fields: it moves only through bills and adjustments. */
export function updateItem(ctx: LedgerContext, input: ParsedInputOf<C['items.update']>): Item {
  return ctx.transact(() => {
    getItem(ctx, input.id);
    if (input.patch.barcode !== undefined) assertBarcodeFree(ctx, input.patch.barcode, input.id);
    ctx.writer.update('items', input.id, toColumns({ ...input.patch, lowStockMilli: input.patch.lowStockMilli === undefined ? undefined : (input.patch.lowStockMilli ?? null) }));
    return getItem(ctx, input.id);
  });
}

/** A tombstone: old bills keep naming the item and its stock history stays. */
export function deleteItem(ctx: LedgerContext, input: { id: string }): Item {
  requireOwner(ctx, 'delete items');
  return ctx.transact(() => {
    getItem(ctx, input.id);
    ctx.writer.update('items', input.id, { deleted_at: ctx.nowIso() });
    return getItem(ctx, input.id, { allowDeleted: true });
  });
}

export function restoreItem(ctx: LedgerContext, input: { id: string }): Item {
  requireOwner(ctx, 'restore items');
  return ctx.transact(() => {
    const item = getItem(ctx, input.id, { allowDeleted: true });
    if (item.deletedAt) {
      assertBarcodeFree(ctx, item.barcode, item.id);
      ctx.writer.update('items', input.id, { deleted_at: null });
    }
    return getItem(ctx, input.id);
  });
}

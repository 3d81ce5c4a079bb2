import type { Handlers } from '../../contract';
import type { itemsContract } from '../../contract/items';
import type { LedgerContext } from '../ledger/context';
import { createItem, deleteItem, getItem, listItems, restoreItem, updateItem } from '../ledger/items/items';
import { adjustStock, deleteAdjustment, stockMovements, stockSummary } from '../ledger/items/stock';

export const itemsHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof itemsContract> => ({
  'items.list': (input) => listItems(ctx, input),
  'items.get': (input) => getItem(ctx, input.id),
  'items.create': (input) => createItem(ctx, input),
  'items.update': (input) => updateItem(ctx, input),
  'items.delete': (input) => deleteItem(ctx, input),
  'items.restore': (input) => restoreItem(ctx, input),
  'stock.adjust': (input) => adjustStock(ctx, input),
  'stock.deleteAdjustment': (input) => deleteAdjustment(ctx, input),
  'stock.movements': (input) => stockMovements(ctx, input),
  'stock.summary': () => stockSummary(ctx),
});

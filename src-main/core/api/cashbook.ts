import type { Handlers } from '../../contract';
import type { cashbookContract } from '../../contract/cashbook';
import type { LedgerContext } from '../ledger/context';
import { cashbookDay, cashbookRange } from '../ledger/cashbook/balances';
import { addCashbookEntry, deleteCashbookEntry, restoreCashbookEntry, updateCashbookEntry } from '../ledger/cashbook/cashbook';

export const cashbookHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof cashbookContract> => ({
  'cashbook.add': (input) => addCashbookEntry(ctx, input),
  'cashbook.update': (input) => updateCashbookEntry(ctx, input),
  'cashbook.delete': (input) => deleteCashbookEntry(ctx, input),
  'cashbook.restore': (input) => restoreCashbookEntry(ctx, input),
  'cashbook.day': (input) => cashbookDay(ctx, input),
  'cashbook.range': (input) => cashbookRange(ctx, input),
});

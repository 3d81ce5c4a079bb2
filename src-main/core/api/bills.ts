import type { Handlers } from '../../contract';
import type { billsContract } from '../../contract/bills';
import type { LedgerContext } from '../ledger/context';
import { createBill, deleteBill, previewBill, recordPayment, restoreBill, updateBill } from '../ledger/bills/bills';
import { getBill, listBills } from '../ledger/bills/read';

export const billsHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof billsContract> => ({
  'bills.create': (input) => createBill(ctx, input),
  'bills.update': (input) => updateBill(ctx, input),
  'bills.get': (input) => getBill(ctx, input.id),
  'bills.list': (input) => listBills(ctx, input),
  'bills.delete': (input) => deleteBill(ctx, input),
  'bills.restore': (input) => restoreBill(ctx, input),
  'bills.recordPayment': (input) => recordPayment(ctx, input),
  'bills.preview': (input) => previewBill(ctx, input),
});

import type { Handlers } from '../../contract';
import type { returnsContract } from '../../contract/returns';
import type { LedgerContext } from '../ledger/context';
import { returnsExport } from '../documents/month-end/documents';
import { tallyExport } from '../exports/tally/tally';
import { einvoiceProblems } from '../reports/gst/einvoice';
import { gstr1 } from '../reports/gst/gstr1';
import { gstr3b } from '../reports/gst/gstr3b';
import { cashFlowByMode, profitLoss } from '../reports/profit-loss';

export const returnsHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof returnsContract> => ({
  'returns.gstr1': (input) => gstr1(ctx, input),
  'returns.gstr3b': (input) => gstr3b(ctx, input),
  'returns.einvoiceCheck': (input) => einvoiceProblems(ctx, input.billId),
  'returns.profitLoss': (input) => profitLoss(ctx, input),
  'returns.cashFlowByMode': (input) => cashFlowByMode(ctx, input),
  'returns.tallySummary': (input) => tallyExport(ctx, input).summary,
  'returns.export': (input) => returnsExport(ctx, input),
});

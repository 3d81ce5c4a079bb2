import type { Handlers } from '../../contract';
import type { reportsContract } from '../../contract/reports';
import type { LedgerContext } from '../ledger/context';
import { partyBalances } from '../reports/ageing';
import { cashFlow } from '../reports/cash-flow';
import { dayBook } from '../reports/day-book';
import { gstSummary } from '../reports/gst-summary';

export const reportsHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof reportsContract> => ({
  'reports.dayBook': (input) => dayBook(ctx, input.date ?? ctx.today()),
  'reports.partyBalances': (input) => partyBalances(ctx, input.type, input.asOf ?? ctx.today()),
  'reports.cashFlow': (input) => cashFlow(ctx, input),
  'reports.gstSummary': (input) => gstSummary(ctx, input.month),
});

import type { Handlers } from '../../contract';
import type { reportsContract } from '../../contract/reports';
import type { LedgerContext } from '../ledger/context';

// Filled in by the reports work.
export const reportsHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof reportsContract> => (void ctx, {});

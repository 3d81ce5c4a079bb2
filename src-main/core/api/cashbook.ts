import type { Handlers } from '../../contract';
import type { cashbookContract } from '../../contract/cashbook';
import type { LedgerContext } from '../ledger/context';

// Filled in by the cashbook service.
export const cashbookHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof cashbookContract> => (void ctx, {});

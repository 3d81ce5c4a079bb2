import type { Handlers } from '../../contract';
import type { syncContract } from '../../contract/sync';
import type { LedgerContext } from '../ledger/context';

// Filled in by the sync work.
export const syncHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof syncContract> => (void ctx, {});

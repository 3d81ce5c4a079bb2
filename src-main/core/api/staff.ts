import type { Handlers } from '../../contract';
import type { staffContract } from '../../contract/staff';
import type { LedgerContext } from '../ledger/context';

// Filled in by the staff service.
export const staffHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof staffContract> => (void ctx, {});

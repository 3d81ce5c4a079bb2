import type { Handlers } from '../../contract';
import type { billsContract } from '../../contract/bills';
import type { LedgerContext } from '../ledger/context';

// Filled in by the bills service.
export const billsHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof billsContract> => (void ctx, {});

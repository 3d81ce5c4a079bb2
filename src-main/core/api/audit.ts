import type { Handlers } from '../../contract';
import type { auditContract } from '../../contract/audit';
import type { LedgerContext } from '../ledger/context';

// Filled in by the audit work.
export const auditHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof auditContract> => (void ctx, {});

import type { Handlers } from '../../contract';
import type { auditContract } from '../../contract/audit';
import type { LedgerContext } from '../ledger/context';
import { auditHistory, recentAudit } from '../audit/audit';

export const auditHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof auditContract> => ({
  'audit.history': (input) => auditHistory(ctx, input),
  'audit.recent': (input) => recentAudit(ctx, input),
});

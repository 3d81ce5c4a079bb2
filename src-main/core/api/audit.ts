import type { Handlers } from '../../contract';
import type { auditContract } from '../../contract/audit';
import type { historyContract } from '../../contract/history';
import type { LedgerContext } from '../ledger/context';
import { auditHistory, recentAudit } from '../audit/audit';
import { lastUndoable, undoChange } from '../audit/undo';

export const auditHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof auditContract | keyof typeof historyContract> => ({
  'audit.history': (input) => auditHistory(ctx, input),
  'audit.recent': (input) => recentAudit(ctx, input),
  'history.last': () => lastUndoable(ctx),
  'history.undo': (input) => undoChange(ctx, input),
});

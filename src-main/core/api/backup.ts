import type { Handlers } from '../../contract';
import type { backupContract } from '../../contract/backup';
import type { LedgerContext } from '../ledger/context';

// Filled in by the backup work.
export const backupHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof backupContract> => (void ctx, {});

import type { Handlers } from '../../contract';
import type { documentsContract } from '../../contract/documents';
import type { LedgerContext } from '../ledger/context';

// Filled in by the documents work.
export const documentsHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof documentsContract> => (void ctx, {});

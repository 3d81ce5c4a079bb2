import type { Handlers } from '../../contract';
import type { LedgerContext } from '../ledger/context';
import type { SyncEngine } from '../sync/engine';
import { billsHandlers } from './bills';
import { cashbookHandlers } from './cashbook';
import { entriesHandlers } from './entries';
import { partiesHandlers } from './parties';
import { settingsHandlers } from './settings';
import { staffHandlers } from './staff';
import { reportsHandlers } from './reports';
import { documentsHandlers } from './documents';
import { auditHandlers } from './audit';
import { syncHandlers } from './sync';
import { backupHandlers } from './backup';
import { itemsHandlers } from './items';
import { printingHandlers } from './printing';
import { returnsHandlers } from './returns';
import { collectionsHandlers } from './collections';

/** Every contract method, implemented. A missing or extra method fails the type check. */
export function createHandlers(ctx: LedgerContext, opts: { version: string; sync: SyncEngine }): Handlers {
  return {
    ...partiesHandlers(ctx),
    ...entriesHandlers(ctx),
    ...billsHandlers(ctx),
    ...cashbookHandlers(ctx),
    ...staffHandlers(ctx),
    ...settingsHandlers(ctx, opts.version),
    ...reportsHandlers(ctx),
    ...documentsHandlers(ctx),
    ...auditHandlers(ctx),
    ...syncHandlers(opts.sync),
    ...backupHandlers(ctx),
    ...itemsHandlers(ctx),
    ...printingHandlers(ctx),
    ...returnsHandlers(ctx),
    ...collectionsHandlers(ctx),
  } satisfies Handlers;
}

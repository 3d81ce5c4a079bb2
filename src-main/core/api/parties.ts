import type { Handlers } from '../../contract';
import type { partiesContract } from '../../contract/parties';
import type { LedgerContext } from '../ledger/context';
import { batchCreateParties, createParty, deleteParty, getParty, listParties, restoreParty, updateParty } from '../ledger/parties/parties';

export const partiesHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof partiesContract> => ({
  'parties.list': (input) => listParties(ctx, input),
  'parties.get': (input) => getParty(ctx, input.type, input.id),
  'parties.create': (input) => createParty(ctx, input),
  'parties.batchCreate': (input) => batchCreateParties(ctx, input),
  'parties.update': (input) => updateParty(ctx, input),
  'parties.delete': (input) => deleteParty(ctx, input),
  'parties.restore': (input) => restoreParty(ctx, input),
});

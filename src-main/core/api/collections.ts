import type { Handlers } from '../../contract';
import type { collectionsContract } from '../../contract/collections';
import type { LedgerContext } from '../ledger/context';
import { collectList, partyDues } from '../ledger/collections/collect';
import { addPromise, cancelPromise } from '../ledger/collections/promises';
import { recordReminder } from '../ledger/collections/reminders';

export const collectionsHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof collectionsContract> => ({
  'collections.list': () => collectList(ctx),
  'collections.party': (input) => partyDues(ctx, input),
  'promises.add': (input) => addPromise(ctx, input),
  'promises.cancel': (input) => cancelPromise(ctx, input),
  'reminders.record': (input) => recordReminder(ctx, input),
});

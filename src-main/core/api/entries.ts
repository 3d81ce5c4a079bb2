import type { Handlers } from '../../contract';
import type { entriesContract } from '../../contract/entries';
import type { LedgerContext } from '../ledger/context';
import { addEntry, deleteEntry, partyLedger, recentEntries, restoreEntry, updateEntry } from '../ledger/entries/entries';

export const entriesHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof entriesContract> => ({
  'entries.add': (input) => addEntry(ctx, input),
  'entries.ledger': (input) => partyLedger(ctx, input),
  'entries.update': (input) => updateEntry(ctx, input),
  'entries.delete': (input) => deleteEntry(ctx, input),
  'entries.restore': (input) => restoreEntry(ctx, input),
  'entries.recent': (input) => recentEntries(ctx, input),
});

import type { Handlers } from '../../contract';
import type { syncContract } from '../../contract/sync';
import type { SyncEngine } from '../sync/engine';

export const syncHandlers = (sync: SyncEngine): Pick<Handlers, keyof typeof syncContract> => ({
  'account.configure': (input) => sync.configure(input.url, input.anonKey),
  'account.current': () => sync.account(),
  'account.signUp': (input) => sync.signUp(input.email, input.password),
  'account.signIn': (input) => sync.signIn(input.email, input.password),
  'account.signOut': () => sync.signOut(),
  'sync.status': () => sync.status(),
  'sync.now': () => sync.syncNow(),
  'sync.pause': () => sync.pause(),
  'sync.resume': () => sync.resume(),
  'sync.problems': (input) => sync.problems(input.includeDismissed),
  'sync.dismissProblem': (input) => {
    sync.dismissProblem(input.id);
    return null;
  },
});

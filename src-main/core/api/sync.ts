import type { Handlers } from '../../contract';
import type { syncContract } from '../../contract/sync';
import type { SyncEngine } from '../sync/engine';
import { Members } from '../sync/members';
import { connectionCodeOf } from '../sync/connection-code';

export const syncHandlers = (sync: SyncEngine, members = new Members(sync)): Pick<Handlers, keyof typeof syncContract> => ({
  'account.configure': (input) => sync.configure(input.url, input.anonKey),
  'account.current': () => sync.account(),
  'account.connect': (input) => sync.configure(input.code.url, input.code.anonKey),
  'account.connectionCode': () => connectionCodeOf(sync.connectionSettings()),
  'account.signUp': (input) => sync.signUp(input.email, input.password),
  'account.signIn': (input) => sync.signIn(input.email, input.password),
  'account.signOut': (input) => sync.signOut({ force: input.force }),
  'account.invitations': () => members.myInvitations(),
  'account.answerInvitation': (input) => members.answer(input.invitationId, input.accept),
  'members.list': () => members.list(),
  'members.invite': (input) => members.invite(input.email, input.role),
  'members.cancelInvitation': async (input) => {
    await members.cancelInvitation(input.email);
    return null;
  },
  'members.remove': async (input) => {
    await members.remove(input.userId);
    return null;
  },
  'members.removeDevice': async (input) => {
    await members.removeDevice(input.deviceId);
    return null;
  },
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

import { LendenError } from '../../contract/errors';
import type { Account } from '../../contract/sync';
import type { SyncContext } from './context';
import { linkBusiness } from './link';
import type { SecureStore } from './secure-store';
import type { SyncSession } from './session';

/** What the account flow needs from the sync loop that owns it. */
export interface AccountHost {
  readonly ctx: SyncContext;
  readonly session: SyncSession;
  readonly store: SecureStore;
  /** Stop timers and the running round (before a sign-out or a server change). */
  halt(): void;
  /** Forget the trouble of a kind the change may have fixed (null: any). */
  clearTrouble(kind: string | null): void;
  publish(): void;
  /** Listen for pokes and start a round. */
  resume(): void;
  /** One round, waited for at most `ms`. */
  syncWithin(ms: number): Promise<void>;
}

/**
 * Server settings, sign-up, sign-in and sign-out. Sign-out never hands changes still waiting
 * to the next account: they are sent first, or kept for this account when asked to.
 */
export class AccountFlow {
  constructor(private readonly host: AccountHost) {}

  private get core() {
    return this.host.ctx.core;
  }

  async configure(url: string, anonKey: string): Promise<Account> {
    const { core } = this;
    const normalized = url.replace(/\/+$/, '');
    const current = core.state.get('server_url');
    if (current !== normalized && core.userId) {
      throw new LendenError('CONFLICT', 'Sign out before connecting to another server.');
    }
    // Records already synced live on that server and are no longer queued here: moving them
    // to another server would silently leave them behind, so refuse rather than lose them.
    if (current && current !== normalized && Number(core.state.get('pull_cursor') ?? '0') > 0) {
      throw new LendenError(
        'CONFLICT',
        'This device has records synced with another server. Keep using that server, or start a fresh Lenden install for the new one.',
      );
    }
    core.state.set('server_url', normalized);
    core.state.set('anon_key', anonKey);
    this.host.halt();
    await this.host.session.connect(normalized, anonKey);
    // New settings: a refused key may be fixed now.
    this.host.clearTrouble('config');
    this.host.publish();
    if (core.userId && this.host.session.live) this.host.resume();
    return this.account();
  }

  async signUp(email: string, password: string): Promise<Account> {
    const user = await this.host.session.signUp(email, password);
    return this.completeSignIn(user.userId, user.email);
  }

  async signIn(email: string, password: string): Promise<Account> {
    const user = await this.host.session.signIn(email, password);
    return this.completeSignIn(user.userId, user.email);
  }

  /**
   * Sign out. Changes still waiting are sent first; if they cannot be (offline), signing out
   * is refused with a clear message unless `force`, which keeps them on this device for this
   * account: they go when it signs in again, never under another account.
   */
  async signOut(opts: { force?: boolean } = {}): Promise<Account> {
    const { core } = this;
    const outbox = this.host.ctx.outbox;
    const userId = core.userId;
    if (userId) {
      outbox.claimUnowned(userId);
      const mine = () => outbox.countsByUser().reduce((n, c) => (c.user_id === userId || c.user_id === null ? n + c.n : n), 0);
      if (mine() > 0 && !opts.force && this.host.session.live) await this.host.syncWithin(15_000);
      const left = mine();
      if (left > 0 && !opts.force) {
        throw new LendenError(
          'CONFLICT',
          `${left} change${left === 1 ? ' has' : 's have'} not reached the server yet. Connect to the internet and try again, or sign out anyway: they stay on this computer and are sent when ${this.host.session.email ?? 'this account'} signs in again.`,
        );
      }
    }
    this.host.halt();
    // The outbox was found empty, and the answer that emptied it may have been stored without
    // waiting on the disk (bulk-store.ts). This full commit makes it durable before the session,
    // which cannot be had back, is dropped: a power cut now cannot bring those changes back as
    // waiting under an account that is no longer signed in here.
    core.state.set('signed_out_at', new Date().toISOString());
    await this.host.session.signOut();
    core.db.transaction(() => {
      // A first pull left open belongs to this account's business: the next sign-in starts its own.
      core.db.prepare("DELETE FROM sync_state WHERE key IN ('user_id', 'role', 'linked_business', 'first_pull_open')").run();
    })();
    this.host.clearTrouble(null);
    this.host.publish();
    return this.account();
  }

  account(): Account {
    const { core } = this;
    const role = core.state.get('role');
    return {
      configured: Boolean(core.state.get('server_url')),
      serverUrl: core.state.get('server_url'),
      signedIn: Boolean(core.userId) && this.host.session.live,
      email: this.host.session.email,
      userId: core.userId,
      businessId: core.businessId,
      role: role === 'owner' || role === 'staff' ? role : null,
      sessionPersistent: this.host.store.persistent,
    };
  }

  private async completeSignIn(userId: string, email: string): Promise<Account> {
    const { core } = this;
    const previous = core.userId;
    if (previous && previous !== userId) {
      throw new LendenError('CONFLICT', 'Another account was signed in on this device. Sign out first.');
    }
    core.db.transaction(() => {
      core.state.set('user_id', userId);
      core.state.set(`user_email:${userId}`, email);
      // Changes made on this device before anyone signed in are this user's to send.
      this.host.ctx.outbox.claimUnowned(userId);
    })();
    this.host.clearTrouble(null);
    try {
      await linkBusiness(this.host.ctx);
    } catch (error) {
      if (error instanceof LendenError) {
        await this.signOut({ force: true });
        throw error;
      }
      // Offline right after sign-in: linking is retried by the loop.
    }
    this.host.resume();
    return this.account();
  }
}

import type { SyncStatus } from '../../contract/sync-status';
import type { LedgerCore } from '../core';
import type { Outbox } from './outbox';
import { decorate, type Trouble } from './status';

/** What the status is made from, read afresh each time. */
export interface StatusSources {
  core: LedgerCore;
  outbox: Outbox;
  /** A sync server is set up on this computer. */
  connected(): boolean;
  paused(): boolean;
  /** A queue that has not shrunk for this long while online is a problem. */
  stuckAfterMs: number;
}

/**
 * The one `sync.status` (DESIGN.md section 4), kept for the sync loop that owns it (engine.ts):
 * the trouble the last round left, the resting status that follows from it, and whether the
 * queue has stopped shrinking. Every change is emitted as the `sync.status` event.
 */
export class SyncStatusKeeper {
  current: SyncStatus = { state: 'local-only', pending: 0 };
  /** Why the last round stopped, when it did not end well. */
  trouble: Trouble | null = null;
  /** The last time the queue shrank (or was empty): a queue stuck for long is reported. */
  private progressAt = Date.now();
  private lastPending = 0;

  constructor(private readonly from: StatusSources) {}

  lastSyncedAt(): string | null {
    return this.from.core.state.get('last_synced_at');
  }

  /** The pending count after a local write, without a round. */
  refreshPending(): void {
    // Local-only devices never drain the outbox; their indicator does not show a count.
    if (!this.from.connected()) return;
    const pending = this.from.outbox.count();
    if (pending !== this.current.pending) this.set({ ...this.current, pending } as SyncStatus);
  }

  /** Recompute the resting status (not during a round). */
  publish(nextRetryAt: string | null = null): void {
    const { core, outbox } = this.from;
    const connected = this.from.connected();
    const pending = connected ? outbox.count() : 0;
    const lastSyncedAt = this.lastSyncedAt();
    if (!connected || !core.userId) {
      this.set({ state: 'local-only', pending: 0 });
    } else if (this.from.paused()) {
      this.set({ state: 'offline', pending, lastSyncedAt, lastError: 'Sync is paused.', nextRetryAt: null, paused: true });
    } else if (this.trouble?.kind === 'network') {
      this.set({ state: 'offline', pending, lastSyncedAt, lastError: this.trouble.message, nextRetryAt });
    } else if (this.trouble) {
      this.set({ state: 'error', pending, lastSyncedAt, lastError: this.trouble.message, nextRetryAt, reason: this.trouble.kind });
    } else {
      this.set({ state: pending > 0 ? 'syncing' : 'synced', pending, lastSyncedAt } as SyncStatus);
    }
  }

  set(status: SyncStatus): void {
    const now = Date.now();
    if (status.pending < this.lastPending || status.pending === 0) this.progressAt = now;
    this.lastPending = status.pending;
    const next = decorate(status, () => this.from.outbox.oldestCreatedAt(), now - this.progressAt, this.from.stuckAfterMs);
    this.current = next;
    this.from.core.events.emit('sync.status', next);
  }

  /** A round stuck without failing, or a queue that stopped shrinking, shows up on the next look. */
  lookAgain(): void {
    if (this.current.state === 'synced' || this.current.state === 'syncing') this.set(this.current);
  }

  /** The trouble of changes that wait for another account to sign in here. */
  heldTrouble(userId: string): Trouble {
    const email = this.from.core.state.get(`user_email:${userId}`) ?? 'another account';
    const n = this.from.outbox.countsByUser().find((c) => c.user_id === userId)?.n ?? 0;
    return {
      kind: 'held',
      message: `${n} change${n === 1 ? '' : 's'} made by ${email} wait for that account to sign in on this computer; changes made after them wait too.`,
    };
  }
}

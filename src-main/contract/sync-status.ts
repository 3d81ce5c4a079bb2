/**
 * The one sync state (DESIGN.md section 4), owned by the sync loop and rendered by both
 * the tray and the in-app indicator.
 */
export type SyncStatus =
  | { state: 'local-only'; pending: number }
  | { state: 'synced'; pending: number; lastSyncedAt: string | null; oldestPendingAt?: string | null }
  | {
      state: 'syncing';
      pending: number;
      lastSyncedAt: string | null;
      progress?: { done: number; total: number | null };
      oldestPendingAt?: string | null;
    }
  | {
      state: 'offline';
      pending: number;
      lastSyncedAt: string | null;
      lastError: string | null;
      nextRetryAt: string | null;
      paused?: boolean;
      oldestPendingAt?: string | null;
    }
  | {
      state: 'error';
      pending: number;
      lastSyncedAt: string | null;
      lastError: string;
      nextRetryAt: string | null;
      paused?: boolean;
      /** When the oldest change still waiting was made: the status shows its age. */
      oldestPendingAt?: string | null;
      /**
       * What kind of trouble, for the words and the action offered: 'config' (server key),
       * 'auth' (sign in again), 'removed', 'clock', 'protocol', 'held' (changes of another
       * account), 'invited', 'stuck', 'forbidden', 'server', 'validation', 'unexpected'.
       */
      reason?: string;
    };

export type SyncState = SyncStatus['state'];
export const SYNC_STATES: readonly SyncState[] = ['local-only', 'synced', 'syncing', 'offline', 'error'];

/**
 * The one sync state (DESIGN.md section 4), owned by the sync loop and rendered by both
 * the tray and the in-app indicator.
 */
export type SyncStatus =
  | { state: 'local-only'; pending: number }
  | { state: 'synced'; pending: number; lastSyncedAt: string | null }
  | { state: 'syncing'; pending: number; lastSyncedAt: string | null; progress?: { done: number; total: number | null } }
  | { state: 'offline'; pending: number; lastSyncedAt: string | null; lastError: string | null; nextRetryAt: string | null; paused?: boolean }
  | { state: 'error'; pending: number; lastSyncedAt: string | null; lastError: string; nextRetryAt: string | null; paused?: boolean };

export type SyncState = SyncStatus['state'];
export const SYNC_STATES: readonly SyncState[] = ['local-only', 'synced', 'syncing', 'offline', 'error'];

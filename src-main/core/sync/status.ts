import type { SyncStatus } from '../../contract/sync-status';
import type { SyncError } from './wire';

/** Why the last round stopped, when it did not end well: the status and the retry follow from it. */
export interface Trouble {
  kind: SyncError['kind'] | 'unexpected' | 'invited' | 'held';
  message: string;
}

/** The trouble a failed round leaves, in words for the person at the counter. */
export function troubleOf(e: SyncError | null): Trouble {
  if (!e) return { kind: 'unexpected', message: 'Sync stopped on an unexpected error. It will retry.' };
  switch (e.kind) {
    case 'auth':
      return { kind: 'auth', message: 'Your session has expired. Sign in again to keep syncing.' };
    case 'config':
      return { kind: 'config', message: 'The sync server refused this app’s key. Check the server address and key in Settings → Account.' };
    case 'removed':
      return { kind: 'removed', message: removedMessage(e.message) };
    case 'protocol':
      return { kind: 'protocol', message: protocolMessage(e.message) };
    default:
      return { kind: e.kind, message: e.message };
  }
}

/**
 * The words of the one sync status (DESIGN.md section 4): what each kind of trouble tells
 * the person at the counter, and the status decorations every state carries.
 */

/**
 * Every status carries the age of the oldest waiting change; a queue that has not shrunk
 * for `stuckAfterMs` while online (and is not explained already) becomes a problem in plain words.
 */
export function decorate(status: SyncStatus, oldestPendingAt: () => string | null, stuckForMs: number, stuckAfterMs: number): SyncStatus {
  if (status.state === 'local-only') return status;
  const next = { ...status, oldestPendingAt: status.pending ? oldestPendingAt() : null };
  if ((next.state !== 'synced' && next.state !== 'syncing') || next.pending === 0 || stuckForMs <= stuckAfterMs) return next;
  const minutes = Math.round(stuckForMs / 60_000);
  return {
    state: 'error',
    pending: next.pending,
    lastSyncedAt: next.lastSyncedAt,
    oldestPendingAt: next.oldestPendingAt,
    lastError: `${next.pending} change${next.pending === 1 ? ' has' : 's have'} been waiting for ${minutes} minute${minutes === 1 ? '' : 's'} without reaching the server, although it answers. Choose “Sync now”; if they still wait, copy the diagnostics for support.`,
    nextRetryAt: null,
    reason: 'stuck',
  };
}

/** Who must update: this app, or the server (its database migrations are older than the app). */
export function protocolMessage(serverMessage: string): string {
  const m = /speaks sync protocols? (\d+)(?: and (\d+))? but the app sent (\d+)/.exec(serverMessage);
  const serverMax = m ? Number(m[2] ?? m[1]) : NaN;
  if (m && serverMax < Number(m[3])) {
    return 'The sync server is older than this app: it needs the latest Lenden server update (the files in supabase/migrations). Ask whoever set up the server to apply it; your changes are kept until then.';
  }
  return `Update Lenden to keep syncing: ${serverMessage}`;
}

export function describeAhead(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

export function removedMessage(serverMessage: string): string {
  return /computer|device/i.test(serverMessage)
    ? 'The owner removed this computer from the shop. Its records stay here, but it no longer syncs.'
    : 'The owner removed you from this shop. Your records stay on this computer, but it no longer syncs. Ask the owner to invite you again if this is a mistake.';
}

import type { SyncState, SyncStatus } from './contract/sync-status';

export interface TrayState {
  /** File stem under the tray icons folder: tray-<state>. */
  icon: `tray-${SyncState}`;
  /** Hover text. Windows cuts tray tooltips at 127 characters. */
  tooltip: string;
  /** One line for the tray menu's status item. */
  label: string;
}

const LABELS: Record<SyncState, string> = {
  'local-only': 'Saved on this computer only',
  synced: 'All changes synced',
  syncing: 'Syncing…',
  offline: 'Offline: changes are saved here',
  error: 'Sync problem',
};

export interface TrayFormat {
  /** Formats the last-synced time; injectable so tests do not depend on the machine's zone. */
  formatTime?: (iso: string) => string;
}

const defaultFormatTime = (iso: string) =>
  new Intl.DateTimeFormat('en-IN', { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));

/** The tray renders the one sync state (DESIGN.md section 4): icon, tooltip with pending count and last sync. */
export function trayStateFor(status: SyncStatus, format: TrayFormat = {}): TrayState {
  const formatTime = format.formatTime ?? defaultFormatTime;
  let label = LABELS[status.state];
  if (status.state === 'error' && status.paused) label = 'Sync paused';
  const parts = [`Lenden — ${label}`];
  if (status.pending > 0) parts.push(`${status.pending} ${status.pending === 1 ? 'change' : 'changes'} waiting to sync`);
  if ('lastSyncedAt' in status) parts.push(status.lastSyncedAt ? `Last synced ${formatTime(status.lastSyncedAt)}` : 'Never synced');
  if (status.state === 'error' && status.lastError && !status.paused) parts.push(status.lastError);
  const tooltip = parts.join('\n');
  return { icon: `tray-${status.state}`, tooltip: tooltip.length > 127 ? `${tooltip.slice(0, 126)}…` : tooltip, label };
}

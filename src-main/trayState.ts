import type { SyncState, SyncStatus } from './contract/sync-status';
import { shellWords, type ShellLanguage, type ShellWords } from './shellWords';

export interface TrayState {
  /** File stem under the tray icons folder: tray-<state>. */
  icon: `tray-${SyncState}`;
  /** Hover text. Windows cuts tray tooltips at 127 characters. */
  tooltip: string;
  /** One line for the tray menu's status item. */
  label: string;
}

const LABEL_KEYS: Record<SyncState, keyof ShellWords> = {
  'local-only': 'state_localOnly',
  synced: 'state_synced',
  syncing: 'state_syncing',
  offline: 'state_offline',
  error: 'state_error',
};

export interface TrayFormat {
  /** Formats the last-synced time; injectable so tests do not depend on the machine's zone. */
  formatTime?: (iso: string) => string;
  /** The person's UI language (default English). */
  language?: ShellLanguage;
}

const defaultFormatTime = (language: ShellLanguage) => (iso: string) =>
  new Intl.DateTimeFormat(language === 'hi' ? 'hi-IN' : 'en-IN', { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));

/** The tray renders the one sync state (DESIGN.md section 4): icon, tooltip with pending count and last sync. */
export function trayStateFor(status: SyncStatus, format: TrayFormat = {}): TrayState {
  const language = format.language ?? 'en';
  const w = shellWords(language);
  const formatTime = format.formatTime ?? defaultFormatTime(language);
  let label = w[LABEL_KEYS[status.state]] as string;
  if (status.state === 'error' && status.paused) label = w.state_paused;
  const parts = [`${w.app} — ${label}`];
  if (status.pending > 0) parts.push(w.waiting(status.pending));
  if ('lastSyncedAt' in status) parts.push(status.lastSyncedAt ? w.lastSynced(formatTime(status.lastSyncedAt)) : w.neverSynced);
  if (status.state === 'error' && status.lastError && !status.paused) parts.push(status.lastError);
  const tooltip = parts.join('\n');
  return { icon: `tray-${status.state}`, tooltip: tooltip.length > 127 ? `${tooltip.slice(0, 126)}…` : tooltip, label };
}

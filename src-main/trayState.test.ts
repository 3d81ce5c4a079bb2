import { describe, expect, it } from 'vitest';
import { SYNC_STATES, type SyncStatus } from './contract/sync-status';
import { trayStateFor } from './trayState';

const formatTime = (iso: string) => `<${iso}>`;
const last = '2026-11-25T05:00:00.000Z';

describe('tray state', () => {
  it('local-only: grey icon, says data stays on this computer, pending count', () => {
    const s = trayStateFor({ state: 'local-only', pending: 3 }, { formatTime });
    expect(s.icon).toBe('tray-local-only');
    expect(s.tooltip).toBe('Lenden — Saved on this computer only\n3 changes waiting to sync');
  });

  it('synced: no pending line, last synced time', () => {
    const s = trayStateFor({ state: 'synced', pending: 0, lastSyncedAt: last }, { formatTime });
    expect(s.icon).toBe('tray-synced');
    expect(s.tooltip).toBe(`Lenden — All changes synced\nLast synced <${last}>`);
  });

  it('syncing: one change waiting, never synced yet', () => {
    const s = trayStateFor({ state: 'syncing', pending: 1, lastSyncedAt: null }, { formatTime });
    expect(s.icon).toBe('tray-syncing');
    expect(s.tooltip).toBe('Lenden — Syncing…\n1 change waiting to sync\nNever synced');
  });

  it('offline: pending and last synced', () => {
    const s = trayStateFor({ state: 'offline', pending: 12, lastSyncedAt: last, lastError: 'No internet', nextRetryAt: null }, { formatTime });
    expect(s.icon).toBe('tray-offline');
    expect(s.tooltip).toBe(`Lenden — Offline: changes are saved here\n12 changes waiting to sync\nLast synced <${last}>`);
  });

  it('error: shows the error; paused says paused', () => {
    const s = trayStateFor({ state: 'error', pending: 2, lastSyncedAt: last, lastError: 'Update the app', nextRetryAt: null }, { formatTime });
    expect(s.icon).toBe('tray-error');
    expect(s.tooltip).toBe(`Lenden — Sync problem\n2 changes waiting to sync\nLast synced <${last}>\nUpdate the app`);
    const paused = trayStateFor({ state: 'error', pending: 0, lastSyncedAt: null, lastError: 'paused', nextRetryAt: null, paused: true }, { formatTime });
    expect(paused.label).toBe('Sync paused');
  });

  it('every state has its own icon and the tooltip fits Windows (127 chars)', () => {
    const statuses: SyncStatus[] = SYNC_STATES.map((state) =>
      state === 'local-only' ? { state, pending: 99999 } : ({ state, pending: 99999, lastSyncedAt: last, lastError: 'x'.repeat(300), nextRetryAt: null } as SyncStatus),
    );
    const icons = statuses.map((s) => trayStateFor(s).icon);
    expect(new Set(icons).size).toBe(5);
    for (const s of statuses) expect(trayStateFor(s).tooltip.length).toBeLessThanOrEqual(127);
    expect(trayStateFor({ state: 'synced', pending: 0, lastSyncedAt: last }).tooltip).toMatch(/Last synced \d/);
  });
});

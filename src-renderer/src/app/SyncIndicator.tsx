import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useSyncStatus } from '../api/hooks';
import { formatDateTime } from '../format/date';

/** The always-visible sync state: the same one typed status the tray renders. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const [busy, setBusy] = useState(false);
  const last = 'lastSyncedAt' in status && status.lastSyncedAt ? formatDateTime(status.lastSyncedAt) : null;
  return (
    <div className={`sync sync-${status.state}`} role="status" aria-live="polite" data-testid="sync-indicator">
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-text">
        <strong>{t(`sync.state.${status.state}`)}</strong>
        <span className="sync-detail">
          {/* Local-only with nothing queued has nothing to wait for: say only where data lives. */}
          {[status.state === 'local-only' && status.pending === 0 ? null : t('sync.pending', { count: status.pending }), last ? t('sync.last', { when: last }) : null]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={status.state === 'local-only' || status.state === 'syncing' || busy}
        title={status.state === 'local-only' ? t('sync.localHint') : undefined}
        onClick={() => {
          setBusy(true);
          call('sync.now', {})
            .catch(() => undefined)
            .finally(() => setBusy(false));
        }}
        data-testid="sync-now"
      >
        {t('sync.now')}
      </button>
    </div>
  );
}

import { useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useSyncProblems, useSyncStatus } from '../api/hooks';
import { formatDateTime } from '../format/date';
import { SyncPanel } from './SyncPanel';

/** The always-visible sync state: the same one typed status the tray renders. */
export function SyncIndicator({ onOpenSettings }: { onOpenSettings?: () => void }) {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const problems = useSyncProblems();
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const last = 'lastSyncedAt' in status && status.lastSyncedAt ? formatDateTime(status.lastSyncedAt) : null;
  const problemCount = problems.data?.length ?? 0;
  return (
    <div className={`sync sync-${status.state}`} role="status" aria-live="polite" data-testid="sync-indicator" data-state={status.state} data-pending={status.pending}>
      <span className="sync-dot" aria-hidden="true" />
      <button type="button" className="sync-text" onClick={() => setOpen(true)} title={t('syncPanel.open')} data-testid="sync-open">
        <strong>{t(`sync.state.${status.state}`)}</strong>
        <span className="sync-detail">
          {/* Nothing queued: the state alone says it; a count appears only when changes wait. */}
          {[status.pending === 0 ? null : t('sync.pending', { count: status.pending }), last ? t('sync.last', { when: last }) : null].filter(Boolean).join(' · ')}
        </span>
        {problemCount > 0 && (
          <span className="sync-problem-count" data-testid="sync-problem-count">
            {t('syncPanel.problemCount', { count: problemCount })}
          </span>
        )}
      </button>
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
      {/* Outside the sidebar, so the dialog takes the page's colours and is not a live region. */}
      {open &&
        createPortal(
          <SyncPanel
            status={status}
            onClose={() => setOpen(false)}
            onOpenSettings={
              onOpenSettings
                ? () => {
                    setOpen(false);
                    onOpenSettings();
                  }
                : undefined
            }
          />,
          document.body,
        )}
    </div>
  );
}

import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SyncProblem, SyncStatus } from '../../../src-main/contract';
import { call } from '../api/client';
import { useSyncProblems } from '../api/hooks';
import { formatDateTime } from '../format/date';
import { ErrorText } from '../ui/ErrorText';
import { Modal } from '../ui/Modal';
import { translateMessage } from '../i18n/errors';
import { describeProblem, isPaused } from './syncProblems';
import { ACCOUNT_TROUBLE, statusProblem } from './syncWords';

/** What the sync loop is doing, the changes the server refused, and pause/resume. */
export function SyncPanel({ status, onClose, onOpenSettings }: { status: SyncStatus; onClose: () => void; onOpenSettings?: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const problems = useSyncProblems();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const paused = isPaused(status);
  const last = 'lastSyncedAt' in status && status.lastSyncedAt ? formatDateTime(status.lastSyncedAt) : null;
  const problem = statusProblem(t, i18n.language, status);
  const oldest = status.state !== 'local-only' && status.oldestPendingAt ? formatDateTime(status.oldestPendingAt) : null;
  const accountTrouble = status.state === 'error' && ACCOUNT_TROUBLE.has(status.reason ?? '');

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      void client.invalidateQueries({ queryKey: ['syncProblems'] });
    }
  };

  return (
    <Modal title={t('syncPanel.title')} onClose={onClose} testId="sync-panel">
      <div className="stack">
        <p>
          <strong>{t(`sync.state.${status.state}`)}</strong>
          {status.pending > 0 && ` · ${t('sync.pending', { count: status.pending })}`}
          {last && ` · ${t('sync.last', { when: last })}`}
        </p>
        {status.state === 'local-only' && <p className="muted">{t('sync.localHint')}</p>}
        {paused && (
          <p className="muted" data-testid="sync-paused">
            {t('syncPanel.paused')}
          </p>
        )}
        {oldest && (
          <p className="muted" data-testid="sync-oldest">
            {t('syncTrust.oldest', { when: oldest })}
          </p>
        )}
        {problem && (
          <p className={status.state === 'error' ? 'error-text' : 'muted'} data-testid="sync-status-problem" data-reason={status.state === 'error' ? (status.reason ?? '') : 'network'}>
            {problem}
          </p>
        )}
        {accountTrouble && onOpenSettings && (
          <div>
            <button type="button" className="btn btn-small" onClick={onOpenSettings} data-testid="sync-open-account">
              {t('syncTrust.openAccount')}
            </button>
          </div>
        )}
        <h3 className="section-title">{t('syncPanel.problems')}</h3>
        {problems.data && problems.data.length === 0 && <p className="muted">{t('syncPanel.noProblems')}</p>}
        {problems.data && problems.data.length > 0 && (
          <ul className="sync-problems">
            {problems.data.map((p) => (
              <ProblemRow key={p.id} problem={p} busy={busy} onDismiss={() => void run(() => call('sync.dismissProblem', { id: p.id }))} />
            ))}
          </ul>
        )}
        <ErrorText error={error} />
      </div>
      <div className="modal-actions">
        {status.state !== 'local-only' && (
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void run(() => call(paused ? 'sync.resume' : 'sync.pause', {}))}
            data-testid={paused ? 'sync-resume' : 'sync-pause'}
          >
            {paused ? t('syncPanel.resume') : t('syncPanel.pause')}
          </button>
        )}
        <button type="button" className="btn btn-primary" onClick={onClose} data-testid="sync-panel-close">
          {t('common.close')}
        </button>
      </div>
    </Modal>
  );
}

function ProblemRow({ problem, busy, onDismiss }: { problem: SyncProblem; busy: boolean; onDismiss: () => void }) {
  const { t } = useTranslation();
  const text = describeProblem(t, problem);
  return (
    <li className="sync-problem" data-testid="sync-problem" data-code={problem.code}>
      <div className="sync-problem-text">
        <strong>{text.record}</strong>
        {text.refused && <span>{text.refused}</span>}
        <span>{text.reason}</span>
        <small className="muted">
          {formatDateTime(problem.createdAt)} · {t('syncPanel.serverSaid', { message: translateMessage(problem.message) })}
        </small>
      </div>
      <button type="button" className="btn btn-small" disabled={busy} onClick={onDismiss} data-testid="sync-problem-dismiss">
        {t('syncPanel.dismiss')}
      </button>
    </li>
  );
}

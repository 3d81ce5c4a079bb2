import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiCallError, call } from '../api/client';
import { formatDateTime } from '../format/date';
import { translateMessage } from '../i18n/errors';

const KB = 1024;
const size = (bytes: number) => (bytes >= KB * KB ? `${(bytes / KB / KB).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / KB))} KB`);

/** Backups made by the core (the daily one and "Back up now") and a diagnostics copy for support. */
export function BackupSection() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const backups = useQuery({ queryKey: ['backups'], queryFn: () => call('backup.list', {}) });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      setMessage(await fn());
    } catch (e) {
      setError(e instanceof ApiCallError ? translateMessage(e.message) : String(e));
    } finally {
      setBusy(false);
    }
  };

  const backUpNow = () =>
    run(async () => {
      const made = await call('backup.create', {});
      await client.invalidateQueries({ queryKey: ['backups'] });
      return t('backups.made', { file: made.fileName });
    });

  const copyDiagnostics = () =>
    run(async () => {
      const facts = await call('diagnostics.get', {});
      await navigator.clipboard.writeText(JSON.stringify(facts, null, 2));
      return t('backups.diagnosticsCopied');
    });

  const list = (backups.data ?? []).slice(0, 5);
  return (
    <div className="panel stack" data-testid="backup-section">
      <h2 className="section-title">{t('backups.title')}</h2>
      <p className="muted">{t('backups.explain')}</p>
      {backups.isLoading ? (
        <p className="muted">{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t('backups.none')}</p>
      ) : (
        <ul className="plain-list" data-testid="backup-list">
          {list.map((b) => (
            <li key={b.path}>
              {formatDateTime(b.createdAt)} · {t(`backups.kind.${b.kind}`)} · {size(b.sizeBytes)}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{t('backups.restoreHint')}</p>
      <div className="modal-actions">
        <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => void copyDiagnostics()} data-testid="copy-diagnostics">
          {t('backups.copyDiagnostics')}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void backUpNow()} data-testid="backup-now">
          {t('backups.backUpNow')}
        </button>
      </div>
      {message && (
        <p role="status" data-testid="backup-message">
          {message}
        </p>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AuditTable } from '../../../src-main/contract';
import { call, hasMethod } from '../api/client';
import { formatDateTime } from '../format/date';
import { ErrorText } from './ErrorText';
import { changesOf, whoText } from './history';
import { Modal } from './Modal';

/** Every change to one record, newest first, from the audit trail. Read-only by design. */
export function HistoryDialog({ table, rowId, title, onClose }: { table: AuditTable; rowId: string; title: string; onClose: () => void }) {
  const { t } = useTranslation();
  const history = useQuery({ queryKey: ['history', table, rowId], queryFn: () => call('audit.history', { table, rowId }) });
  const account = useQuery({ queryKey: ['account'], queryFn: () => call('account.current', {}), enabled: hasMethod('account.current') });
  const entries = [...(history.data ?? [])].reverse();
  return (
    <Modal title={title} onClose={onClose} testId="history-dialog">
      <ErrorText error={history.error} />
      {history.data && entries.length === 0 && <p className="muted">{t('history.empty')}</p>}
      <ol className="history">
        {entries.map((entry) => {
          const changes = changesOf(t, entry);
          return (
            <li key={entry.id} className="history-item" data-testid="history-item" data-action={entry.action}>
              <p>
                <strong>{t(`history.action.${entry.action}`)}</strong> · {formatDateTime(entry.at)}
              </p>
              <p className="muted">{whoText(t, entry, account.data?.userId ?? null)}</p>
              {changes.length > 0 && (
                <ul className="history-changes">
                  {changes.map((c) => (
                    <li key={c.field} data-testid="history-change">
                      {entry.action === 'create' ? t('history.set', { field: c.field, to: c.to }) : t('history.changed', { field: c.field, from: c.from, to: c.to })}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
      <div className="modal-actions">
        <button type="button" className="btn btn-primary" onClick={onClose} data-testid="history-close">
          {t('common.close')}
        </button>
      </div>
    </Modal>
  );
}

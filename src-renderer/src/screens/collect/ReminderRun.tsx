import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReminderDraft } from '../../../../src-main/contract';
import { errorMessage } from '../../i18n/errors';
import { Modal } from '../../ui/Modal';
import { reminderMessage } from './message';
import { sendReminder } from './send';

/**
 * Reminders one party at a time: each shows its message, and only a click sends it (opens
 * WhatsApp through the shell and records it). Skip moves on without sending; Stop ends the
 * run. Nothing is ever sent to many parties from one click.
 */
export function ReminderRun({ drafts, business, today, onClose }: { drafts: ReminderDraft[]; business: string; today: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [index, setIndex] = useState(0);
  const [sent, setSent] = useState(0);
  const [skipped, setSkipped] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const draft = drafts[index];

  if (!draft) {
    return (
      <Modal title={t('collect.run.doneTitle')} onClose={onClose} testId="reminder-run">
        <p data-testid="run-summary">{t('collect.run.done', { sent, skipped })}</p>
        <div className="modal-actions">
          <button type="button" className="btn btn-primary" onClick={onClose} data-testid="run-close">
            {t('collect.run.close')}
          </button>
        </div>
      </Modal>
    );
  }

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await sendReminder(t, draft, business, today);
      setSent((n) => n + 1);
      setIndex((i) => i + 1);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={t('collect.run.title', { index: index + 1, count: drafts.length })} onClose={onClose} testId="reminder-run">
      <p className="muted">{t('collect.run.hint')}</p>
      <p>
        <strong>{t('collect.run.to')}:</strong> <span data-testid="run-party">{draft.name}</span> {draft.phone ? <span className="muted">· {draft.phone}</span> : null}
      </p>
      {!draft.phone && <p className="muted">{t('collect.noPhone')}</p>}
      <label className="field">
        <span>{t('collect.run.message')}</span>
        <textarea readOnly rows={5} value={reminderMessage(t, draft, business, today)} data-testid="run-message" />
      </label>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onClose} data-testid="run-stop">
          {t('collect.run.stop')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setSkipped((n) => n + 1);
            setIndex((i) => i + 1);
          }}
          data-testid="run-skip"
        >
          {t('collect.run.skip')}
        </button>
        <button type="button" className="btn btn-primary" data-autofocus disabled={busy} onClick={() => void send()} data-testid="run-next">
          {t('collect.run.sendNext')}
        </button>
      </div>
    </Modal>
  );
}

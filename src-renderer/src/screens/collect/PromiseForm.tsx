import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { paiseToInput, parseRupees } from '../../format/money';
import { errorMessage } from '../../i18n/errors';
import { DateInput } from '../../ui/DateInput';
import { Modal } from '../../ui/Modal';

/** "Will pay ₹X by <date>": what the party promised, with a note. */
export function PromiseForm({
  party,
  today,
  suggestedPaise,
  onClose,
}: {
  party: { type: 'customer' | 'supplier'; id: string };
  today: string;
  suggestedPaise: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState(suggestedPaise > 0 ? paiseToInput(suggestedPaise) : '');
  const [date, setDate] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const paise = parseRupees(amount);
    if (paise === null) return setError(t('entry.badAmount'));
    if (!date) return setError(t('collect.promiseForm.badDate'));
    setBusy(true);
    try {
      await call('promises.add', { partyType: party.type, partyId: party.id, amountPaise: paise, promisedOn: date, note: note.trim() || null });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={t('collect.promiseForm.title')} onClose={onClose} testId="promise-form">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <label className="field">
            <span>{t('collect.promiseForm.amount')}</span>
            <input data-autofocus inputMode="decimal" placeholder="₹ 0" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="promise-amount" />
          </label>
          <label className="field">
            <span>{t('collect.promiseForm.date')}</span>
            <DateInput value={date} onChange={setDate} min={today} optional testId="promise-date" />
          </label>
          <label className="field span-2">
            <span>{t('collect.promiseForm.note')}</span>
            <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="promise-note" />
          </label>
        </div>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="promise-save">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

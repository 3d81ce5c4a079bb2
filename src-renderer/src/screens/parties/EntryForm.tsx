import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerRow } from '../../../../src-main/contract';
import { paiseToInput, parseRupees } from '../../format/money';
import { Modal } from '../../ui/Modal';
import { errorMessage } from '../../i18n/errors';
import type { PaymentMode } from '../../../../src-main/contract/payments';
import { ModeSelect, modeFields, type ModeChoice } from '../billing/ModeSelect';
import { DateInput } from '../../ui/DateInput';
import { noteText } from '../../format/notes';

/** Edit one entry: direction, amount, date, note. The core re-derives every balance. */
export function EntryForm({
  entry,
  onSave,
  onClose,
}: {
  entry: LedgerRow;
  onSave: (patch: { direction: 'gave' | 'got'; amountPaise: number; date: string; note?: string | null; mode?: PaymentMode | null; modeRef: string | null; dueDate: string | null }) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [direction, setDirection] = useState(entry.direction);
  const [amount, setAmount] = useState(paiseToInput(entry.amountPaise));
  const [date, setDate] = useState(entry.date);
  const [due, setDue] = useState(entry.dueDate ?? '');
  // An app-written note (a code: contract/app-notes.ts) is shown in the reader's words and sent
  // back only if the person changed it, so the code stays and other readers keep their language.
  const shownNote = noteText(entry.note, t);
  const [note, setNote] = useState(shownNote);
  const [mode, setMode] = useState<ModeChoice>(entry.mode ?? 'none');
  const [modeRef, setModeRef] = useState(entry.modeRef ?? '');
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const paise = parseRupees(amount);
    if (paise === null) return setError(t('entry.badAmount'));
    try {
      await onSave({ direction, amountPaise: paise, date, ...(note.trim() === shownNote.trim() ? {} : { note: note.trim() || null }), ...modeFields(mode, modeRef), dueDate: direction === 'gave' && due ? due : null });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Modal title={t('entry.editTitle')} onClose={onClose} testId="entry-form">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <label className="field">
            <span>{t('entry.direction')}</span>
            <select value={direction} onChange={(e) => setDirection(e.target.value as 'gave' | 'got')} data-testid="entry-direction">
              <option value="gave">{t('entry.gave')}</option>
              <option value="got">{t('entry.got')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('entry.amount')}</span>
            <input autoFocus inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="entry-amount" />
          </label>
          <label className="field">
            <span>{t('entry.date')}</span>
            <DateInput value={date} onChange={setDate} testId="entry-date" />
          </label>
          {direction === 'gave' && (
            <label className="field">
              <span>{t('collect.field.dueDate')}</span>
              <DateInput value={due} onChange={setDue} min={date} optional testId="entry-due" />
            </label>
          )}
          <label className="field">
            <span>{t('entry.note')}</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </label>
          <label className="field">
            <span>{t('pay.mode')}</span>
            <ModeSelect value={mode} onChange={setMode} testId="entry-mode" />
          </label>
          {mode !== 'none' && mode !== 'cash' && (
            <label className="field">
              <span>{t(mode === 'cheque' ? 'pay.chequeNo' : 'pay.reference')}</span>
              <input value={modeRef} maxLength={40} onChange={(e) => setModeRef(e.target.value)} data-testid="entry-mode-ref" />
            </label>
          )}
        </div>
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="entry-save">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

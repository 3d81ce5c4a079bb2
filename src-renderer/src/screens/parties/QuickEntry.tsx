import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseRupees } from '../../format/money';
import { errorMessage } from '../../i18n/errors';
import type { PaymentMode } from '../../../../src-main/contract/payments';
import { ModeSelect, modeFields, type ModeChoice } from '../billing/ModeSelect';
import { DateInput } from '../../ui/DateInput';

export interface QuickEntryHandle {
  start(direction: 'gave' | 'got'): void;
}

/**
 * The counter's fast path: G (gave) or R (received/got), the amount, Enter. Typing G or R
 * inside the amount box switches direction instead of typing a letter.
 */
export const QuickEntry = forwardRef<
  QuickEntryHandle,
  { today: string; onAdd: (v: { direction: 'gave' | 'got'; amountPaise: number; note: string | null; date: string; mode?: PaymentMode | null; modeRef: string | null; dueDate?: string | null }) => Promise<unknown> }
>(
  function QuickEntry({ today, onAdd }, ref) {
    const { t } = useTranslation();
    const [direction, setDirection] = useState<'gave' | 'got'>('gave');
    const [amount, setAmount] = useState('');
    const [note, setNote] = useState('');
    const [date, setDate] = useState(today);
    // On credit given: the day the party should pay by (empty: the party's credit period decides).
    const [due, setDue] = useState('');
    const [mode, setMode] = useState<ModeChoice>('auto');
    const [modeRef, setModeRef] = useState('');
    const [error, setError] = useState<string | null>(null);
    const [busy, setBusy] = useState(false);
    const amountRef = useRef<HTMLInputElement>(null);

    useImperativeHandle(ref, () => ({
      start(next) {
        setDirection(next);
        setError(null);
        amountRef.current?.focus();
        amountRef.current?.select();
      },
    }));

    const submit = async () => {
      const paise = parseRupees(amount);
      if (paise === null) {
        setError(t('entry.badAmount'));
        amountRef.current?.focus();
        return;
      }
      setBusy(true);
      try {
        await onAdd({ direction, amountPaise: paise, note: note.trim() || null, date: date || today, ...modeFields(mode, modeRef), ...(direction === 'gave' && due ? { dueDate: due } : {}) });
        setAmount('');
        setNote('');
        setDue('');
        setModeRef('');
        setError(null);
        amountRef.current?.focus();
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(false);
      }
    };

    return (
      <form
        className={`quick-entry quick-${direction}`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        data-testid="quick-entry"
        aria-label={t('entry.quick')}
      >
        <div className="segmented" role="radiogroup" aria-label={t('entry.direction')}>
          <button type="button" role="radio" aria-checked={direction === 'gave'} className="seg seg-gave" onClick={() => setDirection('gave')} data-testid="qe-gave">
            {t('entry.gave')} <kbd>G</kbd>
          </button>
          <button type="button" role="radio" aria-checked={direction === 'got'} className="seg seg-got" onClick={() => setDirection('got')} data-testid="qe-got">
            {t('entry.got')} <kbd>R</kbd>
          </button>
        </div>
        <label className="field amount-field">
          <span>{t('entry.amount')}</span>
          <input
            ref={amountRef}
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            placeholder="₹ 0"
            onChange={(e) => setAmount(e.target.value)}
            onKeyDown={(e) => {
              const key = e.key.toLowerCase();
              if (key === 'g' || key === '-') {
                e.preventDefault();
                setDirection('gave');
              } else if (key === 'r' || key === '+') {
                e.preventDefault();
                setDirection('got');
              } else if (e.key === 'Escape') {
                setAmount('');
                (e.target as HTMLInputElement).blur();
              }
            }}
            aria-invalid={!!error}
            data-testid="qe-amount"
          />
        </label>
        <label className="field note-field">
          <span>{t('entry.note')}</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-testid="qe-note" />
        </label>
        <label className="field mode-field">
          <span>{t('pay.mode')}</span>
          <ModeSelect value={mode} onChange={setMode} allowAuto testId="qe-mode" />
        </label>
        {mode !== 'auto' && mode !== 'none' && mode !== 'cash' && (
          <label className="field ref-field">
            <span>{t(mode === 'cheque' ? 'pay.chequeNo' : 'pay.reference')}</span>
            <input value={modeRef} maxLength={40} onChange={(e) => setModeRef(e.target.value)} data-testid="qe-mode-ref" />
          </label>
        )}
        <label className="field date-field">
          <span>{t('entry.date')}</span>
          <DateInput value={date} onChange={setDate} testId="qe-date" />
        </label>
        {direction === 'gave' && (
          <label className="field date-field">
            <span>{t('collect.field.dueDate')}</span>
            <DateInput value={due} onChange={setDue} min={date || today} optional testId="qe-due" />
          </label>
        )}
        <button type="submit" className={`btn ${direction === 'gave' ? 'btn-gave' : 'btn-got'}`} disabled={busy} data-testid="qe-save">
          {t(direction === 'gave' ? 'entry.saveGave' : 'entry.saveGot')} <kbd>Enter</kbd>
        </button>
        {error && (
          <p className="error-text qe-error" role="alert">
            {error}
          </p>
        )}
      </form>
    );
  },
);

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffMoney, StaffPayKind, StaffPayment } from '../../../../src-main/contract';
import { call } from '../../api/client';
import { formatDate, formatMonth } from '../../format/date';
import { parseRupees } from '../../format/money';
import { errorMessage } from '../../i18n/errors';
import { DateInput } from '../../ui/DateInput';
import { Modal } from '../../ui/Modal';
import { MonthInput } from '../../ui/MonthInput';
import { Money } from '../../ui/Money';

/**
 * Pay a staff member salary or an advance. Keyboard first: the amount has focus, S / A (Alt+S,
 * Alt+A while typing) switch salary and advance, Enter saves, Escape closes. The amount starts
 * at what is due now for salary. Below, this month's payments: Change loads one into the form
 * (saving changes that one cashbook entry), Delete removes it.
 */
export function StaffPayForm({ row, month, today, onClose }: { row: StaffMoney; month: string; today: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<StaffPayKind>(row.duePaise > 0 ? 'salary' : 'advance');
  const [amount, setAmount] = useState(row.duePaise > 0 ? (row.duePaise / 100).toFixed(2).replace(/\.00$/, '') : '');
  const [date, setDate] = useState(today);
  const [payMonth, setPayMonth] = useState(month);
  const [mode, setMode] = useState<'cash' | 'online'>('cash');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<StaffPayment | null>(null);
  const startEdit = (p: StaffPayment) => {
    setEditing(p);
    setKind(p.kind);
    setAmount((p.amountPaise / 100).toFixed(2).replace(/\.00$/, ''));
    setDate(p.date);
    setPayMonth(p.month ?? month);
    setMode(p.mode);
    setNote(p.note && p.note !== row.staff.name ? p.note : '');
    setError(null);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const paise = parseRupees(amount);
    if (paise === null || paise <= 0) return setError(t('entry.badAmount'));
    setBusy(true);
    try {
      if (editing) {
        const patch = { kind, amountPaise: paise, mode, date, month: kind === 'salary' ? payMonth : null, note: note.trim() || null };
        await call('staff.updatePayment', { id: editing.id, patch });
      } else {
        await call('staff.pay', { staffId: row.staff.id, kind, amountPaise: paise, mode, date, month: kind === 'salary' ? payMonth : undefined, note: note.trim() || null });
      }
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (id: string) => {
    try {
      await call('staff.deletePayment', { id });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const keys = (e: React.KeyboardEvent) => {
    const typing = e.target instanceof HTMLInputElement && e.target.type !== 'radio';
    const key = e.key.toLowerCase();
    if ((typing && !e.altKey) || e.ctrlKey || e.metaKey) return;
    if (key === 's') setKind('salary');
    else if (key === 'a') setKind('advance');
    else return;
    e.preventDefault();
  };

  return (
    <Modal title={editing ? t('staffPay.editTitle', { name: row.staff.name }) : t('staffPay.dialogTitle', { name: row.staff.name })} onClose={onClose} testId="staff-pay-form">
      <form onSubmit={submit} onKeyDown={keys} noValidate>
        <p className="muted">
          {t('staffPay.dueNow')}: <Money paise={row.duePaise} testId="pay-due" />
          {row.advanceOutstandingPaise > 0 && (
            <>
              {' · '}
              {t('staffPay.advanceOutstanding')}: <Money paise={row.advanceOutstandingPaise} tone="gave" />
            </>
          )}
        </p>
        <div className="segmented pay-kind" role="radiogroup" aria-label={t('staffPay.kind')}>
          <button type="button" role="radio" aria-checked={kind === 'salary'} className="seg seg-gave" onClick={() => setKind('salary')} data-testid="pay-kind-salary">
            {t('staffPay.salary')} <kbd>S</kbd>
          </button>
          <button type="button" role="radio" aria-checked={kind === 'advance'} className="seg seg-gave" onClick={() => setKind('advance')} data-testid="pay-kind-advance">
            {t('staffPay.advance')} <kbd>A</kbd>
          </button>
        </div>
        <div className="form-grid">
          <label className="field">
            <span>{t('entry.amount')}</span>
            <input data-autofocus inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="₹ 0" data-testid="pay-amount" />
          </label>
          <label className="field">
            <span>{t('entry.date')}</span>
            <DateInput value={date} onChange={(iso) => setDate(iso || today)} max={today} testId="pay-date" />
          </label>
          <label className="field">
            <span>{t('cashbook.mode')}</span>
            <select value={mode} onChange={(e) => setMode(e.target.value as 'cash' | 'online')} data-testid="pay-mode">
              <option value="cash">{t('cashbook.cash')}</option>
              <option value="online">{t('cashbook.online')}</option>
            </select>
          </label>
          {kind === 'salary' && (
            <div className="field">
              <span>{t('staffPay.forMonth')}</span>
              <MonthInput value={payMonth} onChange={setPayMonth} testId="pay-month" />
            </div>
          )}
          <label className="field">
            <span>{t('entry.note')}</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-testid="pay-note" />
          </label>
        </div>
        {kind === 'advance' && <p className="muted">{t('staffPay.advanceHint')}</p>}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="pay-save">
            {editing ? t('common.save') : t('staffPay.save')} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
      <h3 className="section-title">{t('staffPay.thisMonth', { month: formatMonth(month) })}</h3>
      {row.payments.length === 0 && <p className="muted">{t('staffPay.none')}</p>}
      <ul className="plain-list" data-testid="pay-list">
        {row.payments.map((p) => (
          <li key={p.id} data-testid="pay-item">
            {formatDate(p.date)} · {p.kind === 'salary' ? t('staffPay.salary') : t('staffPay.advance')} · {t(`cashbook.${p.mode}`)} · <Money paise={p.amountPaise} />{' '}
            <button type="button" className="btn btn-small" onClick={() => startEdit(p)} aria-label={`${t('common.edit')} ${formatDate(p.date)}`} data-testid="pay-item-edit">
              {t('common.edit')}
            </button>{' '}
            <button type="button" className="btn btn-small" onClick={() => void remove(p.id)} aria-label={`${t('common.delete')} ${formatDate(p.date)}`}>
              {t('common.delete')}
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

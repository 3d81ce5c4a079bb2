import { useState } from 'react';
import type { Bill } from '../../../src-main/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, saveFile } from '../api/client';
import { formatDate } from '../format/date';
import { parseRupees } from '../format/money';
import { Money } from '../ui/Money';
import { Modal } from '../ui/Modal';
import { ErrorText } from '../ui/ErrorText';
import { HistoryDialog } from '../ui/HistoryDialog';
import { errorMessage } from '../i18n/errors';

/** Thousandths of a unit as text ("1.5"), for display only. */
function formatQty(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const rest = milli - whole * 1000;
  return rest ? `${whole}.${String(rest).padStart(3, '0').replace(/0+$/, '')}` : String(whole);
}

/** One bill: its lines and totals as the core computed them, payments, and a payment form. */
export function BillDetail({ id, onClose, onEdit, onDeleted }: { id: string; onClose: () => void; onEdit?: (bill: Bill) => void; onDeleted?: (bill: Bill) => void }) {
  const { t, i18n } = useTranslation();
  const bill = useQuery({ queryKey: ['bills', 'one', id], queryFn: () => call('bills.get', { id }) });
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const b = bill.data;

  const pay = async (e: React.FormEvent) => {
    e.preventDefault();
    const paise = parseRupees(amount);
    if (paise === null) return setError(t('entry.badAmount'));
    setBusy(true);
    try {
      await call('bills.recordPayment', { billId: id, amountPaise: paise, note: null });
      setAmount('');
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      const deleted = await call('bills.delete', { id });
      onDeleted?.(deleted);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const invoice = async () => {
    setBusy(true);
    setError(null);
    try {
      const doc = await call('documents.gstInvoice', { billId: id, language: i18n.language === 'hi' ? 'hi' : 'en' });
      await saveFile(doc);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={b ? t('bills.detail', { number: b.invoiceNumber }) : t('common.loading')} onClose={onClose} testId="bill-detail">
      <ErrorText error={bill.error} />
      {b && (
        <div className="bill-form">
          <p className="muted">
            {b.partyName} · <span data-testid="bill-date-text">{formatDate(b.date)}</span> · <span className={`badge badge-${b.status}`}>{t(`bills.status.${b.status}`)}</span>
          </p>
          {b.dueDate && (
            <p className="muted">
              {t('bills.dueDate')}: <span data-testid="bill-due-date-text">{formatDate(b.dueDate)}</span>
            </p>
          )}
          {/* A long note with no spaces must wrap, not widen the dialog. */}
          {b.note && (
            <p style={{ overflowWrap: 'anywhere' }}>
              {t('bills.note')}: <span data-testid="bill-note-text">{b.note}</span>
            </p>
          )}
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('bills.item')}</th>
                  <th className="num">{t('bills.qty')}</th>
                  <th className="num">{t('bills.rate')}</th>
                  <th className="num">{t('bills.gst')}</th>
                  <th className="num">{t('bills.total')}</th>
                </tr>
              </thead>
              <tbody>
                {b.lines.map((line, i) => (
                  <tr key={i}>
                    <td className="truncate">{line.name}</td>
                    <td className="num">{formatQty(line.qtyMilli)}</td>
                    <td className="num"><Money paise={line.ratePaise} /></td>
                    <td className="num">{line.gstRateBp / 100}%</td>
                    <td className="num"><Money paise={line.totalPaise} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <dl className="bill-totals">
            <dt>{t('bills.total')}</dt>
            <dd><Money paise={b.totalPaise} /></dd>
            <dt>{t('bills.paid')}</dt>
            <dd><Money paise={b.paidPaise} tone="got" /></dd>
            <dt><strong>{t('bills.due')}</strong></dt>
            <dd><strong><Money paise={b.duePaise} tone={b.duePaise > 0 ? 'gave' : 'neutral'} testId="bill-due" /></strong></dd>
          </dl>
          <h3 className="section-title">{t('bills.payments')}</h3>
          {b.payments.length === 0 ? (
            <p className="muted">{t('bills.noPayments')}</p>
          ) : (
            <ul className="plain-list">
              {b.payments.map((p) => (
                <li key={p.id}>
                  {formatDate(p.date)} · <Money paise={p.amountPaise} tone="got" />
                </li>
              ))}
            </ul>
          )}
          {b.duePaise > 0 && (
            <form className="inline-form" onSubmit={pay}>
              <label className="field amount-field">
                <span>{t('entry.amount')}</span>
                <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="bill-pay-amount" />
              </label>
              <button type="submit" className="btn btn-got" disabled={busy} data-testid="bill-pay">
                {t('bills.recordPayment')}
              </button>
            </form>
          )}
          {error && <p className="error-text" role="alert">{error}</p>}
          {confirmDelete && (
            <div className="modal-actions" role="alert" data-testid="bill-confirm-delete">
              <span>{t('bills.confirmDelete')}</span>
              <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="btn btn-gave" disabled={busy} onClick={() => void remove()} data-testid="bill-delete-confirm">
                {t('bills.confirm')}
              </button>
            </div>
          )}
          <div className="modal-actions">
            {onDeleted && !b.deletedAt && (
              <button type="button" className="btn btn-ghost danger" onClick={() => setConfirmDelete(true)} data-testid="bill-delete">
                {t('bills.delete')}
              </button>
            )}
            {onEdit && !b.deletedAt && (
              <button type="button" className="btn" onClick={() => onEdit(b)} data-testid="bill-edit">
                {t('bills.edit')}
              </button>
            )}
            <button type="button" className="btn" onClick={onClose}>
              {t('common.back')}
            </button>
            <button type="button" className="btn" onClick={() => setShowHistory(true)} data-testid="bill-history">
              {t('history.open')}
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => void invoice()} data-testid="bill-invoice-pdf">
              {t('documents.invoice')}
            </button>
          </div>
        </div>
      )}
      {showHistory && b && <HistoryDialog table="bills" rowId={id} title={t('history.title', { name: b.invoiceNumber })} onClose={() => setShowHistory(false)} />}
    </Modal>
  );
}

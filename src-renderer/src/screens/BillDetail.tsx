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
import { TotalsList } from './billing/TotalsList';
import { EMPTY_PAYMENT, PaymentFields, type PaymentDraft } from './billing/PaymentFields';
import { printBill } from './billing/printBill';

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
  const [payment, setPayment] = useState<PaymentDraft>(EMPTY_PAYMENT);
  const [printNote, setPrintNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const b = bill.data;

  const pay = async (e: React.FormEvent) => {
    e.preventDefault();
    const paise = parseRupees(payment.amount);
    if (paise === null) return setError(t('entry.badAmount'));
    setBusy(true);
    try {
      await call('bills.recordPayment', { billId: id, amountPaise: paise, mode: payment.mode, modeRef: payment.modeRef.trim() || null, note: null });
      setPayment(EMPTY_PAYMENT);
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

  const print = async () => {
    setBusy(true);
    setError(null);
    try {
      const how = await printBill(id, i18n.language === 'hi' ? 'hi' : 'en');
      setPrintNote(t(how === 'printed' ? 'print.sent' : 'print.savedPdf'));
    } catch (err) {
      setError(`${t('print.failed')} ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={b ? t('bills.detail', { number: b.invoiceNumber }) : t('common.loading')} onClose={onClose} testId="bill-detail" wide>
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
            <table className="table bill-breakdown" data-testid="bill-breakdown">
              <thead>
                <tr>
                  <th>{t('bills.item')}</th>
                  <th>{t('billForm.hsn')}</th>
                  <th className="num">{t('bills.qty')}</th>
                  <th className="num">{t('bills.rate')}</th>
                  <th className="num">{t('bills.taxable')}</th>
                  <th className="num">{t('bills.gst')}</th>
                  {b.interState ? <th className="num">IGST</th> : (
                    <>
                      <th className="num">CGST</th>
                      <th className="num">SGST</th>
                    </>
                  )}
                  <th className="num">{t('billForm.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {b.lines.map((line, i) => (
                  <tr key={i} data-testid="bill-detail-line">
                    <td className="truncate">{line.name}</td>
                    <td>{line.hsn ?? ''}</td>
                    <td className="num">
                      {formatQty(line.qtyMilli)} {line.unit ?? ''}
                    </td>
                    <td className="num"><Money paise={line.ratePaise} /></td>
                    <td className="num"><Money paise={line.taxablePaise} /></td>
                    <td className="num">{line.gstRateBp / 100}%</td>
                    {b.interState ? <td className="num"><Money paise={line.igstPaise} /></td> : (
                      <>
                        <td className="num"><Money paise={line.cgstPaise} /></td>
                        <td className="num"><Money paise={line.sgstPaise} /></td>
                      </>
                    )}
                    <td className="num"><Money paise={line.totalPaise} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <TotalsList totals={b} paid={b.paidPaise} due={b.duePaise} dueTestId="bill-due" />
          <h3 className="section-title">{t('bills.payments')}</h3>
          {b.payments.length === 0 ? (
            <p className="muted">{t('bills.noPayments')}</p>
          ) : (
            <ul className="plain-list">
              {b.payments.map((p) => (
                <li key={p.id} data-testid="bill-payment">
                  {formatDate(p.date)} · <Money paise={p.amountPaise} tone="got" /> · {p.mode ? t(`pay.modes.${p.mode}`) : ''}
                  {p.modeRef ? ` (${p.modeRef})` : ''}
                </li>
              ))}
            </ul>
          )}
          {b.duePaise > 0 && (
            <form className="inline-form" onSubmit={pay}>
              <PaymentFields kind={b.kind} value={payment} totalPaise={b.duePaise} onChange={setPayment} idPrefix="bill-pay" />
              <button type="submit" className="btn btn-got" disabled={busy} data-testid="bill-pay">
                {t('bills.recordPayment')}
              </button>
            </form>
          )}
          {error && <p className="error-text" role="alert">{error}</p>}
          {printNote && <p className="muted" role="status">{printNote}</p>}
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
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void print()} data-testid="bill-print">
              {t('print.print')}
            </button>
          </div>
        </div>
      )}
      {showHistory && b && <HistoryDialog table="bills" rowId={id} title={t('history.title', { name: b.invoiceNumber })} onClose={() => setShowHistory(false)} />}
    </Modal>
  );
}

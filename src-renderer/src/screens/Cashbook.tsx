import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { formatDate } from '../format/date';
import { parseRupees } from '../format/money';
import { Money } from '../ui/Money';
import { ErrorText } from '../ui/ErrorText';
import { DocumentsDialog } from '../ui/DocumentsDialog';
import { errorMessage } from '../i18n/errors';
import { DateInput } from '../ui/DateInput';
import { noteText } from '../format/notes';
import { staffPayNote } from './staff/staffPayNote';

/** One day of cash: opening, in, out, closing (all derived by the core) and its entries. */
export function CashbookScreen() {
  const { t, i18n } = useTranslation();
  const info = useQuery({ queryKey: ['appInfo'], queryFn: () => call('app.info', {}) });
  const [date, setDate] = useState<string | null>(null);
  const day = date ?? info.data?.today ?? null;
  const cash = useQuery({ queryKey: ['cashbook', 'day', day], queryFn: () => call('cashbook.day', { date: day! }), enabled: !!day });
  const staff = useQuery({ queryKey: ['staff', 'list', 'all'], queryFn: () => call('staff.list', { includeDeleted: true }) });
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [mode, setMode] = useState<'cash' | 'online'>('cash');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const add = useMutation({ mutationFn: (v: Parameters<typeof call<'cashbook.add'>>[1]) => call('cashbook.add', v) });
  const remove = useMutation({ mutationFn: (id: string) => call('cashbook.delete', { id }) });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const paise = parseRupees(amount);
    if (paise === null) return setError(t('entry.badAmount'));
    try {
      await add.mutateAsync({ direction, amountPaise: paise, mode, date: day ?? undefined, note: note.trim() || null });
      setAmount('');
      setNote('');
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const d = cash.data;
  return (
    <section className="screen" data-testid="screen-cashbook">
      <header className="screen-header">
        <h1>{t('nav.cashbook')}</h1>
        <label className="inline-field">
          <span>{t('entry.date')}</span>
          <DateInput value={day ?? ''} onChange={(iso) => setDate(iso || null)} testId="cash-date" />
        </label>
        <button type="button" className="btn" disabled={!day} onClick={() => setExporting(true)} data-testid="cash-export">
          {t('documents.export')}
        </button>
      </header>
      <div className="cards">
        <div className="card">
          <span className="card-label">{t('cashbook.opening')}</span>
          <Money paise={d?.openingPaise ?? 0} tone="neutral" testId="cash-opening" />
        </div>
        <div className="card">
          <span className="card-label">{t('cashbook.in')}</span>
          <Money paise={d?.inPaise ?? 0} tone="got" testId="cash-in" />
        </div>
        <div className="card">
          <span className="card-label">{t('cashbook.out')}</span>
          <Money paise={d?.outPaise ?? 0} tone="gave" testId="cash-out" />
        </div>
        <div className="card">
          <span className="card-label">{t('cashbook.closing')}</span>
          <Money paise={d?.closingPaise ?? 0} tone="neutral" testId="cash-closing" />
          <small className="muted">
            {t('cashbook.inHand')}: <Money paise={d?.cashInHandPaise ?? 0} />
          </small>
        </div>
      </div>
      <div className="cards mode-cards" data-testid="cash-modes">
        <div className="card">
          <span className="card-label">{t('cashPay.cashInHand')}</span>
          <Money paise={d?.cashInHandPaise ?? 0} tone="neutral" testId="cash-in-hand" />
          <small className="muted">
            {t('cashPay.todayInOut')}: <Money paise={d?.cash.inPaise ?? 0} tone="got" /> / <Money paise={d?.cash.outPaise ?? 0} tone="gave" />
          </small>
        </div>
        <div className="card">
          <span className="card-label">{t('cashPay.onlineToday')}</span>
          <Money paise={d?.online.inPaise ?? 0} tone="got" testId="cash-online-in" />
          <small className="muted">
            {t('cashPay.onlineOut')}: <Money paise={d?.online.outPaise ?? 0} tone="gave" testId="cash-online-out" />
          </small>
        </div>
        <div className="card mode-breakdown">
          <span className="card-label">{t('cashPay.byMode')}</span>
          <ul className="plain-list mode-list">
            {(['upi', 'card', 'cheque', 'bank', 'online'] as const).map((m) =>
              d && (d.byMode[m].inPaise || d.byMode[m].outPaise) ? (
                <li key={m} data-testid={`cash-mode-${m}`}>
                  {m === 'online' ? t('cashbook.online') : t(`pay.modes.${m}`)}: <Money paise={d.byMode[m].inPaise} tone="got" />
                  {d.byMode[m].outPaise ? (
                    <>
                      {' / '}
                      <Money paise={d.byMode[m].outPaise} tone="gave" />
                    </>
                  ) : null}
                </li>
              ) : null,
            )}
          </ul>
        </div>
      </div>
      <form className={`quick-entry quick-${direction === 'in' ? 'got' : 'gave'}`} onSubmit={submit} data-testid="cash-form">
        <div className="segmented" role="radiogroup" aria-label={t('entry.direction')}>
          <button type="button" role="radio" aria-checked={direction === 'in'} className="seg seg-got" onClick={() => setDirection('in')} data-testid="cash-dir-in">
            {t('cashbook.in')}
          </button>
          <button type="button" role="radio" aria-checked={direction === 'out'} className="seg seg-gave" onClick={() => setDirection('out')} data-testid="cash-dir-out">
            {t('cashbook.out')}
          </button>
        </div>
        <label className="field amount-field">
          <span>{t('entry.amount')}</span>
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="₹ 0" data-testid="cash-amount" />
        </label>
        <label className="field">
          <span>{t('cashbook.mode')}</span>
          <select value={mode} onChange={(e) => setMode(e.target.value as 'cash' | 'online')}>
            <option value="cash">{t('cashbook.cash')}</option>
            <option value="online">{t('cashbook.online')}</option>
          </select>
        </label>
        <label className="field note-field">
          <span>{t('entry.note')}</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={add.isPending} data-testid="cash-save">
          {t('common.add')} <kbd>Enter</kbd>
        </button>
        {error && <p className="error-text qe-error" role="alert">{error}</p>}
      </form>
      <ErrorText error={cash.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('entry.col.note')}</th>
              <th>{t('cashbook.mode')}</th>
              <th className="num">{t('cashbook.in')}</th>
              <th className="num">{t('cashbook.out')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(d?.entries ?? []).map((entry) => (
              <tr key={entry.id} data-testid="cash-row">
                <td className="truncate">{staffPayNote(entry, staff.data, t) ?? noteText(entry.note, t)}</td>
                <td>{t(`cashbook.${entry.mode}`)}</td>
                <td className="num">{entry.direction === 'in' ? <Money paise={entry.amountPaise} tone="got" /> : ''}</td>
                <td className="num">{entry.direction === 'out' ? <Money paise={entry.amountPaise} tone="gave" /> : ''}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="btn btn-small btn-ghost danger"
                    onClick={() => void remove.mutateAsync(entry.id)}
                  >
                    {t('common.delete')}
                  </button>
                </td>
              </tr>
            ))}
            {(d?.payments ?? []).map((p) => (
              <tr key={p.id} data-testid="cash-payment-row">
                <td className="truncate">
                  {p.partyName}
                  {p.note ? ` · ${noteText(p.note, t)}` : ''}
                  <small className="muted"> · {t('cashPay.fromLedger')}</small>
                </td>
                <td>
                  {t(`pay.modes.${p.mode}`)}
                  {p.modeRef ? ` (${p.modeRef})` : ''}
                </td>
                <td className="num">{p.direction === 'in' ? <Money paise={p.amountPaise} tone="got" /> : ''}</td>
                <td className="num">{p.direction === 'out' ? <Money paise={p.amountPaise} tone="gave" /> : ''}</td>
                <td />
              </tr>
            ))}
            {d && d.entries.length === 0 && d.payments.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {t('cashbook.empty', { date: formatDate(d.date) })}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {exporting && day && (
        <DocumentsDialog
          title={t('documents.exportTitle', { what: t('nav.cashbook') })}
          range={{ from: `${day.slice(0, 7)}-01`, to: day }}
          actions={(['csv', 'xlsx'] as const).map((format) => ({ kind: format, make: (r) => call('documents.export', { what: 'cashbook', format, from: r!.from, to: r!.to, language: i18n.language === 'hi' ? 'hi' : 'en' }) }))}
          onClose={() => setExporting(false)}
        />
      )}
    </section>
  );
}

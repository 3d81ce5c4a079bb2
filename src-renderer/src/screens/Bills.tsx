import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { formatDate } from '../format/date';
import { Money } from '../ui/Money';
import { ErrorText } from '../ui/ErrorText';
import { DocumentsDialog, financialYearStart } from '../ui/DocumentsDialog';
import { BillForm } from './billing/BillForm';
import { BillDetail } from './BillDetail';
import type { Bill } from '../../../src-main/contract';

type StatusFilter = 'all' | 'unpaid' | 'partly_paid' | 'paid';

/** Sale and purchase bills; every figure on them comes from the core. */
export function BillsScreen() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [editing, setEditing] = useState<Bill | null>(null);
  const info = useQuery({ queryKey: ['appInfo'], queryFn: () => call('app.info', {}) });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('settings.get', {}) });
  const bills = useQuery({ queryKey: ['bills', status, search], queryFn: () => call('bills.list', { status, search, limit: 200 }), placeholderData: (p) => p });
  const [saved, setSaved] = useState<{ number: string; printed: boolean; error?: string } | null>(null);

  // N opens a new bill from anywhere on this screen (not while typing in a field).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key.toLowerCase() !== 'n' || event.ctrlKey || event.altKey || event.metaKey) return;
      if (target && (target.closest('input, select, textarea, dialog') || target.isContentEditable)) return;
      event.preventDefault();
      setCreating(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="screen" data-testid="screen-bills">
      <header className="screen-header">
        <h1>{t('nav.bills')}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-bill">
          {t('bills.new')} <kbd>N</kbd>
        </button>
      </header>
      {saved && (
        <p className={saved.error ? 'error-text' : 'muted'} role="status" data-testid="bill-saved-note">
          {t(saved.printed ? 'billForm.savedPrinted' : 'billForm.saved', { number: saved.number })}
          {saved.error ? ` ${t('print.failed')} ${saved.error}` : ''}
        </p>
      )}
      <div className="toolbar">
        <label className="search">
          <span className="sr-only">{t('bills.search')}</span>
          <input type="search" placeholder={t('bills.search')} value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label className="inline-field">
          <span>{t('bills.status.label')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            {(['all', 'unpaid', 'partly_paid', 'paid'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`bills.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="count">{t('bills.count', { count: bills.data?.total ?? 0 })}</span>
        <button type="button" className="btn btn-small" disabled={!info.data} onClick={() => setExporting(true)} data-testid="bills-export">
          {t('documents.export')}
        </button>
      </div>
      <ErrorText error={bills.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('bills.number')}</th>
              <th>{t('entry.col.date')}</th>
              <th>{t('party.col.name')}</th>
              <th>{t('bills.kind.label')}</th>
              <th>{t('bills.status.label')}</th>
              <th className="num">{t('bills.total')}</th>
              <th className="num">{t('bills.due')}</th>
            </tr>
          </thead>
          <tbody>
            {(bills.data?.items ?? []).map((bill) => (
              <tr key={bill.id} data-testid="bill-row" className="clickable" onClick={() => setOpenId(bill.id)}>
                <td>
                  <button type="button" className="link" onClick={() => setOpenId(bill.id)} aria-label={t('bills.open')}>
                    {bill.invoiceNumber}
                  </button>
                </td>
                <td>{formatDate(bill.date)}</td>
                <td className="truncate">{bill.partyName}</td>
                <td>{t(`bills.kind.${bill.kind}`)}</td>
                <td>
                  <span className={`badge badge-${bill.status}`}>{t(`bills.status.${bill.status}`)}</span>
                </td>
                <td className="num">
                  <Money paise={bill.totalPaise} />
                </td>
                <td className="num">
                  <Money paise={bill.duePaise} tone={bill.duePaise > 0 ? 'gave' : 'neutral'} />
                </td>
              </tr>
            ))}
            {bills.data?.items.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  {t('bills.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {exporting && info.data && (
        <DocumentsDialog
          title={t('documents.exportTitle', { what: t('nav.bills') })}
          range={{ from: financialYearStart(info.data.today, settings.data?.fyStartMonth), to: info.data.today }}
          actions={(['csv', 'xlsx'] as const).map((format) => ({ kind: format, make: (r) => call('documents.export', { what: 'bills', format, from: r!.from, to: r!.to, language: i18n.language === 'hi' ? 'hi' : 'en' }) }))}
          onClose={() => setExporting(false)}
        />
      )}
      {creating && <BillForm onClose={() => setCreating(false)} onSaved={(bill, print) => setSaved({ number: bill.invoiceNumber, ...print })} />}
      {editing && <BillForm bill={editing} onClose={() => setEditing(null)} />}
      {openId && (
        <BillDetail
          id={openId}
          onClose={() => setOpenId(null)}
          onEdit={(bill) => {
            setOpenId(null);
            setEditing(bill);
          }}
          // The app's undo toast offers to bring a deleted bill back (UndoHost).
          onDeleted={() => undefined}
        />
      )}
    </section>
  );
}

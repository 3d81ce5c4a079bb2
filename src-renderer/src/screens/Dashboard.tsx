import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import type { PartyRef } from '../app/routes';
import { formatDate } from '../format/date';
import { Money } from '../ui/Money';
import { ErrorText } from '../ui/ErrorText';
import { noteText } from '../format/notes';

/** The day at a glance: what the shop will get and give, today's cash, the latest entries. */
export function Dashboard({ onOpenParty }: { onOpenParty: (party: PartyRef) => void }) {
  const { t } = useTranslation();
  const customers = useQuery({ queryKey: ['parties', 'customer', 'totals'], queryFn: () => call('parties.list', { type: 'customer', limit: 1 }) });
  const suppliers = useQuery({ queryKey: ['parties', 'supplier', 'totals'], queryFn: () => call('parties.list', { type: 'supplier', limit: 1 }) });
  const cash = useQuery({ queryKey: ['cashbook', 'today'], queryFn: () => call('cashbook.day', {}) });
  const recent = useQuery({ queryKey: ['recent'], queryFn: () => call('entries.recent', { limit: 12 }) });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('settings.get', {}) });

  const get = (customers.data?.totals.youWillGetPaise ?? 0) + (suppliers.data?.totals.youWillGetPaise ?? 0);
  const give = (customers.data?.totals.youWillGivePaise ?? 0) + (suppliers.data?.totals.youWillGivePaise ?? 0);

  return (
    <section className="screen" data-testid="screen-dashboard">
      <header className="screen-header">
        <div>
          <h1 data-testid="dash-shop-name">{settings.data?.name ?? t('nav.dashboard')}</h1>
          <span className="dash-sub">{t('dashboard.title')}</span>
        </div>
      </header>
      <div className="cards">
        <div className="card">
          <span className="card-label">{t('balance.get')}</span>
          <Money paise={get} tone={get > 0 ? 'gave' : 'neutral'} testId="dash-get" />
          <small className="muted">{t('dashboard.getHint')}</small>
        </div>
        <div className="card">
          <span className="card-label">{t('balance.give')}</span>
          <Money paise={give} tone={give > 0 ? 'got' : 'neutral'} testId="dash-give" />
          <small className="muted">{t('dashboard.giveHint')}</small>
        </div>
        <div className="card">
          <span className="card-label">{t('dashboard.cashIn')}</span>
          {cash.data ? <Money paise={cash.data.inPaise} tone="got" testId="dash-cash-in" /> : <span className="muted">—</span>}
        </div>
        <div className="card">
          <span className="card-label">{t('dashboard.cashOut')}</span>
          {cash.data ? <Money paise={cash.data.outPaise} tone="gave" testId="dash-cash-out" /> : <span className="muted">—</span>}
        </div>
      </div>
      <h2 className="section-title">{t('dashboard.recent')}</h2>
      <ErrorText error={recent.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('entry.col.date')}</th>
              <th>{t('party.col.name')}</th>
              <th>{t('entry.col.note')}</th>
              <th className="num">{t('entry.col.gave')}</th>
              <th className="num">{t('entry.col.got')}</th>
            </tr>
          </thead>
          <tbody>
            {(recent.data ?? []).map((entry) => (
              <tr key={entry.id}>
                <td>{formatDate(entry.date)}</td>
                <td>
                  <button type="button" className="link" onClick={() => onOpenParty({ type: entry.partyType, id: entry.partyId })}>
                    {entry.partyName}
                  </button>
                </td>
                <td className="truncate">{noteText(entry.note, t)}</td>
                <td className="num">{entry.direction === 'gave' ? <Money paise={entry.amountPaise} tone="gave" /> : ''}</td>
                <td className="num">{entry.direction === 'got' ? <Money paise={entry.amountPaise} tone="got" /> : ''}</td>
              </tr>
            ))}
            {recent.data?.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {t('dashboard.noRecent')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

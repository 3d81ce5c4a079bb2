import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CollectRow, ReminderDraft } from '../../../../src-main/contract';
import { call } from '../../api/client';
import type { PartyRef } from '../../app/routes';
import { formatDate } from '../../format/date';
import { formatPaise } from '../../format/money';
import { ErrorText } from '../../ui/ErrorText';
import { Money } from '../../ui/Money';
import { PromiseBadge, RemindedText } from './badges';
import { ReminderRun } from './ReminderRun';

type ListKey = 'overdue' | 'dueToday' | 'upcoming';
const LISTS: ListKey[] = ['overdue', 'dueToday', 'upcoming'];

/**
 * The khata owner's first job: who to ask for money today. Parties with money overdue, due
 * today and due in the next 7 days (on the shop's date), each list largest amount first, with
 * their latest promise and when they were last reminded; a reminder per party, or a run
 * through everyone due, one click per party.
 */
export function ToCollect({ onOpenParty }: { onOpenParty: (party: PartyRef) => void }) {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['collect', 'list'], queryFn: () => call('collections.list', {}) });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('settings.get', {}) });
  const [run, setRun] = useState<ReminderDraft[] | null>(null);
  const data = list.data;
  const empty = data && !data.overdue.length && !data.dueToday.length && !data.upcoming.length;

  return (
    <section className="screen" data-testid="screen-collect">
      <header className="screen-header">
        <div>
          <h1>{t('collect.title')}</h1>
          <span className="dash-sub">{data ? `${t('collect.sub')} · ${t('collect.today', { date: formatDate(data.today) })}` : t('collect.sub')}</span>
        </div>
        <div className="header-actions">
          <button type="button" className="btn btn-primary" disabled={!data?.toRemind.length} onClick={() => data && setRun(data.toRemind)} data-testid="collect-remind-all">
            {t('collect.remindAll', { count: data?.toRemind.length ?? 0 })}
          </button>
        </div>
      </header>
      <ErrorText error={list.error} />
      {data && (
        <div className="cards">
          {LISTS.map((key) => (
            <div className="card" key={key}>
              <span className="card-label">{t(`collect.${key}`)}</span>
              <Money paise={data.totals[`${key}Paise`]} tone={data.totals[`${key}Paise`] ? 'gave' : 'neutral'} testId={`collect-total-${key}`} />
              <small className="muted">{t('collect.parties', { count: data[key].length })}</small>
            </div>
          ))}
        </div>
      )}
      {empty && (
        <div className="empty" data-testid="collect-empty">
          <p>{t('collect.allClear')}</p>
        </div>
      )}
      {data &&
        !empty &&
        LISTS.map((key) => (
          <CollectSection
            key={key}
            list={key}
            rows={data[key]}
            today={data.today}
            onOpenParty={onOpenParty}
            onRemind={(row) => setRun([{ partyType: row.partyType, partyId: row.partyId, name: row.name, phone: row.phone, amountPaise: row.amountPaise, dueDate: row.dueDate, upiLink: row.upiLink }])}
          />
        ))}
      {run && <ReminderRun drafts={run} business={settings.data?.name ?? ''} today={data?.today ?? ''} onClose={() => setRun(null)} />}
    </section>
  );
}

function CollectSection({
  list,
  rows,
  today,
  onOpenParty,
  onRemind,
}: {
  list: ListKey;
  rows: CollectRow[];
  today: string;
  onOpenParty: (party: PartyRef) => void;
  onRemind: (row: CollectRow) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <h2 className="section-title">
        {t(`collect.${list}`)} <span className="muted">· {t('collect.total', { amount: formatPaise(rows.reduce((s, r) => s + r.amountPaise, 0)) })}</span>
      </h2>
      <div className="table-wrap" data-testid={`collect-${list}`}>
        <table className="table collect-table">
          <colgroup>
            <col className="c-name" />
            <col className="c-amount" />
            <col className="c-due" />
            <col />
            <col className="c-action" />
          </colgroup>
          <thead>
            <tr>
              <th>{t('collect.col.name')}</th>
              <th className="num">{t('collect.col.amount')}</th>
              <th>{t('collect.col.due')}</th>
              <th>{t('collect.col.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.partyId} data-testid="collect-row">
                <td>
                  <button type="button" className="link" onClick={() => onOpenParty({ type: row.partyType, id: row.partyId })} data-testid="collect-party">
                    {row.name}
                  </button>
                </td>
                <td className="num">
                  <Money paise={row.amountPaise} tone="gave" testId="collect-amount" />
                </td>
                <td data-testid="collect-due">
                  {list === 'overdue' ? (
                    <span className="badge badge-unpaid">{t('collect.daysLate', { count: row.daysOverdue })}</span>
                  ) : (
                    t('collect.dueOn', { date: formatDate(row.dueDate) })
                  )}
                </td>
                <td>
                  <div className="collect-status">
                    <PromiseBadge promise={row.promise} />
                    <RemindedText reminder={row.lastReminder} today={today} />
                  </div>
                </td>
                <td className="num">
                  <button type="button" className="btn btn-small" onClick={() => onRemind(row)} data-testid="collect-remind">
                    {t('collect.remind')}
                  </button>
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {t('collect.none')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { PartyRef } from '../../app/routes';
import { formatDate } from '../../format/date';
import { formatPaise } from '../../format/money';
import { errorMessage } from '../../i18n/errors';
import { PromiseBadge } from './badges';
import { PromiseForm } from './PromiseForm';
import { sendReminder } from './send';

/**
 * On a party's khata: how its balance falls due (payments settle the oldest credit first),
 * its credit period, the latest promise to pay and the reminders sent, with one-click
 * reminder and "promise to pay".
 */
export function PartyDues({ party, business }: { party: PartyRef; business: string }) {
  const { t } = useTranslation();
  const dues = useQuery({ queryKey: ['collect', 'party', party.type, party.id], queryFn: () => call('collections.party', { partyType: party.type, partyId: party.id }) });
  const [promising, setPromising] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const d = dues.data;
  if (!d) return null;
  const latest = d.promises[0] ?? null;
  const parts = (
    [
      ['overdue', d.overduePaise],
      ['dueToday', d.dueTodayPaise],
      ['upcoming', d.upcomingPaise],
      ['later', d.laterPaise],
      ['unscheduled', d.unscheduledPaise],
    ] as const
  ).filter(([, paise]) => paise > 0);

  const remind = async () => {
    setError(null);
    try {
      await sendReminder(t, d.reminder, business, d.today);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="party-dues" data-testid="party-dues">
      <div className="party-dues-line">
        <strong>{t('collect.party.title')}:</strong>
        {parts.map(([key, paise]) => (
          <span key={key} className={key === 'overdue' ? 'money-gave' : undefined} data-testid={`dues-${key}`}>
            {t(`collect.party.${key}`)} {formatPaise(paise)}
            {key === 'overdue' && d.oldestOverdueDate ? ` (${t('collect.dueOn', { date: formatDate(d.oldestOverdueDate) })})` : ''}
          </span>
        ))}
        <span className="muted" data-testid="dues-credit-days">
          {d.creditDays === null ? t('collect.party.noCreditDays') : t('collect.party.creditDays', { count: d.creditDays })}
        </span>
        <PromiseBadge promise={latest} />
        {latest && latest.status !== 'kept' && (
          <button type="button" className="link" onClick={() => void call('promises.cancel', { id: latest.id })} data-testid="promise-cancel">
            {t('collect.party.cancelPromise')}
          </button>
        )}
        <span className="party-dues-actions">
          {d.balancePaise > 0 && (
            <button type="button" className="btn btn-small" onClick={() => setPromising(true)} data-testid="promise-add">
              {t('collect.party.promise')}
            </button>
          )}
          {d.balancePaise > 0 && (
            <button type="button" className="btn btn-small" onClick={() => void remind()} data-testid="send-reminder">
              {t('reminder.send')}
            </button>
          )}
        </span>
      </div>
      <div className="party-dues-line muted" data-testid="reminder-history">
        <span>{t('collect.party.reminders')}:</span>
        {d.reminders.length === 0 && <span>{t('collect.party.noReminders')}</span>}
        {d.reminders.slice(0, 3).map((r) => (
          <span key={r.id} data-testid="reminder-line">
            {t('collect.party.reminderLine', { date: formatDate(r.sentOn), amount: formatPaise(r.amountPaise) })}
          </span>
        ))}
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {promising && <PromiseForm party={party} today={d.today} suggestedPaise={d.reminder.amountPaise} onClose={() => setPromising(false)} />}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type { PaymentPromise, Reminder } from '../../../../src-main/contract';
import { formatDate } from '../../format/date';
import { formatPaise } from '../../format/money';

/** A promise to pay as the owner reads it: open, kept or broken, with its amount and day. */
export function PromiseBadge({ promise }: { promise: PaymentPromise | null }) {
  const { t } = useTranslation();
  if (!promise) return null;
  const key = promise.status === 'open' ? 'collect.promiseOpen' : promise.status === 'kept' ? 'collect.promiseKept' : 'collect.promiseBroken';
  const tone = promise.status === 'broken' ? 'badge-unpaid' : promise.status === 'kept' ? 'badge-paid' : '';
  return (
    <span className={`badge ${tone}`} data-testid={`promise-${promise.status}`} title={promise.note ?? undefined}>
      {t(key, { amount: formatPaise(promise.amountPaise), date: formatDate(promise.promisedOn) })}
    </span>
  );
}

const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/** "Reminded 3 days ago", counted in the shop's days. */
export function RemindedText({ reminder, today }: { reminder: Reminder | null; today: string }) {
  const { t } = useTranslation();
  if (!reminder) return <small className="muted">{t('collect.notReminded')}</small>;
  const days = Math.max(0, dayNumber(today) - dayNumber(reminder.sentOn));
  return (
    <small className="muted" data-testid="last-reminded">
      {days === 0 ? t('collect.remindedToday') : t('collect.remindedAgo', { count: days })}
    </small>
  );
}

import type { TFunction } from 'i18next';
import type { ReminderDraft } from '../../../../src-main/contract';
import { formatDate } from '../../format/date';
import { formatPaise } from '../../format/money';
import { whatsappNumber } from '../parties/reminder';

/**
 * A payment reminder in the shop's language: the amount (Indian format), the shop's name, the
 * due date when there is one, and the shop's UPI pay link for that amount when it has a UPI ID.
 */
export function reminderMessage(t: TFunction, draft: ReminderDraft, business: string, today: string): string {
  const vars = { name: draft.name, amount: formatPaise(draft.amountPaise), business, date: formatDate(draft.dueDate) };
  const body =
    draft.dueDate === null
      ? t('reminder.message', { name: draft.name, amount: vars.amount, business })
      : t(draft.dueDate < today ? 'collect.message.overdue' : 'collect.message.due', vars);
  return draft.upiLink ? `${body}\n${t('collect.message.pay', { link: draft.upiLink })}` : body;
}

/** The wa.me link the shell opens (its allowlist passes wa.me); no number lets WhatsApp ask whom. */
export function reminderUrl(t: TFunction, draft: ReminderDraft, business: string, today: string): string {
  return `https://wa.me/${whatsappNumber(draft.phone)}?text=${encodeURIComponent(reminderMessage(t, draft, business, today))}`;
}

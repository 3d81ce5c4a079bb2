import type { TFunction } from 'i18next';
import { formatPaise } from '../../format/money';

/** wa.me wants the number with country code and no "+": a 10-digit Indian number gets 91. */
export function whatsappNumber(phone: string | null): string {
  if (!phone) return '';
  const digits = phone.replace(/\D/g, '');
  return digits.length === 10 ? `91${digits}` : digits;
}

/** A WhatsApp reminder link with the message in the user's language. */
export function reminderLink(t: TFunction, opts: { phone: string | null; partyName: string; balancePaise: number; businessName: string }): string {
  const message = t('reminder.message', { name: opts.partyName, amount: formatPaise(opts.balancePaise), business: opts.businessName });
  return `https://wa.me/${whatsappNumber(opts.phone)}?text=${encodeURIComponent(message)}`;
}

import { format, parseISO } from 'date-fns';
import { hi } from 'date-fns/locale';
import i18n from 'i18next';

/** An ISO date (2026-11-25) as DD MMM YYYY in the UI language. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = parseISO(iso.length === 10 ? iso : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return format(date, 'dd MMM yyyy', i18n.language === 'hi' ? { locale: hi } : undefined);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = parseISO(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return format(date, 'dd MMM yyyy, HH:mm', i18n.language === 'hi' ? { locale: hi } : undefined);
}

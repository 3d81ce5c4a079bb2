import i18n from 'i18next';

/**
 * Dates as India writes them: dd-mm-yyyy in both languages, whatever the computer's locale.
 * Moments (sync times, backups, history) are shown in the business's time zone, which the
 * app sets from the settings once they load (India's until then).
 */
let zone = 'Asia/Kolkata';

export function setDateZone(timeZone: string | null | undefined): void {
  if (!timeZone) return;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    zone = timeZone;
  } catch {
    // An unknown zone keeps the one before; the settings contract refuses them anyway.
  }
}

export function dateZone(): string {
  return zone;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** An ISO date (2026-04-01) as 01-04-2026. A full timestamp is first moved into the business's zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (iso.length > 10) {
    const moment = new Date(iso);
    if (!Number.isNaN(moment.getTime())) return formatDateTime(iso).slice(0, 10);
  }
  const m = ISO_DATE.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    partsFormats.set(timeZone, f);
  }
  return f;
}

/** A moment as 01-04-2026, 14:05 on the business's clock. */
export function formatDateTime(iso: string | null | undefined, timeZone = zone): string {
  if (!iso) return '';
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  const p = Object.fromEntries(partsFormat(timeZone).formatToParts(moment).map((x) => [x.type, x.value]));
  return `${p.day}-${p.month}-${p.year}, ${p.hour}:${p.minute}`;
}

/** Today's ISO date on the business's clock. */
export function todayIn(timeZone = zone, now = new Date()): string {
  const p = Object.fromEntries(partsFormat(timeZone).formatToParts(now).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

const locale = () => (i18n.language === 'hi' ? 'hi-IN' : 'en-IN');

/** The short weekday of an ISO date in the UI language ("Mon", "सोम"). */
export function weekdayName(iso: string, style: 'short' | 'long' = 'short'): string {
  return new Intl.DateTimeFormat(locale(), { weekday: style, timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

/** A month (2026-11) in the UI language: "November 2026", "नवंबर 2026". */
export function formatMonth(month: string): string {
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn' }).format(new Date(`${month}-01T00:00:00Z`));
}

/** A month's name (1 = January) in the UI language. */
export function formatMonthName(month: number): string {
  return new Intl.DateTimeFormat(locale(), { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, month - 1, 1)));
}

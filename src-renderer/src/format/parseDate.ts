/**
 * Reading a date the way an Indian shop types it: day first ("1/4", "01-04-2026", "1.4.26"),
 * or a word ("today", "आज", "yesterday", "tomorrow"), or the ISO form a machine writes
 * ("2026-04-01"). Devanagari digits are read like Latin ones. The answer is an ISO calendar
 * date (yyyy-mm-dd) or the reason it is not a date, as a translation key under dateInput.error.
 */
export interface DateContext {
  /** Today in the business's time zone, yyyy-mm-dd. */
  today: string;
  /** The month the financial year starts (4 = April). */
  fyStartMonth: number;
}

export type DateErrorCode = 'format' | 'noSuchDate' | 'range' | 'empty';
export type ParsedDate = { ok: true; iso: string } | { ok: false; error: DateErrorCode };

const WORDS: Record<string, number> = {
  today: 0,
  aaj: 0,
  'आज': 0,
  yesterday: -1,
  'बीता कल': -1,
  tomorrow: 1,
  'आने वाला कल': 1,
};

export const MIN_DATE = '2000-01-01';
export const MAX_DATE = '2099-12-31';

const pad = (n: number) => String(n).padStart(2, '0');
export const isoOf = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** Days in a month, leap years included (Gregorian: every 4th year, not centuries unless /400). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** An ISO date moved by whole days. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first day of the financial year that holds `iso`. */
export function fyStart(iso: string, fyStartMonth: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return isoOf(m >= fyStartMonth ? y : y - 1, fyStartMonth, 1);
}

/**
 * A day and month without a year belong to the financial year that holds today; only when
 * that lands more than six months ahead is the same day a year earlier meant (on 2 April,
 * "28/3" is last week, not next March).
 */
function yearFor(day: number, month: number, ctx: DateContext): number {
  const start = Number(fyStart(ctx.today, ctx.fyStartMonth).slice(0, 4));
  const year = month >= ctx.fyStartMonth ? start : start + 1;
  const sixMonthsAhead = addDays(ctx.today, 183);
  const candidate = isoOf(year, month, Math.min(day, daysInMonth(year, month)));
  return candidate > sixMonthsAhead ? year - 1 : year;
}

const DEVANAGARI_DIGITS = '०१२३४५६७८९';

export function parseDateInput(input: string, ctx: DateContext): ParsedDate {
  const text = input
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[०-९]/g, (c) => String(DEVANAGARI_DIGITS.indexOf(c)))
    .replace(/\s+/g, ' ');
  if (!text) return { ok: false, error: 'empty' };
  if (text in WORDS) return { ok: true, iso: addDays(ctx.today, WORDS[text]!) };

  let day: number, month: number, year: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dmy = /^(\d{1,2})\s*[-/. ]\s*(\d{1,2})(?:\s*[-/. ]\s*(\d{2}|\d{4}))?$/.exec(text);
  const compact = /^(\d{2})(\d{2})(\d{4})?$/.exec(text);
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else {
    const parts = dmy ?? compact;
    if (!parts) return { ok: false, error: 'format' };
    day = Number(parts[1]);
    month = Number(parts[2]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return { ok: false, error: 'noSuchDate' };
    const y = parts[3];
    year = y === undefined ? yearFor(day, month, ctx) : y.length === 2 ? 2000 + Number(y) : Number(y);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, error: 'noSuchDate' };
  const out = isoOf(year, month, day);
  if (out < MIN_DATE || out > MAX_DATE) return { ok: false, error: 'range' };
  return { ok: true, iso: out };
}

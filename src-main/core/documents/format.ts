// Display formatting for documents, from integers only (no float ever rounds a figure).

/** Indian digit grouping of a non-negative integer string: 12345678 -> 1,23,45,678. */
function groupIndian(digits: string): string {
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  const rest = digits.slice(0, -3);
  return `${rest.replace(/\B(?=(\d{2})+(?!\d))/g, ',')},${last3}`;
}

/** 123456789 paise -> "12,34,567.89"; negative amounts get a leading minus. */
export function formatPaise(paise: number): string {
  if (!Number.isSafeInteger(paise)) throw new RangeError('formatPaise needs whole paise');
  const abs = Math.abs(paise);
  const text = `${groupIndian(String(Math.floor(abs / 100)))}.${String(abs % 100).padStart(2, '0')}`;
  return paise < 0 ? `-${text}` : text;
}

/** Plain rupees for CSV: 123456789 -> "1234567.89", -5 -> "-0.05". */
export function paiseToRupeesText(paise: number): string {
  if (!Number.isSafeInteger(paise)) throw new RangeError('paiseToRupeesText needs whole paise');
  const abs = Math.abs(paise);
  return `${paise < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** ISO 2026-11-25 -> 25-11-2026, the way Indian documents print dates. */
export const formatDate = (iso: string): string => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

/** Thousandths of a unit -> "1.5", "12", "0.125". */
export function formatQty(milli: number): string {
  const whole = Math.floor(milli / 1000);
  const frac = String(milli % 1000).padStart(3, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** Basis points -> percent text: 1800 -> "18%", 25 -> "0.25%". */
export function formatRateBp(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return `${frac ? `${whole}.${frac}` : whole}%`;
}

/** ₹1,23,456.78 from paise, with integer arithmetic only (for messages; the UI formats its own). */
export function rupees(paise: number): string {
  const sign = paise < 0 ? '-' : '';
  const abs = Math.abs(paise);
  const whole = (abs - (abs % 100)) / 100;
  const fraction = String(abs % 100).padStart(2, '0');
  return `${sign}₹${new Intl.NumberFormat('en-IN').format(whole)}.${fraction}`;
}

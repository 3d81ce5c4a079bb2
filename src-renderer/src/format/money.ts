const inr = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });

/**
 * ₹ in the Indian system from integer paise. Rupees and paise are split with integer
 * arithmetic and handed to Intl as an exact decimal string, so no float ever rounds.
 */
export function formatPaise(paise: number): string {
  const negative = paise < 0;
  const abs = Math.abs(paise);
  const rupees = Math.trunc(abs / 100);
  const rest = abs - rupees * 100;
  const exact = `${negative ? '-' : ''}${rupees}.${String(rest).padStart(2, '0')}`;
  return inr.format(exact as unknown as number);
}

/**
 * What the user typed ("1,250.5", "₹ 80") as integer paise, or null when it is not an
 * amount. Parsed as text, never through a float.
 */
export function parseRupees(input: string): number | null {
  const cleaned = input.replace(/[₹,\s]/g, '');
  const match = /^(\d{1,11})(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!match) return null;
  const paise = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return paise > 0 ? paise : null;
}

/** Paise as the plain rupee text an edit box starts with ("1250.50"). */
export function paiseToInput(paise: number): string {
  const rupees = Math.trunc(paise / 100);
  const rest = paise - rupees * 100;
  return rest ? `${rupees}.${String(rest).padStart(2, '0')}` : String(rupees);
}

import { GST_STATES } from './states';

/**
 * GSTIN: 2-digit state code, the holder's 10-character PAN, the entity number (1-9, A-Z),
 * 'Z', and a check character. The check character follows GSTN's mod-36 scheme: each of the
 * first 14 characters has its value in 0-9A-Z, times 1 or 2 alternately from the left; the
 * product's base-36 digits are summed; the check is (36 - sum mod 36) mod 36.
 */
const CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const GSTIN_FORMAT = /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;

export const GSTIN_MESSAGES = {
  format: 'GSTIN must be 15 characters like 27ABCDE1234F1Z0.',
  state: 'The GSTIN does not start with a valid state code.',
  checksum: 'This GSTIN has a typing mistake: its last character does not match the rest.',
} as const;

/** The check character for the first 14 characters of a GSTIN. */
export function gstinCheckChar(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const value = CHARS.indexOf(first14[i]!);
    if (value < 0) throw new Error(`gstin: bad character ${first14[i]}`);
    const product = value * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return CHARS[(36 - (sum % 36)) % 36]!;
}

export type GstinCheck =
  | { ok: true; gstin: string; stateCode: string; pan: string }
  | { ok: false; error: keyof typeof GSTIN_MESSAGES; message: string };

/** Reads a GSTIN as typed (any case, spaces allowed) and says what is wrong with it, if anything. */
export function checkGstin(input: string): GstinCheck {
  const gstin = input.replace(/\s/g, '').toUpperCase();
  const fail = (error: keyof typeof GSTIN_MESSAGES): GstinCheck => ({ ok: false, error, message: GSTIN_MESSAGES[error] });
  if (!GSTIN_FORMAT.test(gstin)) return fail('format');
  const stateCode = gstin.slice(0, 2);
  if (!GST_STATES[stateCode]) return fail('state');
  if (gstinCheckChar(gstin) !== gstin[14]) return fail('checksum');
  return { ok: true, gstin, stateCode, pan: gstin.slice(2, 12) };
}

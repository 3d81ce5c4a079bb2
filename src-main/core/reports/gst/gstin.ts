/**
 * GSTIN check: 2-digit state code, 10-character PAN, entity number, 'Z', and a check character
 * computed over the first 14 characters (the GSTN's mod-36 scheme, as published with the GSTIN
 * format): each character's value in 0-9A-Z times a factor alternating 1, 2 from the left; the
 * product's quotient and remainder by 36 are added; check = (36 - sum mod 36) mod 36.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SHAPE = /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;

export function gstinCheckChar(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const value = ALPHABET.indexOf(first14[i]!);
    if (value < 0) throw new Error(`gstin: bad character ${first14[i]}`);
    const product = value * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return ALPHABET[(36 - (sum % 36)) % 36]!;
}

export type GstinVerdict = 'ok' | 'shape' | 'checksum' | 'state';

/** Why a GSTIN is wrong, or 'ok'. The state code must be a real one (01-38, 97). */
export function checkGstin(gstin: string): GstinVerdict {
  const g = gstin.trim().toUpperCase();
  if (!SHAPE.test(g)) return 'shape';
  const state = Number(g.slice(0, 2));
  if (!((state >= 1 && state <= 38) || state === 97)) return 'state';
  return gstinCheckChar(g.slice(0, 14)) === g[14] ? 'ok' : 'checksum';
}

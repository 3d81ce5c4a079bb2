/**
 * GSTIN check for the GST reports: the one implementation of GSTN's mod-36 check character
 * lives in the contract (src-main/contract/gstin.ts), where the input boundary uses it too.
 */
import { gstinCheckChar as checkChar, GSTIN_FORMAT } from '../../../contract/gstin';

export function gstinCheckChar(first14: string): string {
  return checkChar(first14);
}

export type GstinVerdict = 'ok' | 'shape' | 'checksum' | 'state';

/** Why a GSTIN is wrong, or 'ok'. The state code must be a real one (01-38, 97). */
export function checkGstin(gstin: string): GstinVerdict {
  const g = gstin.trim().toUpperCase();
  if (!GSTIN_FORMAT.test(g)) return 'shape';
  const state = Number(g.slice(0, 2));
  if (!((state >= 1 && state <= 38) || state === 97)) return 'state';
  return checkChar(g.slice(0, 14)) === g[14] ? 'ok' : 'checksum';
}

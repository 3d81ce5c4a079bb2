import { paiseToRupeesText } from './format';

/**
 * A UPI payment link as NPCI's UPI linking specification has it (the same text goes in the
 * QR): upi://pay?pa=<payee VPA>&pn=<payee name>&am=<rupees, two decimals>&tn=<note>&cu=INR.
 * Values are percent-encoded (a space is %20, never +, which some UPI apps show as is); the
 * note is cut to the 50 characters apps display.
 */
export function upiPayLink(p: { vpa: string; name: string; amountPaise: number; note: string }): string {
  if (!Number.isSafeInteger(p.amountPaise) || p.amountPaise <= 0) throw new RangeError('a UPI link needs an amount of at least one paisa');
  const params: [string, string][] = [
    ['pa', p.vpa.trim()],
    ['pn', p.name.trim().slice(0, 50)],
    ['am', paiseToRupeesText(p.amountPaise)],
    ['tn', [...p.note.trim()].slice(0, 50).join('')],
    ['cu', 'INR'],
  ];
  return `upi://pay?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

import { formatPaise } from './format';
import type { InvoiceData } from './invoice';
import type { Labels } from './labels';
import type { Pen } from './pdf/pen';
import { drawQr } from './pdf/qr';

/** Room the block needs below the totals, so the invoice breaks the page before it. */
export const PAYMENT_BLOCK_HEIGHT = 110;

const QR_SIZE = 84;

/**
 * Under the totals of an A4 invoice: amount paid and balance due on the right; where to pay
 * on the left (bank details) and a UPI QR for the balance due when the business has a UPI ID.
 * Returns the y below the block.
 */
export function drawPaymentBlock(pen: Pen, d: InvoiceData, l: Labels, top: number): number {
  const right = 559;
  let ry = top;
  const row = (label: string, paise: number, bold = false) => {
    pen.text(label, 330, ry, { size: 9, bold });
    pen.text(formatPaise(paise), 450, ry, { size: 9, bold, width: right - 450 - 3, align: 'right' });
    ry += 13;
  };
  if (d.paidPaise > 0) {
    const modes = [...new Set(d.payments.map((p) => (p.mode ? l[`mode_${p.mode}`] : '')).filter(Boolean))].join(', ');
    row(modes ? `${l.paid} (${modes})` : l.paid, d.paidPaise);
  }
  row(l.balanceDue, d.duePaise, true);

  let ly = top;
  const b = d.business;
  const bankLines = [
    b.bankName ? `${l.bank}: ${b.bankName}` : '',
    b.bankAccount ? `${l.accountNo}: ${b.bankAccount}` : '',
    b.bankIfsc ? `${l.ifsc}: ${b.bankIfsc}` : '',
    b.upiId ? `${l.upiId}: ${b.upiId}` : '',
  ].filter(Boolean);
  if (bankLines.length) {
    pen.text(l.bankDetails, 36, ly, { size: 8, bold: true, color: '#555555' });
    ly += 11;
    for (const line of bankLines) {
      pen.text(line, 36, ly, { size: 8.5, width: 190 });
      ly += 11;
    }
  }
  if (d.upiLink) {
    const x = 232;
    drawQr(pen, d.upiLink, x, top - 4, QR_SIZE);
    pen.text(`${l.scanToPay} ₹ ${formatPaise(d.duePaise)}`, x - 12, top - 4 + QR_SIZE + 1, { size: 7.5, width: QR_SIZE + 24, align: 'center' });
    ly = Math.max(ly, top + QR_SIZE + 10);
  }
  return Math.max(ly, ry) + 4;
}

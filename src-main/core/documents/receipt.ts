import { stateLabel } from '../../contract/states';
import { formatDate, formatPaise, formatQty, formatRateBp } from './format';
import type { InvoiceData } from './invoice';
import { LABELS } from './labels';
import { Pen } from './pdf/pen';
import { drawQr } from './pdf/qr';
import type { Language } from './words';

/** Thermal roll widths in points (1 mm = 72 / 25.4 pt); the printable band is a little narrower. */
const ROLLS = { '80mm': 226.77, '58mm': 164.41 } as const;
export type Roll = keyof typeof ROLLS;

/**
 * A counter receipt for a thermal printer: one column, big total, every GST figure a tax
 * invoice needs, and the UPI QR for the balance due. The page is exactly as tall as the
 * receipt: laid out once to measure, then drawn on a page of that height.
 */
export async function renderReceipt(d: InvoiceData, lang: Language, roll: Roll): Promise<Buffer> {
  const width = ROLLS[roll];
  const measure = new Pen({ size: [width, 14_400], margin: 0 });
  const height = layout(measure, d, lang, width, roll) + 14;
  const pen = new Pen({ size: [width, height], margin: 0, info: { Title: `${d.invoiceNumber} - ${d.business.name}`, Author: d.business.name } });
  layout(pen, d, lang, width, roll);
  return pen.finish();
}

function layout(pen: Pen, d: InvoiceData, lang: Language, pageWidth: number, roll: Roll): number {
  const l = LABELS[lang];
  const narrow = roll === '58mm';
  const M = narrow ? 6 : 8;
  const W = pageWidth - 2 * M;
  const size = narrow ? 7 : 8;
  const lh = size + 3.2;
  let y = 8;
  const center = (text: string, opts: { size?: number; bold?: boolean } = {}) => {
    const s = opts.size ?? size;
    for (const line of pen.wrap(text, W, s, opts.bold)) {
      pen.text(line, M, y, { size: s, bold: opts.bold, width: W, align: 'center' });
      y += s + 3.5;
    }
  };
  const left = (text: string, opts: { bold?: boolean; s?: number } = {}) => {
    for (const line of pen.wrap(text, W, opts.s ?? size, opts.bold)) {
      pen.text(line, M, y, { size: opts.s ?? size, bold: opts.bold });
      y += lh;
    }
  };
  const pair = (label: string, value: string, opts: { bold?: boolean; s?: number } = {}) => {
    const s = opts.s ?? size;
    const valueWidth = pen.width(value, s, opts.bold);
    pen.text(label, M, y, { size: s, bold: opts.bold, width: W - valueWidth - 4 });
    pen.text(value, M, y, { size: s, bold: opts.bold, width: W, align: 'right' });
    y += s + 3.5;
  };
  const rule = (dashed = true) => {
    y += 1;
    if (dashed) pen.doc.save().moveTo(M, y).lineTo(M + W, y).dash(2, { space: 2 }).lineWidth(0.6).strokeColor('#000000').stroke().undash().restore();
    else pen.line(M, y, M + W, y, '#000000', 0.8);
    y += 4;
  };

  const b = d.business;
  center(b.name, { size: size + 4, bold: true });
  if (b.address) center(b.address);
  if (b.phone) center(`${l.phone}: ${b.phone}`);
  if (b.gstin) center(`${l.gstin}: ${b.gstin}`, { bold: true });
  rule(false);
  center(d.kind === 'sale' ? l.taxInvoice : l.purchaseBill, { size: size + 1, bold: true });
  if (d.deleted) center(l.cancelled, { size: size + 1, bold: true });
  pair(`${l.invoiceNo}: ${d.invoiceNumber}`, formatDate(d.date));
  left(`${d.kind === 'sale' ? l.customer : l.billFrom}: ${d.party.name}`, { bold: true });
  if (d.party.gstin) left(`${l.gstin}: ${d.party.gstin}`);
  if (d.interState && d.placeOfSupply) left(`${l.placeOfSupply}: ${stateLabel(d.placeOfSupply, lang)}`);
  rule();

  // Items: the name on its own line(s), then qty x rate and the line amount.
  pair(l.item, l.amount, { bold: true });
  rule();
  for (const line of d.lines) {
    left(`${line.lineNo}. ${line.name}`);
    const detail = `  ${formatQty(line.qtyMilli)}${line.unit ? ` ${line.unit}` : ''} x ${formatPaise(line.ratePaise)}${line.hsn ? `  ${l.hsn} ${line.hsn}` : ''}  ${l.gstRate} ${formatRateBp(line.gstRateBp)}`;
    const amount = formatPaise(line.totalPaise);
    const amountWidth = pen.width(amount, size);
    const details = pen.wrap(detail, W - amountWidth - 6, size - 0.5);
    details.forEach((text, i) => {
      pen.text(text, M, y, { size: size - 0.5, color: '#222222' });
      if (i === details.length - 1) pen.text(amount, M, y, { size, width: W, align: 'right' });
      y += lh;
    });
  }
  rule();
  if (d.discountPaise) {
    pair(l.subtotal, formatPaise(d.taxablePaise + d.discountPaise));
    pair(l.discount, formatPaise(-d.discountPaise));
  }
  pair(l.taxableValue, formatPaise(d.taxablePaise));
  if (d.interState) pair(l.igst, formatPaise(d.igstPaise));
  else {
    pair(l.cgst, formatPaise(d.cgstPaise));
    pair(l.sgst, formatPaise(d.sgstPaise));
  }
  if (d.roundOffPaise) pair(l.roundOff, formatPaise(d.roundOffPaise));
  rule(false);
  pair(l.total, `₹ ${formatPaise(d.totalPaise)}`, { bold: true, s: size + 3 });
  for (const p of d.payments) pair(`${l.paid}${p.mode ? ` (${l[`mode_${p.mode}`]})` : ''}`, formatPaise(p.amountPaise));
  if (d.paidPaise > 0 || d.duePaise > 0) pair(l.balanceDue, formatPaise(d.duePaise), { bold: true });
  rule();

  if (d.upiLink) {
    const qr = Math.min(W, narrow ? 120 : 140);
    center(`${l.scanToPay} ₹ ${formatPaise(d.duePaise)}`, { bold: true });
    drawQr(pen, d.upiLink, M + (W - qr) / 2, y, qr);
    y += qr + 2;
    if (b.upiId) center(`${l.upiId}: ${b.upiId}`);
    rule();
  }
  center(l.thankYou);
  return y;
}

import { LendenError } from '../../contract/errors';
import type { BusinessSettings } from '../../contract/settings';
import type { Party } from '../../contract/parties';
import type { LedgerContext } from '../ledger/context';
import { getParty } from '../ledger/parties/parties';
import { getSettings } from '../ledger/settings/settings';
import { formatDate, formatPaise, formatQty, formatRateBp } from './format';
import { LABELS } from './labels';
import { Pen } from './pdf/pen';
import { stateLabel } from '../../contract/states';
import { amountInWords, type Language } from './words';
import type { StoredItem } from '../ledger/bills/items';
import type { PaymentMode } from '../../contract/payments';
import { billPayments } from '../ledger/bills/read';
import { drawPaymentBlock, PAYMENT_BLOCK_HEIGHT } from './invoice-payment';
import { upiPayLink } from './upi';

export interface InvoiceLine {
  lineNo: number;
  name: string;
  hsn: string | null;
  qtyMilli: number;
  unit: string | null;
  ratePaise: number;
  gstRateBp: number;
  taxablePaise: number;
  cgstPaise: number;
  sgstPaise: number;
  igstPaise: number;
  totalPaise: number;
}

export interface InvoiceData {
  business: BusinessSettings;
  party: Party;
  kind: 'sale' | 'purchase';
  invoiceNumber: string;
  date: string;
  dueDate: string | null;
  placeOfSupply: string | null;
  lines: InvoiceLine[];
  discountPaise: number;
  taxablePaise: number;
  cgstPaise: number;
  sgstPaise: number;
  igstPaise: number;
  roundOffPaise: number;
  totalPaise: number;
  note: string | null;
  deleted: boolean;
  /** IGST columns (inter-state) instead of CGST + SGST. */
  interState: boolean;
  payments: { date: string; mode: PaymentMode | null; amountPaise: number }[];
  paidPaise: number;
  /** total - paid, never below zero. */
  duePaise: number;
  /** The UPI link for the balance due (its QR is printed) when the business has a UPI ID and a sale is due. */
  upiLink: string | null;
}

interface BillRow {
  id: string;
  kind: 'sale' | 'purchase';
  party_type: 'customer' | 'supplier';
  party_id: string;
  invoice_number: string;
  bill_date: string;
  due_date: string | null;
  place_of_supply: string | null;
  discount_paise: number;
  taxable_paise: number;
  cgst_paise: number;
  sgst_paise: number;
  igst_paise: number;
  round_off_paise: number;
  total_paise: number;
  note: string | null;
  deleted_at: string | null;
}

/** A bill as printed: the stored bill figures and its lines from the bill_items projection. */
export function loadInvoice(ctx: LedgerContext, billId: string): InvoiceData {
  const bill = ctx.writer.prepare('SELECT * FROM bills WHERE id = ? AND business_id = ?').get(billId, ctx.businessId()) as BillRow | undefined;
  if (!bill) throw new LendenError('NOT_FOUND', 'That bill does not exist.');
  const lines = (
    ctx.writer
      .prepare(
        `SELECT line_no, name, hsn, qty_milli, unit, rate_paise, gst_rate_bp, taxable_paise, cgst_paise, sgst_paise, igst_paise, total_paise
           FROM bill_items WHERE bill_id = ? ORDER BY line_no`,
      )
      .all(billId) as (StoredItem & { line_no: number })[]
  ).map(
    (r): InvoiceLine => ({
      lineNo: r.line_no,
      name: r.name,
      hsn: r.hsn,
      qtyMilli: r.qty_milli,
      unit: r.unit,
      ratePaise: r.rate_paise,
      gstRateBp: r.gst_rate_bp,
      taxablePaise: r.taxable_paise,
      cgstPaise: r.cgst_paise,
      sgstPaise: r.sgst_paise,
      igstPaise: r.igst_paise,
      totalPaise: r.total_paise,
    }),
  );
  const business = getSettings(ctx);
  const party = getParty(ctx, bill.party_type, bill.party_id, { allowDeleted: true });
  const anyIgst = bill.igst_paise > 0 || lines.some((x) => x.igstPaise > 0);
  const anyLocal = bill.cgst_paise + bill.sgst_paise > 0;
  const ownState = business.stateCode;
  const interState = anyIgst || (!anyLocal && !!bill.place_of_supply && !!ownState && bill.place_of_supply !== ownState);
  const payments = billPayments(ctx, bill).map((p) => ({ date: p.entry_date, mode: p.mode, amountPaise: p.amount_paise }));
  const paid = payments.reduce((sum, p) => sum + p.amountPaise, 0);
  const due = Math.max(0, bill.total_paise - paid);
  const upiLink =
    business.upiId && bill.kind === 'sale' && due > 0 && !bill.deleted_at
      ? upiPayLink({ vpa: business.upiId, name: business.name, amountPaise: due, note: bill.invoice_number })
      : null;
  return {
    business,
    party,
    kind: bill.kind,
    invoiceNumber: bill.invoice_number,
    date: bill.bill_date,
    dueDate: bill.due_date,
    placeOfSupply: bill.place_of_supply ?? party.stateCode ?? ownState,
    lines,
    discountPaise: bill.discount_paise,
    taxablePaise: bill.taxable_paise,
    cgstPaise: bill.cgst_paise,
    sgstPaise: bill.sgst_paise,
    igstPaise: bill.igst_paise,
    roundOffPaise: bill.round_off_paise,
    totalPaise: bill.total_paise,
    note: bill.note,
    deleted: bill.deleted_at !== null,
    interState,
    payments,
    paidPaise: paid,
    duePaise: due,
    upiLink,
  };
}

const L = 36;
const R = 559;
const W = R - L;

interface Col {
  key: string;
  w: number;
  align: 'left' | 'right' | 'center';
}

/**
 * The GST invoice. A5 is the same A4 layout scaled by 1/sqrt(2) (A5 is exactly that), so both
 * sizes print the same lines in the same places.
 */
export async function renderInvoice(d: InvoiceData, lang: Language, opts: { paper?: 'a4' | 'a5' } = {}): Promise<Buffer> {
  const l = LABELS[lang];
  const a5 = opts.paper === 'a5';
  const pen = new Pen({ size: a5 ? 'A5' : 'A4', info: { Title: `${d.invoiceNumber} - ${d.business.name}`, Author: d.business.name } });
  if (a5) {
    const scale = () => pen.doc.scale(Math.SQRT1_2);
    scale();
    pen.doc.on('pageAdded', scale);
  }
  const title = d.kind === 'sale' ? l.taxInvoice : l.purchaseBill;
  let y = 36;
  pen.text(title, L, y, { size: 14, bold: true, width: W, align: 'center' });
  if (d.deleted) pen.text(l.cancelled, L, y, { size: 14, bold: true, width: W, align: 'right', color: '#b42318' });
  y += 24;
  pen.line(L, y, R, y, '#333333', 1);
  y += 8;

  // Our business (left) and the invoice facts (right).
  const blockTop = y;
  const b = d.business;
  pen.text(b.name, L, y, { size: 12, bold: true, width: 300 });
  y += 16;
  for (const line of b.address ? pen.wrap(b.address, 300, 9).slice(0, 3) : []) {
    pen.text(line, L, y, { size: 9 });
    y += 12;
  }
  const detail = (text: string, bold = false) => {
    pen.text(text, L, y, { size: 9, bold });
    y += 12;
  };
  if (b.gstin) detail(`${l.gstin}: ${b.gstin}`, true);
  if (b.stateCode) detail(`${l.state}: ${stateLabel(b.stateCode, lang)}`);
  if (b.phone) detail(`${l.phone}: ${b.phone}`);
  let ry = blockTop;
  const fact = (label: string, value: string) => {
    pen.text(`${label}:`, 350, ry, { size: 9, color: '#555555' });
    pen.text(value, 440, ry, { size: 9, bold: true, width: R - 440, align: 'right' });
    ry += 13;
  };
  fact(l.invoiceNo, d.invoiceNumber);
  fact(l.invoiceDate, formatDate(d.date));
  if (d.dueDate) fact(l.dueDate, formatDate(d.dueDate));
  if (d.placeOfSupply) fact(l.placeOfSupply, stateLabel(d.placeOfSupply, lang));
  y = Math.max(y, ry) + 6;
  pen.line(L, y, R, y);
  y += 6;

  // The party.
  const p = d.party;
  pen.text(d.kind === 'sale' ? l.billTo : l.billFrom, L, y, { size: 8, color: '#555555' });
  y += 11;
  pen.text(p.name, L, y, { size: 11, bold: true, width: W });
  y += 14;
  for (const line of p.address ? pen.wrap(p.address, 400, 9).slice(0, 3) : []) {
    pen.text(line, L, y, { size: 9 });
    y += 12;
  }
  const partyFacts = [p.gstin ? `${l.gstin}: ${p.gstin}` : '', p.stateCode ? `${l.state}: ${stateLabel(p.stateCode, lang)}` : '', p.phone ? `${l.phone}: ${p.phone}` : '']
    .filter(Boolean)
    .join('    ');
  if (partyFacts) detail(partyFacts);
  y += 8;

  // Lines. Widths add up to the 523-point text width.
  const cols: Col[] = d.interState
    ? [
        { key: '#', w: 18, align: 'left' },
        { key: l.item, w: 140, align: 'left' },
        { key: l.hsn, w: 44, align: 'left' },
        { key: l.qty, w: 40, align: 'right' },
        { key: l.rate, w: 60, align: 'right' },
        { key: l.taxable, w: 70, align: 'right' },
        { key: l.gst, w: 34, align: 'right' },
        { key: l.igst, w: 55, align: 'right' },
        { key: l.amount, w: 62, align: 'right' },
      ]
    : [
        { key: '#', w: 18, align: 'left' },
        { key: l.item, w: 104, align: 'left' },
        { key: l.hsn, w: 40, align: 'left' },
        { key: l.qty, w: 38, align: 'right' },
        { key: l.rate, w: 56, align: 'right' },
        { key: l.taxable, w: 64, align: 'right' },
        { key: l.gst, w: 30, align: 'right' },
        { key: l.cgst, w: 50, align: 'right' },
        { key: l.sgst, w: 50, align: 'right' },
        { key: l.amount, w: 73, align: 'right' },
      ];
  const PAD = 3;
  const drawRow = (cells: string[], opts: { bold?: boolean; size?: number } = {}) => {
    let x = L;
    const size = opts.size ?? 8;
    const itemLines = pen.wrap(cells[1] ?? '', cols[1]!.w - 2 * PAD, size, opts.bold);
    cols.forEach((c, i) => {
      if (i === 1) itemLines.forEach((line, n) => pen.text(line, x + PAD, y + n * 11, { size, bold: opts.bold }));
      else pen.text(cells[i] ?? '', x + PAD, y, { size, bold: opts.bold, width: c.w - 2 * PAD, align: c.align });
      x += c.w;
    });
    return Math.max(1, itemLines.length) * 11 + 4;
  };
  const header = () => {
    pen.fillRect(L, y - 3, W, 16, '#eeeeee');
    y += drawRow(cols.map((c) => c.key), { bold: true, size: 7.5 });
  };
  header();
  for (const line of d.lines) {
    const cells = [
      String(line.lineNo),
      line.name,
      line.hsn ?? '',
      `${formatQty(line.qtyMilli)}${line.unit ? ` ${line.unit}` : ''}`,
      formatPaise(line.ratePaise),
      formatPaise(line.taxablePaise),
      formatRateBp(line.gstRateBp),
      ...(d.interState ? [formatPaise(line.igstPaise)] : [formatPaise(line.cgstPaise), formatPaise(line.sgstPaise)]),
      formatPaise(line.totalPaise),
    ];
    const rows = pen.wrap(line.name, cols[1]!.w - 2 * PAD, 8).length;
    if (y + rows * 11 + 4 > 780) {
      pen.doc.addPage();
      y = 36;
      header();
    }
    y += drawRow(cells);
    pen.line(L, y - 3, R, y - 3, '#dddddd');
  }
  y += 2;

  // Totals on the right.
  if (y + 170 + PAYMENT_BLOCK_HEIGHT > 800) {
    pen.doc.addPage();
    y = 36;
  }
  const total = (label: string, paise: number, bold = false) => {
    pen.text(label, 330, y, { size: 9, bold });
    pen.text(formatPaise(paise), 450, y, { size: 9, bold, width: R - 450 - PAD, align: 'right' });
    y += 13;
  };
  if (d.discountPaise) {
    total(l.subtotal, d.taxablePaise + d.discountPaise);
    total(l.discount, -d.discountPaise);
  }
  total(l.taxableValue, d.taxablePaise);
  if (d.interState) total(l.igst, d.igstPaise);
  else {
    total(l.cgst, d.cgstPaise);
    total(l.sgst, d.sgstPaise);
  }
  if (d.roundOffPaise) total(l.roundOff, d.roundOffPaise);
  pen.line(330, y, R, y, '#333333', 0.8);
  y += 4;
  pen.text(l.total, 330, y, { size: 11, bold: true });
  pen.text(`₹ ${formatPaise(d.totalPaise)}`, 420, y, { size: 11, bold: true, width: R - 420 - PAD, align: 'right' });
  y += 20;
  pen.text(`${l.amountInWords}:`, L, y, { size: 8, color: '#555555' });
  y += 11;
  for (const line of pen.wrap(amountInWords(d.totalPaise, lang), W, 9, true)) {
    pen.text(line, L, y, { size: 9, bold: true });
    y += 12;
  }
  y = drawPaymentBlock(pen, d, l, y + 6);
  if (d.note) {
    y += 4;
    for (const line of pen.wrap(`${l.note}: ${d.note}`, W, 8).slice(0, 4)) {
      pen.text(line, L, y, { size: 8 });
      y += 11;
    }
  }
  y += 24;
  pen.text(`${l.forBusiness} ${b.name}`, 330, y, { size: 9, bold: true, width: R - 330, align: 'right' });
  y += 34;
  pen.text(l.signatory, 330, y, { size: 8, width: R - 330, align: 'right', color: '#555555' });
  return pen.finish();
}

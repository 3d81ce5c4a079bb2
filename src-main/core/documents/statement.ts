import type { BusinessSettings } from '../../contract/settings';
import type { Party } from '../../contract/parties';
import type { LedgerContext } from '../ledger/context';
import { getParty } from '../ledger/parties/parties';
import { getSettings } from '../ledger/settings/settings';
import { formatDate, formatPaise } from './format';
import { LABELS, type Labels } from './labels';
import { Pen } from './pdf/pen';
import { amountInWords, type Language } from './words';
import { documentNote } from './notes';
import { drawQr } from './pdf/qr';
import { upiPayLink } from './upi';

export interface StatementRow {
  date: string;
  note: string | null;
  gavePaise: number;
  gotPaise: number;
  /** Balance after this entry: > 0 you'll get. */
  balancePaise: number;
}

export interface StatementData {
  business: BusinessSettings;
  party: Party;
  from: string;
  to: string;
  openingPaise: number;
  rows: StatementRow[];
  totalGavePaise: number;
  totalGotPaise: number;
  closingPaise: number;
  generatedOn: string;
}

/** The figures of a party statement: live entries of the range in ledger order, with running balance. */
export function loadStatement(ctx: LedgerContext, input: { partyType: 'customer' | 'supplier'; partyId: string; from: string; to: string }): StatementData {
  const party = getParty(ctx, input.partyType, input.partyId, { allowDeleted: true });
  const { opening } = ctx.writer
    .prepare(
      `SELECT coalesce(sum(CASE direction WHEN 'gave' THEN amount_paise ELSE -amount_paise END), 0) AS opening
         FROM transactions WHERE party_id = ? AND business_id = ? AND deleted_at IS NULL AND entry_date < ?`,
    )
    .get(input.partyId, ctx.businessId(), input.from) as { opening: number };
  const entries = ctx.writer
    .prepare(
      `SELECT entry_date, note, direction, amount_paise FROM transactions
        WHERE party_id = ? AND business_id = ? AND deleted_at IS NULL AND entry_date BETWEEN ? AND ?
        ORDER BY entry_date, created_at, id`,
    )
    .all(input.partyId, ctx.businessId(), input.from, input.to) as { entry_date: string; note: string | null; direction: 'gave' | 'got'; amount_paise: number }[];
  let running = opening;
  let gave = 0;
  let got = 0;
  const rows = entries.map((e): StatementRow => {
    const g = e.direction === 'gave' ? e.amount_paise : 0;
    const r = e.direction === 'got' ? e.amount_paise : 0;
    gave += g;
    got += r;
    running += g - r;
    return { date: e.entry_date, note: e.note, gavePaise: g, gotPaise: r, balancePaise: running };
  });
  return { business: getSettings(ctx), party, from: input.from, to: input.to, openingPaise: opening, rows, totalGavePaise: gave, totalGotPaise: got, closingPaise: running, generatedOn: ctx.today() };
}

const balanceText = (paise: number, l: Labels) => (paise === 0 ? formatPaise(0) : `${formatPaise(Math.abs(paise))} ${paise > 0 ? l.get : l.give}`);

const PAGE = { left: 36, right: 559, top: 36, bottom: 800 };
// Date | Details | You gave | You got | Balance: 62 + 201 + 80 + 80 + 100 = 523 points.
const COLS = { date: { x: 36, w: 62 }, note: { x: 100, w: 195 }, gave: { x: 297, w: 80 }, got: { x: 379, w: 80 }, bal: { x: 461, w: 98 } };
const ROW = 14;

export async function renderStatement(data: StatementData, lang: Language): Promise<Buffer> {
  const l = LABELS[lang];
  const pen = new Pen({ info: { Title: `${l.statement} - ${data.party.name}`, Author: data.business.name } });
  const b = data.business;
  let y = PAGE.top;

  // Business header on the left, title and period on the right.
  pen.text(b.name, PAGE.left, y, { size: 16, bold: true, width: 330 });
  pen.text(l.statement, 370, y + 2, { size: 13, bold: true, width: 189, align: 'right' });
  pen.text(`${l.period}: ${formatDate(data.from)} ${l.to} ${formatDate(data.to)}`, 330, y + 20, { size: 9, width: 229, align: 'right' });
  y += 22;
  for (const line of b.address ? pen.wrap(b.address, 290, 9).slice(0, 3) : []) {
    pen.text(line, PAGE.left, y, { size: 9 });
    y += 12;
  }
  const contact = [b.gstin ? `${l.gstin}: ${b.gstin}` : '', b.phone ? `${l.phone}: ${b.phone}` : ''].filter(Boolean).join('    ');
  if (contact) {
    pen.text(contact, PAGE.left, y, { size: 9 });
    y += 12;
  }
  y += 6;
  pen.line(PAGE.left, y, PAGE.right, y, '#333333', 1);
  y += 8;

  // The party.
  const p = data.party;
  pen.text(`${l.party}: `, PAGE.left, y, { size: 10, color: '#555555' });
  pen.text(p.name, PAGE.left + pen.width(`${l.party}: `, 10), y, { size: 10, bold: true, width: 400 });
  y += 14;
  const partyDetails = [p.phone ? `${l.phone}: ${p.phone}` : '', p.gstin ? `${l.gstin}: ${p.gstin}` : ''].filter(Boolean).join('    ');
  if (partyDetails) {
    pen.text(partyDetails, PAGE.left, y, { size: 9 });
    y += 12;
  }
  for (const line of p.address ? pen.wrap(p.address, 400, 9).slice(0, 2) : []) {
    pen.text(line, PAGE.left, y, { size: 9 });
    y += 12;
  }
  y += 8;

  const header = () => {
    pen.fillRect(PAGE.left, y - 3, PAGE.right - PAGE.left, ROW + 2, '#eeeeee');
    pen.text(l.date, COLS.date.x + 2, y, { size: 9, bold: true });
    pen.text(l.details, COLS.note.x, y, { size: 9, bold: true });
    pen.text(l.youGave, COLS.gave.x, y, { size: 9, bold: true, width: COLS.gave.w, align: 'right' });
    pen.text(l.youGot, COLS.got.x, y, { size: 9, bold: true, width: COLS.got.w, align: 'right' });
    pen.text(l.balance, COLS.bal.x, y, { size: 9, bold: true, width: COLS.bal.w - 2, align: 'right' });
    y += ROW + 2;
  };
  const ensureRoom = (needed: number) => {
    if (y + needed <= PAGE.bottom) return;
    pen.doc.addPage();
    y = PAGE.top;
    header();
  };
  header();

  const money = (paise: number) => (paise ? formatPaise(paise) : '');
  pen.text(l.openingBalance, COLS.note.x, y, { size: 9, bold: true });
  pen.text(balanceText(data.openingPaise, l), COLS.bal.x, y, { size: 9, bold: true, width: COLS.bal.w - 2, align: 'right' });
  y += ROW;
  if (data.rows.length === 0) {
    pen.text(l.noEntries, COLS.note.x, y, { size: 9, color: '#666666' });
    y += ROW;
  }
  for (const r of data.rows) {
    ensureRoom(ROW);
    pen.text(formatDate(r.date), COLS.date.x + 2, y, { size: 9 });
    if (r.note) pen.text(documentNote(r.note, lang), COLS.note.x, y, { size: 9, width: COLS.note.w });
    if (r.gavePaise) pen.text(money(r.gavePaise), COLS.gave.x, y, { size: 9, width: COLS.gave.w, align: 'right', color: '#b42318' });
    if (r.gotPaise) pen.text(money(r.gotPaise), COLS.got.x, y, { size: 9, width: COLS.got.w, align: 'right', color: '#067647' });
    pen.text(balanceText(r.balancePaise, l), COLS.bal.x, y, { size: 9, width: COLS.bal.w - 2, align: 'right' });
    y += ROW;
  }

  // Totals, closing balance and the closing balance in words.
  ensureRoom(ROW * 6);
  pen.line(PAGE.left, y - 2, PAGE.right, y - 2, '#333333', 0.8);
  y += 2;
  pen.text(l.totals, COLS.note.x, y, { size: 9, bold: true });
  pen.text(formatPaise(data.totalGavePaise), COLS.gave.x, y, { size: 9, bold: true, width: COLS.gave.w, align: 'right' });
  pen.text(formatPaise(data.totalGotPaise), COLS.got.x, y, { size: 9, bold: true, width: COLS.got.w, align: 'right' });
  y += ROW + 6;
  const closing = data.closingPaise;
  const direction = closing > 0 ? l.youWillGet : closing < 0 ? l.youWillGive : l.settled;
  pen.text(`${l.closingBalance}: ₹ ${formatPaise(Math.abs(closing))}  (${direction})`, PAGE.left, y, { size: 11, bold: true });
  y += 16;
  const words = amountInWords(Math.abs(closing), lang);
  for (const line of pen.wrap(`${closing === 0 ? l.settled : direction}: ${words}`, PAGE.right - PAGE.left, 9)) {
    pen.text(line, PAGE.left, y, { size: 9 });
    y += 12;
  }

  // The party owes us: the same UPI QR as on invoices, for the closing balance.
  if (closing > 0 && b.upiId) {
    const size = 90;
    ensureRoom(size + 30);
    y += 8;
    drawQr(pen, upiPayLink({ vpa: b.upiId, name: b.name, amountPaise: closing, note: `Statement ${formatDate(data.to)}` }), PAGE.left, y, size);
    pen.text(`${l.scanToPay} ₹ ${formatPaise(closing)}`, PAGE.left + size + 8, y + 30, { size: 10, bold: true });
    pen.text(`${l.upiId}: ${b.upiId}`, PAGE.left + size + 8, y + 46, { size: 9 });
    y += size;
  }

  // Page numbers last, once the page count is known.
  const range = pen.doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pen.doc.switchToPage(i);
    pen.text(`${l.generated} ${formatDate(data.generatedOn)}`, PAGE.left, 815, { size: 7, color: '#777777' });
    pen.text(`${l.page} ${i + 1} ${l.of} ${range.count}`, 400, 815, { size: 7, width: PAGE.right - 400, align: 'right', color: '#777777' });
  }
  return pen.finish();
}

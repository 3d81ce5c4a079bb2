import type { BusinessSettings } from '../../contract/settings';
import type { StaffMoney } from '../../contract/staff-money';
import type { LedgerContext } from '../ledger/context';
import { getSettings } from '../ledger/settings/settings';
import { staffMoneyMonth } from '../ledger/staff/money';
import { getStaffRow } from '../ledger/staff/staff';
import { daysInMonth } from '../util/dates';
import { formatDate, formatPaise } from './format';
import { Pen } from './pdf/pen';
import { monthName, PAYSLIP_LABELS } from './payslip-labels';
import { amountInWords, type Language } from './words';

export interface PayslipData {
  business: BusinessSettings;
  money: StaffMoney;
  daysInMonth: number;
  generatedOn: string;
}

/** The figures of one staff member's salary slip: the same numbers the Staff screen shows. */
export function loadPayslip(ctx: LedgerContext, input: { staffId: string; month: string }): PayslipData {
  getStaffRow(ctx, input.staffId);
  const money = staffMoneyMonth(ctx, { month: input.month }).staff.find((s) => s.staff.id === input.staffId)!;
  return { business: getSettings(ctx), money, daysInMonth: daysInMonth(input.month), generatedOn: ctx.today() };
}

const L = 36;
const R = 559;
const ROW = 16;

/** Half days as days: 41 -> "20.5". */
const days = (halves: number) => (halves % 2 ? `${(halves - 1) / 2}.5` : String(halves / 2));

export async function renderPayslip(data: PayslipData, lang: Language): Promise<Buffer> {
  const l = PAYSLIP_LABELS[lang];
  const m = data.money;
  const s = m.staff;
  const b = data.business;
  const pen = new Pen({ info: { Title: `${l.title} - ${s.name} - ${monthName(m.month, 'en')}`, Author: b.name } });
  let y = 36;

  // Shop on the left; title and month on the right.
  pen.text(b.name || ' ', L, y, { size: 16, bold: true, width: 330 });
  pen.text(l.title, 370, y + 2, { size: 14, bold: true, width: R - 370, align: 'right' });
  pen.text(`${l.month}: ${monthName(m.month, lang)}`, 330, y + 22, { size: 10, width: R - 330, align: 'right' });
  y += 22;
  for (const line of b.address ? pen.wrap(b.address, 290, 9).slice(0, 3) : []) {
    pen.text(line, L, y, { size: 9 });
    y += 12;
  }
  if (b.phone) {
    pen.text(`${l.phone}: ${b.phone}`, L, y, { size: 9 });
    y += 12;
  }
  y = Math.max(y, 72) + 6;
  pen.line(L, y, R, y, '#333333', 1);
  y += 10;

  // The staff member and the rate.
  pen.text(`${l.staff}: `, L, y, { size: 11, color: '#555555' });
  pen.text(s.name, L + pen.width(`${l.staff}: `, 11), y, { size: 11, bold: true, width: 300 });
  const rate = s.salaryBasis === 'monthly' ? `${l.monthlySalary}: ₹ ${formatPaise(s.salaryPaise)}` : `${l.dailyWage}: ₹ ${formatPaise(s.salaryPaise)}`;
  pen.text(rate, 330, y, { size: 10, width: R - 330, align: 'right' });
  y += 15;
  const details = [s.phone ? `${l.phone}: ${s.phone}` : '', s.joinedOn ? `${l.joined}: ${formatDate(s.joinedOn)}` : ''].filter(Boolean).join('    ');
  if (details) {
    pen.text(details, L, y, { size: 9 });
    y += 13;
  }
  y += 8;

  // Attendance: one row of boxes.
  pen.text(l.attendance, L, y, { size: 10, bold: true });
  y += 15;
  const c = m.counts;
  const boxes: [string, string][] = [
    [l.daysInMonth, String(data.daysInMonth)],
    [l.present, String(c.present)],
    [l.halfDay, String(c.halfDay)],
    [l.absent, String(c.absent)],
    [l.leave, String(c.leave)],
    [l.paidDays, days(m.payableHalfDays)],
  ];
  const bw = (R - L) / boxes.length;
  boxes.forEach(([label, value], i) => {
    const x = L + i * bw;
    pen.fillRect(x + 1, y - 3, bw - 2, 36, '#f2f4f7');
    pen.text(label, x + 6, y, { size: 8, color: '#555555', width: bw - 12 });
    pen.text(value, x + 6, y + 14, { size: 12, bold: true, width: bw - 12 });
  });
  y += 40;
  if (c.unmarked) {
    pen.text(`${l.absent}: ${c.unmarked} ${l.notMarked}`, L + 4, y, { size: 8, color: '#666666' });
    y += 11;
  }
  y += 6;

  // The money, as a sum down the page.
  const line = (label: string, paise: number, opts: { sign?: '-' | ''; bold?: boolean; color?: string } = {}) => {
    pen.text(label, L + 4, y, { size: 10, bold: opts.bold });
    pen.text(`${opts.sign ?? ''}${formatPaise(paise)}`, 380, y, { size: 10, bold: opts.bold, width: R - 384, align: 'right', color: opts.color });
    y += ROW;
  };
  pen.fillRect(L, y - 4, R - L, ROW, '#eeeeee');
  pen.text(l.amount, 380, y - 1, { size: 9, bold: true, width: R - 384, align: 'right' });
  y += ROW;
  line(l.earned, m.earnedPaise);
  if (m.carriedPaise > 0) line(l.carriedDue, m.carriedPaise);
  if (m.carriedPaise < 0) pen.text(`${l.carriedAdvance}: ${formatPaise(-m.carriedPaise)}`, L + 4, y, { size: 9, color: '#555555' });
  if (m.carriedPaise < 0) y += ROW;
  if (m.advancesGivenPaise) {
    pen.text(`${l.advancesGiven}: ${formatPaise(m.advancesGivenPaise)}`, L + 4, y, { size: 9, color: '#555555' });
    y += ROW;
  }
  if (m.advanceRecoveredPaise) line(l.advanceDeducted, m.advanceRecoveredPaise, { sign: '-', color: '#b42318' });
  line(l.salaryPaid, m.salaryPaidPaise, { sign: m.salaryPaidPaise ? '-' : '', color: m.salaryPaidPaise ? '#b42318' : undefined });
  pen.line(L, y - 3, R, y - 3, '#333333', 0.8);
  y += 2;
  line(`${l.netDue} (₹)`, m.duePaise, { bold: true });
  if (m.advanceOutstandingPaise) line(`${l.advanceOutstanding} (₹)`, m.advanceOutstandingPaise, { bold: true, color: '#b54708' });
  y += 2;
  for (const w of pen.wrap(`${l.inWords}: ${amountInWords(m.duePaise, lang)}`, R - L - 8, 9)) {
    pen.text(w, L + 4, y, { size: 9 });
    y += 12;
  }
  y += 12;

  // What was paid: salary for this month and advances given in it.
  pen.text(l.payments, L, y, { size: 10, bold: true });
  y += 15;
  const cols = { date: L + 4, kind: L + 80, mode: L + 160, note: L + 230, amount: 440 };
  pen.fillRect(L, y - 3, R - L, ROW - 2, '#eeeeee');
  pen.text(l.date, cols.date, y, { size: 9, bold: true });
  pen.text(l.kind, cols.kind, y, { size: 9, bold: true });
  pen.text(l.mode, cols.mode, y, { size: 9, bold: true });
  pen.text(l.note, cols.note, y, { size: 9, bold: true });
  pen.text(l.amount, cols.amount, y, { size: 9, bold: true, width: R - cols.amount - 4, align: 'right' });
  y += ROW;
  if (m.payments.length === 0) {
    pen.text(l.noPayments, cols.date, y, { size: 9, color: '#666666' });
    y += ROW;
  }
  for (const p of m.payments) {
    if (y > 690) {
      pen.doc.addPage();
      y = 36;
    }
    pen.text(formatDate(p.date), cols.date, y, { size: 9 });
    pen.text(p.kind === 'salary' ? l.salary : l.advance, cols.kind, y, { size: 9 });
    pen.text(p.mode === 'cash' ? l.cash : l.online, cols.mode, y, { size: 9 });
    // A payment's own note; the cashbook's default (the staff member's name) says nothing here.
    if (p.note && p.note !== s.name) pen.text(p.note, cols.note, y, { size: 9, width: cols.amount - cols.note - 8 });
    pen.text(formatPaise(p.amountPaise), cols.amount, y, { size: 9, width: R - cols.amount - 4, align: 'right' });
    y += 14;
  }
  y += 8;
  for (const w of pen.wrap(l.rule, R - L, 8)) {
    pen.text(w, L, y, { size: 8, color: '#666666' });
    y += 11;
  }

  // Signatures near the foot of the page.
  const sy = Math.max(y + 60, 720);
  pen.line(L, sy, L + 180, sy, '#333333', 0.8);
  pen.line(R - 180, sy, R, sy, '#333333', 0.8);
  pen.text(l.employerSign, L, sy + 5, { size: 9 });
  pen.text(l.staffSign, R - 180, sy + 5, { size: 9, width: 180, align: 'right' });
  pen.text(`${l.generated} ${formatDate(data.generatedOn)}`, L, 815, { size: 7, color: '#777777' });
  return pen.finish();
}

import type { CashbookDay, CashbookPayment, CashbookRange, CashbookRangeDay, CashTotals } from '../../../contract/cashbook';
import { PAYMENT_MODES, type PaymentMode } from '../../../contract/payments';
import { addDays } from '../../util/dates';
import type { LedgerContext } from '../context';
import { toCashbookEntry, type CashbookRow } from './cashbook';

// Balances are derived from live entries, never stored, so an edit or delete of an old entry
// (here or merged from another device) moves every later opening at once. Money counts from two
// places, each rupee once: cashbook entries (money with no party) and ledger entries that moved
// money (a mode set: a party's payment, a bill payment). A bill's own entry has no mode.

/** Exported so a test can check its query plan stays on the index. */
export const OPENING_SQL = `SELECT coalesce(sum(CASE direction WHEN 'in' THEN amount_paise ELSE -amount_paise END), 0) AS net,
       coalesce(sum(CASE WHEN mode = 'cash' THEN CASE direction WHEN 'in' THEN amount_paise ELSE -amount_paise END END), 0) AS cash_net
  FROM cashbook_entries
 WHERE business_id = ? AND entry_date < ? AND deleted_at IS NULL`;

/** The same for ledger payments; rides the covering partial index transactions_money_idx. */
export const PAYMENTS_OPENING_SQL = `SELECT coalesce(sum(CASE direction WHEN 'got' THEN amount_paise ELSE -amount_paise END), 0) AS net,
       coalesce(sum(CASE WHEN mode = 'cash' THEN CASE direction WHEN 'got' THEN amount_paise ELSE -amount_paise END END), 0) AS cash_net
  FROM transactions
 WHERE business_id = ? AND entry_date < ? AND mode IS NOT NULL AND deleted_at IS NULL`;

/** Ledger payments of a range grouped by day, direction (in/out) and mode. */
const PAYMENTS_RANGE_SQL = `SELECT entry_date AS date, CASE direction WHEN 'got' THEN 'in' ELSE 'out' END AS direction, mode, sum(amount_paise) AS total
  FROM transactions
 WHERE business_id = ? AND entry_date >= ? AND entry_date <= ? AND mode IS NOT NULL AND deleted_at IS NULL
 GROUP BY entry_date, direction, mode`;

interface Opening {
  all: number;
  cash: number;
}

/**
 * Net of every live entry strictly before `date`, for both modes in one pass. The range
 * (business_id, entry_date < date) rides cashbook_day_idx, so each earlier row is read once.
 */
function openingBefore(ctx: LedgerContext, date: string): Opening {
  const r = ctx.writer.prepare(OPENING_SQL).get(ctx.businessId(), date) as { net: number; cash_net: number };
  const p = ctx.writer.prepare(PAYMENTS_OPENING_SQL).get(ctx.businessId(), date) as { net: number; cash_net: number };
  return { all: r.net + p.net, cash: r.cash_net + p.cash_net };
}

interface PaymentRow {
  id: string;
  direction: 'gave' | 'got';
  amount_paise: number;
  mode: PaymentMode;
  mode_ref: string | null;
  party_type: 'customer' | 'supplier';
  party_id: string;
  party_name: string;
  bill_id: string | null;
  note: string | null;
  created_at: string;
}

/** The ledger payments of one day, oldest first, with party names. */
function dayPayments(ctx: LedgerContext, date: string): CashbookPayment[] {
  const rows = ctx.writer
    .prepare(
      `SELECT t.id, t.direction, t.amount_paise, t.mode, t.mode_ref, t.party_type, t.party_id, coalesce(c.name, s.name, '') AS party_name, t.bill_id, t.note, t.created_at
         FROM transactions t
         LEFT JOIN customers c ON t.party_type = 'customer' AND c.id = t.party_id
         LEFT JOIN suppliers s ON t.party_type = 'supplier' AND s.id = t.party_id
        WHERE t.business_id = ? AND t.entry_date = ? AND t.mode IS NOT NULL AND t.deleted_at IS NULL
        ORDER BY t.created_at, t.id`,
    )
    .all(ctx.businessId(), date) as PaymentRow[];
  return rows.map((r) => ({
    id: r.id,
    direction: r.direction === 'got' ? 'in' : 'out',
    amountPaise: r.amount_paise,
    mode: r.mode,
    modeRef: r.mode_ref,
    partyType: r.party_type,
    partyId: r.party_id,
    partyName: r.party_name,
    billId: r.bill_id,
    note: r.note,
    createdAt: r.created_at,
  }));
}

const totals = (openingPaise: number, inPaise: number, outPaise: number): CashTotals => ({
  openingPaise,
  inPaise,
  outPaise,
  closingPaise: openingPaise + inPaise - outPaise,
});

export function cashbookDay(ctx: LedgerContext, input: { date?: string }): CashbookDay {
  const date = input.date ?? ctx.today();
  const opening = openingBefore(ctx, date);
  const rows = ctx.writer
    .prepare(`SELECT * FROM cashbook_entries WHERE business_id = ? AND entry_date = ? AND deleted_at IS NULL ORDER BY created_at, id`)
    .all(ctx.businessId(), date) as CashbookRow[];
  const payments = dayPayments(ctx, date);
  const sums = { cashIn: 0, cashOut: 0, onlineIn: 0, onlineOut: 0 };
  const byMode = Object.fromEntries([...PAYMENT_MODES, 'online'].map((m) => [m, { inPaise: 0, outPaise: 0 }])) as CashbookDay['byMode'];
  const count = (mode: PaymentMode | 'online', direction: 'in' | 'out', amount: number) => {
    if (mode === 'cash') sums[direction === 'in' ? 'cashIn' : 'cashOut'] += amount;
    else sums[direction === 'in' ? 'onlineIn' : 'onlineOut'] += amount;
    byMode[mode][direction === 'in' ? 'inPaise' : 'outPaise'] += amount;
  };
  for (const r of rows) count(r.mode, r.direction, r.amount_paise);
  for (const p of payments) count(p.mode, p.direction, p.amountPaise);
  const all = totals(opening.all, sums.cashIn + sums.onlineIn, sums.cashOut + sums.onlineOut);
  const cash = totals(opening.cash, sums.cashIn, sums.cashOut);
  return {
    date,
    ...all,
    cash,
    online: totals(opening.all - opening.cash, sums.onlineIn, sums.onlineOut),
    cashInHandPaise: cash.closingPaise,
    entries: rows.map(toCashbookEntry),
    payments,
    byMode,
  };
}

/** Per-day totals from..to (inclusive), every calendar day listed, closing carried forward. */
export function cashbookRange(ctx: LedgerContext, input: { from: string; to: string }): CashbookRange {
  const opening = openingBefore(ctx, input.from);
  const grouped = ctx.writer
    .prepare(
      `SELECT entry_date AS date, direction, mode, sum(amount_paise) AS total
         FROM cashbook_entries
        WHERE business_id = ? AND entry_date >= ? AND entry_date <= ? AND deleted_at IS NULL
        GROUP BY entry_date, direction, mode`,
    )
    .all(ctx.businessId(), input.from, input.to) as { date: string; direction: 'in' | 'out'; mode: string; total: number }[];
  grouped.push(...(ctx.writer.prepare(PAYMENTS_RANGE_SQL).all(ctx.businessId(), input.from, input.to) as typeof grouped));
  const byDate = new Map<string, { in: number; out: number; cashIn: number; cashOut: number }>();
  for (const g of grouped) {
    let day = byDate.get(g.date);
    if (!day) byDate.set(g.date, (day = { in: 0, out: 0, cashIn: 0, cashOut: 0 }));
    day[g.direction] += g.total;
    if (g.mode === 'cash') day[g.direction === 'in' ? 'cashIn' : 'cashOut'] += g.total;
  }
  const days: CashbookRangeDay[] = [];
  const sum = { inPaise: 0, outPaise: 0, cashInPaise: 0, cashOutPaise: 0 };
  let closing = opening.all;
  let cashClosing = opening.cash;
  for (let date = input.from; date <= input.to; date = addDays(date, 1)) {
    const d = byDate.get(date) ?? { in: 0, out: 0, cashIn: 0, cashOut: 0 };
    closing += d.in - d.out;
    cashClosing += d.cashIn - d.cashOut;
    sum.inPaise += d.in;
    sum.outPaise += d.out;
    sum.cashInPaise += d.cashIn;
    sum.cashOutPaise += d.cashOut;
    days.push({ date, inPaise: d.in, outPaise: d.out, closingPaise: closing, cashInPaise: d.cashIn, cashOutPaise: d.cashOut, cashClosingPaise: cashClosing });
  }
  return { from: input.from, to: input.to, openingPaise: opening.all, cashOpeningPaise: opening.cash, days, totals: sum };
}

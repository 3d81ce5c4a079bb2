import type { CashbookDay, CashbookRange, CashbookRangeDay, CashTotals } from '../../../contract/cashbook';
import { addDays } from '../../util/dates';
import type { LedgerContext } from '../context';
import { toCashbookEntry, type CashbookRow } from './cashbook';

// Balances are derived from live entries, never stored, so an edit or delete of an old entry
// (here or merged from another device) moves every later opening at once.

/** Exported so a test can check its query plan stays on the index. */
export const OPENING_SQL = `SELECT coalesce(sum(CASE direction WHEN 'in' THEN amount_paise ELSE -amount_paise END), 0) AS net,
       coalesce(sum(CASE WHEN mode = 'cash' THEN CASE direction WHEN 'in' THEN amount_paise ELSE -amount_paise END END), 0) AS cash_net
  FROM cashbook_entries
 WHERE business_id = ? AND entry_date < ? AND deleted_at IS NULL`;

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
  return { all: r.net, cash: r.cash_net };
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
  const sums = { cashIn: 0, cashOut: 0, onlineIn: 0, onlineOut: 0 };
  for (const r of rows) {
    if (r.mode === 'cash') sums[r.direction === 'in' ? 'cashIn' : 'cashOut'] += r.amount_paise;
    else sums[r.direction === 'in' ? 'onlineIn' : 'onlineOut'] += r.amount_paise;
  }
  const all = totals(opening.all, sums.cashIn + sums.onlineIn, sums.cashOut + sums.onlineOut);
  const cash = totals(opening.cash, sums.cashIn, sums.cashOut);
  return {
    date,
    ...all,
    cash,
    online: totals(opening.all - opening.cash, sums.onlineIn, sums.onlineOut),
    cashInHandPaise: cash.closingPaise,
    entries: rows.map(toCashbookEntry),
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
    .all(ctx.businessId(), input.from, input.to) as { date: string; direction: 'in' | 'out'; mode: 'cash' | 'online'; total: number }[];
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

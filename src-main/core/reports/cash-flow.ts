import type { CashFlowPeriod, CashFlowReport } from '../../contract/reports';
import type { LedgerContext } from '../ledger/context';
import { addDays } from '../util/dates';

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/**
 * Cash flow from the cashbook (cash and online together), counting every payment recorded in
 * a party ledger or on a bill once, as the cashbook does: money in and out per day or per
 * month, with the running cash balance. Periods with no entries are listed with zeros so a
 * chart has no gaps; a month period covers only the part of the month inside the range.
 */
export function cashFlow(ctx: LedgerContext, input: { from: string; to: string; by: 'day' | 'month' }): CashFlowReport {
  const business = ctx.businessId();
  // Ledger entries with a payment mode moved money: 'got' in, 'gave' out (transactions_money_idx).
  const { opening } = ctx.writer
    .prepare(
      `SELECT (SELECT coalesce(sum(CASE direction WHEN 'in' THEN amount_paise ELSE -amount_paise END), 0)
                 FROM cashbook_entries WHERE business_id = ? AND deleted_at IS NULL AND entry_date < ?)
            + (SELECT coalesce(sum(CASE direction WHEN 'got' THEN amount_paise ELSE -amount_paise END), 0)
                 FROM transactions WHERE business_id = ? AND mode IS NOT NULL AND deleted_at IS NULL AND entry_date < ?) AS opening`,
    )
    .get(business, input.from, business, input.from) as { opening: number };
  const len = input.by === 'day' ? 10 : 7;
  const sums = ctx.writer
    .prepare(
      `SELECT substr(entry_date, 1, ${len}) AS period,
              coalesce(sum(CASE direction WHEN 'in' THEN amount_paise END), 0) AS inp,
              coalesce(sum(CASE direction WHEN 'out' THEN amount_paise END), 0) AS outp
         FROM (SELECT entry_date, direction, amount_paise FROM cashbook_entries
                WHERE business_id = ? AND deleted_at IS NULL AND entry_date BETWEEN ? AND ?
               UNION ALL
               SELECT entry_date, CASE direction WHEN 'got' THEN 'in' ELSE 'out' END, amount_paise FROM transactions
                WHERE business_id = ? AND mode IS NOT NULL AND deleted_at IS NULL AND entry_date BETWEEN ? AND ?)
        GROUP BY period`,
    )
    .all(business, input.from, input.to, business, input.from, input.to) as { period: string; inp: number; outp: number }[];
  const byPeriod = new Map(sums.map((s) => [s.period, s]));
  const periods: CashFlowPeriod[] = [];
  let running = opening;
  const last = input.to.slice(0, len);
  for (let p = input.from.slice(0, len); p <= last; p = input.by === 'day' ? addDays(p, 1) : nextMonth(p)) {
    const s = byPeriod.get(p);
    const inPaise = s?.inp ?? 0;
    const outPaise = s?.outp ?? 0;
    const closing = running + inPaise - outPaise;
    periods.push({ period: p, openingPaise: running, inPaise, outPaise, closingPaise: closing });
    running = closing;
  }
  const inPaise = periods.reduce((a, p) => a + p.inPaise, 0);
  const outPaise = periods.reduce((a, p) => a + p.outPaise, 0);
  return { ...input, periods, totals: { openingPaise: opening, inPaise, outPaise, closingPaise: running } };
}

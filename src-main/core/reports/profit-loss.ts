import type { CashFlowByModeReport, CashFlowMode, ProfitLossReport } from '../../contract/returns';
import { CASHBOOK_CATEGORIES } from '../../contract/cashbook';
import { divRoundHalfUp } from '../ledger/bills/gst';
import { cashbookRange } from '../ledger/cashbook/balances';
import type { LedgerContext } from '../ledger/context';

/**
 * Stock value at the end of the day before `from` and at the end of `to`, at each item's purchase
 * price: today's stock (stock_levels, kept by triggers) less the movements dated after each day.
 * One pass reads only the movements dated from `from` on (bills_date_idx, bill_items_pk,
 * stock_adjustments by business and date). Negative stock (sold before the purchase was entered)
 * counts as none.
 */
export function stockValues(ctx: LedgerContext, from: string, to: string): { openingPaise: number; closingPaise: number } {
  const business = ctx.businessId();
  const afterTo = new Map<string, number>();
  const sinceFrom = new Map<string, number>();
  const add = (rows: { item_id: string; after_to: number; since_from: number }[]) =>
    rows.forEach((r) => {
      afterTo.set(r.item_id, (afterTo.get(r.item_id) ?? 0) + r.after_to);
      sinceFrom.set(r.item_id, (sinceFrom.get(r.item_id) ?? 0) + r.since_from);
    });
  add(
    ctx.writer
      .prepare(
        `SELECT i.item_id, sum(CASE WHEN b.bill_date > ? THEN i.stock_milli ELSE 0 END) AS after_to, sum(i.stock_milli) AS since_from
           FROM bills b JOIN bill_items i ON i.bill_id = b.id
          WHERE b.business_id = ? AND b.bill_date >= ? AND i.item_id IS NOT NULL GROUP BY i.item_id`,
      )
      .all(to, business, from) as { item_id: string; after_to: number; since_from: number }[],
  );
  add(
    ctx.writer
      .prepare(
        `SELECT item_id, sum(CASE WHEN adj_date > ? THEN qty_milli ELSE 0 END) AS after_to, sum(qty_milli) AS since_from
           FROM stock_adjustments WHERE business_id = ? AND adj_date >= ? AND deleted_at IS NULL GROUP BY item_id`,
      )
      .all(to, business, from) as { item_id: string; after_to: number; since_from: number }[],
  );
  const items = ctx.writer
    .prepare(
      `SELECT it.id, it.purchase_price_paise AS price, coalesce(s.qty_milli, it.opening_qty_milli) AS qty
         FROM items it LEFT JOIN stock_levels s ON s.item_id = it.id
        WHERE it.business_id = ? AND it.deleted_at IS NULL`,
    )
    .all(business) as { id: string; price: number; qty: number }[];
  let opening = 0n;
  let closing = 0n;
  const value = (qty: number, price: number) => (qty > 0 && price > 0 ? divRoundHalfUp(BigInt(qty) * BigInt(price), 1000n) : 0n);
  for (const it of items) {
    opening += value(it.qty - (sinceFrom.get(it.id) ?? 0), it.price);
    closing += value(it.qty - (afterTo.get(it.id) ?? 0), it.price);
  }
  return { openingPaise: Number(opening), closingPaise: Number(closing) };
}

/**
 * Profit and loss of a period, trading account style: sales and purchases at taxable value
 * (GST is the government's, not the shop's income), opening and closing stock at purchase price,
 * gross profit; then other income and expenses from the cashbook (by category), net profit.
 */
export function profitLoss(ctx: LedgerContext, input: { from: string; to: string }): ProfitLossReport {
  const business = ctx.businessId();
  const totals = ctx.writer
    .prepare(
      `SELECT kind, sum(taxable_paise) AS taxable FROM bills
        WHERE business_id = ? AND bill_date BETWEEN ? AND ? AND deleted_at IS NULL GROUP BY kind`,
    )
    .all(business, input.from, input.to) as { kind: 'sale' | 'purchase'; taxable: number }[];
  const salesPaise = totals.find((t) => t.kind === 'sale')?.taxable ?? 0;
  const purchasesPaise = totals.find((t) => t.kind === 'purchase')?.taxable ?? 0;
  const { openingPaise: openingStockPaise, closingPaise: closingStockPaise } = stockValues(ctx, input.from, input.to);
  const costOfGoodsSoldPaise = openingStockPaise + purchasesPaise - closingStockPaise;
  const grossProfitPaise = salesPaise - costOfGoodsSoldPaise;
  const cash = ctx.writer
    .prepare(
      `SELECT direction, coalesce(category, 'none') AS category, sum(amount_paise) AS amount FROM cashbook_entries
        WHERE business_id = ? AND entry_date BETWEEN ? AND ? AND deleted_at IS NULL GROUP BY direction, category`,
    )
    .all(business, input.from, input.to) as { direction: 'in' | 'out'; category: ProfitLossReport['expenses'][number]['category']; amount: number }[];
  const otherIncomePaise = cash.filter((c) => c.direction === 'in').reduce((a, c) => a + c.amount, 0);
  const order = [...CASHBOOK_CATEGORIES, 'none'] as const;
  const expenses = order
    .map((category) => ({ category, amountPaise: cash.filter((c) => c.direction === 'out' && c.category === category).reduce((a, c) => a + c.amount, 0) }))
    .filter((e) => e.amountPaise > 0);
  const expensesPaise = expenses.reduce((a, e) => a + e.amountPaise, 0);
  return {
    ...input,
    salesPaise,
    purchasesPaise,
    openingStockPaise,
    closingStockPaise,
    costOfGoodsSoldPaise,
    grossProfitPaise,
    otherIncomePaise,
    expenses,
    expensesPaise,
    netProfitPaise: grossProfitPaise + otherIncomePaise - expensesPaise,
  };
}

const MODES: CashFlowMode[] = ['cash', 'upi', 'card', 'cheque', 'bank', 'online'];

/**
 * Money in and out of a period by mode: ledger payments by their mode (cash, UPI, card, cheque,
 * bank) and cashbook entries (cash or online), each rupee once as the cashbook counts it; with
 * opening and closing balances of cash in hand and of online money.
 */
export function cashFlowByMode(ctx: LedgerContext, input: { from: string; to: string }): CashFlowByModeReport {
  const business = ctx.businessId();
  const rows = [
    ...(ctx.writer
      .prepare(
        `SELECT mode, CASE direction WHEN 'got' THEN 'in' ELSE 'out' END AS direction, sum(amount_paise) AS amount FROM transactions
          WHERE business_id = ? AND entry_date BETWEEN ? AND ? AND mode IS NOT NULL AND deleted_at IS NULL GROUP BY mode, direction`,
      )
      .all(business, input.from, input.to) as { mode: CashFlowMode; direction: 'in' | 'out'; amount: number }[]),
    ...(ctx.writer
      .prepare(
        `SELECT mode, direction, sum(amount_paise) AS amount FROM cashbook_entries
          WHERE business_id = ? AND entry_date BETWEEN ? AND ? AND deleted_at IS NULL GROUP BY mode, direction`,
      )
      .all(business, input.from, input.to) as { mode: CashFlowMode; direction: 'in' | 'out'; amount: number }[]),
  ];
  const modes = MODES.map((mode) => {
    const inPaise = rows.filter((r) => r.mode === mode && r.direction === 'in').reduce((a, r) => a + r.amount, 0);
    const outPaise = rows.filter((r) => r.mode === mode && r.direction === 'out').reduce((a, r) => a + r.amount, 0);
    return { mode, inPaise, outPaise, netPaise: inPaise - outPaise };
  });
  const range = cashbookRange(ctx, input);
  const cashIn = range.totals.cashInPaise;
  const cashOut = range.totals.cashOutPaise;
  const onlineOpening = range.openingPaise - range.cashOpeningPaise;
  const onlineIn = range.totals.inPaise - cashIn;
  const onlineOut = range.totals.outPaise - cashOut;
  return {
    ...input,
    modes,
    cash: { openingPaise: range.cashOpeningPaise, inPaise: cashIn, outPaise: cashOut, closingPaise: range.cashOpeningPaise + cashIn - cashOut },
    online: { openingPaise: onlineOpening, inPaise: onlineIn, outPaise: onlineOut, closingPaise: onlineOpening + onlineIn - onlineOut },
    totals: { openingPaise: range.openingPaise, inPaise: range.totals.inPaise, outPaise: range.totals.outPaise, closingPaise: range.openingPaise + range.totals.inPaise - range.totals.outPaise },
  };
}

import type { GstRateRow, GstSummary, GstTotals } from '../../contract/reports';
import type { LedgerContext } from '../ledger/context';
import { daysInMonth } from '../util/dates';

/**
 * GST by rate for one month, from the per-line projection (bill_items) of live bills dated
 * in the month: sale bills are output tax, purchase bills input tax. Figures are the stored
 * line figures, summed; nothing is recomputed here.
 */
export function gstSummary(ctx: LedgerContext, month: string): GstSummary {
  const from = `${month}-01`;
  const to = `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
  const rows = ctx.writer
    .prepare(
      `SELECT b.kind AS kind, i.gst_rate_bp AS rate, sum(i.taxable_paise) AS taxable, sum(i.cgst_paise) AS cgst,
              sum(i.sgst_paise) AS sgst, sum(i.igst_paise) AS igst, count(DISTINCT b.id) AS bills
         FROM bills b JOIN bill_items i ON i.bill_id = b.id
        WHERE b.business_id = ? AND b.deleted_at IS NULL AND b.bill_date BETWEEN ? AND ?
        GROUP BY b.kind, i.gst_rate_bp ORDER BY i.gst_rate_bp`,
    )
    .all(ctx.businessId(), from, to) as { kind: string; rate: number; taxable: number; cgst: number; sgst: number; igst: number; bills: number }[];
  const pick = (kind: string): GstRateRow[] =>
    rows
      .filter((r) => r.kind === kind)
      .map((r) => ({ gstRateBp: r.rate, taxablePaise: r.taxable, cgstPaise: r.cgst, sgstPaise: r.sgst, igstPaise: r.igst, billCount: r.bills }));
  const total = (list: GstRateRow[]): GstTotals =>
    list.reduce(
      (t, r) => ({ taxablePaise: t.taxablePaise + r.taxablePaise, cgstPaise: t.cgstPaise + r.cgstPaise, sgstPaise: t.sgstPaise + r.sgstPaise, igstPaise: t.igstPaise + r.igstPaise }),
      { taxablePaise: 0, cgstPaise: 0, sgstPaise: 0, igstPaise: 0 },
    );
  const output = pick('sale');
  const input = pick('purchase');
  return { month, output, outputTotals: total(output), input, inputTotals: total(input) };
}

import { isDeepStrictEqual } from 'node:util';
import type { LedgerContext } from '../context';
import type { Fields } from '../../db/writer';
import { postingEntryId } from '../entries/entries';
import { readSettingsRow } from '../settings/settings';
import { computeBillMoney, isInterState } from './gst';
import { parseItems, type StoredItem } from './items';
import { paidOf, type BillRow } from './read';

/**
 * A bill has inputs (its lines' item, name, HSN, quantity, unit, rate and GST rate; the discount;
 * the place of supply) and derived figures (each line's taxable value and tax split, the
 * bill's totals and round-off, the posting entry's amount). Two people editing one bill on
 * two devices change inputs; field-level merge keeps both edits, and the derived figures
 * are then computed again from the merged inputs, never merged field by field
 * (DESIGN.md section 4).
 */

/** The inputs of the lines, as stored. */
export const lineInputs = (items: readonly StoredItem[]) =>
  items.map((it) => ({ item_id: it.item_id, name: it.name, hsn: it.hsn, qty_milli: it.qty_milli, unit: it.unit, rate_paise: it.rate_paise, gst_rate_bp: it.gst_rate_bp }));

/** Whether two versions of `bills.items` have the same line inputs (derived figures aside). */
export function sameLineInputs(a: string, b: string): boolean {
  return JSON.stringify(lineInputs(parseItems(a))) === JSON.stringify(lineInputs(parseItems(b)));
}

/** Round-off is not stored as a flag: a bill with a round-off line or a whole-rupee total was rounded. */
export const wasRounded = (row: Pick<BillRow, 'round_off_paise' | 'total_paise'>): boolean => row.round_off_paise !== 0 || row.total_paise % 100 === 0;

const DERIVED = ['taxable_paise', 'cgst_paise', 'sgst_paise', 'igst_paise', 'round_off_paise', 'total_paise'] as const;

/** The derived figures of a stored bill, computed from its stored inputs. */
export function deriveBill(ctx: LedgerContext, row: BillRow): { items: string; fields: Record<(typeof DERIVED)[number], number> } {
  const stored = parseItems(row.items);
  const businessState = readSettingsRow(ctx)?.state_code ?? null;
  const money = computeBillMoney({
    lines: stored.map((it) => ({ qtyMilli: it.qty_milli, ratePaise: it.rate_paise, gstRateBp: it.gst_rate_bp })),
    discountPaise: row.discount_paise,
    interState: isInterState(businessState, row.place_of_supply ?? businessState),
    roundOff: wasRounded(row),
  });
  const items = stored.map((it, i) => {
    const m = money.lines[i]!;
    return { ...it, taxable_paise: m.taxablePaise, cgst_paise: m.cgstPaise, sgst_paise: m.sgstPaise, igst_paise: m.igstPaise, total_paise: m.totalPaise };
  });
  return {
    items: JSON.stringify(items),
    fields: {
      taxable_paise: money.taxablePaise,
      cgst_paise: money.cgstPaise,
      sgst_paise: money.sgstPaise,
      igst_paise: money.igstPaise,
      round_off_paise: money.roundOffPaise,
      total_paise: money.totalPaise,
    },
  };
}

export type RecomputeOutcome = 'unchanged' | 'lines' | 'repaired' | 'needs_attention';

/**
 * After a merge changed these bills: compute their figures again from the merged inputs.
 * Line figures are written here only (every device derives them the same way); bill totals
 * and the posting entry that differ are written as ordinary changes, so the server's copy,
 * and with it every device and the party's balance, matches the merged bill. A total below
 * what was already paid is not written: the caller reports the bill instead.
 */
export function recomputeMergedBills(ctx: LedgerContext, billIds: Iterable<string>): Map<string, RecomputeOutcome> {
  const out = new Map<string, RecomputeOutcome>();
  for (const id of billIds) {
    const row = ctx.writer.prepare('SELECT * FROM bills WHERE id = ?').get(id) as BillRow | undefined;
    if (!row) continue;
    let derived;
    try {
      derived = deriveBill(ctx, row);
    } catch {
      // Merged inputs that make no bill (a discount above the merged lines' value): leave the
      // server's figures and say so.
      out.set(id, 'needs_attention');
      continue;
    }
    const changes: Fields = {};
    for (const key of DERIVED) if (row[key] !== derived.fields[key]) changes[key] = derived.fields[key];
    const linesDiffer = !isDeepStrictEqual(JSON.parse(row.items), JSON.parse(derived.items));
    if (!Object.keys(changes).length) {
      if (linesDiffer) ctx.writer.update('bills', id, { items: derived.items }, { localOnly: ['items'] });
      out.set(id, linesDiffer ? 'lines' : 'unchanged');
      continue;
    }
    if (!row.deleted_at && derived.fields.total_paise < paidOf(ctx, row)) {
      out.set(id, 'needs_attention');
      continue;
    }
    ctx.writer.update('bills', id, { ...changes, items: derived.items }, { localOnly: ['items'] });
    const posting = ctx.writer.get('transactions', postingEntryId(id));
    if (posting && posting.amount_paise !== derived.fields.total_paise && derived.fields.total_paise > 0) {
      ctx.writer.update('transactions', posting.id, { amount_paise: derived.fields.total_paise });
    }
    out.set(id, 'repaired');
  }
  return out;
}

import type { AgeBuckets, PartyAgeing, PartyBalancesReport } from '../../contract/reports';
import type { LedgerContext } from '../ledger/context';
import { partyTable } from '../ledger/parties/parties';
import { daysBetween } from '../util/dates';

/**
 * Ageing rule (first in, first out). Up to the report date, a party's balance is
 * sum(gave) - sum(got). When it is positive (you'll get), every 'got' payment settles the
 * oldest 'gave' entries first; what is left unpaid of each 'gave' entry is aged by the days
 * from its entry date to the report date. A negative balance (you'll give) is aged the same
 * way with the roles swapped (your payments settle the oldest 'got' entries first). Buckets:
 * 0-30, 31-60, 61-90 and over 90 days; they add up to the balance exactly.
 */
export interface AgeingEntry {
  direction: 'gave' | 'got';
  amountPaise: number;
  date: string;
}

export const emptyBuckets = (): AgeBuckets => ({ d0to30Paise: 0, d31to60Paise: 0, d61to90Paise: 0, over90Paise: 0 });

/** Entries must be in date order (oldest first). */
export function ageBalance(entries: AgeingEntry[], asOf: string): { balancePaise: number; buckets: AgeBuckets; oldestUnsettledDate: string | null } {
  let gave = 0;
  let got = 0;
  for (const e of entries) {
    if (e.direction === 'gave') gave += e.amountPaise;
    else got += e.amountPaise;
  }
  const balancePaise = gave - got;
  const buckets = emptyBuckets();
  if (balancePaise === 0) return { balancePaise, buckets, oldestUnsettledDate: null };
  const owed: AgeingEntry['direction'] = balancePaise > 0 ? 'gave' : 'got';
  // Everything paid the other way settles the oldest owed entries first.
  let settle = owed === 'gave' ? got : gave;
  let oldestUnsettledDate: string | null = null;
  for (const e of entries) {
    if (e.direction !== owed) continue;
    const paid = Math.min(settle, e.amountPaise);
    settle -= paid;
    const open = e.amountPaise - paid;
    if (open === 0) continue;
    oldestUnsettledDate ??= e.date;
    const age = daysBetween(e.date, asOf);
    if (age <= 30) buckets.d0to30Paise += open;
    else if (age <= 60) buckets.d31to60Paise += open;
    else if (age <= 90) buckets.d61to90Paise += open;
    else buckets.over90Paise += open;
  }
  return { balancePaise, buckets, oldestUnsettledDate };
}

const addInto = (target: AgeBuckets & { totalPaise: number }, b: AgeBuckets, total: number) => {
  target.d0to30Paise += b.d0to30Paise;
  target.d31to60Paise += b.d31to60Paise;
  target.d61to90Paise += b.d61to90Paise;
  target.over90Paise += b.over90Paise;
  target.totalPaise += total;
};

/** Live parties of one type with a non-zero balance on asOf, largest outstanding first. */
export function partyBalances(ctx: LedgerContext, type: 'customer' | 'supplier', asOf: string): PartyBalancesReport {
  const parties = ctx.writer
    .prepare(`SELECT id, name, phone FROM ${partyTable(type)} WHERE business_id = ? AND deleted_at IS NULL`)
    .all(ctx.businessId()) as { id: string; name: string; phone: string | null }[];
  const rows = ctx.writer
    .prepare(
      `SELECT party_id, direction, amount_paise, entry_date FROM transactions
        WHERE business_id = ? AND party_type = ? AND deleted_at IS NULL AND entry_date <= ?
        ORDER BY party_id, entry_date, created_at, id`,
    )
    .all(ctx.businessId(), type, asOf) as { party_id: string; direction: 'gave' | 'got'; amount_paise: number; entry_date: string }[];
  const byParty = new Map<string, AgeingEntry[]>();
  for (const r of rows) {
    let list = byParty.get(r.party_id);
    if (!list) byParty.set(r.party_id, (list = []));
    list.push({ direction: r.direction, amountPaise: r.amount_paise, date: r.entry_date });
  }
  const totals = { youWillGet: { ...emptyBuckets(), totalPaise: 0 }, youWillGive: { ...emptyBuckets(), totalPaise: 0 } };
  const out: PartyAgeing[] = [];
  for (const p of parties) {
    const aged = ageBalance(byParty.get(p.id) ?? [], asOf);
    if (aged.balancePaise === 0) continue;
    out.push({ partyId: p.id, name: p.name, phone: p.phone, ...aged });
    if (aged.balancePaise > 0) addInto(totals.youWillGet, aged.buckets, aged.balancePaise);
    else addInto(totals.youWillGive, aged.buckets, -aged.balancePaise);
  }
  out.sort((a, b) => Math.abs(b.balancePaise) - Math.abs(a.balancePaise) || a.name.localeCompare(b.name));
  return { type, asOf, parties: out, totals };
}

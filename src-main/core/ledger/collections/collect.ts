import type { CollectList, CollectRow, PartyDues, ReminderDraft } from '../../../contract/collections';
import { upiPayLink } from '../../documents/upi';
import { daysBetween } from '../../util/dates';
import type { LedgerContext } from '../context';
import { getParty, partyTable } from '../parties/parties';
import { readSettingsRow } from '../settings/settings';
import { CreditWalker, type Dues } from './dues';
import { latestOpenOrBroken, partyPromises } from './promises';
import { businessZone, partyReminders } from './reminders';

type PartyType = 'customer' | 'supplier';

interface OwingRow {
  party_id: string;
  balance_paise: number;
  name: string;
  phone: string | null;
  credit_days: number | null;
}

/** The shop's UPI link for an amount, or null when it has no UPI ID (or nothing to ask). */
function upiLinker(ctx: LedgerContext): (amountPaise: number, partyName: string) => string | null {
  const s = readSettingsRow(ctx);
  const vpa = s?.upi_id?.trim();
  if (!s || !vpa) return () => null;
  return (amountPaise, partyName) => (amountPaise > 0 ? upiPayLink({ vpa, name: s.name, amountPaise, note: partyName }) : null);
}

/**
 * To collect: parties owing money due today, overdue (with the days since the oldest overdue
 * due date) and due in the next days, each list by amount, largest first. Only parties that
 * owe are read (the balance index, balance > 0); each one's credit is walked newest first
 * until its balance is covered (see allocateDues). "Today" is the business's date.
 */
export function collectList(ctx: LedgerContext): CollectList {
  const today = ctx.today();
  const zone = businessZone(ctx);
  const upi = upiLinker(ctx);
  const walker = new CreditWalker(ctx.writer);
  const dueToday: CollectRow[] = [];
  const overdue: CollectRow[] = [];
  const upcoming: CollectRow[] = [];
  const toRemind: ReminderDraft[] = [];
  for (const type of ['customer', 'supplier'] as const) {
    const owing = ctx.writer
      .prepare(
        `SELECT b.party_id, b.balance_paise, p.name, p.phone, p.credit_days
           FROM party_balances b INDEXED BY party_balances_sort_idx JOIN ${partyTable(type)} p ON p.id = b.party_id
          WHERE b.business_id = ? AND b.party_type = ? AND b.balance_paise > 0 AND p.deleted_at IS NULL`,
      )
      .all(ctx.businessId(), type) as OwingRow[];
    for (const o of owing) {
      const d = walker.dues(o.party_id, o.balance_paise, o.credit_days, today);
      if (!d.overduePaise && !d.dueTodayPaise && !d.upcomingPaise) continue;
      const promise = latestOpenOrBroken(ctx, o.party_id, today, o.balance_paise);
      const lastReminder = partyReminders(ctx, o.party_id, zone, 1)[0] ?? null;
      const row = (amountPaise: number, dueDate: string | null, daysOverdue = 0): CollectRow => ({
        partyType: type,
        partyId: o.party_id,
        name: o.name,
        phone: o.phone,
        balancePaise: o.balance_paise,
        amountPaise,
        dueDate,
        daysOverdue,
        upiLink: upi(amountPaise, o.name),
        promise,
        lastReminder,
      });
      if (d.overduePaise) overdue.push(row(d.overduePaise, d.oldestOverdueDate, daysBetween(d.oldestOverdueDate!, today)));
      if (d.dueTodayPaise) dueToday.push(row(d.dueTodayPaise, today));
      if (d.upcomingPaise) upcoming.push(row(d.upcomingPaise, d.nextUpcomingDate));
      if (d.overduePaise || d.dueTodayPaise) {
        const ask = draftFor(d, o.balance_paise, today);
        toRemind.push({ partyType: type, partyId: o.party_id, name: o.name, phone: o.phone, ...ask, upiLink: upi(ask.amountPaise, o.name) });
      }
    }
  }
  const byAmount = (a: CollectRow, b: CollectRow) => b.amountPaise - a.amountPaise || a.name.localeCompare(b.name) || a.partyId.localeCompare(b.partyId);
  const sum = (rows: CollectRow[]) => rows.reduce((s, r) => s + r.amountPaise, 0);
  return {
    today,
    dueToday: dueToday.sort(byAmount),
    overdue: overdue.sort(byAmount),
    upcoming: upcoming.sort(byAmount),
    toRemind: toRemind.sort((a, b) => b.amountPaise - a.amountPaise || a.name.localeCompare(b.name) || a.partyId.localeCompare(b.partyId)),
    totals: { dueTodayPaise: sum(dueToday), overduePaise: sum(overdue), upcomingPaise: sum(upcoming) },
  };
}

/**
 * What a reminder asks for now: what is overdue and due today, with the oldest due date;
 * failing that the next amount falling due; failing that the whole balance with no date.
 */
function draftFor(d: Dues, balancePaise: number, today: string): { amountPaise: number; dueDate: string | null } {
  if (d.overduePaise || d.dueTodayPaise) return { amountPaise: d.overduePaise + d.dueTodayPaise, dueDate: d.oldestOverdueDate ?? today };
  if (d.upcomingPaise) return { amountPaise: d.upcomingPaise, dueDate: d.nextUpcomingDate };
  return { amountPaise: Math.max(0, balancePaise), dueDate: null };
}

/** One party's dues, promises and reminders, for its ledger page. */
export function partyDues(ctx: LedgerContext, input: { partyType: PartyType; partyId: string }): PartyDues {
  const party = getParty(ctx, input.partyType, input.partyId, { allowDeleted: true });
  const today = ctx.today();
  const d = new CreditWalker(ctx.writer).dues(party.id, party.balancePaise, party.creditDays, today);
  const ask = draftFor(d, party.balancePaise, today);
  const reminder: ReminderDraft = {
    partyType: party.type,
    partyId: party.id,
    name: party.name,
    phone: party.phone,
    ...ask,
    upiLink: upiLinker(ctx)(ask.amountPaise, party.name),
  };
  return {
    partyType: party.type,
    partyId: party.id,
    today,
    balancePaise: party.balancePaise,
    creditDays: party.creditDays,
    overduePaise: d.overduePaise,
    dueTodayPaise: d.dueTodayPaise,
    upcomingPaise: d.upcomingPaise,
    laterPaise: d.laterPaise,
    unscheduledPaise: d.unscheduledPaise,
    oldestOverdueDate: d.oldestOverdueDate,
    nextDueDate: d.nextDueDate,
    promises: partyPromises(ctx, party.id, today),
    reminders: partyReminders(ctx, party.id, businessZone(ctx)),
    reminder,
  };
}

import type { CollectList, CollectRow, PartyDues, ReminderDraft } from '../../../contract/collections';
import { upiPayLink } from '../../documents/upi';
import { daysBetween } from '../../util/dates';
import type { LedgerContext } from '../context';
import { getParty } from '../parties/parties';
import { readSettingsRow } from '../settings/settings';
import { CreditWalker, type Dues } from './dues';
import { asDues, owingDues } from './due-sql';
import { latestPromiseRows, openOrBroken, partyPromises } from './promises';
import { businessZone, lastReminders, partyReminders } from './reminders';

type PartyType = 'customer' | 'supplier';


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
 * owe are read (the balance index, balance > 0), and their dues come from one pass over the
 * credit index (owingDues, the set form of allocateDues). "Today" is the business's date.
 */
export function collectList(ctx: LedgerContext): CollectList {
  const today = ctx.today();
  const zone = businessZone(ctx);
  const upi = upiLinker(ctx);
  const dueToday: CollectRow[] = [];
  const overdue: CollectRow[] = [];
  const upcoming: CollectRow[] = [];
  const toRemind: ReminderDraft[] = [];
  const promises = latestPromiseRows(ctx);
  const reminded = lastReminders(ctx, zone);
  for (const type of ['customer', 'supplier'] as const) {
    for (const o of owingDues(ctx.writer, ctx.businessId(), type, today)) {
      const d = asDues(o, today);
      const promise = openOrBroken(ctx, promises.get(o.party_id), today, o.balance_paise);
      const lastReminder = reminded.get(o.party_id) ?? null;
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

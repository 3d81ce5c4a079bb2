import type { ParsedInputOf } from '../../../contract/define';
import type { Reminder, ReminderChannel, collectionsContract } from '../../../contract/collections';
import { isoDateInZone } from '../../util/dates';
import type { LedgerContext } from '../context';
import { assertPartyExists } from '../parties/parties';
import { readSettingsRow } from '../settings/settings';

type C = typeof collectionsContract;

interface ReminderRow {
  id: string;
  party_type: 'customer' | 'supplier';
  party_id: string;
  sent_at: string;
  amount_paise: number;
  channel: ReminderChannel;
  due_date: string | null;
}

/** The business's time zone: "sent 3 days ago" counts the shop's days, not the computer's. */
export const businessZone = (ctx: LedgerContext) => readSettingsRow(ctx)?.timezone ?? 'Asia/Kolkata';

const toReminder = (r: ReminderRow, zone: string): Reminder => ({
  id: r.id,
  partyType: r.party_type,
  partyId: r.party_id,
  sentAt: r.sent_at,
  sentOn: isoDateInZone(new Date(r.sent_at), zone),
  amountPaise: r.amount_paise,
  channel: r.channel,
  dueDate: r.due_date,
});

/** A reminder the owner just sent (the message was opened in WhatsApp), kept in the party's history. */
export function recordReminder(ctx: LedgerContext, input: ParsedInputOf<C['reminders.record']>): Reminder {
  return ctx.transact(() => {
    assertPartyExists(ctx, input.partyType, input.partyId);
    const row = ctx.writer.insert('reminders', {
      party_type: input.partyType,
      party_id: input.partyId,
      sent_at: ctx.nowIso(),
      amount_paise: input.amountPaise,
      channel: input.channel,
      due_date: input.dueDate,
    });
    return toReminder(row as unknown as ReminderRow, businessZone(ctx));
  });
}

/** A party's reminders, newest first. */
export function partyReminders(ctx: LedgerContext, partyId: string, zone: string, limit = 20): Reminder[] {
  const rows = ctx.writer
    .prepare(`SELECT * FROM reminders INDEXED BY reminders_party_idx WHERE party_id = ? AND deleted_at IS NULL ORDER BY sent_at DESC LIMIT ?`)
    .all(partyId, limit) as ReminderRow[];
  return rows.map((r) => toReminder(r, zone));
}

/**
 * Every party's latest reminder in one pass of the party index (for To collect, which may list
 * thousands of parties). SQLite takes the bare columns from the row holding max(sent_at).
 */
export function lastReminders(ctx: LedgerContext, zone: string): Map<string, Reminder> {
  const rows = ctx.writer
    .prepare(
      `SELECT id, party_type, party_id, max(sent_at) AS sent_at, amount_paise, channel, due_date
         FROM reminders INDEXED BY reminders_party_idx WHERE business_id = ? AND deleted_at IS NULL GROUP BY party_id`,
    )
    .all(ctx.businessId()) as ReminderRow[];
  return new Map(rows.map((r) => [r.party_id, toReminder(r, zone)]));
}

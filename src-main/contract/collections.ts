import { z } from 'zod';
import { method } from './define';
import { id, isoDate, optionalText, paise, paiseOrZero, partyType } from './primitives';

/** The longest credit period a party may be given (about ten years): more is a typing slip. */
export const MAX_CREDIT_DAYS = 3650;
/** How a reminder went out. */
export const REMINDER_CHANNELS = ['whatsapp'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];
/** "Upcoming" on To collect: due within this many days after today. */
export const UPCOMING_DAYS = 7;

/** Credit period in days: empty means none. */
export const creditDays = z
  .number({ message: 'Credit period must be a number of days.' })
  .int({ message: 'Credit period must be whole days.' })
  .min(0, { message: 'Credit period cannot be negative.' })
  .max(MAX_CREDIT_DAYS, { message: `Credit period can be at most ${MAX_CREDIT_DAYS} days.` })
  .nullish();

/** open: its date has not passed; kept: paid in time (or nothing is owed any more); broken: the date passed unpaid. */
export type PromiseStatus = 'open' | 'kept' | 'broken';

export interface PaymentPromise {
  id: string;
  partyType: 'customer' | 'supplier';
  partyId: string;
  amountPaise: number;
  /** The day the party said it would pay by. */
  promisedOn: string;
  /** The day the promise was recorded. */
  madeOn: string;
  note: string | null;
  status: PromiseStatus;
  /** Paid between madeOn and promisedOn. */
  paidPaise: number;
  createdAt: string;
  deletedAt: string | null;
}

export interface Reminder {
  id: string;
  partyType: 'customer' | 'supplier';
  partyId: string;
  /** When it was sent (UTC instant). */
  sentAt: string;
  /** sentAt as a date in the business's time zone. */
  sentOn: string;
  amountPaise: number;
  channel: ReminderChannel;
  dueDate: string | null;
}

/** What a reminder asks for: the amount, the due date it names and a UPI link when the shop has a UPI ID. */
export interface ReminderDraft {
  partyType: 'customer' | 'supplier';
  partyId: string;
  name: string;
  phone: string | null;
  amountPaise: number;
  dueDate: string | null;
  /** upi://pay?... for amountPaise to the shop's UPI ID; null when the shop has none. */
  upiLink: string | null;
}

/** One party on a To collect list. */
export interface CollectRow extends ReminderDraft {
  balancePaise: number;
  /** Days since the oldest overdue due date (overdue list only, else 0). */
  daysOverdue: number;
  /** The party's latest promise when it is open or broken. */
  promise: PaymentPromise | null;
  lastReminder: Reminder | null;
}

export interface CollectList {
  /** Today in the business's time zone. */
  today: string;
  dueToday: CollectRow[];
  overdue: CollectRow[];
  /** Due within the next UPCOMING_DAYS days. */
  upcoming: CollectRow[];
  /**
   * The bulk reminder run: each party with money overdue or due today once, asking for both
   * together (oldest due date named), largest first.
   */
  toRemind: ReminderDraft[];
  totals: { dueTodayPaise: number; overduePaise: number; upcomingPaise: number };
}

/** How a party's balance falls due: payments settle the oldest credit first. */
export interface PartyDues {
  partyType: 'customer' | 'supplier';
  partyId: string;
  today: string;
  balancePaise: number;
  creditDays: number | null;
  overduePaise: number;
  dueTodayPaise: number;
  upcomingPaise: number;
  /** Due after the upcoming window. */
  laterPaise: number;
  /** Outstanding credit with no due date and no credit period. */
  unscheduledPaise: number;
  oldestOverdueDate: string | null;
  nextDueDate: string | null;
  /** The latest promise (any status), then older ones, newest first. */
  promises: PaymentPromise[];
  /** Newest first. */
  reminders: Reminder[];
  /** What a one-click reminder asks for now. */
  reminder: ReminderDraft;
}

const partyKey = { partyType, partyId: id };

export const collectionsContract = {
  'collections.list': method(z.object({}).strict().optional().default({})).returns<CollectList>(),
  'collections.party': method(z.object(partyKey).strict()).returns<PartyDues>(),
  'promises.add': method(
    z
      .object({ ...partyKey, amountPaise: paise, promisedOn: isoDate, note: optionalText(500, 'Note') })
      .strict(),
  ).returns<PaymentPromise>(),
  'promises.cancel': method(z.object({ id }).strict()).returns<PaymentPromise>(),
  'reminders.record': method(
    z
      .object({
        ...partyKey,
        amountPaise: paiseOrZero,
        dueDate: isoDate.nullish().transform((v) => v ?? null),
        channel: z.enum(REMINDER_CHANNELS, { message: 'Channel must be whatsapp.' }).optional().default('whatsapp'),
      })
      .strict(),
  ).returns<Reminder>(),
};

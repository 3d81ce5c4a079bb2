import { z } from 'zod';
import { method } from './define';
import { direction, id, isoDate, optionalText, paise, partyType } from './primitives';
import type { Party } from './parties';
import { modeRef, paymentMode, type PaymentMode } from './payments';

export interface Entry {
  id: string;
  partyType: 'customer' | 'supplier';
  partyId: string;
  direction: 'gave' | 'got';
  amountPaise: number;
  date: string;
  note: string | null;
  billId: string | null;
  /** How the money moved; null when none did (goods on credit, a bill's own entry). */
  mode: PaymentMode | null;
  /** Cheque number or payment reference. */
  modeRef: string | null;
  /** On a "gave" entry: the date the party should pay by; null: the party's credit period decides. */
  dueDate: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface LedgerRow extends Entry {
  /** Party balance right after this entry, in date order (> 0 you'll get). */
  runningBalancePaise: number;
}

export interface LedgerCursor {
  date: string;
  createdAt: string;
  id: string;
}

export interface LedgerPage {
  party: Party;
  /** Newest first. */
  rows: LedgerRow[];
  next: LedgerCursor | null;
}

export interface RecentEntry extends Entry {
  partyName: string;
}

const entryFields = {
  direction,
  amountPaise: paise,
  date: isoDate.optional(),
  note: optionalText(500, 'Note'),
  /** Left out: cash for money coming in from a customer or going out to a supplier, else none. */
  mode: paymentMode.nullish(),
  modeRef,
  /** Only on a "gave" entry, on or after its date. */
  dueDate: isoDate.nullish(),
};

export const entriesContract = {
  'entries.add': method(z.object({ partyType, partyId: id, ...entryFields }).strict()).returns<Entry>(),
  'entries.ledger': method(
    z
      .object({
        partyType,
        partyId: id,
        after: z.object({ date: isoDate, createdAt: z.string().max(40), id }).strict().optional(),
        limit: z.number().int().min(1).max(1000).optional().default(200),
      })
      .strict(),
  ).returns<LedgerPage>(),
  'entries.update': method(
    z
      .object({
        id,
        patch: z
          .object({
            direction: entryFields.direction.optional(),
            amountPaise: paise.optional(),
            date: isoDate.optional(),
            note: entryFields.note.optional(),
            mode: paymentMode.nullish(),
            modeRef: modeRef.optional(),
            dueDate: isoDate.nullish(),
          })
          .strict(),
      })
      .strict(),
  ).returns<Entry>(),
  'entries.delete': method(z.object({ id }).strict()).returns<Entry>(),
  'entries.restore': method(z.object({ id }).strict()).returns<Entry>(),
  'entries.recent': method(z.object({ limit: z.number().int().min(1).max(100).optional().default(20) }).strict()).returns<RecentEntry[]>(),
};

import { z } from 'zod';
import { method } from './define';
import { creditDays } from './collections';
import { direction, gstin, id, isoDate, optionalText, paise, partyType, phone, requiredText, stateCode } from './primitives';

export interface Party {
  id: string;
  type: 'customer' | 'supplier';
  name: string;
  phone: string | null;
  address: string | null;
  gstin: string | null;
  stateCode: string | null;
  notes: string | null;
  /** Days of credit: an entry without its own due date is due this long after its date; null: none. */
  creditDays: number | null;
  /** sum(gave) - sum(got): > 0 you'll get, < 0 you'll give, 0 settled. */
  balancePaise: number;
  entryCount: number;
  lastEntryDate: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface PartyPage {
  items: Party[];
  total: number;
  /** Totals over every live party of the type (not just this page), for the list header. */
  totals: { youWillGetPaise: number; youWillGivePaise: number };
}

const partyFields = {
  name: requiredText(120, 'Name'),
  phone,
  address: optionalText(500, 'Address'),
  gstin,
  stateCode: stateCode.nullish().transform((v) => v ?? null),
  notes: optionalText(2000, 'Notes'),
  creditDays,
};

/** What was already owed when the party is entered: gave = they owe you, got = you owe them. */
export const openingBalance = z.object({ direction, amountPaise: paise, date: isoDate.optional() }).strict();
export const partyInput = z.object({ type: partyType, ...partyFields, openingBalance: openingBalance.optional() }).strict();
export const partyPatch = z
  .object({
    name: partyFields.name.optional(),
    phone: partyFields.phone.optional(),
    address: partyFields.address.optional(),
    gstin: partyFields.gstin.optional(),
    stateCode: partyFields.stateCode.optional(),
    notes: partyFields.notes.optional(),
    creditDays: partyFields.creditDays,
  })
  .strict();

export const partyRef = z.object({ type: partyType, id }).strict();

export const partiesContract = {
  'parties.list': method(
    z
      .object({
        type: partyType,
        search: z.string().max(120, { message: 'Search is too long.' }).optional().default(''),
        filter: z.enum(['all', 'get', 'give', 'settled']).optional().default('all'),
        sort: z.enum(['name', 'balance-desc', 'balance-asc', 'recent']).optional().default('name'),
        includeDeleted: z.boolean().optional().default(false),
        offset: z.number().int().min(0).max(10_000_000).optional().default(0),
        limit: z.number().int().min(1).max(1000).optional().default(200),
      })
      .strict(),
  ).returns<PartyPage>(),
  'parties.get': method(partyRef).returns<Party>(),
  'parties.create': method(partyInput).returns<Party>(),
  'parties.batchCreate': method(
    z
      .object({ type: partyType, parties: z.array(z.object(partyFields).strict()).min(1).max(5000, { message: 'At most 5,000 parties at once.' }) })
      .strict(),
  ).returns<Party[]>(),
  'parties.update': method(z.object({ type: partyType, id, patch: partyPatch }).strict()).returns<Party>(),
  'parties.delete': method(partyRef).returns<Party>(),
  'parties.restore': method(partyRef).returns<Party>(),
};

import { appNote } from '../../../contract/app-notes';
import { LendenError } from '../../../contract/errors';
import type { Party, PartyPage, partiesContract } from '../../../contract/parties';
import type { ParsedInputOf } from '../../../contract/define';
import { stateCode } from '../../../contract/primitives';
import type { LedgerContext } from '../context';
import { requireOwner } from '../permissions';
import { insertEntry } from '../entries/entries';

type C = typeof partiesContract;
type PartyType = Party['type'];

export const partyTable = (type: PartyType) => (type === 'customer' ? 'customers' : 'suppliers');

interface PartyRow {
  id: string;
  name: string;
  phone: string | null;
  address: string | null;
  gstin: string | null;
  state_code: string | null;
  notes: string | null;
  credit_days: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  balance_paise: number | null;
  entry_count: number | null;
  last_entry_date: string | null;
}

const toParty = (type: PartyType, r: PartyRow): Party => ({
  id: r.id,
  type,
  name: r.name,
  phone: r.phone,
  address: r.address,
  gstin: r.gstin,
  stateCode: r.state_code,
  notes: r.notes,
  creditDays: r.credit_days ?? null,
  balancePaise: r.balance_paise ?? 0,
  entryCount: r.entry_count ?? 0,
  lastEntryDate: r.last_entry_date,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

const selectBalanceFirst = (table: string) =>
  `SELECT p.id, p.name, p.phone, p.address, p.gstin, p.state_code, p.notes, p.credit_days, p.created_at, p.updated_at, p.deleted_at,
          b.balance_paise, b.entry_count, b.last_entry_date
     FROM party_balances b JOIN ${table} p ON p.id = b.party_id`;

const selectParty = (table: string) =>
  `SELECT p.id, p.name, p.phone, p.address, p.gstin, p.state_code, p.notes, p.credit_days, p.created_at, p.updated_at, p.deleted_at,
          b.balance_paise, b.entry_count, b.last_entry_date
     FROM ${table} p LEFT JOIN party_balances b ON b.party_id = p.id`;

/**
 * Fold the search the way SQLite's lower() folds name_fold: ASCII letters only. Folding other
 * letters in JS (É -> é) would make names with such capitals unfindable even when typed exactly.
 */
const asciiLower = (value: string) => value.replace(/[A-Z]+/g, (c) => c.toLowerCase());

/** Escape LIKE wildcards so a search for "50%" means the text "50%". */
const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export function getParty(ctx: LedgerContext, type: PartyType, id: string, opts: { allowDeleted?: boolean } = {}): Party {
  const row = ctx.writer.prepare(`${selectParty(partyTable(type))} WHERE p.id = ? AND p.business_id = ?`).get(id, ctx.businessId()) as
    | PartyRow
    | undefined;
  if (!row || (row.deleted_at && !opts.allowDeleted)) throw new LendenError('NOT_FOUND', `That ${type} does not exist.`);
  return toParty(type, row);
}

/** Throws NOT_FOUND unless the party exists and is not deleted; used before writing entries and bills. */
export function assertLiveParty(ctx: LedgerContext, type: PartyType, id: string): Party {
  return getParty(ctx, type, id);
}

/** The cheap form for the hot path of adding an entry: existence only, by primary key. */
export function assertPartyExists(ctx: LedgerContext, type: PartyType, id: string): void {
  const row = ctx.writer.prepare(`SELECT deleted_at FROM ${partyTable(type)} WHERE id = ? AND business_id = ?`).get(id, ctx.businessId()) as
    | { deleted_at: string | null }
    | undefined;
  if (!row || row.deleted_at) throw new LendenError('NOT_FOUND', `That ${type} does not exist.`);
}

export function listParties(ctx: LedgerContext, input: ParsedInputOf<C['parties.list']>): PartyPage {
  const table = partyTable(input.type);
  const where: string[] = ['p.business_id = ?'];
  const params: unknown[] = [ctx.businessId()];
  if (!input.includeDeleted) where.push('p.deleted_at IS NULL');
  const search = input.search.normalize('NFC').trim();
  if (search) {
    const digits = search.replace(/[\s+-]/g, '');
    if (/^\d{3,}$/.test(digits)) {
      where.push(`(p.name_fold LIKE ? ESCAPE '\\' OR p.phone LIKE ? ESCAPE '\\')`);
      params.push(`%${likeEscape(asciiLower(search))}%`, `%${likeEscape(digits)}%`);
    } else {
      where.push(`p.name_fold LIKE ? ESCAPE '\\'`);
      params.push(`%${likeEscape(asciiLower(search))}%`);
    }
  }
  if (input.filter === 'get') where.push('b.balance_paise > 0');
  if (input.filter === 'give') where.push('b.balance_paise < 0');
  if (input.filter === 'settled') where.push('coalesce(b.balance_paise, 0) = 0');
  const whereSql = where.join(' AND ');
  const byBalance = input.sort === 'balance-desc' || input.sort === 'balance-asc';
  // Every party has a balance row (drizzle/0011): sorted by balance, the list walks the balance
  // index in order and stops after the page, instead of sorting the whole shop on every call.
  const sql = byBalance
    ? `${selectBalanceFirst(table)} WHERE b.business_id = ? AND b.party_type = ? AND ${whereSql}
        ORDER BY b.balance_paise ${input.sort === 'balance-desc' ? 'DESC' : 'ASC'}, p.name_fold ASC LIMIT ? OFFSET ?`
    : `${selectParty(table)} WHERE ${whereSql} ORDER BY ${input.sort === 'name' ? 'p.name_fold ASC, p.id ASC' : "coalesce(b.last_entry_date, substr(p.created_at, 1, 10)) DESC, p.name_fold ASC"} LIMIT ? OFFSET ?`;
  const items = (
    ctx.writer.prepare(sql).all(...(byBalance ? [ctx.businessId(), input.type] : []), ...params, input.limit, input.offset) as PartyRow[]
  ).map((r) => toParty(input.type, r));
  const joinBalances = input.filter !== 'all' && input.filter !== undefined;
  const { total } = ctx.writer
    .prepare(`SELECT count(*) AS total FROM ${table} p ${joinBalances ? 'LEFT JOIN party_balances b ON b.party_id = p.id' : ''} WHERE ${whereSql}`)
    .get(...params) as { total: number };
  // Header totals: the balance index alone, less the parties deleted (few, found by their index).
  const sum = (from: string) =>
    `SELECT coalesce(sum(CASE WHEN b.balance_paise > 0 THEN b.balance_paise END), 0) AS get,
            coalesce(-sum(CASE WHEN b.balance_paise < 0 THEN b.balance_paise END), 0) AS give ${from}`;
  const all = ctx.writer.prepare(sum('FROM party_balances b WHERE b.business_id = ? AND b.party_type = ?')).get(ctx.businessId(), input.type) as { get: number; give: number };
  const gone = ctx.writer
    .prepare(sum(`FROM ${table} p JOIN party_balances b ON b.party_id = p.id WHERE p.business_id = ? AND p.deleted_at IS NOT NULL`))
    .get(ctx.businessId()) as { get: number; give: number };
  return { items, total, totals: { youWillGetPaise: all.get - gone.get, youWillGivePaise: all.give - gone.give } };
}

type PartyFields = Omit<ParsedInputOf<C['parties.create']>, 'type'>;

const toColumns = (f: Partial<PartyFields>) => {
  const columns: Record<string, string | number | null> = {};
  if (f.name !== undefined) columns.name = f.name;
  if (f.phone !== undefined) columns.phone = f.phone;
  if (f.address !== undefined) columns.address = f.address;
  if (f.gstin !== undefined) columns.gstin = f.gstin;
  if (f.stateCode !== undefined) columns.state_code = f.stateCode;
  if (f.notes !== undefined) columns.notes = f.notes;
  if (f.creditDays !== undefined) columns.credit_days = f.creditDays;
  return columns;
};

/** A GSTIN starts with its state code; keep them consistent so the invoice's tax split is right. */
function checkGstinState(f: Partial<PartyFields>): Partial<PartyFields> {
  if (f.gstin && !stateCode.safeParse(f.gstin.slice(0, 2)).success) {
    throw new LendenError('VALIDATION', 'The GSTIN does not start with a valid state code.', { gstin: 'GSTIN must start with a state code like 27.' });
  }
  if (f.gstin && !f.stateCode) return { ...f, stateCode: f.gstin.slice(0, 2) };
  if (f.gstin && f.stateCode && f.gstin.slice(0, 2) !== f.stateCode) {
    throw new LendenError('VALIDATION', 'The GSTIN belongs to another state than the one chosen.', { gstin: 'GSTIN state does not match.' });
  }
  return f;
}

export function createParty(ctx: LedgerContext, input: ParsedInputOf<C['parties.create']>): Party {
  const { type, openingBalance, ...fields } = input;
  return ctx.transact(() => {
    const row = ctx.writer.insert(partyTable(type), { ...toColumns(checkGstinState(fields)) });
    // What was owed before the shop started using Lenden: an entry like any other (no money
    // moved today, so no payment mode), so the balance stays a sum of entries.
    if (openingBalance) {
      insertEntry(ctx, {
        partyType: type,
        partyId: row.id,
        direction: openingBalance.direction,
        amountPaise: openingBalance.amountPaise,
        date: openingBalance.date ?? ctx.today(),
        note: appNote({ code: 'openingBalance' }),
      });
    }
    return getParty(ctx, type, row.id);
  });
}

export function batchCreateParties(ctx: LedgerContext, input: ParsedInputOf<C['parties.batchCreate']>): Party[] {
  // All or nothing: one bad row (caught by the schema before we get here) or a failing write
  // leaves no half-imported list behind.
  return ctx.transact(() => input.parties.map((p) => getParty(ctx, input.type, ctx.writer.insert(partyTable(input.type), toColumns(checkGstinState(p))).id)));
}

export function updateParty(ctx: LedgerContext, input: ParsedInputOf<C['parties.update']>): Party {
  return ctx.transact(() => {
    const current = getParty(ctx, input.type, input.id);
    const merged = checkGstinState({ gstin: current.gstin, stateCode: current.stateCode, ...input.patch });
    // The state written is the merged one: clearing the state of a party with a GSTIN puts
    // the GSTIN's state back instead of leaving the two inconsistent.
    const patch = { ...input.patch, stateCode: merged.stateCode };
    ctx.writer.update(partyTable(input.type), input.id, toColumns(patch));
    return getParty(ctx, input.type, input.id);
  });
}

export function deleteParty(ctx: LedgerContext, input: { type: PartyType; id: string }): Party {
  requireOwner(ctx, 'delete customers and suppliers');
  return ctx.transact(() => {
    getParty(ctx, input.type, input.id);
    ctx.writer.update(partyTable(input.type), input.id, { deleted_at: ctx.nowIso() });
    return getParty(ctx, input.type, input.id, { allowDeleted: true });
  });
}

export function restoreParty(ctx: LedgerContext, input: { type: PartyType; id: string }): Party {
  requireOwner(ctx, 'restore customers and suppliers');
  return ctx.transact(() => {
    const party = getParty(ctx, input.type, input.id, { allowDeleted: true });
    if (party.deletedAt) ctx.writer.update(partyTable(input.type), input.id, { deleted_at: null });
    return getParty(ctx, input.type, input.id);
  });
}


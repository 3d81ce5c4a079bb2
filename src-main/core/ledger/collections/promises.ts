import { LendenError } from '../../../contract/errors';
import type { ParsedInputOf } from '../../../contract/define';
import type { PaymentPromise, PromiseStatus, collectionsContract } from '../../../contract/collections';
import type { LedgerContext } from '../context';
import { assertPartyExists } from '../parties/parties';

type C = typeof collectionsContract;

export interface PromiseRow {
  id: string;
  party_type: 'customer' | 'supplier';
  party_id: string;
  amount_paise: number;
  promised_on: string;
  made_on: string;
  note: string | null;
  created_at: string;
  deleted_at: string | null;
}

/**
 * Kept when the party paid the amount between the day it promised and the promised day, or
 * owes nothing any more; otherwise open until the promised day has passed, then broken.
 */
function toPromise(ctx: LedgerContext, r: PromiseRow, today: string, balancePaise: number): PaymentPromise {
  const { s: paid } = ctx.writer
    .prepare(
      `SELECT coalesce(sum(amount_paise), 0) AS s FROM transactions
        WHERE party_id = ? AND direction = 'got' AND deleted_at IS NULL AND entry_date >= ? AND entry_date <= ?`,
    )
    .get(r.party_id, r.made_on, r.promised_on) as { s: number };
  const status: PromiseStatus = paid >= r.amount_paise || balancePaise <= 0 ? 'kept' : r.promised_on >= today ? 'open' : 'broken';
  return {
    id: r.id,
    partyType: r.party_type,
    partyId: r.party_id,
    amountPaise: r.amount_paise,
    promisedOn: r.promised_on,
    madeOn: r.made_on,
    note: r.note,
    status,
    paidPaise: paid,
    createdAt: r.created_at,
    deletedAt: r.deleted_at,
  };
}

const balanceOf = (ctx: LedgerContext, partyId: string) =>
  (ctx.writer.prepare('SELECT balance_paise FROM party_balances WHERE party_id = ?').get(partyId) as { balance_paise: number } | undefined)?.balance_paise ?? 0;

/** A party's promises, newest first (live ones only). */
export function partyPromises(ctx: LedgerContext, partyId: string, today: string, limit = 20): PaymentPromise[] {
  const rows = ctx.writer
    .prepare(
      `SELECT * FROM payment_promises INDEXED BY payment_promises_party_idx
        WHERE party_id = ? AND deleted_at IS NULL ORDER BY made_on DESC, created_at DESC LIMIT ?`,
    )
    .all(partyId, limit) as PromiseRow[];
  const balance = balanceOf(ctx, partyId);
  return rows.map((r) => toPromise(ctx, r, today, balance));
}

/** Every party's latest live promise, in one pass of the party index (see lastReminders). */
export function latestPromiseRows(ctx: LedgerContext): Map<string, PromiseRow> {
  const rows = ctx.writer
    .prepare(
      `SELECT *, max(made_on || ' ' || created_at) AS latest
         FROM payment_promises INDEXED BY payment_promises_party_idx WHERE business_id = ? AND deleted_at IS NULL GROUP BY party_id`,
    )
    .all(ctx.businessId()) as PromiseRow[];
  return new Map(rows.map((r) => [r.party_id, r]));
}

/** The latest promise when it still matters on To collect: open, or broken. */
export function openOrBroken(ctx: LedgerContext, row: PromiseRow | undefined, today: string, balancePaise: number): PaymentPromise | null {
  if (!row) return null;
  const p = toPromise(ctx, row, today, balancePaise);
  return p.status === 'kept' ? null : p;
}

export function addPromise(ctx: LedgerContext, input: ParsedInputOf<C['promises.add']>): PaymentPromise {
  return ctx.transact(() => {
    assertPartyExists(ctx, input.partyType, input.partyId);
    const today = ctx.today();
    if (input.promisedOn < today) {
      throw new LendenError('VALIDATION', 'The promised date has already passed.', { promisedOn: 'Choose today or a later day.' });
    }
    const row = ctx.writer.insert('payment_promises', {
      party_type: input.partyType,
      party_id: input.partyId,
      amount_paise: input.amountPaise,
      promised_on: input.promisedOn,
      made_on: today,
      note: input.note,
    });
    return toPromise(ctx, row as unknown as PromiseRow, today, balanceOf(ctx, input.partyId));
  });
}

/** Cancelling a promise keeps its row (a tombstone), like every delete. */
export function cancelPromise(ctx: LedgerContext, input: { id: string }): PaymentPromise {
  return ctx.transact(() => {
    const row = ctx.writer.prepare('SELECT * FROM payment_promises WHERE id = ? AND business_id = ?').get(input.id, ctx.businessId()) as PromiseRow | undefined;
    if (!row) throw new LendenError('NOT_FOUND', 'That promise does not exist.');
    if (!row.deleted_at) ctx.writer.update('payment_promises', input.id, { deleted_at: ctx.nowIso() });
    const after = ctx.writer.prepare('SELECT * FROM payment_promises WHERE id = ?').get(input.id) as PromiseRow;
    return toPromise(ctx, after, ctx.today(), balanceOf(ctx, row.party_id));
  });
}

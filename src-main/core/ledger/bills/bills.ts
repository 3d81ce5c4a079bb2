import { appNote } from '../../../contract/app-notes';
import { LendenError } from '../../../contract/errors';
import type { ParsedInputOf } from '../../../contract/define';
import type { Bill, BillKind, BillLine, BillTotals, billsContract } from '../../../contract/bills';
import type { Entry } from '../../../contract/entries';
import type { Party } from '../../../contract/parties';
import type { LedgerContext } from '../context';
import { getEntryRow, insertEntry, postingEntryId, toEntry, type EntryRow } from '../entries/entries';
import { assertLiveParty } from '../parties/parties';
import { requireSettingsRow } from '../settings/settings';
import type { Fields } from '../../db/writer';
import { newId } from '../../util/ids';
import { computeBillMoney, isInterState } from './gst';
import { sameLineInputs, wasRounded } from './derived';
import { parseItems, toStoredItems } from './items';
import { rupees } from './money-text';
import { isInvoiceNumberClash, nextInvoiceNumber } from './numbering';
import { billPayments, getBill, getBillRow, paidOf, paymentDirection, postingDirection, type BillRow } from './read';
import { requireOwner } from '../permissions';
import { checkModeRef } from '../payments/modes';

type C = typeof billsContract;
type LineInput = ParsedInputOf<C['bills.create']>['lines'][number];
type PartyType = Party['type'];

const settingsOf = (ctx: LedgerContext) => requireSettingsRow(ctx);

/**
 * Totals of a set of lines for a party. Place of supply: the one given, else the party's
 * state, else the business's own state.
 */
function computeTotals(
  ctx: LedgerContext,
  draft: { party: Party | null; placeOfSupply: string | null; lines: readonly LineInput[]; discountPaise: number; roundOff: boolean },
): BillTotals {
  const businessState = settingsOf(ctx).state_code ?? null;
  const placeOfSupply = draft.placeOfSupply ?? draft.party?.stateCode ?? businessState;
  const interState = isInterState(businessState, placeOfSupply);
  const money = computeBillMoney({ lines: draft.lines, discountPaise: draft.discountPaise, interState, roundOff: draft.roundOff });
  const lines: BillLine[] = draft.lines.map((l, i) => ({
    itemId: l.itemId,
    name: l.name,
    hsn: l.hsn,
    qtyMilli: l.qtyMilli,
    unit: l.unit,
    ratePaise: l.ratePaise,
    gstRateBp: l.gstRateBp,
    ...money.lines[i]!,
  }));
  return { ...money, lines, placeOfSupply, interState };
}

function assertBillable(totals: BillTotals): void {
  if (totals.totalPaise <= 0) {
    throw new LendenError('VALIDATION', 'A bill must come to more than zero.', { lines: 'The bill total is zero.' });
  }
}

function assertDueDate(date: string, dueDate: string | null): void {
  if (dueDate && dueDate < date) throw new LendenError('VALIDATION', 'The due date cannot be before the bill date.', { dueDate: 'Due date is before the bill date.' });
}

const billColumns = (t: BillTotals): Fields => ({
  place_of_supply: t.placeOfSupply,
  items: JSON.stringify(toStoredItems(t.lines)),
  discount_paise: t.discountPaise,
  taxable_paise: t.taxablePaise,
  cgst_paise: t.cgstPaise,
  sgst_paise: t.sgstPaise,
  igst_paise: t.igstPaise,
  round_off_paise: t.roundOffPaise,
  total_paise: t.totalPaise,
});

/** The notes a bill writes, as codes the reader sees in their own language (contract/app-notes.ts). */
export const postingNote = (invoiceNumber: string) => appNote({ code: 'bill', number: invoiceNumber });
const paymentNote = (invoiceNumber: string) => appNote({ code: 'paymentFor', number: invoiceNumber });

export function previewBill(ctx: LedgerContext, input: ParsedInputOf<C['bills.preview']>): BillTotals {
  const party = input.partyType && input.partyId ? assertLiveParty(ctx, input.partyType, input.partyId) : null;
  return computeTotals(ctx, { party, placeOfSupply: input.placeOfSupply ?? null, lines: input.lines, discountPaise: input.discountPaise, roundOff: input.roundOff });
}

export function createBill(ctx: LedgerContext, input: ParsedInputOf<C['bills.create']>): Bill {
  return ctx.transact(() => {
    const party = assertLiveParty(ctx, input.partyType, input.partyId);
    const date = input.date ?? ctx.today();
    const dueDate = input.dueDate ?? null;
    assertDueDate(date, dueDate);
    assertItems(ctx, input.lines, new Set());
    const totals = computeTotals(ctx, { party, placeOfSupply: input.placeOfSupply ?? null, lines: input.lines, discountPaise: input.discountPaise, roundOff: input.roundOff });
    assertBillable(totals);
    if (input.payment) checkPaymentAmount(input.payment.amountPaise, totals.totalPaise, number0(input));
    const number = nextInvoiceNumber(ctx, settingsOf(ctx).invoice_prefix);
    const id = newId();
    try {
      ctx.writer.insert(
        'bills',
        {
          kind: input.kind,
          party_type: input.partyType,
          party_id: input.partyId,
          invoice_number: number.invoiceNumber,
          invoice_series: number.series,
          invoice_seq: number.seq,
          bill_date: date,
          due_date: dueDate,
          ...billColumns(totals),
          note: input.note,
        },
        id,
      );
    } catch (error) {
      if (isInvoiceNumberClash(error)) throw new LendenError('CONFLICT', `Invoice number ${number.invoiceNumber} is already used by another bill. Check the invoice prefix in settings.`);
      throw error;
    }
    insertEntry(
      ctx,
      { partyType: input.partyType, partyId: input.partyId, direction: postingDirection(input.kind), amountPaise: totals.totalPaise, date, note: postingNote(number.invoiceNumber), billId: id },
      postingEntryId(id),
    );
    if (input.payment) {
      checkModeRef(input.payment.mode, input.payment.modeRef);
      insertEntry(ctx, {
        partyType: input.partyType,
        partyId: input.partyId,
        direction: paymentDirection(input.kind),
        amountPaise: input.payment.amountPaise,
        date: input.payment.date ?? date,
        note: paymentNote(number.invoiceNumber),
        billId: id,
        mode: input.payment.mode,
        modeRef: input.payment.modeRef,
      });
    }
    return getBill(ctx, id);
  });
}

/** Placeholder name in messages before the bill has its number. */
const number0 = (input: { kind: BillKind }) => (input.kind === 'sale' ? 'this sale' : 'this purchase');

function checkPaymentAmount(amount: number, total: number, what: string): void {
  if (amount > total) {
    throw new LendenError('VALIDATION', `The payment of ${rupees(amount)} is more than the total of ${rupees(total)} for ${what}.`, { paymentAmount: `At most ${rupees(total)}.` });
  }
}

/** Lines that name an item must name a live item of this business (ids already on the bill may stay). */
function assertItems(ctx: LedgerContext, lines: readonly LineInput[], kept: ReadonlySet<string>): void {
  const check = ctx.writer.prepare('SELECT deleted_at FROM items WHERE id = ? AND business_id = ?');
  for (const [i, l] of lines.entries()) {
    if (!l.itemId || kept.has(l.itemId)) continue;
    const row = check.get(l.itemId, ctx.businessId()) as { deleted_at: string | null } | undefined;
    if (!row || row.deleted_at) throw new LendenError('NOT_FOUND', `Line ${i + 1}: that item does not exist or was deleted.`, { [`lines.${i}.itemId`]: 'Unknown item.' });
  }
}

function liveBillRow(ctx: LedgerContext, id: string): BillRow {
  const row = getBillRow(ctx, id);
  if (row.deleted_at) throw new LendenError('NOT_FOUND', 'That bill was deleted. Restore it first.');
  return row;
}

/** Stored lines back as inputs, so an edit that leaves the lines alone recomputes them unchanged. */
const storedLineInputs = (row: BillRow): LineInput[] =>
  parseItems(row.items).map((it) => ({
    itemId: it.item_id,
    name: it.name,
    hsn: it.hsn,
    qtyMilli: it.qty_milli,
    unit: it.unit,
    ratePaise: it.rate_paise,
    gstRateBp: it.gst_rate_bp,
  }));

/** Write the posting entry to match the bill: amount, date, party, live. Recreates it if missing. */
function syncPostingEntry(ctx: LedgerContext, bill: BillRow): void {
  const postingId = postingEntryId(bill.id);
  const current = ctx.writer.get('transactions', postingId) as unknown as EntryRow | undefined;
  if (!current) {
    insertEntry(
      ctx,
      {
        partyType: bill.party_type,
        partyId: bill.party_id,
        direction: postingDirection(bill.kind),
        amountPaise: bill.total_paise,
        date: bill.bill_date,
        note: postingNote(bill.invoice_number),
        billId: bill.id,
      },
      postingId,
    );
    return;
  }
  ctx.writer.update('transactions', postingId, {
    party_type: bill.party_type,
    party_id: bill.party_id,
    direction: postingDirection(bill.kind),
    amount_paise: bill.total_paise,
    entry_date: bill.bill_date,
    bill_id: bill.id,
    deleted_at: bill.deleted_at,
  });
}

export function updateBill(ctx: LedgerContext, input: ParsedInputOf<C['bills.update']>): Bill {
  const { patch } = input;
  return ctx.transact(() => {
    const row = liveBillRow(ctx, input.id);
    const partyType: PartyType = patch.partyType ?? row.party_type;
    const partyId = patch.partyId ?? row.party_id;
    const partyChanged = partyType !== row.party_type || partyId !== row.party_id;
    const party = assertLiveParty(ctx, partyType, partyId);
    const date = patch.date ?? row.bill_date;
    const dueDate = patch.dueDate !== undefined ? patch.dueDate : row.due_date;
    assertDueDate(date, dueDate);
    const roundOff = patch.roundOff ?? wasRounded(row);
    // A new party brings its own state unless a place of supply is named.
    const placeOfSupply = patch.placeOfSupply !== undefined ? patch.placeOfSupply : partyChanged ? null : row.place_of_supply;
    const stored = storedLineInputs(row);
    if (patch.lines) assertItems(ctx, patch.lines, new Set(stored.map((l) => l.itemId).filter((v): v is string => !!v)));
    const totals = computeTotals(ctx, {
      party,
      placeOfSupply: placeOfSupply ?? null,
      lines: patch.lines ?? stored,
      discountPaise: patch.discountPaise ?? row.discount_paise,
      roundOff,
    });
    assertBillable(totals);
    const payments = billPayments(ctx, row);
    const paid = payments.reduce((sum, p) => sum + p.amount_paise, 0);
    if (totals.totalPaise < paid) {
      throw new LendenError('VALIDATION', `Payments of ${rupees(paid)} are already recorded against this bill; the new total of ${rupees(totals.totalPaise)} is less. Delete a payment first.`, {
        lines: 'Total is below what was paid.',
      });
    }
    const changes: Fields = { party_type: partyType, party_id: partyId, bill_date: date, due_date: dueDate, ...billColumns(totals) };
    if (patch.note !== undefined) changes.note = patch.note;
    // The lines are sent only when their inputs change: when only the discount or the place
    // of supply changed, the lines' new tax split is derived again on every device, and
    // sending the lines would overwrite a line edited meanwhile on another device.
    const linesEdited = !sameLineInputs(row.items, changes.items as string);
    const updated = ctx.writer.update('bills', row.id, changes, { localOnly: linesEdited ? [] : ['items'] }) as unknown as BillRow;
    syncPostingEntry(ctx, updated);
    // Payments against the bill belong to the bill's party: a corrected party takes them along.
    if (partyChanged) for (const p of payments) ctx.writer.update('transactions', p.id, { party_type: partyType, party_id: partyId });
    return getBill(ctx, row.id);
  });
}

export function deleteBill(ctx: LedgerContext, input: { id: string }): Bill {
  requireOwner(ctx, 'delete bills');
  return ctx.transact(() => {
    const row = getBillRow(ctx, input.id);
    if (row.deleted_at) return getBill(ctx, row.id);
    const paid = paidOf(ctx, row);
    if (paid > 0) {
      throw new LendenError('CONFLICT', `Payments of ${rupees(paid)} are recorded against this bill. Delete those payments first, then the bill.`);
    }
    const deleted = ctx.writer.update('bills', row.id, { deleted_at: ctx.nowIso() }) as unknown as BillRow;
    const posting = ctx.writer.get('transactions', postingEntryId(row.id));
    if (posting && !posting.deleted_at) ctx.writer.update('transactions', posting.id, { deleted_at: deleted.deleted_at });
    return getBill(ctx, row.id);
  });
}

export function restoreBill(ctx: LedgerContext, input: { id: string }): Bill {
  requireOwner(ctx, 'restore bills');
  return ctx.transact(() => {
    const row = getBillRow(ctx, input.id);
    if (!row.deleted_at) return getBill(ctx, row.id);
    assertLiveParty(ctx, row.party_type, row.party_id);
    const restored = ctx.writer.update('bills', row.id, { deleted_at: null }) as unknown as BillRow;
    syncPostingEntry(ctx, restored);
    return getBill(ctx, row.id);
  });
}

export function recordPayment(ctx: LedgerContext, input: ParsedInputOf<C['bills.recordPayment']>): { bill: Bill; payment: Entry } {
  return ctx.transact(() => {
    const row = liveBillRow(ctx, input.billId);
    const due = row.total_paise - paidOf(ctx, row);
    if (due <= 0) throw new LendenError('VALIDATION', `Bill ${row.invoice_number} is already paid in full.`, { amountPaise: 'Nothing is due.' });
    if (input.amountPaise > due) {
      throw new LendenError('VALIDATION', `Only ${rupees(due)} is due on bill ${row.invoice_number}; the payment cannot be more.`, {
        amountPaise: `At most ${rupees(due)}.`,
      });
    }
    checkModeRef(input.mode, input.modeRef);
    const entry = insertEntry(ctx, {
      partyType: row.party_type,
      partyId: row.party_id,
      direction: paymentDirection(row.kind as BillKind),
      amountPaise: input.amountPaise,
      date: input.date ?? ctx.today(),
      note: input.note ?? paymentNote(row.invoice_number),
      billId: row.id,
      mode: input.mode,
      modeRef: input.modeRef,
    });
    return { bill: getBill(ctx, row.id), payment: toEntry(getEntryRow(ctx, entry.id)) };
  });
}

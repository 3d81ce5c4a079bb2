import type { LedgerContext } from '../ledger/context';
import { partyTable } from '../ledger/parties/parties';
import { loadStatement } from './statement';
import type { Table } from './table';
import { EXPORT_LABELS } from './export-labels';
import { documentNote } from './notes';
import type { Language } from './words';

/** Live parties of one type with their balance (> 0 you'll get), by name. */
export function partiesTable(ctx: LedgerContext, type: 'customer' | 'supplier', language: Language = 'en'): Table {
  const l = EXPORT_LABELS[language];
  const rows = ctx.writer
    .prepare(
      `SELECT p.name, p.phone, p.address, p.gstin, p.state_code, coalesce(b.balance_paise, 0) AS balance, coalesce(b.entry_count, 0) AS entries, b.last_entry_date
         FROM ${partyTable(type)} p LEFT JOIN party_balances b ON b.party_id = p.id
        WHERE p.business_id = ? AND p.deleted_at IS NULL ORDER BY p.name_fold, p.id`,
    )
    .all(ctx.businessId()) as { name: string; phone: string | null; address: string | null; gstin: string | null; state_code: string | null; balance: number; entries: number; last_entry_date: string | null }[];
  return {
    name: type === 'customer' ? l.customers : l.suppliers,
    columns: [
      { header: l.name, type: 'text', width: 28 },
      { header: l.phone, type: 'text', width: 14 },
      { header: l.address, type: 'text', width: 30 },
      { header: l.gstin, type: 'text', width: 17 },
      { header: l.stateCode, type: 'text', width: 10 },
      { header: l.balanceSigned, type: 'money', width: 18 },
      { header: l.status, type: 'text', width: 12 },
      { header: l.entries, type: 'int', width: 9 },
      { header: l.lastEntry, type: 'date' },
    ],
    rows: rows.map((r) => [
      r.name,
      r.phone,
      r.address,
      r.gstin,
      r.state_code,
      r.balance,
      r.balance > 0 ? l.youWillGet : r.balance < 0 ? l.youWillGive : l.settled,
      r.entries,
      r.last_entry_date,
    ]),
  };
}

/** One party's entries in the range, after an opening-balance row, with the running balance. */
export function partyLedgerTable(ctx: LedgerContext, input: { partyType: 'customer' | 'supplier'; partyId: string; from?: string; to?: string; language?: Language }): Table {
  const language = input.language ?? 'en';
  const l = EXPORT_LABELS[language];
  const data = loadStatement(ctx, { partyType: input.partyType, partyId: input.partyId, from: input.from ?? '2000-01-01', to: input.to ?? '2099-12-31' });
  return {
    name: l.ledger,
    columns: [
      { header: l.date, type: 'date' },
      { header: l.details, type: 'text', width: 36 },
      { header: l.youGave, type: 'money' },
      { header: l.youGot, type: 'money' },
      { header: l.balanceGet, type: 'money', width: 18 },
    ],
    rows: [
      [input.from ?? null, l.openingBalance, null, null, data.openingPaise],
      ...data.rows.map((r) => [r.date, documentNote(r.note, language) || null, r.gavePaise || null, r.gotPaise || null, r.balancePaise]),
    ],
  };
}

export function cashbookTable(ctx: LedgerContext, input: { from: string; to: string; language?: Language }): Table {
  const language = input.language ?? 'en';
  const l = EXPORT_LABELS[language];
  const rows = ctx.writer
    .prepare(
      `SELECT entry_date, direction, mode, amount_paise, note FROM cashbook_entries
        WHERE business_id = ? AND deleted_at IS NULL AND entry_date BETWEEN ? AND ? ORDER BY entry_date, created_at, id`,
    )
    .all(ctx.businessId(), input.from, input.to) as { entry_date: string; direction: 'in' | 'out'; mode: string; amount_paise: number; note: string | null }[];
  return {
    name: l.cashbook,
    columns: [
      { header: l.date, type: 'date' },
      { header: l.in, type: 'money' },
      { header: l.out, type: 'money' },
      { header: l.mode, type: 'text', width: 9 },
      { header: l.note, type: 'text', width: 36 },
    ],
    rows: rows.map((r) => [
      r.entry_date,
      r.direction === 'in' ? r.amount_paise : null,
      r.direction === 'out' ? r.amount_paise : null,
      (l as Record<string, string>)[`mode_${r.mode}`] ?? r.mode,
      documentNote(r.note, language) || null,
    ]),
  };
}

export function billsTable(ctx: LedgerContext, input: { from: string; to: string; language?: Language }): Table {
  const l = EXPORT_LABELS[input.language ?? 'en'];
  const rows = ctx.writer
    .prepare(
      `SELECT b.bill_date, b.invoice_number, b.kind, coalesce(c.name, s.name, '') AS party_name, coalesce(c.gstin, s.gstin) AS gstin, b.place_of_supply,
              b.taxable_paise, b.cgst_paise, b.sgst_paise, b.igst_paise, b.discount_paise, b.round_off_paise, b.total_paise
         FROM bills b
         LEFT JOIN customers c ON b.party_type = 'customer' AND c.id = b.party_id
         LEFT JOIN suppliers s ON b.party_type = 'supplier' AND s.id = b.party_id
        WHERE b.business_id = ? AND b.deleted_at IS NULL AND b.bill_date BETWEEN ? AND ?
        ORDER BY b.bill_date, b.invoice_series, b.invoice_seq, b.id`,
    )
    .all(ctx.businessId(), input.from, input.to) as Record<string, string | number | null>[];
  const cols = ['bill_date', 'invoice_number', 'kind', 'party_name', 'gstin', 'place_of_supply', 'taxable_paise', 'cgst_paise', 'sgst_paise', 'igst_paise', 'discount_paise', 'round_off_paise', 'total_paise'];
  return {
    name: l.bills,
    columns: [
      { header: l.date, type: 'date' },
      { header: l.invoiceNo, type: 'text', width: 14 },
      { header: l.kind, type: 'text', width: 9 },
      { header: l.party, type: 'text', width: 28 },
      { header: l.partyGstin, type: 'text', width: 17 },
      { header: l.placeOfSupply, type: 'text', width: 8 },
      { header: l.taxable, type: 'money' },
      { header: l.cgst, type: 'money' },
      { header: l.sgst, type: 'money' },
      { header: l.igst, type: 'money' },
      { header: l.discount, type: 'money' },
      { header: l.roundOff, type: 'money' },
      { header: l.total, type: 'money' },
    ],
    rows: rows.map((r) => cols.map((c) => (c === 'kind' ? (r.kind === 'purchase' ? l.kind_purchase : l.kind_sale) : (r[c] ?? null)))),
  };
}

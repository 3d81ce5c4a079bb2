import type { DayBook, DayBookBill, DayBookCash, DayBookEntry } from '../../contract/reports';
import type { LedgerContext } from '../ledger/context';

interface EntryRow {
  id: string;
  party_type: DayBookEntry['partyType'];
  party_id: string;
  party_name: string;
  direction: DayBookEntry['direction'];
  amount_paise: number;
  note: string | null;
  bill_id: string | null;
  created_at: string;
}
interface BillRow {
  id: string;
  kind: DayBookBill['kind'];
  invoice_number: string;
  party_type: DayBookBill['partyType'];
  party_id: string;
  party_name: string;
  total_paise: number;
  created_at: string;
}
interface CashRow {
  id: string;
  direction: DayBookCash['direction'];
  mode: DayBookCash['mode'];
  amount_paise: number;
  note: string | null;
  created_at: string;
}

/** Everything recorded for one day: ledger entries, bills and cashbook, in the order they were made. */
export function dayBook(ctx: LedgerContext, date: string): DayBook {
  const business = ctx.businessId();
  const entries = (
    ctx.writer
      .prepare(
        `SELECT t.id, t.party_type, t.party_id, coalesce(c.name, s.name, '') AS party_name, t.direction, t.amount_paise, t.note, t.bill_id, t.created_at
           FROM transactions t
           LEFT JOIN customers c ON t.party_type = 'customer' AND c.id = t.party_id
           LEFT JOIN suppliers s ON t.party_type = 'supplier' AND s.id = t.party_id
          WHERE t.business_id = ? AND t.entry_date = ? AND t.deleted_at IS NULL
          ORDER BY t.created_at, t.id`,
      )
      .all(business, date) as EntryRow[]
  ).map(
    (r): DayBookEntry => ({
      id: r.id,
      partyType: r.party_type,
      partyId: r.party_id,
      partyName: r.party_name,
      direction: r.direction,
      amountPaise: r.amount_paise,
      note: r.note,
      billId: r.bill_id,
      createdAt: r.created_at,
    }),
  );
  const bills = (
    ctx.writer
      .prepare(
        `SELECT b.id, b.kind, b.invoice_number, b.party_type, b.party_id, coalesce(c.name, s.name, '') AS party_name, b.total_paise, b.created_at
           FROM bills b
           LEFT JOIN customers c ON b.party_type = 'customer' AND c.id = b.party_id
           LEFT JOIN suppliers s ON b.party_type = 'supplier' AND s.id = b.party_id
          WHERE b.business_id = ? AND b.bill_date = ? AND b.deleted_at IS NULL
          ORDER BY b.created_at, b.id`,
      )
      .all(business, date) as BillRow[]
  ).map(
    (r): DayBookBill => ({
      id: r.id,
      kind: r.kind,
      invoiceNumber: r.invoice_number,
      partyType: r.party_type,
      partyId: r.party_id,
      partyName: r.party_name,
      totalPaise: r.total_paise,
      createdAt: r.created_at,
    }),
  );
  const cashbook = (
    ctx.writer
      .prepare(
        `SELECT id, direction, mode, amount_paise, note, created_at FROM cashbook_entries
          WHERE business_id = ? AND entry_date = ? AND deleted_at IS NULL ORDER BY created_at, id`,
      )
      .all(business, date) as CashRow[]
  ).map((r): DayBookCash => ({ id: r.id, direction: r.direction, mode: r.mode, amountPaise: r.amount_paise, note: r.note, createdAt: r.created_at }));

  const sum = <T>(rows: T[], pick: (r: T) => number) => rows.reduce((acc, r) => acc + pick(r), 0);
  return {
    date,
    entries,
    bills,
    cashbook,
    totals: {
      gavePaise: sum(entries, (e) => (e.direction === 'gave' ? e.amountPaise : 0)),
      gotPaise: sum(entries, (e) => (e.direction === 'got' ? e.amountPaise : 0)),
      salesPaise: sum(bills, (b) => (b.kind === 'sale' ? b.totalPaise : 0)),
      purchasesPaise: sum(bills, (b) => (b.kind === 'purchase' ? b.totalPaise : 0)),
      cashInPaise: sum(cashbook, (c) => (c.direction === 'in' ? c.amountPaise : 0)),
      cashOutPaise: sum(cashbook, (c) => (c.direction === 'out' ? c.amountPaise : 0)),
    },
  };
}

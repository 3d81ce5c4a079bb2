import { LendenError } from '../../../contract/errors';
import type { ParsedInputOf } from '../../../contract/define';
import type { Bill, BillKind, BillPage, BillStatus, BillSummary, billsContract } from '../../../contract/bills';
import type { LedgerContext } from '../context';
import { postingEntryId, toEntry, type EntryRow } from '../entries/entries';
import { readSettingsRow } from '../settings/settings';
import { isInterState } from './gst';
import { parseItems, toBillLines } from './items';

export interface BillRow {
  id: string;
  business_id: string;
  kind: BillKind;
  party_type: 'customer' | 'supplier';
  party_id: string;
  invoice_number: string;
  invoice_series: number;
  invoice_seq: number;
  bill_date: string;
  due_date: string | null;
  place_of_supply: string | null;
  items: string;
  discount_paise: number;
  taxable_paise: number;
  cgst_paise: number;
  sgst_paise: number;
  igst_paise: number;
  round_off_paise: number;
  total_paise: number;
  note: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** A sale's payments come in (got), a purchase's go out (gave): the opposite of the posting. */
export const paymentDirection = (kind: BillKind): 'gave' | 'got' => (kind === 'sale' ? 'got' : 'gave');
export const postingDirection = (kind: BillKind): 'gave' | 'got' => (kind === 'sale' ? 'gave' : 'got');

export const billStatus = (totalPaise: number, paidPaise: number): BillStatus =>
  paidPaise <= 0 ? 'unpaid' : paidPaise >= totalPaise ? 'paid' : 'partly_paid';

export function getBillRow(ctx: LedgerContext, id: string): BillRow {
  const row = ctx.writer.prepare('SELECT * FROM bills WHERE id = ? AND business_id = ?').get(id, ctx.businessId()) as BillRow | undefined;
  if (!row) throw new LendenError('NOT_FOUND', 'That bill does not exist.');
  return row;
}

/** Live payment entries of a bill, oldest first, through transactions_bill_idx. */
export function billPayments(ctx: LedgerContext, row: Pick<BillRow, 'id' | 'kind'>): EntryRow[] {
  return ctx.writer
    .prepare(
      `SELECT * FROM transactions WHERE bill_id = ? AND deleted_at IS NULL AND direction = ? AND id <> ?
        ORDER BY entry_date, created_at, id`,
    )
    .all(row.id, paymentDirection(row.kind), postingEntryId(row.id)) as EntryRow[];
}

/** Paid = sum of the live payment entries; derived on every read, never stored. */
export function paidOf(ctx: LedgerContext, row: Pick<BillRow, 'id' | 'kind'>): number {
  return billPayments(ctx, row).reduce((sum, p) => sum + p.amount_paise, 0);
}

type SummaryRow = Pick<
  BillRow,
  'id' | 'kind' | 'party_type' | 'party_id' | 'invoice_number' | 'bill_date' | 'due_date' | 'total_paise' | 'created_at' | 'updated_at' | 'deleted_at'
>;
const SUMMARY_COLUMNS = 'b.id, b.kind, b.party_type, b.party_id, b.invoice_number, b.bill_date, b.due_date, b.total_paise, b.created_at, b.updated_at, b.deleted_at';

const summary = (r: SummaryRow, partyName: string, paid: number): BillSummary => ({
  id: r.id,
  kind: r.kind,
  partyType: r.party_type,
  partyId: r.party_id,
  partyName,
  invoiceNumber: r.invoice_number,
  date: r.bill_date,
  dueDate: r.due_date,
  totalPaise: r.total_paise,
  paidPaise: paid,
  duePaise: Math.max(0, r.total_paise - paid),
  status: billStatus(r.total_paise, paid),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

const partyNameSql = `coalesce(c.name, s.name, '')`;
const partyJoins = `LEFT JOIN customers c ON b.party_type = 'customer' AND c.id = b.party_id
  LEFT JOIN suppliers s ON b.party_type = 'supplier' AND s.id = b.party_id`;

/** A bill with its lines, totals, payments and derived paid / due / status; deleted bills too. */
export function getBill(ctx: LedgerContext, id: string): Bill {
  const row = ctx.writer.prepare(`SELECT b.*, ${partyNameSql} AS party_name FROM bills b ${partyJoins} WHERE b.id = ? AND b.business_id = ?`).get(id, ctx.businessId()) as
    | (BillRow & { party_name: string })
    | undefined;
  if (!row) throw new LendenError('NOT_FOUND', 'That bill does not exist.');
  const payments = billPayments(ctx, row);
  const paid = payments.reduce((sum, p) => sum + p.amount_paise, 0);
  const lines = toBillLines(parseItems(row.items));
  const businessState = readSettingsRow(ctx)?.state_code ?? null;
  return {
    ...summary(row, row.party_name, paid),
    invoiceSeries: row.invoice_series,
    invoiceSeq: row.invoice_seq,
    lines,
    subtotalPaise: lines.reduce((sum, l) => sum + l.valuePaise, 0),
    discountPaise: row.discount_paise,
    taxablePaise: row.taxable_paise,
    cgstPaise: row.cgst_paise,
    sgstPaise: row.sgst_paise,
    igstPaise: row.igst_paise,
    roundOffPaise: row.round_off_paise,
    placeOfSupply: row.place_of_supply,
    // The stored split is the truth; only an all-zero-tax bill falls back to the states.
    interState: row.igst_paise > 0 || (row.cgst_paise === 0 && isInterState(businessState, row.place_of_supply)),
    note: row.note,
    postingEntryId: postingEntryId(row.id),
    payments: payments.map(toEntry),
  };
}

const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

type ListInput = ParsedInputOf<(typeof billsContract)['bills.list']>;

/**
 * The SQL of bills.list: one statement for the page and one for the count, never a query
 * per bill. Exported for the query-plan test.
 */
export function billListQuery(ctx: LedgerContext, input: ListInput): { rowsSql: string; countSql: string; params: unknown[] } {
  const where: string[] = ['b.business_id = ?'];
  const params: unknown[] = [ctx.businessId()];
  if (!input.includeDeleted) where.push('b.deleted_at IS NULL');
  if (input.kind) {
    where.push('b.kind = ?');
    params.push(input.kind);
  }
  if (input.partyId) {
    where.push('b.party_id = ?');
    params.push(input.partyId);
  }
  if (input.from) {
    where.push('b.bill_date >= ?');
    params.push(input.from);
  }
  if (input.to) {
    where.push('b.bill_date <= ?');
    params.push(input.to);
  }
  const search = input.search.normalize('NFC').trim().toLowerCase();
  if (search) {
    const like = `%${likeEscape(search)}%`;
    where.push(`(lower(b.invoice_number) LIKE ? ESCAPE '\\' OR c.name_fold LIKE ? ESCAPE '\\' OR s.name_fold LIKE ? ESCAPE '\\')`);
    params.push(like, like, like);
  }
  // Paid per bill through transactions_bill_idx: evaluated only for the rows a page needs
  // (and for every candidate when a status filter needs it), in this one statement.
  const paid = `coalesce((SELECT sum(t.amount_paise) FROM transactions t
                           WHERE t.bill_id = b.id AND t.deleted_at IS NULL
                             AND t.direction = CASE b.kind WHEN 'sale' THEN 'got' ELSE 'gave' END), 0)`;
  if (input.status === 'unpaid') where.push(`${paid} <= 0`);
  if (input.status === 'partly_paid') where.push(`${paid} BETWEEN 1 AND b.total_paise - 1`);
  if (input.status === 'paid') where.push(`${paid} >= b.total_paise`);
  const whereSql = where.join(' AND ');
  return {
    rowsSql: `SELECT ${SUMMARY_COLUMNS}, ${partyNameSql} AS party_name, ${paid} AS paid_paise
                FROM bills b ${partyJoins} WHERE ${whereSql}
               ORDER BY b.bill_date DESC, b.created_at DESC, b.id DESC LIMIT ? OFFSET ?`,
    countSql: `SELECT count(*) AS total FROM bills b ${search ? partyJoins : ''} WHERE ${whereSql}`,
    params,
  };
}

/** Bills newest first with party name, paid and status. */
export function listBills(ctx: LedgerContext, input: ListInput): BillPage {
  const q = billListQuery(ctx, input);
  const rows = ctx.writer.prepare(q.rowsSql).all(...q.params, input.limit, input.offset) as (SummaryRow & { party_name: string; paid_paise: number })[];
  const { total } = ctx.writer.prepare(q.countSql).get(...q.params) as { total: number };
  return { items: rows.map((r) => summary(r, r.party_name, r.paid_paise)), total };
}

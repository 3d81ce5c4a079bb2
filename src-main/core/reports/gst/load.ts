import type { BillLine } from '../../../contract/bills';
import type { LedgerContext } from '../../ledger/context';
import { readSettingsRow } from '../../ledger/settings/settings';

/** One line of a bill as GST reports read it (the bill_items projection, stored figures). */
export type GstLine = { lineNo: number } & Pick<
  BillLine,
  'name' | 'hsn' | 'unit' | 'qtyMilli' | 'ratePaise' | 'gstRateBp' | 'taxablePaise' | 'cgstPaise' | 'sgstPaise' | 'igstPaise' | 'totalPaise' | 'itemId'
>;

/** A bill with its party's GST details and its lines. */
export interface GstBill {
  id: string;
  kind: 'sale' | 'purchase';
  invoiceNumber: string;
  invoiceSeries: number;
  invoiceSeq: number;
  date: string;
  placeOfSupply: string | null;
  partyType: 'customer' | 'supplier';
  partyId: string;
  partyName: string;
  partyGstin: string | null;
  partyState: string | null;
  partyAddress: string | null;
  partyPhone: string | null;
  discountPaise: number;
  taxablePaise: number;
  cgstPaise: number;
  sgstPaise: number;
  igstPaise: number;
  roundOffPaise: number;
  totalPaise: number;
  deleted: boolean;
  lines: GstLine[];
}

export interface GstBusiness {
  name: string;
  gstin: string | null;
  stateCode: string | null;
  address: string | null;
  phone: string | null;
}

export function gstBusiness(ctx: LedgerContext): GstBusiness {
  const s = readSettingsRow(ctx);
  const gstin = s?.gstin ? s.gstin.trim().toUpperCase() : null;
  // The business's state: set in settings, else the first two digits of its GSTIN.
  const stateCode = s?.state_code || (gstin && /^\d{2}/.test(gstin) ? gstin.slice(0, 2) : null);
  return { name: s?.name ?? '', gstin, stateCode, address: s?.address ?? null, phone: s?.phone ?? null };
}

interface Row {
  id: string;
  kind: 'sale' | 'purchase';
  invoice_number: string;
  invoice_series: number;
  invoice_seq: number;
  bill_date: string;
  place_of_supply: string | null;
  party_type: 'customer' | 'supplier';
  party_id: string;
  party_name: string;
  gstin: string | null;
  state_code: string | null;
  address: string | null;
  phone: string | null;
  discount_paise: number;
  taxable_paise: number;
  cgst_paise: number;
  sgst_paise: number;
  igst_paise: number;
  round_off_paise: number;
  total_paise: number;
  deleted_at: string | null;
  line_no: number | null;
  name: string | null;
  hsn: string | null;
  unit: string | null;
  qty_milli: number | null;
  rate_paise: number | null;
  gst_rate_bp: number | null;
  l_taxable: number | null;
  l_cgst: number | null;
  l_sgst: number | null;
  l_igst: number | null;
  l_total: number | null;
  item_id: string | null;
}

/**
 * Bills of one kind dated from..to (deleted ones too, flagged: they count as cancelled
 * documents) with their lines, in invoice order. Rides bills_date_idx for the range and
 * bill_items_pk for the lines.
 */
export function loadGstBills(ctx: LedgerContext, kind: 'sale' | 'purchase' | 'all', from: string, to: string): GstBill[] {
  const rows = ctx.writer
    .prepare(
      `SELECT b.id, b.kind, b.invoice_number, b.invoice_series, b.invoice_seq, b.bill_date, b.place_of_supply, b.party_type, b.party_id,
              coalesce(c.name, s.name, '') AS party_name, coalesce(c.gstin, s.gstin) AS gstin, coalesce(c.state_code, s.state_code) AS state_code,
              coalesce(c.address, s.address) AS address, coalesce(c.phone, s.phone) AS phone,
              b.discount_paise, b.taxable_paise, b.cgst_paise, b.sgst_paise, b.igst_paise, b.round_off_paise, b.total_paise, b.deleted_at,
              i.line_no, i.name, i.hsn, i.unit, i.qty_milli, i.rate_paise, i.gst_rate_bp, i.taxable_paise AS l_taxable, i.cgst_paise AS l_cgst,
              i.sgst_paise AS l_sgst, i.igst_paise AS l_igst, i.total_paise AS l_total, i.item_id
         FROM bills b
         LEFT JOIN bill_items i ON i.bill_id = b.id
         LEFT JOIN customers c ON b.party_type = 'customer' AND c.id = b.party_id
         LEFT JOIN suppliers s ON b.party_type = 'supplier' AND s.id = b.party_id
        WHERE b.business_id = ? AND b.bill_date BETWEEN ? AND ? AND (? = 'all' OR b.kind = ?)
        ORDER BY b.bill_date, b.invoice_series, b.invoice_seq, b.id, i.line_no`,
    )
    .all(ctx.businessId(), from, to, kind, kind) as Row[];
  const bills: GstBill[] = [];
  let current = null as GstBill | null;
  for (const r of rows) {
    if (current?.id !== r.id) {
      current = {
        id: r.id,
        kind: r.kind,
        invoiceNumber: r.invoice_number,
        invoiceSeries: r.invoice_series,
        invoiceSeq: r.invoice_seq,
        date: r.bill_date,
        placeOfSupply: r.place_of_supply || null,
        partyType: r.party_type,
        partyId: r.party_id,
        partyName: r.party_name,
        partyGstin: r.gstin ? r.gstin.trim().toUpperCase() : null,
        partyState: r.state_code || null,
        partyAddress: r.address,
        partyPhone: r.phone,
        discountPaise: r.discount_paise,
        taxablePaise: r.taxable_paise,
        cgstPaise: r.cgst_paise,
        sgstPaise: r.sgst_paise,
        igstPaise: r.igst_paise,
        roundOffPaise: r.round_off_paise,
        totalPaise: r.total_paise,
        deleted: r.deleted_at !== null,
        lines: [],
      };
      bills.push(current);
    }
    if (r.line_no !== null) {
      current.lines.push({
        lineNo: r.line_no,
        name: r.name ?? '',
        hsn: r.hsn || null,
        unit: r.unit,
        qtyMilli: r.qty_milli ?? 0,
        ratePaise: r.rate_paise ?? 0,
        gstRateBp: r.gst_rate_bp ?? 0,
        taxablePaise: r.l_taxable ?? 0,
        cgstPaise: r.l_cgst ?? 0,
        sgstPaise: r.l_sgst ?? 0,
        igstPaise: r.l_igst ?? 0,
        totalPaise: r.l_total ?? 0,
        itemId: r.item_id,
      });
    }
  }
  return bills;
}

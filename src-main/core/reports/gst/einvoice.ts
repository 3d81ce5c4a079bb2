import { LendenError } from '../../../contract/errors';
import type { GstProblem } from '../../../contract/returns';
import { GST_STATES } from '../../../contract/states';
import type { LedgerContext } from '../../ledger/context';
import { lineValue } from '../../ledger/bills/gst';
import { businessProblems, placeOf, saleBillProblems } from './checks';
import { gstBusiness, loadGstBills, type GstBill, type GstBusiness } from './load';
import { rupees } from './period';
import { isService, uqcOf } from './uqc';

/**
 * e-invoice JSON of one sale bill in the NIC schema, version 1.1 (the IRP's "e-invoice JSON
 * schema" of GSTN/NIC; docs/gst-returns.md): what the shop uploads to the IRP (or hands to its
 * GSP) to get an IRN. Only B2B invoices are e-invoiced; the same checks as the returns apply,
 * plus the address fields the schema requires (PIN code, location).
 */

export interface AddressParts {
  addr1: string;
  addr2: string | null;
  loc: string;
  pin: number | null;
}

/** "12 MG Road, Andheri East, Mumbai 400069" -> addr1 "12 MG Road", addr2 "Andheri East", loc "Mumbai", pin 400069. */
export function addressParts(address: string | null, stateCode: string | null): AddressParts {
  const text = (address ?? '').replace(/\s+/g, ' ').trim();
  const pins = [...text.matchAll(/\b([1-9]\d{5})\b/g)];
  const pin = pins.length ? Number(pins.at(-1)![1]) : null;
  const rest = pins.length ? text.replace(pins.at(-1)![0], '') : text;
  const parts = rest
    .split(',')
    .map((p) => p.replace(/[-\s]+$/g, '').trim())
    .filter((p) => p.length > 0);
  const state = stateCode ? GST_STATES[stateCode]?.en ?? '' : '';
  const loc = parts.length > 1 ? parts.at(-1)! : state;
  return {
    addr1: (parts[0] ?? '').slice(0, 100),
    addr2: parts.length > 2 ? parts.slice(1, -1).join(', ').slice(0, 100) : null,
    loc: loc.slice(0, 50),
    pin,
  };
}

const DOC_NO = /^[A-Z1-9][A-Z0-9/-]{0,15}$/;

function loadBill(ctx: LedgerContext, billId: string): GstBill {
  const row = ctx.writer.prepare('SELECT bill_date, kind, deleted_at FROM bills WHERE id = ? AND business_id = ?').get(billId, ctx.businessId()) as
    | { bill_date: string; kind: string; deleted_at: string | null }
    | undefined;
  if (!row) throw new LendenError('NOT_FOUND', 'That bill does not exist.');
  if (row.kind !== 'sale') throw new LendenError('VALIDATION', 'Only a sale bill has an e-invoice.');
  if (row.deleted_at) throw new LendenError('VALIDATION', 'That bill was deleted: a deleted bill has no e-invoice.');
  return loadGstBills(ctx, 'sale', row.bill_date, row.bill_date).find((b) => b.id === billId)!;
}

const problem = (code: GstProblem['code'], bill: GstBill, message: string, detail: GstProblem['detail'] = {}): GstProblem => ({
  code,
  severity: 'error',
  billId: bill.id,
  invoiceNumber: bill.invoiceNumber,
  partyName: bill.partyName,
  line: null,
  message,
  detail,
});

function addressProblems(bill: GstBill, who: string, address: string | null, stateCode: string | null): GstProblem[] {
  const parts = addressParts(address, stateCode);
  const out: GstProblem[] = [];
  if (parts.addr1.length < 3 || parts.loc.length < 3) out.push(problem('address_missing', bill, `Add ${who}'s address (street and town): the e-invoice needs them.`, { who }));
  if (parts.pin === null) out.push(problem('pin_missing', bill, `Add the 6-digit PIN code to ${who}'s address: the e-invoice needs it.`, { who }));
  return out;
}

export function einvoiceProblems(ctx: LedgerContext, billId: string): GstProblem[] {
  const bill = loadBill(ctx, billId);
  const business = gstBusiness(ctx);
  const out = [...businessProblems(business), ...saleBillProblems(bill, business).filter((p) => p.severity === 'error')];
  if (!bill.partyGstin) out.push(problem('buyer_unregistered', bill, `${bill.partyName} has no GSTIN: an e-invoice is made only for a sale to a registered business (B2B).`));
  if (!DOC_NO.test(bill.invoiceNumber)) {
    out.push(problem('invoice_number_format', bill, `Invoice number ${bill.invoiceNumber} does not fit the e-invoice rule (up to 16 capital letters, digits, / and -, not starting with 0, / or -). Change the invoice prefix in Settings for new bills.`, { invoiceNumber: bill.invoiceNumber }));
  }
  out.push(...addressProblems(bill, 'your shop', business.address, business.stateCode));
  out.push(...addressProblems(bill, bill.partyName, bill.partyAddress, bill.partyState ?? bill.partyGstin?.slice(0, 2) ?? null));
  return out;
}

const einvDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const qty = (milli: number) => milli / 1000;

function party(gstin: string, name: string, address: string | null, stateCode: string) {
  const a = addressParts(address, stateCode);
  return { Gstin: gstin, LglNm: name.slice(0, 100), Addr1: a.addr1, ...(a.addr2 ? { Addr2: a.addr2 } : {}), Loc: a.loc, Pin: a.pin ?? 0, Stcd: stateCode };
}

/** The e-invoice JSON; refused with VALIDATION while einvoiceProblems has anything to say. */
export function einvoiceJson(ctx: LedgerContext, billId: string): { json: Record<string, unknown>; bill: GstBill } {
  const problems = einvoiceProblems(ctx, billId);
  if (problems.length) {
    throw new LendenError('VALIDATION', `The e-invoice cannot be made yet: ${problems.map((p) => p.message).join(' ')}`);
  }
  const bill = loadBill(ctx, billId);
  const business: GstBusiness = gstBusiness(ctx);
  const pos = placeOf(bill, business)!;
  const buyerState = bill.partyGstin!.slice(0, 2);
  const items = bill.lines.map((l) => {
    // The line's value before its share of the bill discount, as the bill computed it.
    const gross = Number(lineValue(l.qtyMilli, l.ratePaise));
    const discount = gross - l.taxablePaise;
    return {
      SlNo: String(l.lineNo),
      PrdDesc: l.name.slice(0, 300),
      IsServc: isService(l.hsn) ? 'Y' : 'N',
      HsnCd: l.hsn!,
      Qty: qty(l.qtyMilli),
      Unit: uqcOf(l.unit, l.hsn) === 'NA' ? 'OTH' : uqcOf(l.unit, l.hsn),
      UnitPrice: rupees(l.ratePaise),
      TotAmt: rupees(gross),
      Discount: rupees(discount),
      AssAmt: rupees(l.taxablePaise),
      GstRt: l.gstRateBp / 100,
      IgstAmt: rupees(l.igstPaise),
      CgstAmt: rupees(l.cgstPaise),
      SgstAmt: rupees(l.sgstPaise),
      CesRt: 0,
      CesAmt: 0,
      CesNonAdvlAmt: 0,
      StateCesRt: 0,
      StateCesAmt: 0,
      StateCesNonAdvlAmt: 0,
      OthChrg: 0,
      TotItemVal: rupees(l.totalPaise),
    };
  });
  const json = {
    Version: '1.1',
    TranDtls: { TaxSch: 'GST', SupTyp: 'B2B', RegRev: 'N', IgstOnIntra: 'N' },
    DocDtls: { Typ: 'INV', No: bill.invoiceNumber, Dt: einvDate(bill.date) },
    SellerDtls: party(business.gstin!, business.name, business.address, business.stateCode!),
    BuyerDtls: { ...party(bill.partyGstin!, bill.partyName, bill.partyAddress, buyerState), Pos: pos },
    ItemList: items,
    ValDtls: {
      AssVal: rupees(bill.taxablePaise),
      CgstVal: rupees(bill.cgstPaise),
      SgstVal: rupees(bill.sgstPaise),
      IgstVal: rupees(bill.igstPaise),
      CesVal: 0,
      StCesVal: 0,
      Discount: 0,
      OthChrg: 0,
      RndOffAmt: rupees(bill.roundOffPaise),
      TotInvVal: rupees(bill.totalPaise),
    },
  };
  return { json, bill };
}

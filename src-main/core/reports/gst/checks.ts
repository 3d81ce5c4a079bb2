import type { GstProblem, GstProblemCode } from '../../../contract/returns';
import { divRoundHalfUp } from '../../ledger/bills/gst';
import { formatPaise } from '../../documents/format';
import { checkGstin } from './gstin';
import type { GstBill, GstBusiness } from './load';

/**
 * The checks run before a return or an e-invoice is exported. Each problem names the bill to
 * fix (or the settings). Errors block the export; warnings are shown beside it.
 */

/** Tax may differ from taxable x rate by at most this per bill and rate (the portal allows ±1 rupee). */
export const TAX_TOLERANCE_PAISE = 100;

const problem = (
  code: GstProblemCode,
  severity: GstProblem['severity'],
  bill: GstBill | null,
  message: string,
  detail: GstProblem['detail'] = {},
  line: number | null = null,
): GstProblem => ({ code, severity, billId: bill?.id ?? null, invoiceNumber: bill?.invoiceNumber ?? null, partyName: bill?.partyName ?? null, line, message, detail });

export function businessProblems(b: GstBusiness): GstProblem[] {
  const out: GstProblem[] = [];
  if (!b.gstin) out.push(problem('business_gstin_missing', 'error', null, "Add your shop's GSTIN in Settings: a return is filed for a GSTIN."));
  else if (checkGstin(b.gstin) !== 'ok') out.push(problem('business_gstin_invalid', 'error', null, `Your shop's GSTIN ${b.gstin} is not a valid GSTIN (${checkGstin(b.gstin)}). Correct it in Settings.`, { gstin: b.gstin }));
  if (!b.stateCode) out.push(problem('business_state_missing', 'error', null, "Set your shop's state in Settings: it decides intra- or inter-state supply."));
  return out;
}

/** The place of supply a return reports for a bill: the bill's, else the business's own state. */
export const placeOf = (bill: GstBill, business: GstBusiness): string | null => bill.placeOfSupply ?? business.stateCode;

const gstinWhy = { shape: 'is not 15 characters in the GSTIN pattern', checksum: 'fails the GSTIN check digit', state: 'does not start with a valid state code' } as const;

/** Problems of one live sale bill for GSTR-1 / GSTR-3B. */
export function saleBillProblems(bill: GstBill, business: GstBusiness): GstProblem[] {
  const out: GstProblem[] = [];
  if (bill.partyGstin) {
    const verdict = checkGstin(bill.partyGstin);
    if (verdict !== 'ok') {
      out.push(problem('gstin_invalid', 'error', bill, `${bill.partyName}'s GSTIN ${bill.partyGstin} ${gstinWhy[verdict]}. Correct the party's GSTIN, or remove it to report the bill as B2C.`, { gstin: bill.partyGstin }));
    }
  }
  const pos = placeOf(bill, business);
  if (!pos) out.push(problem('pos_missing', 'error', bill, `Bill ${bill.invoiceNumber} has no place of supply. Set the party's state or the bill's place of supply.`));
  else if (bill.partyGstin && /^\d{2}/.test(bill.partyGstin) && bill.partyGstin.slice(0, 2) !== pos) {
    // Legal (goods delivered elsewhere) but usually a party saved without its state.
    out.push(problem('pos_differs', 'warning', bill, `Bill ${bill.invoiceNumber}: place of supply ${pos} is not the state of ${bill.partyName}'s GSTIN (${bill.partyGstin.slice(0, 2)}). Check the party's state.`, { placeOfSupply: pos, gstinState: bill.partyGstin.slice(0, 2) }));
  }
  for (const l of bill.lines) {
    if (!l.hsn) out.push(problem('hsn_missing', 'error', bill, `Line ${l.lineNo} (${l.name}) of bill ${bill.invoiceNumber} has no HSN/SAC code.`, { item: l.name }, l.lineNo));
    else if (l.hsn.length < 4) out.push(problem('hsn_short', 'warning', bill, `Line ${l.lineNo} (${l.name}) has HSN ${l.hsn}: the HSN summary needs at least 4 digits.`, { item: l.name, hsn: l.hsn }, l.lineNo));
  }
  out.push(...taxProblems(bill, pos, business.stateCode));
  return out;
}

/**
 * The stored tax split must fit the place of supply (IGST across states, CGST = SGST within),
 * and each rate's tax must be its taxable value x rate, within the portal's tolerance.
 */
export function taxProblems(bill: GstBill, pos: string | null, businessState: string | null): GstProblem[] {
  const out: GstProblem[] = [];
  if (pos && businessState) {
    const inter = pos !== businessState;
    const cgst = bill.lines.reduce((a, l) => a + l.cgstPaise, 0);
    const sgst = bill.lines.reduce((a, l) => a + l.sgstPaise, 0);
    const igst = bill.lines.reduce((a, l) => a + l.igstPaise, 0);
    const wrong = inter ? cgst + sgst > 0 : igst > 0 || cgst !== sgst;
    if (wrong) {
      out.push(
        problem(
          'tax_split',
          'error',
          bill,
          inter
            ? `Bill ${bill.invoiceNumber} goes to state ${pos} (inter-state) but charges CGST/SGST. Open the bill and save it again to recompute IGST.`
            : `Bill ${bill.invoiceNumber} is within your state ${pos} but charges IGST (or unequal CGST/SGST). Open the bill and save it again to recompute CGST and SGST.`,
          { placeOfSupply: pos, cgst: formatPaise(cgst), sgst: formatPaise(sgst), igst: formatPaise(igst) },
        ),
      );
    }
  }
  const byRate = new Map<number, { taxable: number; tax: number }>();
  for (const l of bill.lines) {
    const r = byRate.get(l.gstRateBp) ?? { taxable: 0, tax: 0 };
    r.taxable += l.taxablePaise;
    r.tax += l.cgstPaise + l.sgstPaise + l.igstPaise;
    byRate.set(l.gstRateBp, r);
  }
  for (const [rate, r] of byRate) {
    const expected = Number(divRoundHalfUp(BigInt(r.taxable) * BigInt(rate), 10_000n));
    if (Math.abs(expected - r.tax) > TAX_TOLERANCE_PAISE) {
      out.push(
        problem('tax_amount', 'error', bill, `Bill ${bill.invoiceNumber}: tax at ${rate / 100}% is ₹${formatPaise(r.tax)} but ₹${formatPaise(r.taxable)} at ${rate / 100}% comes to ₹${formatPaise(expected)}.`, {
          rate: rate / 100,
          tax: formatPaise(r.tax),
          expected: formatPaise(expected),
        }),
      );
    }
  }
  return out;
}

export const isReady = (problems: readonly GstProblem[]) => !problems.some((p) => p.severity === 'error');

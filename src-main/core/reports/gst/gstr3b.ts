import type { GstProblem, Gstr3bHeads, Gstr3bReport } from '../../../contract/returns';
import type { LedgerContext } from '../../ledger/context';
import { businessProblems, isReady, placeOf, saleBillProblems, taxProblems } from './checks';
import { checkGstin } from './gstin';
import { classify, zeroAmounts } from './gstr1';
import { gstBusiness, loadGstBills } from './load';
import { returnPeriod, rupees } from './period';

/**
 * GSTR-3B for the month (or quarter) from the same bills as GSTR-1: outward supplies (3.1),
 * inter-state supplies to unregistered persons (3.2), eligible ITC from purchase bills of
 * registered suppliers (4), nil-rated inward supplies (5) and the tax payable after credit (6.1).
 */
const heads = (): Gstr3bHeads => ({ igstPaise: 0, cgstPaise: 0, sgstPaise: 0, cessPaise: 0 });

/**
 * Credit set against output tax in the order rule 88A (CGST Rules) fixes: IGST credit first
 * against IGST, then CGST, then SGST; CGST credit against CGST, then IGST; SGST credit against
 * SGST, then IGST. CGST never pays SGST nor the other way round. What is left is paid in cash.
 */
export function setOff(output: Gstr3bHeads, credit: Gstr3bHeads): Pick<Gstr3bReport, 'creditUsed' | 'payableInCash' | 'creditCarriedForward'> {
  const due = { ...output };
  const left = { ...credit };
  const used = { igst: heads(), cgst: heads(), sgst: heads() };
  const use = (from: 'igst' | 'cgst' | 'sgst', against: 'igstPaise' | 'cgstPaise' | 'sgstPaise') => {
    const key = `${from}Paise` as const;
    const amount = Math.min(left[key], due[against]);
    left[key] -= amount;
    due[against] -= amount;
    used[from][against] += amount;
  };
  use('igst', 'igstPaise');
  use('igst', 'cgstPaise');
  use('igst', 'sgstPaise');
  use('cgst', 'cgstPaise');
  use('cgst', 'igstPaise');
  use('sgst', 'sgstPaise');
  use('sgst', 'igstPaise');
  return { creditUsed: used, payableInCash: due, creditCarriedForward: left };
}

export function gstr3b(ctx: LedgerContext, input: { month: string; quarterly: boolean }): Gstr3bReport {
  const period = returnPeriod(input);
  const business = gstBusiness(ctx);
  const bills = loadGstBills(ctx, 'all', period.from, period.to).filter((b) => !b.deleted);
  const problems: GstProblem[] = [...businessProblems(business)];
  const outwardTaxable = zeroAmounts();
  const outwardNilExempt = { taxablePaise: 0 };
  const unreg = new Map<string, { placeOfSupply: string; taxablePaise: number; igstPaise: number }>();
  const itcAvailable = heads();
  const itcIneligible = heads();
  const inwardNilExempt = { interPaise: 0, intraPaise: 0 };
  for (const bill of bills) {
    if (bill.kind === 'sale') {
      problems.push(...saleBillProblems(bill, business));
      const { inter, registered, pos } = classify(bill, business);
      for (const l of bill.lines) {
        if (l.gstRateBp === 0) {
          outwardNilExempt.taxablePaise += l.taxablePaise;
          continue;
        }
        outwardTaxable.taxablePaise += l.taxablePaise;
        outwardTaxable.igstPaise += l.igstPaise;
        outwardTaxable.cgstPaise += l.cgstPaise;
        outwardTaxable.sgstPaise += l.sgstPaise;
        if (inter && !registered) {
          const u = unreg.get(pos) ?? { placeOfSupply: pos, taxablePaise: 0, igstPaise: 0 };
          u.taxablePaise += l.taxablePaise;
          u.igstPaise += l.igstPaise;
          unreg.set(pos, u);
        }
      }
    } else {
      // A purchase's tax is credit only with the supplier's valid GSTIN on it.
      const eligible = !!bill.partyGstin && checkGstin(bill.partyGstin) === 'ok';
      const pos = placeOf(bill, business);
      problems.push(...taxProblems(bill, pos, business.stateCode));
      const into = eligible ? itcAvailable : itcIneligible;
      for (const l of bill.lines) {
        into.igstPaise += l.igstPaise;
        into.cgstPaise += l.cgstPaise;
        into.sgstPaise += l.sgstPaise;
        if (l.gstRateBp === 0) inwardNilExempt[pos && business.stateCode && pos !== business.stateCode ? 'interPaise' : 'intraPaise'] += l.taxablePaise;
      }
    }
  }
  const outputTax: Gstr3bHeads = { igstPaise: outwardTaxable.igstPaise, cgstPaise: outwardTaxable.cgstPaise, sgstPaise: outwardTaxable.sgstPaise, cessPaise: 0 };
  return {
    period,
    gstin: business.gstin,
    problems,
    ready: isReady(problems),
    outwardTaxable,
    outwardNilExempt,
    interStateUnregistered: [...unreg.values()].sort((a, b) => a.placeOfSupply.localeCompare(b.placeOfSupply)),
    itcAvailable,
    itcIneligible,
    inwardNilExempt,
    outputTax,
    ...setOff(outputTax, itcAvailable),
  };
}

const taxJson = (h: Gstr3bHeads) => ({ iamt: rupees(h.igstPaise), camt: rupees(h.cgstPaise), samt: rupees(h.sgstPaise), csamt: rupees(h.cessPaise) });
const nothing = { iamt: 0, camt: 0, samt: 0, csamt: 0 };

/** GSTR-3B in the JSON layout of the portal's offline utility (docs/gst-returns.md). */
export function gstr3bJson(r: Gstr3bReport): Record<string, unknown> {
  return {
    gstin: r.gstin ?? '',
    ret_period: r.period.fp,
    sup_details: {
      osup_det: { txval: rupees(r.outwardTaxable.taxablePaise), ...taxJson({ ...r.outputTax }) },
      osup_zero: { txval: 0, iamt: 0, csamt: 0 },
      osup_nil_exmp: { txval: rupees(r.outwardNilExempt.taxablePaise) },
      isup_rev: { txval: 0, ...nothing },
      osup_nongst: { txval: 0 },
    },
    inter_sup: {
      unreg_details: r.interStateUnregistered.map((u) => ({ pos: u.placeOfSupply, txval: rupees(u.taxablePaise), iamt: rupees(u.igstPaise) })),
      comp_details: [],
      uin_details: [],
    },
    itc_elg: {
      itc_avl: [
        { ty: 'IMPG', ...nothing },
        { ty: 'IMPS', ...nothing },
        { ty: 'ISRC', ...nothing },
        { ty: 'ISD', ...nothing },
        { ty: 'OTH', ...taxJson(r.itcAvailable) },
      ],
      itc_rev: [
        { ty: 'RUL', ...nothing },
        { ty: 'OTH', ...nothing },
      ],
      itc_net: taxJson(r.itcAvailable),
      itc_inelg: [
        { ty: 'RUL', ...nothing },
        { ty: 'OTH', ...nothing },
      ],
    },
    inward_sup: {
      isup_details: [
        { ty: 'GST', inter: rupees(r.inwardNilExempt.interPaise), intra: rupees(r.inwardNilExempt.intraPaise) },
        { ty: 'NONGST', inter: 0, intra: 0 },
      ],
    },
    intr_ltfee: { intr_details: { ...nothing } },
  };
}

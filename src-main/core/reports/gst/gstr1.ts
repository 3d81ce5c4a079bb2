import type { GstAmounts, GstProblem, Gstr1DocRange, Gstr1HsnRow, Gstr1Invoice, Gstr1Report, Gstr1SectionSummary } from '../../../contract/returns';
import type { LedgerContext } from '../../ledger/context';
import { businessProblems, isReady, placeOf, saleBillProblems } from './checks';
import { gstBusiness, loadGstBills, type GstBill, type GstBusiness, type GstLine } from './load';
import { portalDate, returnPeriod, rupees } from './period';
import { uqcOf } from './uqc';

/**
 * GSTR-1 from the month's (or quarter's) sale bills, in the sections of the GST portal's
 * offline tool (docs/gst-returns.md):
 * - b2b: invoices to registered recipients, grouped by recipient GSTIN;
 * - b2cl: inter-state invoices to unregistered recipients above the B2C-large limit;
 * - b2cs: other sales to unregistered recipients, one row per place of supply and rate;
 * - nil: 0% lines (nil rated), by inter/intra-state and registered or not;
 * - hsn: the HSN summary, split into B2B and B2C (table 12 since May 2025), per HSN, UQC and rate;
 * - doc_issue: invoice series used, with deleted bills counted as cancelled.
 * Lenden has no credit or debit notes yet (a sale is corrected by editing or deleting the bill),
 * so cdnr/cdnur are never written. Figures are the bills' stored line figures, summed in paise.
 */

/** B2C large: invoice value above ₹1 lakh from 1 August 2024 (notification 12/2024-CT), ₹2.5 lakh before. */
export const b2clLimitPaise = (date: string): number => (date >= '2024-08-01' ? 1_00_000_00 : 2_50_000_00);

export const zeroAmounts = (): GstAmounts => ({ taxablePaise: 0, igstPaise: 0, cgstPaise: 0, sgstPaise: 0, cessPaise: 0 });
const addLine = (a: GstAmounts, l: Pick<GstLine, 'taxablePaise' | 'igstPaise' | 'cgstPaise' | 'sgstPaise'>) => {
  a.taxablePaise += l.taxablePaise;
  a.igstPaise += l.igstPaise;
  a.cgstPaise += l.cgstPaise;
  a.sgstPaise += l.sgstPaise;
};
const addAmounts = (a: GstAmounts, b: GstAmounts) => {
  a.taxablePaise += b.taxablePaise;
  a.igstPaise += b.igstPaise;
  a.cgstPaise += b.cgstPaise;
  a.sgstPaise += b.sgstPaise;
  a.cessPaise += b.cessPaise;
};

export type SaleClass = 'b2b' | 'b2cl' | 'b2cs';

export function classify(bill: GstBill, business: GstBusiness): { cls: SaleClass; pos: string; inter: boolean; registered: boolean } {
  const pos = placeOf(bill, business) ?? '';
  const inter = !!business.stateCode && pos !== '' && pos !== business.stateCode;
  const registered = !!bill.partyGstin;
  const cls: SaleClass = registered ? 'b2b' : inter && bill.totalPaise > b2clLimitPaise(bill.date) ? 'b2cl' : 'b2cs';
  return { cls, pos, inter, registered };
}

function invoiceOf(bill: GstBill, pos: string): Gstr1Invoice {
  const byRate = new Map<number, GstAmounts & { gstRateBp: number }>();
  for (const l of bill.lines) {
    if (l.gstRateBp === 0) continue;
    let r = byRate.get(l.gstRateBp);
    if (!r) byRate.set(l.gstRateBp, (r = { ...zeroAmounts(), gstRateBp: l.gstRateBp }));
    addLine(r, l);
  }
  return {
    billId: bill.id,
    invoiceNumber: bill.invoiceNumber,
    date: bill.date,
    partyName: bill.partyName,
    gstin: bill.partyGstin,
    placeOfSupply: pos,
    valuePaise: bill.totalPaise,
    rates: [...byRate.values()].sort((a, b) => a.gstRateBp - b.gstRateBp),
  };
}

const seriesPrefix = (bill: GstBill) => bill.invoiceNumber.replace(/\d+-\d+$/, '');

export function documentRanges(bills: readonly GstBill[]): Gstr1DocRange[] {
  const groups = new Map<string, GstBill[]>();
  for (const b of bills) {
    const key = `${seriesPrefix(b)}\u0000${b.invoiceSeries}`;
    const list = groups.get(key) ?? [];
    list.push(b);
    groups.set(key, list);
  }
  return [...groups.values()].map((list) => {
    const sorted = [...list].sort((a, b) => a.invoiceSeq - b.invoiceSeq);
    const cancelled = list.filter((b) => b.deleted).length;
    return { series: sorted[0]!.invoiceSeries, from: sorted[0]!.invoiceNumber, to: sorted.at(-1)!.invoiceNumber, total: list.length, cancelled, netIssued: list.length - cancelled };
  });
}

export function gstr1(ctx: LedgerContext, input: { month: string; quarterly: boolean }): Gstr1Report {
  const period = returnPeriod(input);
  const business = gstBusiness(ctx);
  const all = loadGstBills(ctx, 'sale', period.from, period.to);
  const live = all.filter((b) => !b.deleted);
  const problems: GstProblem[] = [...businessProblems(business)];
  const b2b: Gstr1Invoice[] = [];
  const b2cl: Gstr1Invoice[] = [];
  const b2cs = new Map<string, Gstr1Report['b2cs'][number]>();
  const nil = new Map<string, Gstr1Report['nil'][number]>();
  const hsn = { b2b: new Map<string, Gstr1HsnRow>(), b2c: new Map<string, Gstr1HsnRow>() };
  for (const bill of live) {
    problems.push(...saleBillProblems(bill, business));
    const { cls, pos, inter, registered } = classify(bill, business);
    const invoice = invoiceOf(bill, pos);
    if (invoice.rates.length > 0) {
      if (cls === 'b2b') b2b.push(invoice);
      else if (cls === 'b2cl') b2cl.push(invoice);
    }
    for (const l of bill.lines) {
      if (l.gstRateBp === 0) {
        const supplyType = `${inter ? 'INTR' : 'INTRA'}${registered ? 'B2B' : 'B2C'}` as Gstr1Report['nil'][number]['supplyType'];
        const n = nil.get(supplyType) ?? { supplyType, nilPaise: 0, exemptPaise: 0, nonGstPaise: 0 };
        n.nilPaise += l.taxablePaise;
        nil.set(supplyType, n);
      } else if (cls === 'b2cs') {
        const key = `${pos}|${l.gstRateBp}`;
        let row = b2cs.get(key);
        if (!row) b2cs.set(key, (row = { ...zeroAmounts(), placeOfSupply: pos, gstRateBp: l.gstRateBp, supplyType: inter ? 'INTER' : 'INTRA' }));
        addLine(row, l);
      }
      const uqc = uqcOf(l.unit, l.hsn);
      const table = registered ? hsn.b2b : hsn.b2c;
      const key = `${l.hsn ?? ''}|${uqc}|${l.gstRateBp}`;
      let h = table.get(key);
      if (!h) table.set(key, (h = { ...zeroAmounts(), hsn: l.hsn ?? '', description: l.name, uqc, qtyMilli: 0, gstRateBp: l.gstRateBp }));
      h.qtyMilli += uqc === 'NA' ? 0 : l.qtyMilli;
      addLine(h, l);
    }
  }
  const byKey = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  const b2csRows = [...b2cs.values()].sort((a, b) => a.placeOfSupply.localeCompare(b.placeOfSupply) || a.gstRateBp - b.gstRateBp);
  const hsnB2b = byKey(hsn.b2b);
  const hsnB2c = byKey(hsn.b2c);
  const docs = documentRanges(all);
  const nilRows = byKey(nil);
  const sum = (rows: readonly GstAmounts[]) => rows.reduce((a, r) => (addAmounts(a, r), a), zeroAmounts());
  const invSum = (list: Gstr1Invoice[]) => sum(list.flatMap((i) => i.rates));
  const sections: Gstr1SectionSummary[] = [
    { section: 'b2b', count: b2b.length, valuePaise: b2b.reduce((a, i) => a + i.valuePaise, 0), ...invSum(b2b) },
    { section: 'b2cl', count: b2cl.length, valuePaise: b2cl.reduce((a, i) => a + i.valuePaise, 0), ...invSum(b2cl) },
    { section: 'b2cs', count: b2csRows.length, valuePaise: 0, ...sum(b2csRows) },
    { section: 'nil', count: nilRows.length, valuePaise: nilRows.reduce((a, n) => a + n.nilPaise, 0), ...zeroAmounts() },
    { section: 'hsn_b2b', count: hsnB2b.length, valuePaise: 0, ...sum(hsnB2b) },
    { section: 'hsn_b2c', count: hsnB2c.length, valuePaise: 0, ...sum(hsnB2c) },
    { section: 'doc_issue', count: docs.reduce((a, d) => a + d.netIssued, 0), valuePaise: 0, ...zeroAmounts() },
  ];
  return {
    period,
    gstin: business.gstin,
    problems,
    ready: isReady(problems),
    sections,
    b2b,
    b2cl,
    b2cs: b2csRows,
    nil: nilRows,
    hsnB2b,
    hsnB2c,
    docs,
    counts: { bills: all.length, deleted: all.length - live.length },
    b2clLimitPaise: b2clLimitPaise(period.to),
  };
}

// ---- the portal's JSON ----

const rt = (bp: number) => bp / 100;
const qty = (milli: number) => Math.round(milli / 10) / 100; // the portal takes up to 2 decimals

function itemDetail(r: GstAmounts & { gstRateBp: number }, inter: boolean) {
  return inter
    ? { txval: rupees(r.taxablePaise), rt: rt(r.gstRateBp), iamt: rupees(r.igstPaise), csamt: rupees(r.cessPaise) }
    : { txval: rupees(r.taxablePaise), rt: rt(r.gstRateBp), camt: rupees(r.cgstPaise), samt: rupees(r.sgstPaise), csamt: rupees(r.cessPaise) };
}

const hsnJson = (rows: readonly Gstr1HsnRow[]) =>
  rows.map((h, i) => ({
    num: i + 1,
    hsn_sc: h.hsn,
    desc: h.description.slice(0, 30),
    uqc: h.uqc,
    qty: qty(h.qtyMilli),
    rt: rt(h.gstRateBp),
    txval: rupees(h.taxablePaise),
    iamt: rupees(h.igstPaise),
    camt: rupees(h.cgstPaise),
    samt: rupees(h.sgstPaise),
    csamt: rupees(h.cessPaise),
  }));

/** The JSON the GST portal (and its offline tool) accepts for upload; empty sections are left out. */
export function gstr1Json(report: Gstr1Report): Record<string, unknown> {
  const business = report.gstin ?? '';
  const ourState = business.slice(0, 2);
  const json: Record<string, unknown> = { gstin: business, fp: report.period.fp, version: 'GST3.1.6', hash: 'hash' };
  if (report.b2b.length) {
    const byCtin = new Map<string, Gstr1Invoice[]>();
    for (const inv of report.b2b) byCtin.set(inv.gstin!, [...(byCtin.get(inv.gstin!) ?? []), inv]);
    json.b2b = [...byCtin.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([ctin, invs]) => ({
        ctin,
        inv: invs.map((inv) => ({
          inum: inv.invoiceNumber,
          idt: portalDate(inv.date),
          val: rupees(inv.valuePaise),
          pos: inv.placeOfSupply,
          rchrg: 'N',
          inv_typ: 'R',
          itms: inv.rates.map((r, i) => ({ num: i + 1, itm_det: itemDetail(r, inv.placeOfSupply !== ourState) })),
        })),
      }));
  }
  if (report.b2cl.length) {
    const byPos = new Map<string, Gstr1Invoice[]>();
    for (const inv of report.b2cl) byPos.set(inv.placeOfSupply, [...(byPos.get(inv.placeOfSupply) ?? []), inv]);
    json.b2cl = [...byPos.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([pos, invs]) => ({
        pos,
        inv: invs.map((inv) => ({
          inum: inv.invoiceNumber,
          idt: portalDate(inv.date),
          val: rupees(inv.valuePaise),
          itms: inv.rates.map((r, i) => ({ num: i + 1, itm_det: itemDetail(r, true) })),
        })),
      }));
  }
  if (report.b2cs.length) {
    json.b2cs = report.b2cs.map((r) => ({ sply_ty: r.supplyType, pos: r.placeOfSupply, typ: 'OE', ...itemDetail(r, r.supplyType === 'INTER') }));
  }
  if (report.nil.length) {
    json.nil = { inv: report.nil.map((n) => ({ sply_ty: n.supplyType, expt_amt: rupees(n.exemptPaise), nil_amt: rupees(n.nilPaise), ngsup_amt: rupees(n.nonGstPaise) })) };
  }
  if (report.hsnB2b.length || report.hsnB2c.length) {
    const hsn: Record<string, unknown> = {};
    if (report.hsnB2b.length) hsn.hsn_b2b = hsnJson(report.hsnB2b);
    if (report.hsnB2c.length) hsn.hsn_b2c = hsnJson(report.hsnB2c);
    json.hsn = hsn;
  }
  if (report.docs.length) {
    json.doc_issue = {
      doc_det: [
        {
          doc_num: 1,
          doc_typ: 'Invoices for outward supply',
          docs: report.docs.map((d, i) => ({ num: i + 1, from: d.from, to: d.to, totnum: d.total, cancel: d.cancelled, net_issue: d.netIssued })),
        },
      ],
    };
  }
  return json;
}

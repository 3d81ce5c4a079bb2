import { LendenError } from '../../../contract/errors';
import type { GeneratedDocument } from '../../../contract/documents';
import type { CashFlowByModeReport, Gstr1Report, Gstr3bReport, ProfitLossReport } from '../../../contract/returns';
import { stateLabel } from '../../../contract/states';
import type { LedgerContext } from '../../ledger/context';
import { tallyExport } from '../../exports/tally/tally';
import { einvoiceJson } from '../../reports/gst/einvoice';
import { gstr1, gstr1Json } from '../../reports/gst/gstr1';
import { gstr3b, gstr3bJson } from '../../reports/gst/gstr3b';
import { gstBusiness } from '../../reports/gst/load';
import { portalDate } from '../../reports/gst/period';
import { cashFlowByMode, profitLoss } from '../../reports/profit-loss';
import { toCsv } from '../csv';
import { asDocument, slug, XLSX_MIME } from '../documents';
import { formatDate } from '../format';
import type { Table } from '../table';
import type { Language } from '../words';
import { toXlsxBook } from '../xlsx';
import { MONTH_END_LABELS } from './labels';
import { renderSummaryPdf, type SummarySection } from './summary-pdf';

type Period = { month: string; quarterly: boolean };
export type ReturnsExportInput =
  | { what: 'gstr1'; format: 'json' | 'csv' | 'xlsx'; period: Period }
  | { what: 'gstr3b'; format: 'json' | 'pdf'; period: Period; language: Language }
  | { what: 'profitLoss'; format: 'pdf' | 'xlsx'; range: { from: string; to: string }; language: Language }
  | { what: 'tally'; range: { from: string; to: string } }
  | { what: 'einvoice'; billId: string };

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

/** A return with an error is never exported: the refusal names how many problems and the first ones. */
function refuseIfNotReady(report: Gstr1Report | Gstr3bReport, what: string): void {
  if (report.ready) return;
  const errors = report.problems.filter((p) => p.severity === 'error');
  throw new LendenError('VALIDATION', `${what} cannot be exported while ${errors.length} problem${errors.length === 1 ? '' : 's'} remain${errors.length === 1 ? 's' : ''}: ${errors.slice(0, 3).map((p) => p.message).join(' ')} Fix them (each links to its bill) and export again.`);
}

const rate = (bp: number) => bp / 100;

/** GSTR-1 as sheets in the column order of the offline tool's templates (b2b, b2cl, b2cs, exemp, hsn, docs). */
export function gstr1Tables(r: Gstr1Report): Table[] {
  const inv = (name: string, list: Gstr1Report['b2b'], b2b: boolean): Table => ({
    name,
    columns: [
      ...(b2b ? [{ header: 'GSTIN/UIN of Recipient', type: 'text' as const, width: 17 }, { header: 'Receiver Name', type: 'text' as const, width: 24 }] : []),
      { header: 'Invoice Number', type: 'text', width: 14 },
      { header: 'Invoice date', type: 'text', width: 12 },
      { header: 'Invoice Value', type: 'money' },
      { header: 'Place Of Supply', type: 'text', width: 20 },
      ...(b2b ? [{ header: 'Reverse Charge', type: 'text' as const, width: 8 }, { header: 'Invoice Type', type: 'text' as const, width: 10 }] : []),
      { header: 'Rate', type: 'int', width: 6 },
      { header: 'Taxable Value', type: 'money' },
      { header: 'Integrated Tax', type: 'money' },
      { header: 'Central Tax', type: 'money' },
      { header: 'State/UT Tax', type: 'money' },
      { header: 'Cess Amount', type: 'money' },
    ],
    rows: list.flatMap((i) =>
      i.rates.map((x) => [
        ...(b2b ? [i.gstin, i.partyName] : []),
        i.invoiceNumber,
        portalDate(i.date),
        i.valuePaise,
        stateLabel(i.placeOfSupply, 'en'),
        ...(b2b ? ['N', 'Regular B2B'] : []),
        rate(x.gstRateBp),
        x.taxablePaise,
        x.igstPaise,
        x.cgstPaise,
        x.sgstPaise,
        x.cessPaise,
      ]),
    ),
  });
  const hsn = (name: string, rows: Gstr1Report['hsnB2b']): Table => ({
    name,
    columns: [
      { header: 'HSN', type: 'text', width: 10 },
      { header: 'Description', type: 'text', width: 30 },
      { header: 'UQC', type: 'text', width: 6 },
      { header: 'Total Quantity', type: 'text', width: 12 },
      { header: 'Rate', type: 'int', width: 6 },
      { header: 'Taxable Value', type: 'money' },
      { header: 'Integrated Tax Amount', type: 'money' },
      { header: 'Central Tax Amount', type: 'money' },
      { header: 'State/UT Tax Amount', type: 'money' },
      { header: 'Cess Amount', type: 'money' },
    ],
    rows: rows.map((h) => [h.hsn, h.description, h.uqc, String(h.qtyMilli / 1000), rate(h.gstRateBp), h.taxablePaise, h.igstPaise, h.cgstPaise, h.sgstPaise, h.cessPaise]),
  });
  const nilNames = { INTRB2B: 'Inter-State supplies to registered persons', INTRAB2B: 'Intra-State supplies to registered persons', INTRB2C: 'Inter-State supplies to unregistered persons', INTRAB2C: 'Intra-State supplies to unregistered persons' };
  return [
    inv('b2b', r.b2b, true),
    inv('b2cl', r.b2cl, false),
    {
      name: 'b2cs',
      columns: [
        { header: 'Type', type: 'text', width: 6 },
        { header: 'Place Of Supply', type: 'text', width: 20 },
        { header: 'Rate', type: 'int', width: 6 },
        { header: 'Taxable Value', type: 'money' },
        { header: 'Integrated Tax', type: 'money' },
        { header: 'Central Tax', type: 'money' },
        { header: 'State/UT Tax', type: 'money' },
        { header: 'Cess Amount', type: 'money' },
      ],
      rows: r.b2cs.map((x) => ['OE', stateLabel(x.placeOfSupply, 'en'), rate(x.gstRateBp), x.taxablePaise, x.igstPaise, x.cgstPaise, x.sgstPaise, x.cessPaise]),
    },
    {
      name: 'exemp',
      columns: [
        { header: 'Description', type: 'text', width: 42 },
        { header: 'Nil Rated Supplies', type: 'money' },
        { header: 'Exempted (other than nil rated/non GST supply)', type: 'money' },
        { header: 'Non-GST supplies', type: 'money' },
      ],
      rows: r.nil.map((n) => [nilNames[n.supplyType], n.nilPaise, n.exemptPaise, n.nonGstPaise]),
    },
    hsn('hsn(b2b)', r.hsnB2b),
    hsn('hsn(b2c)', r.hsnB2c),
    {
      name: 'docs',
      columns: [
        { header: 'Nature of Document', type: 'text', width: 28 },
        { header: 'Sr. No. From', type: 'text', width: 14 },
        { header: 'Sr. No. To', type: 'text', width: 14 },
        { header: 'Total Number', type: 'int' },
        { header: 'Cancelled', type: 'int' },
      ],
      rows: r.docs.map((d) => ['Invoices for outward supply', d.from, d.to, d.total, d.cancelled]),
    },
  ];
}

/** CSV holds one table: every section's rows under a leading "Section" column. */
function gstr1Csv(r: Gstr1Report): Buffer {
  const tables = gstr1Tables(r);
  const width = Math.max(...tables.map((t) => t.columns.length));
  const columns: Table['columns'] = [{ header: 'Section', type: 'text' }, ...Array.from({ length: width }, (_, i) => ({ header: `Column ${i + 1}`, type: 'text' as const }))];
  const rows: Table['rows'] = [];
  for (const t of tables) {
    rows.push([t.name, ...t.columns.map((c) => c.header)]);
    for (const row of t.rows) rows.push([t.name, ...row.map((v, i) => (t.columns[i]!.type === 'money' && typeof v === 'number' ? (v / 100).toFixed(2) : v === null ? null : String(v)))]);
  }
  return toCsv({ name: 'GSTR-1', columns, rows });
}

function gstr3bSections(r: Gstr3bReport, lang: Language): SummarySection[] {
  const l = MONTH_END_LABELS[lang];
  const heads = [l.igst, l.cgst, l.sgst, l.cess];
  const h = (x: { igstPaise: number; cgstPaise: number; sgstPaise: number; cessPaise: number }) => [x.igstPaise, x.cgstPaise, x.sgstPaise, x.cessPaise];
  return [
    {
      title: l.outward,
      columns: [l.taxable, ...heads],
      rows: [
        { label: l.outwardTaxable, amounts: [r.outwardTaxable.taxablePaise, ...h(r.outwardTaxable)] },
        { label: l.outwardNil, amounts: [r.outwardNilExempt.taxablePaise, null, null, null, null] },
      ],
    },
    {
      title: l.interState,
      columns: [l.taxable, l.igst],
      rows: r.interStateUnregistered.map((u) => ({ label: stateLabel(u.placeOfSupply, lang), amounts: [u.taxablePaise, u.igstPaise], indent: true })),
      empty: l.none,
    },
    {
      title: l.itc,
      columns: heads,
      rows: [
        { label: l.itcOther, amounts: h(r.itcAvailable) },
        { label: l.itcIneligible, amounts: h(r.itcIneligible) },
      ],
    },
    { title: l.inwardNil, columns: [l.inter, l.intra], rows: [{ label: l.amount, amounts: [r.inwardNilExempt.interPaise, r.inwardNilExempt.intraPaise] }] },
    {
      title: l.payment,
      columns: heads,
      rows: [
        { label: l.outputTax, amounts: h(r.outputTax) },
        {
          label: l.paidByCredit,
          amounts: (['igstPaise', 'cgstPaise', 'sgstPaise', 'cessPaise'] as const).map((k) => r.creditUsed.igst[k] + r.creditUsed.cgst[k] + r.creditUsed.sgst[k]),
          indent: true,
        },
        { label: l.payableCash, amounts: h(r.payableInCash), bold: true },
        { label: l.carried, amounts: h(r.creditCarriedForward) },
      ],
    },
  ];
}

export function pnlSections(p: ProfitLossReport, c: CashFlowByModeReport, lang: Language): SummarySection[] {
  const l = MONTH_END_LABELS[lang];
  return [
    {
      title: l.trading,
      columns: [l.amount],
      rows: [
        { label: l.sales, amounts: [p.salesPaise] },
        { label: l.openingStock, amounts: [p.openingStockPaise], indent: true },
        { label: l.purchases, amounts: [p.purchasesPaise], indent: true },
        { label: l.closingStock, amounts: [p.closingStockPaise], indent: true },
        { label: l.cogs, amounts: [p.costOfGoodsSoldPaise] },
        { label: l.grossProfit, amounts: [p.grossProfitPaise], bold: true },
        { label: l.otherIncome, amounts: [p.otherIncomePaise] },
      ],
    },
    {
      title: l.expenses,
      columns: [l.amount],
      rows: [...p.expenses.map((e) => ({ label: l.category[e.category], amounts: [e.amountPaise], indent: true })), { label: l.totalExpenses, amounts: [p.expensesPaise], bold: true }],
    },
    { title: p.netProfitPaise >= 0 ? l.netProfit : l.netLoss, columns: [l.amount], rows: [{ label: p.netProfitPaise >= 0 ? l.netProfit : l.netLoss, amounts: [Math.abs(p.netProfitPaise)], bold: true }] },
    {
      title: l.cashFlow,
      columns: [l.moneyIn, l.moneyOut, l.net],
      rows: [
        ...c.modes.filter((m) => m.inPaise || m.outPaise).map((m) => ({ label: l.modes[m.mode], amounts: [m.inPaise, m.outPaise, m.netPaise], indent: true })),
        { label: l.total, amounts: [c.totals.inPaise, c.totals.outPaise, c.totals.inPaise - c.totals.outPaise], bold: true },
      ],
    },
    {
      title: `${l.opening} / ${l.closing}`,
      columns: [l.opening, l.moneyIn, l.moneyOut, l.closing],
      rows: [
        { label: l.cashInHand, amounts: [c.cash.openingPaise, c.cash.inPaise, c.cash.outPaise, c.cash.closingPaise] },
        { label: l.online, amounts: [c.online.openingPaise, c.online.inPaise, c.online.outPaise, c.online.closingPaise] },
        { label: l.total, amounts: [c.totals.openingPaise, c.totals.inPaise, c.totals.outPaise, c.totals.closingPaise], bold: true },
      ],
    },
  ];
}

export function pnlTables(p: ProfitLossReport, c: CashFlowByModeReport, lang: Language = 'en'): Table[] {
  const sections = pnlSections(p, c, lang);
  const l = MONTH_END_LABELS[lang];
  return [
    {
      name: l.pnlTitle,
      columns: [
        { header: l.section, type: 'text', width: 22 },
        { header: l.line, type: 'text', width: 32 },
        { header: l.amount, type: 'money' },
      ],
      rows: sections.slice(0, 3).flatMap((s) => s.rows.map((r) => [s.title, r.label, r.amounts[0] ?? null])),
    },
    {
      name: l.cashFlow,
      columns: [
        { header: l.mode, type: 'text', width: 22 },
        { header: l.moneyIn, type: 'money' },
        { header: l.moneyOut, type: 'money' },
        { header: l.net, type: 'money' },
      ],
      rows: sections[3]!.rows.map((r) => [r.label, ...r.amounts]),
    },
    {
      name: l.balancesSheet,
      columns: [
        { header: l.money, type: 'text', width: 22 },
        { header: l.opening, type: 'money' },
        { header: l.moneyIn, type: 'money' },
        { header: l.moneyOut, type: 'money' },
        { header: l.closing, type: 'money' },
      ],
      rows: sections[4]!.rows.map((r) => [r.label, ...r.amounts]),
    },
  ];
}

const periodText = (from: string, to: string, lang: Language) => `${MONTH_END_LABELS[lang].period}: ${formatDate(from)} ${MONTH_END_LABELS[lang].to} ${formatDate(to)}`;

export async function returnsExport(ctx: LedgerContext, input: ReturnsExportInput): Promise<GeneratedDocument> {
  switch (input.what) {
    case 'gstr1': {
      const report = gstr1(ctx, input.period);
      const stem = `gstr1-${report.period.fp}${report.gstin ? `-${report.gstin}` : ''}`;
      if (input.format === 'json') {
        refuseIfNotReady(report, 'GSTR-1');
        return asDocument(json(gstr1Json(report)), `${stem}.json`, 'application/json');
      }
      if (input.format === 'csv') return asDocument(gstr1Csv(report), `${stem}.csv`, 'text/csv');
      return asDocument(await toXlsxBook(gstr1Tables(report)), `${stem}.xlsx`, XLSX_MIME);
    }
    case 'gstr3b': {
      const report = gstr3b(ctx, input.period);
      const stem = `gstr3b-${report.period.fp}${report.gstin ? `-${report.gstin}` : ''}`;
      if (input.format === 'json') {
        refuseIfNotReady(report, 'GSTR-3B');
        return asDocument(json(gstr3bJson(report)), `${stem}.json`, 'application/json');
      }
      const l = MONTH_END_LABELS[input.language];
      const errors = report.problems.filter((p) => p.severity === 'error').length;
      const bytes = await renderSummaryPdf({
        title: l.gstr3bTitle,
        business: gstBusiness(ctx).name,
        subtitle: [`${l.gstin}: ${report.gstin ?? '-'}`, periodText(report.period.from, report.period.to, input.language)],
        warning: errors ? `${l.notReady} (${l.problems}: ${errors})` : null,
        sections: gstr3bSections(report, input.language),
        footer: { generated: l.generated, on: ctx.today(), page: l.page, of: l.of },
      });
      return asDocument(bytes, `${stem}.pdf`, 'application/pdf');
    }
    case 'profitLoss': {
      const p = profitLoss(ctx, input.range);
      const c = cashFlowByMode(ctx, input.range);
      const stem = `profit-loss-${input.range.from}-${input.range.to}`;
      if (input.format === 'xlsx') return asDocument(await toXlsxBook(pnlTables(p, c, input.language)), `${stem}.xlsx`, XLSX_MIME);
      const l = MONTH_END_LABELS[input.language];
      const biz = gstBusiness(ctx);
      const bytes = await renderSummaryPdf({
        title: l.pnlTitle,
        business: biz.name,
        subtitle: [periodText(p.from, p.to, input.language), ...(biz.gstin ? [`${l.gstin}: ${biz.gstin}`] : [])],
        sections: pnlSections(p, c, input.language),
        footer: { generated: l.generated, on: ctx.today(), page: l.page, of: l.of },
      });
      return asDocument(bytes, `${stem}.pdf`, 'application/pdf');
    }
    case 'tally': {
      const { xml } = tallyExport(ctx, input.range);
      return asDocument(Buffer.from(xml, 'utf8'), `tally-${input.range.from}-${input.range.to}.xml`, 'application/xml');
    }
    case 'einvoice': {
      const { json: doc, bill } = einvoiceJson(ctx, input.billId);
      return asDocument(json(doc), `einvoice-${slug(bill.invoiceNumber, 'invoice')}.json`, 'application/json');
    }
  }
}


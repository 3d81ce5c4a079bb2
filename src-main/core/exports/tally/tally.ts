import type { TallyExportSummary } from '../../../contract/returns';
import { GST_STATES } from '../../../contract/states';
import { paiseToRupeesText } from '../../documents/format';
import type { LedgerContext } from '../../ledger/context';
import { postingEntryId } from '../../ledger/entries/entries';
import { gstBusiness, loadGstBills, type GstBill } from '../../reports/gst/load';
import { placeOf } from '../../reports/gst/checks';
import { el, render, type XmlNode } from './xml';
import { noteInEnglish } from '../../../contract/app-notes';

/**
 * TallyPrime import XML for a date range (README "Handing the books to your accountant"):
 * masters first — party ledgers under Sundry Debtors / Sundry Creditors, sales and purchase
 * ledgers per GST rate, GST duty ledgers under Duties & Taxes, cash, bank, round-off and expense
 * ledgers, units and stock items with HSN and rate — then vouchers: Sales and Purchase (item
 * invoices), Receipt and Payment (party payments by mode and cashbook entries). Every voucher
 * balances: the amounts of its ledger and inventory entries add up to zero, debits negative
 * with ISDEEMEDPOSITIVE Yes, as Tally writes them.
 */

export const LEDGERS = {
  cash: 'Cash',
  bank: 'Bank Account',
  roundOff: 'Round Off',
  otherIncome: 'Other Income',
  output: { cgst: 'Output CGST', sgst: 'Output SGST', igst: 'Output IGST' },
  input: { cgst: 'Input CGST', sgst: 'Input SGST', igst: 'Input IGST' },
  expense: { rent: 'Rent', salary: 'Salary', electricity: 'Electricity', transport: 'Transport', other: 'Other Expenses', none: 'Miscellaneous Expenses' },
} as const;

const DUTY_HEAD = { cgst: 'Central Tax', sgst: 'State Tax', igst: 'Integrated Tax' } as const;
const rateText = (bp: number) => `${bp / 100}%`;
export const salesLedger = (bp: number) => `Sales @ ${rateText(bp)}`;
export const purchaseLedger = (bp: number) => `Purchase @ ${rateText(bp)}`;
const tallyDate = (iso: string) => iso.replace(/-/g, '');
const amount = (paise: number) => paiseToRupeesText(paise);
const qtyText = (milli: number, unit: string) => `${milli / 1000} ${unit}`;

/** Debit (negative, deemed positive) or credit (positive) entry of a ledger. */
function entry(list: 'LEDGERENTRIES.LIST' | 'ALLLEDGERENTRIES.LIST', ledger: string, signedPaise: number, extra: XmlNode[] = []): XmlNode {
  return el(list, [el('LEDGERNAME', ledger), el('ISDEEMEDPOSITIVE', signedPaise < 0 ? 'Yes' : 'No'), el('AMOUNT', amount(signedPaise)), ...extra]);
}

/** Unique, Tally-safe names: a second "Ramesh" becomes "Ramesh (2)"; names never clash with fixed ledgers. */
class Names {
  private used = new Set<string>();
  constructor(reserved: string[]) {
    reserved.forEach((n) => this.used.add(n.toLowerCase()));
  }
  take(wanted: string): string {
    const base = wanted.replace(/\s+/g, ' ').trim().slice(0, 90) || 'Unnamed';
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

interface Party {
  id: string;
  type: 'customer' | 'supplier';
  name: string;
  phone: string | null;
  address: string | null;
  gstin: string | null;
  state_code: string | null;
}
interface Item {
  id: string;
  name: string;
  hsn: string | null;
  unit: string;
  gst_rate_bp: number;
}
interface Payment {
  id: string;
  party_type: 'customer' | 'supplier';
  party_id: string;
  direction: 'gave' | 'got';
  amount_paise: number;
  entry_date: string;
  mode: string;
  mode_ref: string | null;
  note: string | null;
  bill_id: string | null;
  invoice_number: string | null;
}
interface CashRow {
  id: string;
  direction: 'in' | 'out';
  amount_paise: number;
  mode: 'cash' | 'online';
  entry_date: string;
  note: string | null;
  category: keyof typeof LEDGERS.expense | null;
}

export interface TallyExport {
  xml: string;
  summary: TallyExportSummary;
}

export function tallyExport(ctx: LedgerContext, input: { from: string; to: string }): TallyExport {
  const business = ctx.businessId();
  const biz = gstBusiness(ctx);
  const bills = loadGstBills(ctx, 'all', input.from, input.to).filter((b) => !b.deleted);
  const payments = ctx.writer
    .prepare(
      `SELECT t.id, t.party_type, t.party_id, t.direction, t.amount_paise, t.entry_date, t.mode, t.mode_ref, t.note, t.bill_id, b.invoice_number
         FROM transactions t LEFT JOIN bills b ON b.id = t.bill_id
        WHERE t.business_id = ? AND t.entry_date BETWEEN ? AND ? AND t.mode IS NOT NULL AND t.deleted_at IS NULL
        ORDER BY t.entry_date, t.created_at, t.id`,
    )
    .all(business, input.from, input.to) as Payment[];
  const cash = ctx.writer
    .prepare(
      `SELECT id, direction, amount_paise, mode, entry_date, note, category FROM cashbook_entries
        WHERE business_id = ? AND entry_date BETWEEN ? AND ? AND deleted_at IS NULL ORDER BY entry_date, created_at, id`,
    )
    .all(business, input.from, input.to) as CashRow[];
  // Every live party, and any deleted one a voucher of the range still names.
  const named = new Set([...bills.map((b) => b.partyId), ...payments.map((p) => p.party_id)]);
  const parties = (
    ctx.writer
      .prepare(
        `SELECT id, 'customer' AS type, name, phone, address, gstin, state_code, deleted_at FROM customers WHERE business_id = ?
         UNION ALL SELECT id, 'supplier', name, phone, address, gstin, state_code, deleted_at FROM suppliers WHERE business_id = ? ORDER BY 2, 3, 1`,
      )
      .all(business, business) as (Party & { deleted_at: string | null })[]
  ).filter((p) => p.deleted_at === null || named.has(p.id));
  const usedItems = new Set(bills.flatMap((b) => b.lines.map((l) => l.itemId).filter((id): id is string => !!id)));
  const items = (
    ctx.writer.prepare('SELECT id, name, hsn, unit, gst_rate_bp, deleted_at FROM items WHERE business_id = ? ORDER BY name_fold, id').all(business) as (Item & {
      deleted_at: string | null;
    })[]
  ).filter((i) => i.deleted_at === null || usedItems.has(i.id));

  const rates = [...new Set(bills.flatMap((b) => b.lines.map((l) => l.gstRateBp)))].sort((a, b) => a - b);
  const fixed: string[] = [
    LEDGERS.cash,
    LEDGERS.bank,
    LEDGERS.roundOff,
    LEDGERS.otherIncome,
    ...Object.values(LEDGERS.output),
    ...Object.values(LEDGERS.input),
    ...Object.values(LEDGERS.expense),
    ...rates.flatMap((r) => [salesLedger(r), purchaseLedger(r)]),
  ];
  const ledgerNames = new Names(fixed);
  const partyName = new Map(parties.map((p) => [p.id, ledgerNames.take(p.name)]));
  const itemNames = new Names([]);
  const itemName = new Map(items.map((i) => [i.id, itemNames.take(i.name)]));
  const units = [...new Set(items.map((i) => i.unit))].sort();

  const masters: XmlNode[] = [];
  const ledger = (name: string, parent: string, extra: (XmlNode | null)[] = []) =>
    el('LEDGER', [el('NAME.LIST', [el('NAME', name)]), el('PARENT', parent), ...extra], { NAME: name, ACTION: 'Create' });
  const stateName = (code: string | null) => (code ? (GST_STATES[code]?.en ?? '') : '');
  for (const p of parties) {
    const address = (p.address ?? '').split(/\n|,\s*/).filter(Boolean).slice(0, 4);
    masters.push(
      ledger(partyName.get(p.id)!, p.type === 'customer' ? 'Sundry Debtors' : 'Sundry Creditors', [
        el('ISBILLWISEON', 'Yes'),
        address.length ? el('ADDRESS.LIST', address.map((a) => el('ADDRESS', a))) : null,
        p.phone ? el('LEDGERPHONE', p.phone) : null,
        el('COUNTRYOFRESIDENCE', 'India'),
        p.state_code || p.gstin ? el('LEDSTATENAME', stateName(p.state_code ?? p.gstin!.slice(0, 2))) : null,
        el('GSTREGISTRATIONTYPE', p.gstin ? 'Regular' : 'Unregistered/Consumer'),
        p.gstin ? el('PARTYGSTIN', p.gstin) : null,
      ]),
    );
  }
  masters.push(ledger(LEDGERS.cash, 'Cash-in-Hand'), ledger(LEDGERS.bank, 'Bank Accounts'), ledger(LEDGERS.roundOff, 'Indirect Expenses'), ledger(LEDGERS.otherIncome, 'Indirect Incomes'));
  for (const [head, name] of Object.entries(LEDGERS.output)) masters.push(ledger(name, 'Duties & Taxes', [el('TAXTYPE', 'GST'), el('GSTDUTYHEAD', DUTY_HEAD[head as keyof typeof DUTY_HEAD])]));
  for (const [head, name] of Object.entries(LEDGERS.input)) masters.push(ledger(name, 'Duties & Taxes', [el('TAXTYPE', 'GST'), el('GSTDUTYHEAD', DUTY_HEAD[head as keyof typeof DUTY_HEAD])]));
  for (const name of Object.values(LEDGERS.expense)) masters.push(ledger(name, 'Indirect Expenses'));
  for (const r of rates) {
    masters.push(ledger(salesLedger(r), 'Sales Accounts', [el('GSTAPPLICABLE', 'Applicable'), el('GSTTYPEOFSUPPLY', 'Goods')]));
    masters.push(ledger(purchaseLedger(r), 'Purchase Accounts', [el('GSTAPPLICABLE', 'Applicable'), el('GSTTYPEOFSUPPLY', 'Goods')]));
  }
  for (const u of units) masters.push(el('UNIT', [el('NAME', u), el('ISSIMPLEUNIT', 'Yes'), el('DECIMALPLACES', '3')], { NAME: u, ACTION: 'Create' }));
  for (const i of items) {
    const rate = i.gst_rate_bp / 100;
    masters.push(
      el(
        'STOCKITEM',
        [
          el('NAME.LIST', [el('NAME', itemName.get(i.id)!)]),
          el('PARENT', ''),
          el('BASEUNITS', i.unit),
          el('GSTAPPLICABLE', 'Applicable'),
          el('GSTTYPEOFSUPPLY', i.hsn?.startsWith('99') ? 'Services' : 'Goods'),
          el('GSTDETAILS.LIST', [
            el('APPLICABLEFROM', '20170701'),
            el('CALCULATIONTYPE', 'On Value'),
            i.hsn ? el('HSNCODE', i.hsn) : null,
            el('TAXABILITY', rate > 0 ? 'Taxable' : 'Nil Rated'),
            el('STATEWISEDETAILS.LIST', [
              el('STATENAME', 'Any'),
              el('RATEDETAILS.LIST', [el('GSTRATEDUTYHEAD', 'Central Tax'), el('GSTRATEVALUATIONTYPE', 'Based on Value'), el('GSTRATE', String(rate / 2))]),
              el('RATEDETAILS.LIST', [el('GSTRATEDUTYHEAD', 'State Tax'), el('GSTRATEVALUATIONTYPE', 'Based on Value'), el('GSTRATE', String(rate / 2))]),
              el('RATEDETAILS.LIST', [el('GSTRATEDUTYHEAD', 'Integrated Tax'), el('GSTRATEVALUATIONTYPE', 'Based on Value'), el('GSTRATE', String(rate))]),
            ]),
          ]),
        ],
        { NAME: itemName.get(i.id)!, ACTION: 'Create' },
      ),
    );
  }

  const vouchers: XmlNode[] = [];
  const counts = { sales: 0, purchase: 0, receipt: 0, payment: 0 };
  for (const b of bills) vouchers.push(billVoucher(b, partyName.get(b.partyId)!, itemName, stateName(placeOf(b, biz))));
  for (const b of bills) counts[b.kind === 'sale' ? 'sales' : 'purchase']++;
  let n = 0;
  const moneyVoucher = (id: string, kind: 'Receipt' | 'Payment', date: string, narration: string, debit: string, credit: string, paise: number, billRef: { party: string; invoice: string } | null) => {
    n++;
    const ref = (ledgerName: string) => (billRef && ledgerName === billRef.party ? [el('BILLALLOCATIONS.LIST', [el('NAME', billRef.invoice), el('BILLTYPE', 'Agst Ref'), el('AMOUNT', amount(ledgerName === debit ? -paise : paise))])] : []);
    counts[kind === 'Receipt' ? 'receipt' : 'payment']++;
    return el(
      'VOUCHER',
      [
        el('DATE', tallyDate(date)),
        el('VOUCHERTYPENAME', kind),
        el('VOUCHERNUMBER', `LD-${String(n).padStart(5, '0')}`),
        el('PERSISTEDVIEW', 'Accounting Voucher View'),
        el('NARRATION', narration),
        entry('ALLLEDGERENTRIES.LIST', debit, -paise, ref(debit)),
        entry('ALLLEDGERENTRIES.LIST', credit, paise, ref(credit)),
      ],
      { REMOTEID: `lenden-${id}`, VCHTYPE: kind, ACTION: 'Create', OBJVIEW: 'Accounting Voucher View' },
    );
  };
  for (const p of payments) {
    if (p.bill_id && p.id === postingEntryId(p.bill_id)) continue;
    const party = partyName.get(p.party_id);
    if (!party) continue;
    const money = p.mode === 'cash' ? LEDGERS.cash : LEDGERS.bank;
    const narration = [noteInEnglish(p.note) || null, p.mode !== 'cash' ? `${p.mode}${p.mode_ref ? ` ${p.mode_ref}` : ''}` : null].filter(Boolean).join(' — ');
    const billRef = p.bill_id && p.invoice_number ? { party, invoice: p.invoice_number } : null;
    vouchers.push(p.direction === 'got' ? moneyVoucher(p.id, 'Receipt', p.entry_date, narration, money, party, p.amount_paise, billRef) : moneyVoucher(p.id, 'Payment', p.entry_date, narration, party, money, p.amount_paise, billRef));
  }
  for (const c of cash) {
    const money = c.mode === 'cash' ? LEDGERS.cash : LEDGERS.bank;
    vouchers.push(
      c.direction === 'in'
        ? moneyVoucher(c.id, 'Receipt', c.entry_date, noteInEnglish(c.note), money, LEDGERS.otherIncome, c.amount_paise, null)
        : moneyVoucher(c.id, 'Payment', c.entry_date, noteInEnglish(c.note), LEDGERS.expense[c.category ?? 'none'], money, c.amount_paise, null),
    );
  }

  const envelope = el('ENVELOPE', [
    el('HEADER', [el('TALLYREQUEST', 'Import Data')]),
    el('BODY', [
      el('IMPORTDATA', [
        el('REQUESTDESC', [el('REPORTNAME', 'Vouchers'), el('STATICVARIABLES', [el('SVCURRENTCOMPANY', biz.name)])]),
        el('REQUESTDATA', [...masters, ...vouchers].map((m) => el('TALLYMESSAGE', [m], { 'xmlns:UDF': 'TallyUDF' }))),
      ]),
    ]),
  ]);
  return {
    xml: `<?xml version="1.0" encoding="UTF-8"?>\n${render(envelope)}\n`,
    summary: { ...input, ledgers: masters.filter((m) => m.name === 'LEDGER').length, stockItems: items.length, vouchers: counts },
  };
}

function billVoucher(b: GstBill, party: string, itemName: Map<string, string>, placeOfSupply: string): XmlNode {
  const sale = b.kind === 'sale';
  // A sale credits sales and output tax and debits the party; a purchase the other way round.
  const sign = sale ? 1 : -1;
  const taxLedgers = sale ? LEDGERS.output : LEDGERS.input;
  const rateLedger = sale ? salesLedger : purchaseLedger;
  const inventory: XmlNode[] = [];
  const freeByRate = new Map<number, number>();
  for (const l of b.lines) {
    const name = l.itemId ? itemName.get(l.itemId) : undefined;
    if (!name) {
      freeByRate.set(l.gstRateBp, (freeByRate.get(l.gstRateBp) ?? 0) + l.taxablePaise);
      continue;
    }
    const unit = l.unit ?? 'pcs';
    inventory.push(
      el('ALLINVENTORYENTRIES.LIST', [
        el('STOCKITEMNAME', name),
        el('ISDEEMEDPOSITIVE', sale ? 'No' : 'Yes'),
        el('RATE', `${amount(l.ratePaise)}/${unit}`),
        el('AMOUNT', amount(sign * l.taxablePaise)),
        el('ACTUALQTY', qtyText(l.qtyMilli, unit)),
        el('BILLEDQTY', qtyText(l.qtyMilli, unit)),
        el('ACCOUNTINGALLOCATIONS.LIST', [el('LEDGERNAME', rateLedger(l.gstRateBp)), el('ISDEEMEDPOSITIVE', sale ? 'No' : 'Yes'), el('AMOUNT', amount(sign * l.taxablePaise))]),
      ]),
    );
  }
  const sum = (k: 'cgstPaise' | 'sgstPaise' | 'igstPaise') => b.lines.reduce((a, l) => a + l[k], 0);
  const ledgers: XmlNode[] = [
    entry('LEDGERENTRIES.LIST', party, -sign * b.totalPaise, [
      el('ISPARTYLEDGER', 'Yes'),
      el('BILLALLOCATIONS.LIST', [el('NAME', b.invoiceNumber), el('BILLTYPE', 'New Ref'), el('AMOUNT', amount(-sign * b.totalPaise))]),
    ]),
    ...[...freeByRate.entries()].map(([rate, paise]) => entry('LEDGERENTRIES.LIST', rateLedger(rate), sign * paise)),
    ...(['cgst', 'sgst', 'igst'] as const).filter((h) => sum(`${h}Paise`) !== 0).map((h) => entry('LEDGERENTRIES.LIST', taxLedgers[h], sign * sum(`${h}Paise`))),
    ...(b.roundOffPaise !== 0 ? [entry('LEDGERENTRIES.LIST', LEDGERS.roundOff, sign * b.roundOffPaise)] : []),
  ];
  const kind = sale ? 'Sales' : 'Purchase';
  return el(
    'VOUCHER',
    [
      el('DATE', tallyDate(b.date)),
      el('VOUCHERTYPENAME', kind),
      el('VOUCHERNUMBER', b.invoiceNumber),
      el('REFERENCE', b.invoiceNumber),
      el('PARTYLEDGERNAME', party),
      el('PARTYNAME', party),
      b.partyGstin ? el('PARTYGSTIN', b.partyGstin) : null,
      placeOfSupply ? el('PLACEOFSUPPLY', placeOfSupply) : null,
      el('ISINVOICE', 'Yes'),
      el('PERSISTEDVIEW', 'Invoice Voucher View'),
      el('NARRATION', `${kind} ${b.invoiceNumber}`),
      ...inventory,
      ...ledgers,
    ],
    { REMOTEID: `lenden-${b.id}`, VCHTYPE: kind, ACTION: 'Create', OBJVIEW: 'Invoice Voucher View' },
  );
}

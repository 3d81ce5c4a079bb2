import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { useMonth } from '../../reports/gst/month-fixture';

const month = useMonth();
beforeAll(async () => {
  // A second customer with a name already taken, and one named like a fixed ledger.
  await month.t.call('parties.create', { type: 'customer', name: 'Mehta Traders', phone: '9800000001' });
  await month.t.call('parties.create', { type: 'customer', name: 'Cash & Carry <Wholesale>' });
}, 60_000);

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);
/** Rupees text to paise, exactly. */
const paise = (v: unknown) => {
  const s = String(v);
  const neg = s.startsWith('-');
  const [r, p = '0'] = s.replace('-', '').split('.');
  const n = Number(r) * 100 + Number(p.padEnd(2, '0'));
  return neg ? -n : n;
};

async function parsed() {
  const doc = await month.t.call('returns.export', { what: 'tally', range: { from: '2026-11-01', to: '2026-11-30' } });
  expect(doc.mimeType).toBe('application/xml');
  expect(doc.fileName).toBe('tally-2026-11-01-2026-11-30.xml');
  const xml = Buffer.from(doc.base64, 'base64').toString('utf8');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => ['TALLYMESSAGE', 'LEDGERENTRIES.LIST', 'ALLLEDGERENTRIES.LIST', 'ALLINVENTORYENTRIES.LIST', 'ACCOUNTINGALLOCATIONS.LIST', 'BILLALLOCATIONS.LIST', 'ADDRESS'].includes(name) });
  const root = parser.parse(xml, true) as Node;
  return { xml, root };
}

describe('Tally export for November 2026', () => {
  it('is TallyPrime import XML whose every voucher balances and names only ledgers, items and units it creates', async () => {
    const { root } = await parsed();
    const envelope = root.ENVELOPE as Node;
    expect((envelope.HEADER as Node).TALLYREQUEST).toBe('Import Data');
    const importData = (envelope.BODY as Node).IMPORTDATA as Node;
    expect((importData.REQUESTDESC as Node).REPORTNAME).toBe('Vouchers');
    const messages = list((importData.REQUESTDATA as Node).TALLYMESSAGE as Node[]);
    const ledgers = messages.flatMap((msg) => list(msg.LEDGER as Node | undefined));
    const items = messages.flatMap((msg) => list(msg.STOCKITEM as Node | undefined));
    const units = messages.flatMap((msg) => list(msg.UNIT as Node | undefined));
    const vouchers = messages.flatMap((msg) => list(msg.VOUCHER as Node | undefined));
    // Masters come before every voucher.
    const firstVoucher = messages.findIndex((msg) => msg.VOUCHER);
    expect(messages.slice(firstVoucher).every((msg) => msg.VOUCHER)).toBe(true);

    const ledgerNames = new Set(ledgers.map((l) => l['@NAME'] as string));
    expect(ledgerNames.size).toBe(ledgers.length);
    const parent = (name: string) => ledgers.find((l) => l['@NAME'] === name)!.PARENT;
    expect(parent('Mehta Traders')).toBe('Sundry Debtors');
    expect(parent('Mehta Traders (2)')).toBe('Sundry Debtors');
    expect(parent('Cash & Carry <Wholesale>')).toBe('Sundry Debtors');
    expect(parent('Agarwal Wholesale')).toBe('Sundry Creditors');
    expect(ledgers.find((l) => l['@NAME'] === 'Rao Stores')).toMatchObject({ PARTYGSTIN: '29AABCR5678L1ZN', LEDSTATENAME: 'Karnataka', GSTREGISTRATIONTYPE: 'Regular' });
    for (const [name, head] of [['Output CGST', 'Central Tax'], ['Output SGST', 'State Tax'], ['Output IGST', 'Integrated Tax'], ['Input IGST', 'Integrated Tax']]) {
      expect(ledgers.find((l) => l['@NAME'] === name)).toMatchObject({ PARENT: 'Duties & Taxes', TAXTYPE: 'GST', GSTDUTYHEAD: head });
    }
    expect(parent('Sales @ 18%')).toBe('Sales Accounts');
    expect(parent('Purchase @ 5%')).toBe('Purchase Accounts');
    expect(parent('Rent')).toBe('Indirect Expenses');
    const itemNames = new Set(items.map((i) => i['@NAME'] as string));
    const unitNames = new Set(units.map((u) => u['@NAME'] as string));
    for (const i of items) expect(unitNames.has(i.BASEUNITS as string)).toBe(true);
    expect(items.find((i) => i['@NAME'] === 'Basmati Rice')!['GSTDETAILS.LIST']).toMatchObject({ HSNCODE: '1006', TAXABILITY: 'Taxable' });

    const counts: Record<string, number> = {};
    for (const v of vouchers) {
      const type = v['@VCHTYPE'] as string;
      counts[type] = (counts[type] ?? 0) + 1;
      const entries = [...list(v['LEDGERENTRIES.LIST'] as Node[]), ...list(v['ALLLEDGERENTRIES.LIST'] as Node[])];
      const inventory = list(v['ALLINVENTORYENTRIES.LIST'] as Node[]);
      // Debits are negative (ISDEEMEDPOSITIVE Yes), credits positive: the voucher sums to zero.
      const total = entries.reduce((a, e) => a + paise(e.AMOUNT), 0) + inventory.reduce((a, e) => a + paise(e.AMOUNT), 0);
      expect(total, `${type} ${v.VOUCHERNUMBER as string}`).toBe(0);
      for (const e of entries) {
        expect(ledgerNames.has(e.LEDGERNAME as string), `${e.LEDGERNAME as string}`).toBe(true);
        expect(e.ISDEEMEDPOSITIVE).toBe(paise(e.AMOUNT) < 0 ? 'Yes' : 'No');
      }
      for (const i of inventory) {
        expect(itemNames.has(i.STOCKITEMNAME as string)).toBe(true);
        for (const a of list(i['ACCOUNTINGALLOCATIONS.LIST'] as Node[])) {
          expect(ledgerNames.has(a.LEDGERNAME as string)).toBe(true);
          expect(paise(a.AMOUNT)).toBe(paise(i.AMOUNT));
        }
      }
      if (v.PARTYLEDGERNAME) expect(ledgerNames.has(v.PARTYLEDGERNAME as string)).toBe(true);
    }
    // 8 live sales (the deleted one left out), 3 purchases; receipts: 5 bill payments + cartons sold;
    // payments: the cheque to Agarwal + 4 cashbook expenses (the deleted one left out).
    expect(counts).toEqual({ Sales: 8, Purchase: 3, Receipt: 6, Payment: 5 });
    const summary = await month.t.call('returns.tallySummary', { from: '2026-11-01', to: '2026-11-30' });
    expect(summary.vouchers).toEqual({ sales: 8, purchase: 3, receipt: 6, payment: 5 });
    expect(summary.ledgers).toBe(ledgers.length);
  });

  it('writes the bill the way the invoice reads: party debit, sales and tax credits, round-off', async () => {
    const { root } = await parsed();
    const messages = list((((root.ENVELOPE as Node).BODY as Node).IMPORTDATA as Node).REQUESTDATA).flatMap((r) => list(r.TALLYMESSAGE));
    const b1 = messages.map((msg) => msg.VOUCHER as Node | undefined).find((v) => v?.['@REMOTEID'] === `lenden-${month.m.bills.b1}`)!;
    expect(b1).toMatchObject({ DATE: '20261103', VOUCHERTYPENAME: 'Sales', VOUCHERNUMBER: 'INV-1-0002', PARTYLEDGERNAME: 'Mehta Traders', PLACEOFSUPPLY: 'Maharashtra' });
    const entries = list(b1['LEDGERENTRIES.LIST'] as Node[]).map((e) => [e.LEDGERNAME, e.AMOUNT]);
    expect(entries).toEqual([
      ['Mehta Traders', '-2001.00'],
      ['Output CGST', '100.42'],
      ['Output SGST', '100.42'],
      ['Round Off', '0.16'],
    ]);
    expect(list(b1['ALLINVENTORYENTRIES.LIST'] as Node[]).map((i) => [i.STOCKITEMNAME, i.ACTUALQTY, i.RATE, i.AMOUNT])).toEqual([
      ['Basmati Rice', '10 kg', '100.00/kg', '947.37'],
      ['Bath Soap', '20 pcs', '45.00/pcs', '852.63'],
    ]);
    const cheque = messages.map((msg) => msg.VOUCHER as Node | undefined).find((v) => v?.['@VCHTYPE'] === 'Payment' && String(v.NARRATION).includes('cheque'))!;
    expect(list(cheque['ALLLEDGERENTRIES.LIST'] as Node[]).map((e) => [e.LEDGERNAME, e.AMOUNT])).toEqual([
      ['Agarwal Wholesale', '-11940.00'],
      ['Bank Account', '11940.00'],
    ]);
  });

  it('escapes names so the file stays well-formed', async () => {
    const { xml } = await parsed();
    expect(xml).toContain('<NAME>Cash &amp; Carry &lt;Wholesale&gt;</NAME>');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<ENVELOPE>')).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { formatPaise } from './format';
import { pdfFonts, pdfText, savePreview } from './pdf-test-tools';
import { amountInWords } from './words';

let t: TestCore;
beforeEach(async () => {
  t = createTestCore({ now: manualClock('2026-11-25T04:30:00.000Z').now });
  await t.call('settings.update', { name: 'Sharma General Store', address: '12 Station Road, Pune 411001', gstin: '27ABCDE1234F1Z0', phone: '9876543210' });
});
afterEach(() => t.close());

const pdfOf = (doc: { base64: string }) => Buffer.from(doc.base64, 'base64');
const squash = (s: string) => s.replace(/\s+/g, ' ');
const bare = (s: string) => s.replace(/\s+/g, '');

const lines = [
  { name: 'Basmati Rice', hsn: '1006', qtyMilli: 25_000, unit: 'kg', ratePaise: 8_000, gstRateBp: 500 },
  { name: 'Bath Soap', hsn: '3401', qtyMilli: 3_000, unit: 'pcs', ratePaise: 4_550, gstRateBp: 1800 },
];

describe('GST invoice PDF', () => {
  it('prints an intra-state invoice with CGST and SGST per line and in total (English)', async () => {
    const party = await t.call('parties.create', { type: 'customer', name: 'Ramesh Kumar', gstin: '27AAAPL1234C1ZE', address: 'Shivaji Nagar, Pune' });
    const bill = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, date: '2026-11-20', lines });
    expect(bill.interState).toBe(false);
    const doc = await t.call('documents.gstInvoice', { billId: bill.id });
    expect(doc.fileName).toBe(`${bill.invoiceNumber.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-+$/, '')}.pdf`);
    const pdf = pdfOf(doc);
    savePreview(pdf, 'invoice-en');
    const text = squash(pdfText(pdf));
    for (const s of [
      'Tax Invoice',
      'Sharma General Store',
      'GSTIN: 27ABCDE1234F1Z0',
      'GSTIN: 27AAAPL1234C1ZE',
      'State: 27 - Maharashtra',
      `Invoice No.: ${bill.invoiceNumber}`,
      'Invoice Date: 20-11-2026',
      'Place of Supply: 27 - Maharashtra',
      // 25 kg x 80.00 = 2,000.00 taxable; 5% GST split 50.00 + 50.00.
      '1 Basmati Rice 1006 25 kg 80.00 2,000.00 5% 50.00 50.00 2,100.00',
      `Taxable value ${formatPaise(bill.taxablePaise)}`,
      `CGST ${formatPaise(bill.cgstPaise)}`,
      `SGST ${formatPaise(bill.sgstPaise)}`,
      `Total ₹ ${formatPaise(bill.totalPaise)}`,
      amountInWords(bill.totalPaise, 'en'),
    ]) {
      expect(text).toContain(s);
    }
    const soap = bill.lines[1]!;
    expect(text).toContain(`2 Bath Soap 3401 3 pcs 45.50 ${formatPaise(soap.taxablePaise)} 18% ${formatPaise(soap.cgstPaise)} ${formatPaise(soap.sgstPaise)} ${formatPaise(soap.totalPaise)}`);
    expect(text).not.toContain('IGST');
    if (bill.roundOffPaise) expect(text).toContain(`Round off ${formatPaise(bill.roundOffPaise)}`);
  });

  it('prints IGST, discount and round-off for an inter-state bill', async () => {
    const party = await t.call('parties.create', { type: 'customer', name: 'Delhi Traders', gstin: '07AAACD1234E1ZB' });
    const bill = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, date: '2026-11-21', lines, discountPaise: 10_050 });
    expect(bill.interState).toBe(true);
    const pdf = pdfOf(await t.call('documents.gstInvoice', { billId: bill.id }));
    savePreview(pdf, 'invoice-igst-en');
    const text = squash(pdfText(pdf));
    expect(text).toContain('Place of Supply: 07 - Delhi');
    expect(text).toContain(`Items total ${formatPaise(bill.subtotalPaise)}`);
    expect(text).toContain(`Discount ${formatPaise(-bill.discountPaise)}`);
    expect(text).toContain(`IGST ${formatPaise(bill.igstPaise)}`);
    expect(text).not.toMatch(/CGST|SGST/);
    expect(text).toContain(`Total ₹ ${formatPaise(bill.totalPaise)}`);
    for (const l of bill.lines) expect(text).toContain(`${formatPaise(l.taxablePaise)} ${l.gstRateBp / 100}% ${formatPaise(l.igstPaise)} ${formatPaise(l.totalPaise)}`);
    if (bill.roundOffPaise) expect(text).toContain(`Round off ${formatPaise(bill.roundOffPaise)}`);
  });

  it('prints a Hindi invoice with Hindi labels, state name and amount in words', async () => {
    const party = await t.call('parties.create', { type: 'customer', name: 'रमेश किराना', gstin: '27AAAPL1234C1ZE' });
    const bill = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, date: '2026-11-20', lines: [{ ...lines[0]!, name: 'बासमती चावल' }] });
    const pdf = pdfOf(await t.call('documents.gstInvoice', { billId: bill.id, language: 'hi' }));
    savePreview(pdf, 'invoice-hi');
    const raw = bare(pdfText(pdf, 'raw'));
    for (const s of [
      'कर बीजक (टैक्स इनवॉइस)',
      'रमेश किराना',
      'बासमती चावल',
      'आपूर्ति का स्थान:',
      '27 - महाराष्ट्र',
      'सीजीएसटी',
      'एसजीएसटी',
      `कुल राशि₹ ${formatPaise(bill.totalPaise)}`,
      'राशि शब्दों में:',
      amountInWords(bill.totalPaise, 'hi'),
    ]) {
      expect(raw).toContain(bare(s));
    }
    // Both WOFF fonts are embedded as subsets (nothing falls back to a viewer's fonts).
    const fonts = pdfFonts(pdf);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['NotoSans-Bold', 'NotoSans-Regular', 'NotoSansDevanagari-Bold', 'NotoSansDevanagari-Regular']);
    expect(fonts.every((f) => f.embedded && f.subset)).toBe(true);
    // 2,000.00 + 5% = 2,100.00: "दो हज़ार एक सौ रुपये मात्र".
    expect(bill.totalPaise).toBe(210_000);
    expect(raw).toContain(bare('दो हज़ार एक सौ रुपये मात्र'));
  });

  it('marks a deleted bill as cancelled and refuses unknown bills', async () => {
    const party = await t.call('parties.create', { type: 'customer', name: 'X' });
    const bill = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, lines: [lines[0]!] });
    await t.call('bills.delete', { id: bill.id });
    expect(pdfText(pdfOf(await t.call('documents.gstInvoice', { billId: bill.id })))).toContain('CANCELLED');
    await expect(t.call('documents.gstInvoice', { billId: '018f0000-0000-7000-8000-000000000000' })).rejects.toThrow(/NOT_FOUND/);
  });
});

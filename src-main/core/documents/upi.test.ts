import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { pdfText, savePreview } from './pdf-test-tools';
import { decodeQrOnPage } from './qr-test-tools';
import { upiPayLink } from './upi';

describe('UPI payment link (NPCI linking format)', () => {
  it('carries payee VPA, name, amount in rupees with two decimals, note and INR, percent-encoded', () => {
    expect(upiPayLink({ vpa: 'sharmastore@okicici', name: 'Sharma General Store', amountPaise: 123_450, note: 'INV-1-0007' })).toBe(
      'upi://pay?pa=sharmastore%40okicici&pn=Sharma%20General%20Store&am=1234.50&tn=INV-1-0007&cu=INR',
    );
    const link = new URL(upiPayLink({ vpa: 'a.b-c_d@ybl', name: 'राम & श्याम', amountPaise: 5, note: 'x'.repeat(80) }));
    expect(link.protocol).toBe('upi:');
    expect(link.searchParams.get('pa')).toBe('a.b-c_d@ybl');
    expect(link.searchParams.get('pn')).toBe('राम & श्याम');
    expect(link.searchParams.get('am')).toBe('0.05');
    expect(link.searchParams.get('tn')).toHaveLength(50);
    expect(link.searchParams.get('cu')).toBe('INR');
    expect(() => upiPayLink({ vpa: 'a@b', name: 'n', amountPaise: 0, note: '' })).toThrow(/at least one paisa/);
  });
});

let t: TestCore;
beforeEach(async () => {
  t = createTestCore({ now: manualClock('2026-11-25T04:30:00.000Z').now });
  await t.call('settings.update', {
    name: 'Sharma General Store',
    address: '12 Station Road, Pune 411001',
    gstin: '27ABCDE1234F1Z0',
    upiId: 'sharmastore@okicici',
    bankName: 'State Bank of India',
    bankAccount: '12345678901',
    bankIfsc: 'SBIN0001234',
  });
});
afterEach(() => t.close());

const pdfOf = (doc: { base64: string }) => Buffer.from(doc.base64, 'base64');

describe('UPI QR on documents', () => {
  it('the invoice QR decodes back to the link for the balance due, with bank details beside it', async () => {
    const party = await t.call('parties.create', { type: 'customer', name: 'Ramesh Kumar' });
    const bill = await t.call('bills.create', {
      kind: 'sale',
      partyType: 'customer',
      partyId: party.id,
      lines: [{ name: 'Basmati Rice', hsn: '1006', qtyMilli: 5000, unit: 'kg', ratePaise: 9000, gstRateBp: 500 }],
      payment: { amountPaise: 20_000, mode: 'cash' },
    });
    const pdf = pdfOf(await t.call('documents.gstInvoice', { billId: bill.id }));
    savePreview(pdf, 'invoice-upi-en');
    expect(decodeQrOnPage(pdf)).toBe(`upi://pay?pa=sharmastore%40okicici&pn=Sharma%20General%20Store&am=273.00&tn=${bill.invoiceNumber}&cu=INR`);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const s of ['Paid (Cash) 200.00', 'Balance due 273.00', 'Bank: State Bank of India', 'A/c No.: 12345678901', 'IFSC: SBIN0001234', 'Scan to pay ₹ 273.00']) expect(text).toContain(s);
    // The same in Hindi: the QR is the same link.
    const hi = pdfOf(await t.call('documents.gstInvoice', { billId: bill.id, language: 'hi' }));
    savePreview(hi, 'invoice-upi-hi');
    expect(decodeQrOnPage(hi)).toBe(decodeQrOnPage(pdf));
    const raw = pdfText(hi, 'raw').replace(/\s+/g, '');
    for (const s of ['भुगतान हुआ (नकद)', 'बकाया राशि', 'बैंक विवरण', 'भुगतान के लिए स्कैन करें']) expect(raw).toContain(s.replace(/\s+/g, ''));
  });

  it('a bill paid in full, a purchase, or a business without a UPI ID prints no QR', async () => {
    const party = await t.call('parties.create', { type: 'customer', name: 'Ramesh' });
    const line = { name: 'Soap', qtyMilli: 1000, ratePaise: 4000, gstRateBp: 0 };
    const paid = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, lines: [line], payment: { amountPaise: 4000, mode: 'upi' } });
    expect(decodeQrOnPage(pdfOf(await t.call('documents.gstInvoice', { billId: paid.id })))).toBeNull();
    const due = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, lines: [line] });
    await t.call('settings.update', { upiId: null });
    expect(decodeQrOnPage(pdfOf(await t.call('documents.gstInvoice', { billId: due.id })))).toBeNull();
  });

  it('the party statement carries the QR for the balance due', async () => {
    const party = await t.call('parties.create', { type: 'customer', name: 'Ramesh', openingBalance: { direction: 'gave', amountPaise: 150_000, date: '2026-11-01' } });
    await t.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'got', amountPaise: 25_025, date: '2026-11-20', mode: 'upi' });
    const pdf = pdfOf(await t.call('documents.partyStatement', { partyType: 'customer', partyId: party.id, from: '2026-11-01', to: '2026-11-25' }));
    savePreview(pdf, 'statement-upi-en');
    expect(decodeQrOnPage(pdf)).toBe('upi://pay?pa=sharmastore%40okicici&pn=Sharma%20General%20Store&am=1249.75&tn=Statement%2025-11-2026&cu=INR');
    // A supplier we owe gets no QR (we pay them, not they us).
    const supplier = await t.call('parties.create', { type: 'supplier', name: 'Mehta', openingBalance: { direction: 'got', amountPaise: 5000 } });
    expect(decodeQrOnPage(pdfOf(await t.call('documents.partyStatement', { partyType: 'supplier', partyId: supplier.id, from: '2026-11-01', to: '2026-11-25' })))).toBeNull();
  });
});

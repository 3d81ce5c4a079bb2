import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { pdfPageCount, pdfText, savePreview } from './pdf-test-tools';

let t: TestCore;
beforeEach(() => {
  t = createTestCore({ now: manualClock('2026-11-25T04:30:00.000Z').now });
});
afterEach(() => t.close());

const pdfOf = (doc: { base64: string }) => Buffer.from(doc.base64, 'base64');
const squash = (s: string) => s.replace(/\s+/g, ' ');

async function shopWithParty() {
  await t.call('settings.update', { name: 'Sharma General Store', address: '12 Station Road, Pune 411001', gstin: '27ABCDE1234F1Z0', phone: '9876543210' });
  const party = await t.call('parties.create', { type: 'customer', name: 'Ramesh Kumar', phone: '9123456780', address: 'Shivaji Nagar, Pune' });
  const add = (direction: 'gave' | 'got', amountPaise: number, date: string, note?: string) =>
    t.call('entries.add', { partyType: 'customer', partyId: party.id, direction, amountPaise, date, note });
  await add('gave', 500_000, '2026-10-05', 'Opening stock'); // before the range: opening 5,000.00
  await add('gave', 123_450, '2026-11-02', 'Rice 25 kg');
  await add('got', 200_000, '2026-11-10', 'Cash');
  await add('gave', 76_600, '2026-11-18', 'चीनी और चाय');
  const gone = await add('gave', 999_900, '2026-11-19', 'wrong entry');
  await t.call('entries.delete', { id: gone.id });
  await add('got', 50, '2026-12-01', 'after the range');
  return party;
}

describe('party statement PDF', () => {
  it('prints header, opening, entries with running balance, closing and words (English)', async () => {
    const party = await shopWithParty();
    const doc = await t.call('documents.partyStatement', { partyType: 'customer', partyId: party.id, from: '2026-11-01', to: '2026-11-30' });
    expect(doc.mimeType).toBe('application/pdf');
    expect(doc.fileName).toMatch(/^statement-ramesh-kumar-2026-11-01-2026-11-30\.pdf$/);
    const pdf = pdfOf(doc);
    expect(doc.byteLength).toBe(pdf.length);
    const text = pdfText(pdf);
    savePreview(pdf, 'statement-en');
    for (const s of ['Sharma General Store', '12 Station Road, Pune 411001', 'GSTIN: 27ABCDE1234F1Z0', 'Phone: 9876543210', 'Ramesh Kumar', 'Period: 01-11-2026 to 30-11-2026']) {
      expect(text).toContain(s);
    }
    const lines = text.split('\n').map(squash);
    expect(lines).toContainEqual(expect.stringMatching(/Opening balance 5,000\.00 get$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ ?02-11-2026 Rice 25 kg 1,234\.50 6,234\.50 get$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ ?10-11-2026 Cash 2,000\.00 4,234\.50 get$/));
    // The Hindi note is drawn in the row but poppler's -layout lists ActualText words last (pdf/pen.ts).
    expect(lines).toContainEqual(expect.stringMatching(/^ ?18-11-2026 766\.00 5,000\.50 get$/));
    expect(squash(pdfText(pdf, 'raw'))).toContain('18-11-2026 चीनी और चाय 766.00 5,000.50 get');
    expect(lines).toContainEqual(expect.stringMatching(/Totals 2,000\.50 2,000\.00/));
    expect(text).not.toContain('wrong entry');
    expect(text).not.toContain('after the range');
    expect(squash(text)).toContain("Closing balance: ₹ 5,000.50 (You'll get)");
    expect(squash(text)).toContain("You'll get: Rupees Five Thousand and Fifty Paise Only");
    expect(squash(text)).toContain('Page 1 of 1');
  });

  it('prints Hindi labels and the balance in Hindi words', async () => {
    const party = await shopWithParty();
    const doc = await t.call('documents.partyStatement', { partyType: 'customer', partyId: party.id, from: '2026-11-01', to: '2026-11-30', language: 'hi' });
    const pdf = pdfOf(doc);
    savePreview(pdf, 'statement-hi');
    // Devanagari is checked in stream order with spaces dropped (see pdf/pen.ts on ActualText).
    const text = pdfText(pdf, 'raw').replace(/\s+/g, '');
    for (const s of ['खाता विवरण', 'शुरुआती बाकी', 'आपने दिए', 'आपको मिले', 'चीनी और चाय', 'अंतिम बाकी: ₹ 5,000.50 (आपको लेने हैं)', 'आपको लेने हैं: पाँच हज़ार रुपये और पचास पैसे मात्र', '18-11-2026चीनी और चाय766.005,000.50लेने']) {
      expect(text).toContain(s.replace(/\s+/g, ''));
    }
  });

  it('prints the notes the app wrote in the statement’s language, rows from before note codes too', async () => {
    const party = await t.call('parties.create', { type: 'customer', name: 'Ramesh Kumar', openingBalance: { direction: 'gave', amountPaise: 100_00, date: '2026-11-01' } });
    const bill = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, date: '2026-11-03', lines: [{ name: 'Atta', qtyMilli: 1000, ratePaise: 300_00, gstRateBp: 0 }] });
    await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 100_00, date: '2026-11-04' });
    // A row an older version wrote: the English sentence alone.
    t.core.ctx.transact(() =>
      t.core.ctx.writer.insert('transactions', { party_type: 'customer', party_id: party.id, direction: 'got', amount_paise: 5_00, entry_date: '2026-11-05', note: 'Payment for INV-0-0009', bill_id: null }),
    );
    const range = { partyType: 'customer' as const, partyId: party.id, from: '2026-11-01', to: '2026-11-30' };
    const hi = pdfOf(await t.call('documents.partyStatement', { ...range, language: 'hi' }));
    savePreview(hi, 'statement-notes-hi');
    const hiText = pdfText(hi, 'raw').replace(/\s+/g, '');
    for (const s of ['शुरुआती बाकी', `बिल ${bill.invoiceNumber}`, `${bill.invoiceNumber} का भुगतान`, 'INV-0-0009 का भुगतान']) expect(hiText).toContain(s.replace(/\s+/g, ''));
    expect(hiText).not.toMatch(/Bill|Payment for|[\u{E0000}-\u{E007F}]/u);
    const en = squash(pdfText(pdfOf(await t.call('documents.partyStatement', range))));
    for (const s of [`Bill ${bill.invoiceNumber}`, `Payment for ${bill.invoiceNumber}`, 'Payment for INV-0-0009']) expect(en).toContain(s);
    expect(en).not.toMatch(/[\u{E0000}-\u{E007F}]/u);
  });

  it('says you will give when the party is in advance, and settled at zero', async () => {
    const party = await t.call('parties.create', { type: 'supplier', name: 'Mill' });
    await t.call('entries.add', { partyType: 'supplier', partyId: party.id, direction: 'got', amountPaise: 10_000_000, date: '2026-11-01' });
    let text = squash(pdfText(pdfOf(await t.call('documents.partyStatement', { partyType: 'supplier', partyId: party.id, from: '2026-11-01', to: '2026-11-30' }))));
    expect(text).toContain("Closing balance: ₹ 1,00,000.00 (You'll give)");
    expect(text).toContain("You'll give: Rupees One Lakh Only");
    text = squash(pdfText(pdfOf(await t.call('documents.partyStatement', { partyType: 'supplier', partyId: party.id, from: '2026-10-01', to: '2026-10-31' }))));
    expect(text).toContain('No entries in this period.');
    expect(text).toContain('Closing balance: ₹ 0.00 (Settled)');
  });

  it('flows long statements over pages with the header repeated', async () => {
    const party = await t.call('parties.create', { type: 'customer', name: 'Bulk' });
    t.core.ctx.transact(() => {
      for (let i = 0; i < 120; i++) {
        t.core.ctx.writer.insert('transactions', { party_type: 'customer', party_id: party.id, direction: 'gave', amount_paise: 100, entry_date: '2026-11-05', note: `line ${i}`, bill_id: null });
      }
    });
    const pdf = pdfOf(await t.call('documents.partyStatement', { partyType: 'customer', partyId: party.id, from: '2026-11-01', to: '2026-11-30' }));
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = pdfText(pdf);
    expect(text.split('\f').filter((p) => p.includes('You gave')).length).toBe(pages);
    expect(squash(text)).toContain('line 119 1.00 120.00 get');
    expect(squash(text)).toContain(`Page ${pages} of ${pages}`);
  });

  it('validates the range and the party', async () => {
    const party = await t.call('parties.create', { type: 'customer', name: 'X' });
    await expect(t.call('documents.partyStatement', { partyType: 'customer', partyId: party.id, from: '2026-11-30', to: '2026-11-01' })).rejects.toThrow(/start date/);
    await expect(
      t.call('documents.partyStatement', { partyType: 'supplier', partyId: party.id, from: '2026-11-01', to: '2026-11-30' }),
    ).rejects.toThrow(/NOT_FOUND/);
    await expect(t.call('documents.partyStatement', { partyType: 'customer', partyId: party.id, from: '2026-11-01', to: '2026-11-30', language: 'fr' } as never)).rejects.toThrow(/VALIDATION/);
  });
});

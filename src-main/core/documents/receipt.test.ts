import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { formatPaise } from './format';
import { pdfFonts, pdfText, savePreview } from './pdf-test-tools';
import { decodeQrOnPage } from './qr-test-tools';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let t: TestCore;
beforeEach(async () => {
  t = createTestCore({ now: manualClock('2026-11-25T04:30:00.000Z').now });
  await t.call('settings.update', { name: 'शर्मा जनरल स्टोर', address: '12 Station Road, Pune 411001', gstin: '27ABCDE1234F1Z0', phone: '9876543210', upiId: 'sharmastore@okicici' });
});
afterEach(() => t.close());

const pdfOf = (doc: { base64: string }) => Buffer.from(doc.base64, 'base64');
const bare = (s: string) => s.replace(/\s+/g, '');
/** Page size in points, as pdfinfo reports it. */
function pageSize(pdf: Buffer): { w: number; h: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-size-'));
  try {
    fs.writeFileSync(path.join(dir, 'd.pdf'), pdf);
    const m = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', [path.join(dir, 'd.pdf')], { encoding: 'utf8' }))!;
    return { w: Number(m[1]), h: Number(m[2]) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function counterSale(names: [string, string]) {
  const party = await t.call('parties.create', { type: 'customer', name: names[0] });
  return t.call('bills.create', {
    kind: 'sale',
    partyType: 'customer',
    partyId: party.id,
    lines: [
      { name: names[1], hsn: '1006', qtyMilli: 2500, unit: 'kg', ratePaise: 8_000, gstRateBp: 500 },
      { name: 'Bath Soap 125g', hsn: '3401', qtyMilli: 3000, unit: 'pcs', ratePaise: 4_550, gstRateBp: 1800 },
    ],
    discountPaise: 500,
    payment: { amountPaise: 10_000, mode: 'cash' },
  });
}

describe('thermal receipts and the A5 invoice', () => {
  it.each(['80mm', '58mm'] as const)('prints a %s receipt in English with every GST figure and the UPI QR', async (paper) => {
    const bill = await counterSale(['Ramesh Kumar', 'Basmati Rice']);
    const pdf = pdfOf(await t.call('documents.billPrint', { billId: bill.id, paper }));
    savePreview(pdf, `receipt-${paper}-en`);
    const { w, h } = pageSize(pdf);
    expect(w).toBeCloseTo(paper === '80mm' ? 226.77 : 164.41, 1);
    expect(h).toBeGreaterThan(300);
    expect(h).toBeLessThan(1200);
    const text = bare(pdfText(pdf, 'raw'));
    for (const s of ['Tax Invoice', bill.invoiceNumber, 'Ramesh Kumar', 'Basmati Rice', 'GSTIN: 27ABCDE1234F1Z0', `Taxable value${formatPaise(bill.taxablePaise)}`, `CGST${formatPaise(bill.cgstPaise)}`, `SGST${formatPaise(bill.sgstPaise)}`, `₹ ${formatPaise(bill.totalPaise)}`, 'Paid (Cash)100.00', `Balance due${formatPaise(bill.duePaise)}`]) {
      expect(text).toContain(bare(s));
    }
    expect(decodeQrOnPage(pdf, 300)).toBe(`upi://pay?pa=sharmastore%40okicici&pn=%E0%A4%B6%E0%A4%B0%E0%A5%8D%E0%A4%AE%E0%A4%BE%20%E0%A4%9C%E0%A4%A8%E0%A4%B0%E0%A4%B2%20%E0%A4%B8%E0%A5%8D%E0%A4%9F%E0%A5%8B%E0%A4%B0&am=${(bill.duePaise / 100).toFixed(2)}&tn=${bill.invoiceNumber}&cu=INR`);
  });

  it.each(['80mm', '58mm'] as const)('prints a %s receipt in Hindi with embedded Devanagari fonts', async (paper) => {
    const bill = await counterSale(['रमेश कुमार', 'बासमती चावल']);
    const pdf = pdfOf(await t.call('documents.billPrint', { billId: bill.id, paper, language: 'hi' }));
    savePreview(pdf, `receipt-${paper}-hi`);
    const text = bare(pdfText(pdf, 'raw'));
    for (const s of ['शर्मा जनरल स्टोर', 'कर बीजक (टैक्स इनवॉइस)', 'रमेश कुमार', 'बासमती चावल', 'सीजीएसटी', 'एसजीएसटी', 'कुल राशि', 'बकाया राशि', 'भुगतान हुआ (नकद)', 'धन्यवाद! फिर पधारें।']) {
      expect(text).toContain(bare(s));
    }
    expect(pdfFonts(pdf).every((f) => f.embedded && f.subset)).toBe(true);
  });

  it('prints the A5 invoice as the A4 layout on A5 paper, and follows the device paper setting', async () => {
    const bill = await counterSale(['Ramesh Kumar', 'Basmati Rice']);
    const a5 = pdfOf(await t.call('documents.billPrint', { billId: bill.id, paper: 'a5' }));
    savePreview(a5, 'invoice-a5-en');
    const size = pageSize(a5);
    expect(size.w).toBeCloseTo(419.53, 1);
    expect(size.h).toBeCloseTo(595.28, 1);
    expect(bare(pdfText(a5, 'raw'))).toContain(bare(`Balance due${formatPaise(bill.duePaise)}`));
    await t.call('printing.updateSettings', { paper: '58mm', printerName: 'TVS RP3160', silent: true });
    expect(await t.call('printing.settings', {})).toEqual({ paper: '58mm', printerName: 'TVS RP3160', silent: true });
    const doc = await t.call('documents.billPrint', { billId: bill.id });
    expect(doc.fileName).toMatch(/-58mm\.pdf$/);
    expect(pageSize(pdfOf(doc)).w).toBeCloseTo(164.41, 1);
    // Silent printing needs a named printer.
    expect(await t.call('printing.updateSettings', { printerName: null })).toEqual({ paper: '58mm', printerName: null, silent: false });
    await expect(t.call('printing.updateSettings', { paper: 'a3' as never })).rejects.toThrow(/Paper must be/);
  });
});

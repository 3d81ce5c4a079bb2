import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { pdfText } from './pdf-test-tools';

// The tax breakdown a GST customer checks: tax is worked out per line, each half rounded half
// up to the paisa on its own (so CGST = SGST on every line), bill totals are the sums of the
// printed line figures, and the total is rounded to the rupee with the round-off shown.

let t: TestCore;
beforeEach(async () => {
  t = createTestCore({ now: manualClock('2026-11-25T04:30:00.000Z').now });
  await t.call('settings.update', { name: 'Shop', gstin: '27ABCDE1234F1Z0' });
});
afterEach(() => t.close());

describe('invoice figures of the tax breakdown', () => {
  it('rounds per line (25.5 paise goes up on each line), totals are the sums, round-off to the rupee', async () => {
    const party = await t.call('parties.create', { type: 'customer', name: 'Asha', stateCode: '27' });
    // Three lines of Rs 10.20 at 5%: 2.5% of 1020 paise is 25.5 paise -> 26 on each line. On
    // the bill's total it would be 76.5 -> 77: per-line rounding gives 78 and that is what prints.
    const line = { name: 'Pen', hsn: '9608', qtyMilli: 1000, unit: 'pcs', ratePaise: 1020, gstRateBp: 500 };
    const bill = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, lines: [line, line, line] });
    expect(bill.lines.map((l) => [l.taxablePaise, l.cgstPaise, l.sgstPaise, l.totalPaise])).toEqual([
      [1020, 26, 26, 1072],
      [1020, 26, 26, 1072],
      [1020, 26, 26, 1072],
    ]);
    expect(bill).toMatchObject({ taxablePaise: 3060, cgstPaise: 78, sgstPaise: 78, igstPaise: 0, roundOffPaise: -16, totalPaise: 3200 });
    const text = pdfText(Buffer.from((await t.call('documents.gstInvoice', { billId: bill.id })).base64, 'base64')).replace(/\s+/g, ' ');
    expect(text).toContain('1 Pen 9608 1 pcs 10.20 10.20 5% 0.26 0.26 10.72');
    expect(text).toContain('3 Pen 9608 1 pcs 10.20 10.20 5% 0.26 0.26 10.72');
    for (const s of ['Taxable value 30.60', 'CGST 0.78', 'SGST 0.78', 'Round off -0.16', 'Total ₹ 32.00']) expect(text).toContain(s);
  });

  it('inter-state: IGST per line at the full rate, discount spread before tax', async () => {
    const party = await t.call('parties.create', { type: 'customer', name: 'Delhi Traders', stateCode: '07' });
    const bill = await t.call('bills.create', {
      kind: 'sale',
      partyType: 'customer',
      partyId: party.id,
      lines: [
        { name: 'A', qtyMilli: 1000, ratePaise: 10_000, gstRateBp: 1800 },
        { name: 'B', qtyMilli: 3000, ratePaise: 3_333, gstRateBp: 1200 },
      ],
      discountPaise: 1_000,
    });
    // Values 10,000 and 9,999; the 1,000 discount splits 500 / 500 by largest remainder.
    expect(bill.lines.map((l) => [l.discountPaise, l.taxablePaise, l.igstPaise, l.cgstPaise])).toEqual([
      [500, 9_500, 1_710, 0],
      [500, 9_499, 1_140, 0],
    ]);
    expect(bill).toMatchObject({ subtotalPaise: 19_999, discountPaise: 1_000, taxablePaise: 18_999, igstPaise: 2_850, roundOffPaise: -49, totalPaise: 21_800 });
    // 218.49 rounds down: 49 paise is below half a rupee.
    expect(bill.taxablePaise + bill.igstPaise + bill.roundOffPaise).toBe(bill.totalPaise);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { addDays } from '../util/dates';
import { pdfText, savePreview } from './pdf-test-tools';

let t: TestCore;
beforeEach(() => {
  t = createTestCore({ now: manualClock('2026-11-25T04:30:00.000Z').now });
});
afterEach(() => t.close());

const pdfOf = (doc: { base64: string }) => Buffer.from(doc.base64, 'base64');
const squash = (s: string) => s.replace(/\s+/g, ' ');

/** Ramesh, ₹30,000 a month: October worked (18 present, 4 half days, 2 leave, rest absent), an advance, salary paid. */
async function shopWithStaff() {
  await t.call('settings.update', { name: 'Sharma General Store', address: '12 Station Road, Pune 411001', phone: '9876543210' });
  const ramesh = await t.call('staff.create', { name: 'Ramesh Kumar', phone: '9123456780', salaryBasis: 'monthly', salaryPaise: 30_000_00, joinedOn: '2026-09-01' });
  const mark = async (from: string, to: string, status: 'present' | 'half_day' | 'leave' | 'absent') => {
    for (let d = from; d <= to; d = addDays(d, 1)) await t.call('attendance.mark', { staffId: ramesh.id, date: d, status });
  };
  await mark('2026-10-01', '2026-10-18', 'present');
  await mark('2026-10-19', '2026-10-22', 'half_day');
  await mark('2026-10-23', '2026-10-24', 'leave');
  await mark('2026-10-25', '2026-10-27', 'absent'); // 28-31 left unmarked: absent too
  // Earned: 30,000 x (18 + 2 + 2) / 31 = 21,290.32. Advance 2,000 in October, salary 15,000 for October.
  await t.call('staff.pay', { staffId: ramesh.id, kind: 'advance', amountPaise: 2_000_00, date: '2026-10-10', note: 'Medicine' });
  await t.call('staff.pay', { staffId: ramesh.id, kind: 'salary', amountPaise: 15_000_00, mode: 'online', date: '2026-11-01', month: '2026-10' });
  return ramesh;
}

describe('salary slip PDF', () => {
  it('prints shop, staff, month, days, rate, earned, advance, paid, net due in words and signature lines (English)', async () => {
    const ramesh = await shopWithStaff();
    const doc = await t.call('documents.payslip', { staffId: ramesh.id, month: '2026-10' });
    expect(doc.fileName).toBe('payslip-ramesh-kumar-2026-10.pdf');
    const pdf = pdfOf(doc);
    savePreview(pdf, 'payslip-en');
    const text = squash(pdfText(pdf));
    for (const s of [
      'Sharma General Store', 'Salary Slip', 'Month: October 2026', 'Staff: Ramesh Kumar', 'Monthly salary: ₹ 30,000.00', 'Joined on: 01-09-2026',
      'Days in month Present Half day Absent Paid leave Days paid 31 18 4 7 2 22', 'Absent: 4 days not marked, counted as absent',
      'Salary earned this month 21,290.32', 'Advance deducted -2,000.00', 'Salary paid for this month -15,000.00', 'Net salary due (₹) 4,290.32',
      'In words: Rupees Four Thousand Two Hundred Ninety and Thirty Two Paise Only',
      '10-10-2026 Advance Cash Medicine 2,000.00', '01-11-2026 Salary Online 15,000.00',
      "Employer's signature", "Staff member's signature", 'Generated on 25-11-2026',
    ]) expect(text).toContain(s);
    // The same figure as the Staff screen.
    const money = (await t.call('staff.money', { month: '2026-10' })).staff[0]!;
    expect(money.duePaise).toBe(4_290_32);
  });

  it('prints Hindi labels, the month in Hindi and the amount in Hindi words', async () => {
    const ramesh = await shopWithStaff();
    const pdf = pdfOf(await t.call('documents.payslip', { staffId: ramesh.id, month: '2026-10', language: 'hi' }));
    savePreview(pdf, 'payslip-hi');
    // Poppler puts a space between a Devanagari word and the colon after it (pen.ts ActualText).
    const raw = squash(pdfText(pdf, 'raw')).replace(/ :/g, ':');
    for (const s of ['वेतन पर्ची', 'महीना: अक्टूबर 2026', 'कर्मचारी:', 'महीने के दिन 31 हाज़िर 18 आधा दिन 4 ग़ैरहाज़िर 7 सवेतन छुट्टी 2 भुगतान वाले दिन 22', 'इस महीने का कमाया वेतन', 'एडवांस की कटौती', 'कुल बाकी वेतन', 'शब्दों में: चार हज़ार दो सौ नब्बे रुपये और बत्तीस पैसे मात्र', 'मालिक के हस्ताक्षर']) {
      expect(raw).toContain(s);
    }
  });

  it('a month with an advance bigger than the salary shows what is still to recover', async () => {
    const ramesh = await shopWithStaff();
    await t.call('staff.pay', { staffId: ramesh.id, kind: 'advance', amountPaise: 20_000_00, date: '2026-11-05' });
    const pdf = pdfOf(await t.call('documents.payslip', { staffId: ramesh.id, month: '2026-11' }));
    savePreview(pdf, 'payslip-advance-en');
    const text = squash(pdfText(pdf));
    // November: 4,290.32 due from October, nothing marked yet, a 20,000 advance: 15,709.68 still to recover.
    expect(text).toContain('Salary due from earlier months 4,290.32');
    expect(text).toContain('Net salary due (₹) 0.00');
    expect(text).toContain('Advance still to be recovered (₹) 15,709.68');
    expect(await t.core.handle('documents.payslip', { staffId: ramesh.id, month: '2026-13' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await t.call('staff.delete', { id: ramesh.id });
    expect(await t.core.handle('documents.payslip', { staffId: ramesh.id, month: '2026-11' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

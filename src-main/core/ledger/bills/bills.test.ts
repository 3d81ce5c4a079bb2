import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError, MethodInput } from '../../../contract';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { postingEntryId } from '../entries/entries';
import { billListQuery } from './read';
import { appNote, noteInEnglish, readAppNote } from '../../../contract/app-notes';

// Bills against a real SQLite database, through real dispatch.

let t: TestCore;
const clock = manualClock('2026-11-25T04:30:00.000Z');

beforeEach(async () => {
  clock.set('2026-11-25T04:30:00.000Z');
  t = createTestCore({ now: clock.now });
  await t.call('settings.update', { stateCode: '27' });
});
afterEach(() => t.close());

const customer = async (stateCode: string | null = '27', name = 'Asha Traders') => (await t.call('parties.create', { type: 'customer', name, stateCode })).id;
const supplier = async (stateCode: string | null = '27', name = 'Mehta Wholesale') => (await t.call('parties.create', { type: 'supplier', name, stateCode })).id;

// The hand-worked bill of gst.test.ts: subtotal 111097, discount 1000.
const LINES = [
  { name: 'Basmati rice 1kg', hsn: '1006', qtyMilli: 2000, unit: 'pkt', ratePaise: 45_050, gstRateBp: 1800 },
  { name: 'Ghee', hsn: '0405', qtyMilli: 1500, unit: 'kg', ratePaise: 12_000, gstRateBp: 1200 },
  { name: 'Salt', qtyMilli: 3000, ratePaise: 999, gstRateBp: 500 },
];

const sale = (partyId: string, extra: Partial<MethodInput<'bills.create'>> = {}) =>
  t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId, lines: LINES, discountPaise: 1000, ...extra });

const balance = async (type: 'customer' | 'supplier', id: string) => (await t.call('parties.get', { type, id })).balancePaise;

const count = (table: string) => (t.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const counts = () => ({ bills: count('bills'), transactions: count('transactions'), outbox: count('outbox'), bill_items: count('bill_items'), audit: count('audit_log') });

const failure = async (p: Promise<unknown>): Promise<ApiError> => {
  try {
    await p;
  } catch (error) {
    return (error as { apiError: ApiError }).apiError;
  }
  throw new Error('expected the call to fail');
};

describe('bills.create', () => {
  it('intra-state: CGST + SGST, discount, round-off, items JSON and the bill_items projection', async () => {
    const partyId = await customer('27');
    const bill = await sale(partyId);
    expect(bill).toMatchObject({
      kind: 'sale',
      invoiceNumber: 'INV-1-0001',
      invoiceSeries: 1,
      invoiceSeq: 1,
      date: '2026-11-25',
      placeOfSupply: '27',
      interState: false,
      subtotalPaise: 111_097,
      discountPaise: 1000,
      taxablePaise: 110_097,
      cgstPaise: 9180,
      sgstPaise: 9180,
      igstPaise: 0,
      roundOffPaise: 43,
      totalPaise: 128_500,
      paidPaise: 0,
      duePaise: 128_500,
      status: 'unpaid',
      partyName: 'Asha Traders',
      payments: [],
    });
    expect(bill.lines.map((l) => [l.discountPaise, l.taxablePaise, l.cgstPaise, l.sgstPaise, l.totalPaise])).toEqual([
      [811, 89_289, 8036, 8036, 105_361],
      [162, 17_838, 1070, 1070, 19_978],
      [27, 2970, 74, 74, 3118],
    ]);
    const row = t.core.db.prepare('SELECT * FROM bills WHERE id = ?').get(bill.id) as Record<string, unknown>;
    expect(JSON.parse(row.items as string)[0]).toEqual({
      item_id: null,
      name: 'Basmati rice 1kg',
      hsn: '1006',
      qty_milli: 2000,
      unit: 'pkt',
      rate_paise: 45_050,
      gst_rate_bp: 1800,
      taxable_paise: 89_289,
      cgst_paise: 8036,
      sgst_paise: 8036,
      igst_paise: 0,
      total_paise: 105_361,
    });
    const items = t.core.db.prepare('SELECT line_no, name, taxable_paise, cgst_paise, total_paise FROM bill_items WHERE bill_id = ? ORDER BY line_no').all(bill.id);
    expect(items).toEqual([
      { line_no: 1, name: 'Basmati rice 1kg', taxable_paise: 89_289, cgst_paise: 8036, total_paise: 105_361 },
      { line_no: 2, name: 'Ghee', taxable_paise: 17_838, cgst_paise: 1070, total_paise: 19_978 },
      { line_no: 3, name: 'Salt', taxable_paise: 2970, cgst_paise: 74, total_paise: 3118 },
    ]);
  });

  it('inter-state: IGST from the party state; an explicit place of supply wins', async () => {
    const partyId = await customer('29');
    const bill = await sale(partyId);
    expect(bill).toMatchObject({ placeOfSupply: '29', interState: true, cgstPaise: 0, sgstPaise: 0, igstPaise: 18_362, roundOffPaise: 41, totalPaise: 128_500 });
    expect(bill.lines.map((l) => l.igstPaise)).toEqual([16_072, 2141, 149]);
    const local = await sale(partyId, { placeOfSupply: '27' });
    expect(local).toMatchObject({ placeOfSupply: '27', interState: false, cgstPaise: 9180, igstPaise: 0 });
  });

  it('a party without a state is billed in the business state; a business without a state bills intra-state', async () => {
    const noState = await customer(null, 'Walk-in');
    expect(await sale(noState)).toMatchObject({ placeOfSupply: '27', interState: false, cgstPaise: 9180 });
    await t.call('settings.update', { stateCode: null });
    const far = await customer('29', 'Bengaluru Stores');
    expect(await sale(far)).toMatchObject({ placeOfSupply: '29', interState: false, cgstPaise: 9180, igstPaise: 0 });
  });

  it('round-off can be turned off', async () => {
    const bill = await sale(await customer(), { roundOff: false });
    expect(bill).toMatchObject({ roundOffPaise: 0, totalPaise: 128_457 });
  });

  it('posts one ledger entry: gave for a sale, the party owes the bill total', async () => {
    const partyId = await customer();
    const bill = await sale(partyId, { date: '2026-11-20' });
    const entry = t.core.db.prepare('SELECT * FROM transactions WHERE bill_id = ?').all(bill.id) as Record<string, unknown>[];
    expect(entry).toHaveLength(1);
    expect(entry[0]).toMatchObject({
      id: postingEntryId(bill.id),
      direction: 'gave',
      amount_paise: 128_500,
      entry_date: '2026-11-20',
      note: appNote({ code: 'bill', number: 'INV-1-0001' }),
      party_id: partyId,
      party_type: 'customer',
    });
    expect(await balance('customer', partyId)).toBe(128_500);
    // outbox: bill create + entry create, nothing else
    expect(t.core.db.prepare('SELECT table_name FROM outbox ORDER BY seq').all().map((r) => (r as { table_name: string }).table_name).slice(-2)).toEqual(['bills', 'transactions']);
    // the posted entry changes only through the bill
    expect((await failure(t.call('entries.update', { id: postingEntryId(bill.id), patch: { amountPaise: 1 } }))).code).toBe('CONFLICT');
  });

  it('a purchase posts got: you owe the supplier', async () => {
    const partyId = await supplier();
    const bill = await t.call('bills.create', { kind: 'purchase', partyType: 'supplier', partyId, lines: [{ name: 'Sugar sack', qtyMilli: 1000, ratePaise: 200_000, gstRateBp: 500 }] });
    // 2000.00 + 2.5% + 2.5% = 2100.00
    expect(bill).toMatchObject({ kind: 'purchase', cgstPaise: 5000, sgstPaise: 5000, totalPaise: 210_000 });
    expect(await balance('supplier', partyId)).toBe(-210_000);
  });

  it('numbers go up per device series and are never reused after a delete', async () => {
    const partyId = await customer();
    const a = await sale(partyId);
    const b = await sale(partyId);
    await t.call('bills.delete', { id: b.id });
    const c = await sale(partyId);
    expect([a.invoiceNumber, b.invoiceNumber, c.invoiceNumber]).toEqual(['INV-1-0001', 'INV-1-0002', 'INV-1-0003']);
    await t.call('settings.update', { invoicePrefix: 'AS/' });
    expect((await sale(partyId)).invoiceNumber).toBe('AS/1-0004');
  });

  it('a number already taken (the unique index) is a CONFLICT and writes nothing', async () => {
    const partyId = await customer();
    // A bill of another series that happens to carry this device's next number.
    t.core.db
      .prepare(
        `INSERT INTO bills (id, business_id, created_at, updated_at, kind, party_type, party_id, invoice_number, invoice_series, invoice_seq, bill_date)
         VALUES ('00000000-0000-4000-8000-000000000001', ?, 'x', 'x', 'sale', 'customer', ?, 'INV-1-0001', 9, 1, '2026-11-01')`,
      )
      .run(t.core.businessId, partyId);
    const before = counts();
    const error = await failure(sale(partyId));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/INV-1-0001/);
    expect(counts()).toEqual(before);
  });

  it('a failure after the bill insert leaves no bill, no entry, no items and no outbox op', async () => {
    // a core whose log we read: the failure is reported as INTERNAL and logged, not swallowed
    await t.close();
    const logged: string[] = [];
    t = createTestCore({ now: clock.now, log: (message, error) => logged.push(`${message}: ${String(error)}`) });
    const partyId = await customer();
    t.core.db.exec(`CREATE TEMP TRIGGER fail_posting BEFORE INSERT ON transactions WHEN NEW.bill_id IS NOT NULL BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    const before = counts();
    const error = await failure(sale(partyId));
    expect(error.code).toBe('INTERNAL');
    expect(logged).toEqual(['internal error: SqliteError: disk on fire']);
    expect(counts()).toEqual(before);
    expect(await balance('customer', partyId)).toBe(0);
    t.core.db.exec('DROP TRIGGER fail_posting');
    // the number was not used up
    expect((await sale(partyId)).invoiceNumber).toBe('INV-1-0001');
  });
});

describe('garbage in, nothing written', () => {
  const line = { name: 'Tea', qtyMilli: 1000, ratePaise: 1000, gstRateBp: 500 };
  const cases: [string, string, (partyId: string) => unknown][] = [
    ['negative rate', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [{ ...line, ratePaise: -1 }] })],
    ['fractional rate', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [{ ...line, ratePaise: 10.5 }] })],
    ['fractional discount', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [line], discountPaise: 0.5 })],
    ['negative discount', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [line], discountPaise: -100 })],
    ['discount above the lines', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [line], discountPaise: 1001 })],
    ['qty 0', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [{ ...line, qtyMilli: 0 }] })],
    ['fractional qty', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [{ ...line, qtyMilli: 1.5 }] })],
    ['unknown GST rate', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [{ ...line, gstRateBp: 1000 }] })],
    ['GST as a percent', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [{ ...line, gstRateBp: 18 }] })],
    ['201 lines', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: Array.from({ length: 201 }, () => line) })],
    ['no lines', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [] })],
    ['empty item name', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [{ ...line, name: '  ' }] })],
    ['bad HSN', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [{ ...line, hsn: '12AB' }] })],
    ['unknown key', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [line], totalPaise: 5 })],
    ['unknown line key', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [{ ...line, taxablePaise: 1 }] })],
    ['bad kind', 'VALIDATION', (p) => ({ kind: 'refund', partyType: 'customer', partyId: p, lines: [line] })],
    ['bad place of supply', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [line], placeOfSupply: '99' })],
    ['due before date', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [line], date: '2026-11-20', dueDate: '2026-11-19' })],
    ['zero total', 'VALIDATION', (p) => ({ kind: 'sale', partyType: 'customer', partyId: p, lines: [{ ...line, ratePaise: 0 }] })],
    ['unknown party', 'NOT_FOUND', () => ({ kind: 'sale', partyType: 'customer', partyId: '0190f5e4-0000-7000-8000-000000000000', lines: [line] })],
    ['party of the other type', 'NOT_FOUND', (p) => ({ kind: 'sale', partyType: 'supplier', partyId: p, lines: [line] })],
    ['bad party id', 'VALIDATION', () => ({ kind: 'sale', partyType: 'customer', partyId: 'nope', lines: [line] })],
    ['not an object', 'VALIDATION', () => 'bill please'],
  ];

  it.each(cases)('%s -> %s', async (_name, code, input) => {
    const partyId = await customer();
    const before = counts();
    const result = await t.core.handle('bills.create', input(partyId));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
    expect(counts()).toEqual(before);
  });

  it('the 201-lines error says the limit', async () => {
    const partyId = await customer();
    const error = await failure(t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId, lines: Array.from({ length: 201 }, () => line) }));
    expect(error.message).toMatch(/at most 200 lines/);
  });

  it('200 lines are fine', async () => {
    const partyId = await customer();
    const bill = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId, lines: Array.from({ length: 200 }, () => line) });
    // 200 x (1000 + 25 + 25) = 210000
    expect(bill.totalPaise).toBe(210_000);
    expect(count('bill_items')).toBe(200);
  });
});

describe('bills.update', () => {
  it('recomputes everything and the posting entry and balance follow', async () => {
    const partyId = await customer();
    const bill = await sale(partyId);
    const updated = await t.call('bills.update', {
      id: bill.id,
      patch: { lines: [{ name: 'Ghee', qtyMilli: 2000, ratePaise: 50_000, gstRateBp: 1200 }], discountPaise: 0, date: '2026-11-22', note: 'corrected' },
    });
    // 1000.00 + 6% + 6% = 1120.00
    expect(updated).toMatchObject({ invoiceNumber: 'INV-1-0001', totalPaise: 112_000, cgstPaise: 6000, discountPaise: 0, date: '2026-11-22', note: 'corrected' });
    expect(updated.lines).toHaveLength(1);
    expect(t.core.db.prepare('SELECT count(*) AS n FROM bill_items WHERE bill_id = ?').get(bill.id)).toEqual({ n: 1 });
    const posting = t.core.db.prepare('SELECT amount_paise, entry_date, deleted_at FROM transactions WHERE id = ?').get(postingEntryId(bill.id));
    expect(posting).toEqual({ amount_paise: 112_000, entry_date: '2026-11-22', deleted_at: null });
    expect(await balance('customer', partyId)).toBe(112_000);
    expect(count('transactions')).toBe(1);
  });

  it('an edit of the note alone keeps the lines and totals as they were', async () => {
    const bill = await sale(await customer());
    const updated = await t.call('bills.update', { id: bill.id, patch: { note: 'thanks' } });
    expect(updated).toMatchObject({ totalPaise: 128_500, roundOffPaise: 43, cgstPaise: 9180, note: 'thanks' });
    expect(updated.lines).toEqual(bill.lines);
    const unrounded = await sale(await customer('27', 'Other'), { roundOff: false });
    expect((await t.call('bills.update', { id: unrounded.id, patch: { note: 'x' } })).totalPaise).toBe(128_457);
  });

  it('moving a bill to another party moves its posting entry, its payments and the tax split', async () => {
    const asha = await customer('27');
    const ravi = await customer('29', 'Ravi Stores');
    const bill = await sale(asha);
    await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 28_500 });
    expect(await balance('customer', asha)).toBe(100_000);
    const moved = await t.call('bills.update', { id: bill.id, patch: { partyType: 'customer', partyId: ravi } });
    expect(moved).toMatchObject({ partyId: ravi, partyName: 'Ravi Stores', placeOfSupply: '29', interState: true, igstPaise: 18_362, paidPaise: 28_500, status: 'partly_paid' });
    expect(await balance('customer', asha)).toBe(0);
    expect(await balance('customer', ravi)).toBe(100_000);
  });

  it('refuses a total below what is already paid, and edits of deleted bills', async () => {
    const bill = await sale(await customer());
    await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 100_000 });
    const before = counts();
    const error = await failure(t.call('bills.update', { id: bill.id, patch: { lines: [{ name: 'Tea', qtyMilli: 1000, ratePaise: 100, gstRateBp: 0 }], discountPaise: 0 } }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/₹1,000\.00/);
    expect(counts()).toEqual(before);

    const other = await sale(await customer('27', 'Other'));
    await t.call('bills.delete', { id: other.id });
    expect((await failure(t.call('bills.update', { id: other.id, patch: { note: 'x' } }))).code).toBe('NOT_FOUND');
  });

  it.each([
    ['negative discount', 'VALIDATION', { discountPaise: -1 }],
    ['fractional rate', 'VALIDATION', { lines: [{ name: 'Tea', qtyMilli: 1000, ratePaise: 0.5, gstRateBp: 0 }] }],
    ['unknown GST rate', 'VALIDATION', { lines: [{ name: 'Tea', qtyMilli: 1000, ratePaise: 100, gstRateBp: 1700 }] }],
    ['no lines', 'VALIDATION', { lines: [] }],
    ['discount above the lines', 'VALIDATION', { discountPaise: 111_098 }],
    ['unknown party', 'NOT_FOUND', { partyType: 'customer', partyId: '0190f5e4-0000-7000-8000-000000000000' }],
    ['unknown key', 'VALIDATION', { totalPaise: 1 }],
  ] as const)('garbage edit (%s) -> %s, nothing written', async (_name, code, patch) => {
    const bill = await sale(await customer());
    const before = counts();
    const result = await t.core.handle('bills.update', { id: bill.id, patch });
    expect(result.ok ? null : result.error.code).toBe(code);
    expect(counts()).toEqual(before);
    expect(await t.call('bills.get', { id: bill.id })).toEqual(bill);
  });

  it('an unknown bill is NOT_FOUND', async () => {
    const id = '0190f5e4-0000-7000-8000-000000000000';
    for (const [method, input] of [
      ['bills.get', { id }],
      ['bills.update', { id, patch: {} }],
      ['bills.delete', { id }],
      ['bills.restore', { id }],
      ['bills.recordPayment', { billId: id, amountPaise: 100 }],
    ] as const) {
      const result = await t.core.handle(method, input);
      expect(result.ok ? null : result.error.code, method).toBe('NOT_FOUND');
    }
  });

  it('half a party change is refused', async () => {
    const bill = await sale(await customer());
    const result = await t.core.handle('bills.update', { id: bill.id, patch: { partyType: 'supplier' } });
    expect(result.ok ? null : result.error.code).toBe('VALIDATION');
  });
});

describe('bills.delete and bills.restore', () => {
  it('delete soft-deletes bill and posting entry; restore brings both back', async () => {
    const partyId = await customer();
    const bill = await sale(partyId);
    const deleted = await t.call('bills.delete', { id: bill.id });
    expect(deleted.deletedAt).not.toBeNull();
    expect(await balance('customer', partyId)).toBe(0);
    expect((t.core.db.prepare('SELECT deleted_at FROM transactions WHERE id = ?').get(postingEntryId(bill.id)) as { deleted_at: string | null }).deleted_at).not.toBeNull();
    expect((await t.call('bills.list', {})).total).toBe(0);
    expect((await t.call('bills.list', { includeDeleted: true })).total).toBe(1);
    expect((await failure(t.call('bills.recordPayment', { billId: bill.id, amountPaise: 100 }))).code).toBe('NOT_FOUND');

    const restored = await t.call('bills.restore', { id: bill.id });
    expect(restored.deletedAt).toBeNull();
    expect(restored.invoiceNumber).toBe('INV-1-0001');
    expect(await balance('customer', partyId)).toBe(128_500);
    // the outbox carries the delete and restore of both rows
    const ops = t.core.db.prepare(`SELECT table_name, fields FROM outbox WHERE fields LIKE '%deleted_at%' AND fields NOT LIKE '%business_id%'`).all() as { table_name: string }[];
    expect(ops.map((o) => o.table_name).sort()).toEqual(['bills', 'bills', 'transactions', 'transactions']);
  });

  it('a bill with payments cannot be deleted until the payments are', async () => {
    const partyId = await customer();
    const bill = await sale(partyId);
    const { payment } = await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 500 });
    const before = counts();
    const error = await failure(t.call('bills.delete', { id: bill.id }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/₹5\.00/);
    expect(counts()).toEqual(before);
    await t.call('entries.delete', { id: payment.id });
    await t.call('bills.delete', { id: bill.id });
    expect(await balance('customer', partyId)).toBe(0);
  });

  it('restoring a bill of a deleted party is refused', async () => {
    const partyId = await customer();
    const bill = await sale(partyId);
    await t.call('bills.delete', { id: bill.id });
    await t.call('parties.delete', { type: 'customer', id: partyId });
    expect((await failure(t.call('bills.restore', { id: bill.id }))).code).toBe('NOT_FOUND');
  });
});

describe('payments', () => {
  it('status moves unpaid -> partly_paid -> paid; paid is the sum of live payment entries', async () => {
    const partyId = await customer();
    const bill = await sale(partyId);
    const first = await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 50_000, date: '2026-11-26', note: 'cash' });
    expect(first.bill).toMatchObject({ paidPaise: 50_000, duePaise: 78_500, status: 'partly_paid' });
    expect(first.payment).toMatchObject({ direction: 'got', amountPaise: 50_000, billId: bill.id, date: '2026-11-26', note: 'cash', partyId });
    expect(await balance('customer', partyId)).toBe(78_500);

    const second = await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 78_500 });
    expect(second.bill).toMatchObject({ paidPaise: 128_500, duePaise: 0, status: 'paid' });
    expect(readAppNote(second.payment.note)).toEqual({ code: 'paymentFor', number: 'INV-1-0001' });
    expect(noteInEnglish(second.payment.note)).toBe('Payment for INV-1-0001');
    expect(second.bill.payments.map((p) => p.amountPaise)).toEqual([78_500, 50_000]); // by date: today (25th) before the 26th
    expect(await balance('customer', partyId)).toBe(0);

    // payments are ordinary entries: edit and delete them with entries.*
    await t.call('entries.update', { id: first.payment.id, patch: { amountPaise: 40_000 } });
    expect(await t.call('bills.get', { id: bill.id })).toMatchObject({ paidPaise: 118_500, status: 'partly_paid' });
    await t.call('entries.delete', { id: first.payment.id });
    await t.call('entries.delete', { id: second.payment.id });
    expect(await t.call('bills.get', { id: bill.id })).toMatchObject({ paidPaise: 0, status: 'unpaid', payments: [] });
  });

  it('refuses a payment above the amount due, naming it, and writes nothing', async () => {
    const bill = await sale(await customer());
    await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 28_500 });
    const before = counts();
    const error = await failure(t.call('bills.recordPayment', { billId: bill.id, amountPaise: 100_001 }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/₹1,000\.00 is due/);
    expect(counts()).toEqual(before);
    await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 100_000 });
    expect((await failure(t.call('bills.recordPayment', { billId: bill.id, amountPaise: 1 }))).message).toMatch(/paid in full/);
    for (const bad of [0, -5, 1.5]) expect((await t.core.handle('bills.recordPayment', { billId: bill.id, amountPaise: bad })).ok).toBe(false);
    expect(counts().transactions).toBe(3);
  });

  it('a purchase payment goes out (gave) and settles the supplier', async () => {
    const partyId = await supplier();
    const bill = await t.call('bills.create', { kind: 'purchase', partyType: 'supplier', partyId, lines: [{ name: 'Oil tin', qtyMilli: 1000, ratePaise: 150_000, gstRateBp: 0 }] });
    const { payment, bill: after } = await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 150_000 });
    expect(payment.direction).toBe('gave');
    expect(after.status).toBe('paid');
    expect(await balance('supplier', partyId)).toBe(0);
  });

  it('two payments recorded on two devices both count, and an overpayment shows as paid with nothing due', async () => {
    const partyId = await customer();
    const bill = await sale(partyId);
    await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 100_000 });
    // the other device's payment arrives by sync: a plain linked entry
    t.core.transact(() =>
      t.core.ctx.writer.insert('transactions', { party_type: 'customer', party_id: partyId, direction: 'got', amount_paise: 100_000, entry_date: '2026-11-25', note: null, bill_id: bill.id }),
    );
    expect(await t.call('bills.get', { id: bill.id })).toMatchObject({ paidPaise: 200_000, duePaise: 0, status: 'paid' });
    expect(await balance('customer', partyId)).toBe(-71_500);
  });
});

describe('bills.preview', () => {
  it('computes what create would, and writes nothing', async () => {
    const partyId = await customer('29');
    const before = counts();
    const preview = await t.call('bills.preview', { partyType: 'customer', partyId, lines: LINES, discountPaise: 1000 });
    expect(counts()).toEqual(before);
    expect(preview).toMatchObject({ placeOfSupply: '29', interState: true, igstPaise: 18_362, totalPaise: 128_500, roundOffPaise: 41 });
    const created = await sale(partyId);
    expect(created.lines).toEqual(preview.lines);
    expect(await t.call('bills.preview', { lines: [] })).toMatchObject({ totalPaise: 0, lines: [], placeOfSupply: '27', interState: false });
    expect((await t.core.handle('bills.preview', { lines: [], discountPaise: 5 })).ok).toBe(false);
  });
});

describe('bills.list', () => {
  it('newest first, with party name, paid and status; filters by status, party, dates and search', async () => {
    const asha = await customer('27', 'Asha Traders');
    const ravi = await customer('27', 'Ravi Stores');
    const b1 = await sale(asha, { date: '2026-11-01' });
    const b2 = await sale(ravi, { date: '2026-11-10' });
    const b3 = await sale(asha, { date: '2026-11-20' });
    await t.call('bills.recordPayment', { billId: b2.id, amountPaise: 1000 });
    await t.call('bills.recordPayment', { billId: b3.id, amountPaise: 128_500 });

    const all = await t.call('bills.list', {});
    expect(all.total).toBe(3);
    expect(all.items.map((b) => [b.invoiceNumber, b.partyName, b.paidPaise, b.status])).toEqual([
      ['INV-1-0003', 'Asha Traders', 128_500, 'paid'],
      ['INV-1-0002', 'Ravi Stores', 1000, 'partly_paid'],
      ['INV-1-0001', 'Asha Traders', 0, 'unpaid'],
    ]);
    const ids = async (input: MethodInput<'bills.list'>) => (await t.call('bills.list', input)).items.map((b) => b.id);
    expect(await ids({ status: 'unpaid' })).toEqual([b1.id]);
    expect(await ids({ status: 'partly_paid' })).toEqual([b2.id]);
    expect(await ids({ status: 'paid' })).toEqual([b3.id]);
    expect(await ids({ partyId: asha })).toEqual([b3.id, b1.id]);
    expect(await ids({ from: '2026-11-05', to: '2026-11-15' })).toEqual([b2.id]);
    expect(await ids({ search: 'ravi' })).toEqual([b2.id]);
    expect(await ids({ search: 'inv-1-0001' })).toEqual([b1.id]);
    expect(await ids({ search: '%' })).toEqual([]);
    expect(await ids({ kind: 'purchase' })).toEqual([]);
    const page = await t.call('bills.list', { offset: 1, limit: 1 });
    expect(page).toMatchObject({ total: 3, items: [{ id: b2.id }] });
    expect((await t.core.handle('bills.list', { status: 'overdue' })).ok).toBe(false);
  });

  it.each(['all', 'unpaid', 'paid'] as const)('status %s reads paid through transactions_bill_idx, one statement, no table scan', (status) => {
    const q = billListQuery(t.core.ctx, { status, search: 'asha', includeDeleted: false, offset: 0, limit: 100 });
    const plan = (t.core.db.prepare(`EXPLAIN QUERY PLAN ${q.rowsSql}`).all(...q.params, 100, 0) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/SEARCH t USING INDEX transactions_bill_idx \(bill_id=\?\)/);
    expect(plan).toMatch(/SEARCH b USING INDEX bills_date_idx/);
    expect(plan).not.toMatch(/SCAN (t|b|transactions|bills)\b/);
  });
});

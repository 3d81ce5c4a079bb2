import { describe, expect, it } from 'vitest';
import { addMember, makeClient } from '../../supabase/local/testkit';
import { computeBillMoney } from '../../src-main/core/ledger/bills/gst';
import { expectConverged, newEmail, PASSWORD, settle, startDevice, type Device, serverForFile } from './harness';

/**
 * Sync-trust scenarios 6 and 7: a bill moves as one unit with its posting entry and
 * payments; concurrent edits of one bill both survive and its figures are computed again.
 */
const standIn = serverForFile();
const devices = standIn.devices;

async function device(name: string, email: string, signUp = false) {
  const d = await startDevice(standIn.sb, { name, email, signUp, sync: { random: () => 0 } });
  devices.push(d);
  return d;
}

/** An owner's device and a staff member's device of one shop, with a customer. */
async function shop() {
  const ownerEmail = newEmail('owner');
  const staffEmail = newEmail('staff');
  const owner = await device('Owner', ownerEmail, true);
  await standIn.sb.createUser(staffEmail, PASSWORD);
  const ownerApi = makeClient(standIn.sb);
  await ownerApi.auth.signInWithPassword({ email: ownerEmail, password: PASSWORD });
  const staffApi = makeClient(standIn.sb);
  await staffApi.auth.signInWithPassword({ email: staffEmail, password: PASSWORD });
  await addMember(ownerApi, staffApi, owner.core.businessId, staffEmail);
  const party = await owner.call('parties.create', { type: 'customer', name: 'Anita' });
  await settle([owner]);
  const staff = await device('Staff', staffEmail);
  await settle([owner, staff]);
  await ownerApi.auth.signOut();
  await staffApi.auth.signOut();
  return { owner, staff, party };
}

const balanceOf = (d: Device, partyId: string) =>
  (d.core.db.prepare('SELECT coalesce(sum(balance_paise), 0) AS n FROM party_balances WHERE party_id = ?').get(partyId) as { n: number }).n;
const serverBalance = async (partyId: string) =>
  Number(
    (await standIn.sb.sql<{ n: string }>("select coalesce(sum(case when direction = 'gave' then amount_paise else -amount_paise end), 0) as n from transactions where party_id = $1 and deleted_at is null", [partyId]))[0]!.n,
  );

describe('6. a bill moves as one unit', () => {
  it('a bill deletion the server refuses takes its posting entry with it, on every device', async () => {
    const { owner, staff, party } = await shop();
    const bill = await owner.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, lines: [{ name: 'Sugar', qtyMilli: 5000, ratePaise: 4_500, gstRateBp: 0 }] });
    await settle([owner, staff]);
    // A device that still believes it is the owner (demoted while offline) deletes the bill.
    staff.core.state.set('role', 'owner');
    await staff.call('bills.delete', { id: bill.id });
    expect(balanceOf(staff, party.id)).toBe(0);
    await settle([owner, staff]);
    staff.core.state.set('role', 'staff');
    for (const d of [owner, staff]) {
      expect((await d.call('bills.get', { id: bill.id })).deletedAt).toBeNull();
      expect(balanceOf(d, party.id)).toBe(bill.totalPaise);
    }
    expect(await serverBalance(party.id)).toBe(bill.totalPaise);
    const problems = staff.core.sync.problems(false);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ table: 'bills', rowId: bill.id, code: 'FORBIDDEN', detail: { refusedWith: 1 } });
    expectConverged([owner, staff]);
  });

  it('a payment on a bill deleted elsewhere is refused and rolled back, and the user told', async () => {
    const { owner, staff, party } = await shop();
    const bill = await owner.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, lines: [{ name: 'Oil', qtyMilli: 2000, ratePaise: 15_000, gstRateBp: 500 }] });
    await settle([owner, staff]);
    staff.core.sync.pause();
    await staff.call('bills.recordPayment', { billId: bill.id, amountPaise: 10_000 });
    await owner.call('bills.delete', { id: bill.id });
    await settle([owner]);
    staff.core.sync.resume();
    await settle([owner, staff]);
    for (const d of [owner, staff]) {
      expect((await d.call('bills.get', { id: bill.id })).deletedAt).not.toBeNull();
      expect(balanceOf(d, party.id)).toBe(0);
    }
    expect(await serverBalance(party.id)).toBe(0);
    const problem = staff.core.sync.problems(false)[0]!;
    expect(problem).toMatchObject({ table: 'transactions', code: 'CONFLICT', reason: 'bill_deleted', detail: { invoice_number: bill.invoiceNumber, amount_paise: 10_000 } });
    expectConverged([owner, staff]);
  });

  it('two payments that together pass the bill’s total: the second is refused', async () => {
    const { owner, staff, party } = await shop();
    const bill = await owner.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, lines: [{ name: 'Rice', qtyMilli: 10_000, ratePaise: 6_000, gstRateBp: 0 }] });
    await settle([owner, staff]);
    owner.core.sync.pause();
    staff.core.sync.pause();
    await owner.call('bills.recordPayment', { billId: bill.id, amountPaise: bill.totalPaise });
    await staff.call('bills.recordPayment', { billId: bill.id, amountPaise: 20_000 });
    owner.core.sync.resume();
    await settle([owner]);
    staff.core.sync.resume();
    await settle([owner, staff]);
    for (const d of [owner, staff]) {
      const b = await d.call('bills.get', { id: bill.id });
      expect(b.paidPaise).toBe(bill.totalPaise);
      expect(b.status).toBe('paid');
      expect(balanceOf(d, party.id)).toBe(0);
    }
    expect(staff.core.sync.problems(false)[0]).toMatchObject({ reason: 'overpaid', detail: { due_paise: 0, amount_paise: 20_000 } });
    expectConverged([owner, staff]);
  });
});

describe('7. concurrent bill edits both survive', () => {
  it.each([['quantity first'], ['discount first']])('one device changes a quantity, the other the discount (%s): both edits, totals recomputed', async (order) => {
    const email = newEmail();
    const a = await device('A', email, true);
    await a.call('settings.update', { stateCode: '27' });
    const party = await a.call('parties.create', { type: 'customer', name: 'Vijay', stateCode: '27' });
    const lines = [
      { name: 'Soap', hsn: '3401', qtyMilli: 3000, ratePaise: 3_500, gstRateBp: 1800 },
      { name: 'Toothpaste', hsn: '3306', qtyMilli: 2000, ratePaise: 9_900, gstRateBp: 1800 },
    ];
    const bill = await a.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: party.id, lines, discountPaise: 0 });
    const b = await device('B', email);
    await settle([a, b]);
    a.core.sync.pause();
    b.core.sync.pause();
    const edited = [{ ...lines[0]!, qtyMilli: 5000 }, lines[1]!];
    await a.call('bills.update', { id: bill.id, patch: { lines: edited } });
    await b.call('bills.update', { id: bill.id, patch: { discountPaise: 2_000 } });
    const [first, second] = order === 'quantity first' ? [a, b] : [b, a];
    first.core.sync.resume();
    await settle([first]);
    second.core.sync.resume();
    await settle([a, b]);
    await settle([a, b]);
    const expected = computeBillMoney({ lines: edited, discountPaise: 2_000, interState: false, roundOff: true });
    for (const d of [a, b]) {
      const got = await d.call('bills.get', { id: bill.id });
      expect(got.lines.map((l) => l.qtyMilli)).toEqual([5000, 2000]);
      expect(got.discountPaise).toBe(2_000);
      expect({ taxable: got.taxablePaise, cgst: got.cgstPaise, sgst: got.sgstPaise, total: got.totalPaise }).toEqual({
        taxable: expected.taxablePaise,
        cgst: expected.cgstPaise,
        sgst: expected.sgstPaise,
        total: expected.totalPaise,
      });
      expect(got.lines.map((l) => l.taxablePaise)).toEqual(expected.lines.map((l) => l.taxablePaise));
      expect(balanceOf(d, party.id)).toBe(expected.totalPaise);
    }
    const server = (await standIn.sb.sql<{ total_paise: string; discount_paise: string }>('select total_paise, discount_paise from bills where id = $1', [bill.id]))[0]!;
    expect({ total: Number(server.total_paise), discount: Number(server.discount_paise) }).toEqual({ total: expected.totalPaise, discount: 2_000 });
    expect(await serverBalance(party.id)).toBe(expected.totalPaise);
    expect(a.core.sync.problems(false)).toEqual([]);
    expect(b.core.sync.problems(false)).toEqual([]);
    expectConverged([a, b]);
  });
});

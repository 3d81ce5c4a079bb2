import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { CREDIT_INDEX, creditWalkSql, CreditWalker } from './dues';
import { duesSql, owingDues } from './due-sql';
import { newId } from '../../util/ids';
import { addDays } from '../../util/dates';

// To collect through the contract, on a real core: lists across time zones and month ends,
// FIFO part payments, the credit period, promises kept and broken, reminders.
let t: TestCore | null = null;
const clock = manualClock();
afterEach(async () => {
  await t?.close();
  t = null;
  delete process.env.TZ;
});

async function shop(now: string, opts: { timezone?: string; upiId?: string } = {}) {
  clock.set(now);
  t = createTestCore({ now: clock.now });
  await t.call('settings.update', { name: 'Sharma Kirana', ...(opts.timezone ? { timezone: opts.timezone } : {}), ...(opts.upiId ? { upiId: opts.upiId } : {}) });
  return t;
}
const customer = async (name: string, extra: { creditDays?: number | null; phone?: string } = {}) => (await t!.call('parties.create', { type: 'customer', name, ...extra })).id;
const gave = (partyId: string, amountPaise: number, date: string, dueDate?: string | null) =>
  t!.call('entries.add', { partyType: 'customer', partyId, direction: 'gave', amountPaise, date, dueDate });
const got = (partyId: string, amountPaise: number, date: string) => t!.call('entries.add', { partyType: 'customer', partyId, direction: 'got', amountPaise, date });
const brief = (rows: { name: string; amountPaise: number; dueDate: string | null; daysOverdue: number }[]) => rows.map((r) => [r.name, r.amountPaise, r.dueDate, r.daysOverdue]);

describe('To collect: which day is today', () => {
  it('a shop in Kolkata at 00:30 on the 1st (19:00 UTC on the 31st) counts the 31st as overdue', async () => {
    process.env.TZ = 'UTC'; // the computer's own clock says the 31st
    await shop('2026-01-31T19:00:00.000Z', { timezone: 'Asia/Kolkata' });
    const a = await customer('Anil');
    const b = await customer('Bina');
    const c = await customer('Chetan');
    await gave(a, 10_000, '2026-01-20', '2026-01-31');
    await gave(b, 20_000, '2026-01-20', '2026-02-01');
    await gave(c, 30_000, '2026-01-20', '2026-02-08');
    const list = await t!.call('collections.list', {});
    expect(list.today).toBe('2026-02-01');
    expect(brief(list.overdue)).toEqual([['Anil', 10_000, '2026-01-31', 1]]);
    expect(brief(list.dueToday)).toEqual([['Bina', 20_000, '2026-02-01', 0]]);
    expect(brief(list.upcoming)).toEqual([['Chetan', 30_000, '2026-02-08', 0]]);
    expect(list.toRemind.map((r) => [r.name, r.amountPaise, r.dueDate])).toEqual([
      ['Bina', 20_000, '2026-02-01'],
      ['Anil', 10_000, '2026-01-31'],
    ]);
  });

  it('the same books in a shop on UTC, a few minutes before midnight, see the 31st as today', async () => {
    process.env.TZ = 'Asia/Kolkata'; // the computer is set to India, the business is not
    await shop('2026-01-31T23:55:00.000Z', { timezone: 'UTC' });
    const a = await customer('Anil');
    const c = await customer('Chetan');
    await gave(a, 10_000, '2026-01-20', '2026-01-31');
    await gave(c, 30_000, '2026-01-20', '2026-02-08'); // 8 days away: not upcoming yet
    const list = await t!.call('collections.list', {});
    expect(list.today).toBe('2026-01-31');
    expect(brief(list.dueToday)).toEqual([['Anil', 10_000, '2026-01-31', 0]]);
    expect(list.overdue).toEqual([]);
    expect(list.upcoming).toEqual([]);
    clock.set('2026-02-01T00:05:00.000Z');
    const next = await t!.call('collections.list', {});
    expect(brief(next.overdue)).toEqual([['Anil', 10_000, '2026-01-31', 1]]);
    expect(brief(next.upcoming)).toEqual([['Chetan', 30_000, '2026-02-08', 0]]);
  });

  it('February: credit of 30 days from 31 January falls due on 2 March (1 March in a leap year)', async () => {
    await shop('2026-03-01T06:00:00.000Z');
    const a = await customer('Anil', { creditDays: 30 });
    await gave(a, 10_000, '2026-01-31');
    expect(brief((await t!.call('collections.list', {})).upcoming)).toEqual([['Anil', 10_000, '2026-03-02', 0]]);
    clock.set('2026-03-03T06:00:00.000Z');
    expect(brief((await t!.call('collections.list', {})).overdue)).toEqual([['Anil', 10_000, '2026-03-02', 1]]);
  });
});

describe('To collect: amounts', () => {
  it('lists sort by amount, largest first; a part payment settles the oldest credit first', async () => {
    await shop('2026-11-15T06:00:00.000Z');
    const a = await customer('Anil');
    const b = await customer('Bina');
    const c = await customer('Chetan');
    await gave(a, 100_000, '2026-11-01', '2026-11-10');
    await gave(a, 50_000, '2026-11-05', '2026-11-20');
    await got(a, 40_000, '2026-11-12'); // 600 of the first left overdue, 500 upcoming
    await gave(b, 80_000, '2026-11-01', '2026-11-05');
    await got(b, 80_000, '2026-11-02'); // settled: not listed
    await gave(b, 20_000, '2026-11-03', '2026-11-14');
    await gave(c, 70_000, '2026-11-01', '2026-11-13');
    const list = await t!.call('collections.list', {});
    expect(brief(list.overdue)).toEqual([
      ['Chetan', 70_000, '2026-11-13', 2],
      ['Anil', 60_000, '2026-11-10', 5],
      ['Bina', 20_000, '2026-11-14', 1],
    ]);
    expect(brief(list.upcoming)).toEqual([['Anil', 50_000, '2026-11-20', 0]]);
    expect(list.totals).toEqual({ overduePaise: 150_000, dueTodayPaise: 0, upcomingPaise: 50_000 });
    // The bulk run asks each party once for what is overdue and due today, oldest date named.
    expect(list.toRemind.map((r) => [r.name, r.amountPaise, r.dueDate])).toEqual([
      ['Chetan', 70_000, '2026-11-13'],
      ['Anil', 60_000, '2026-11-10'],
      ['Bina', 20_000, '2026-11-14'],
    ]);
    // Paying 1,000 more clears the overdue 600 and 400 of the upcoming 500.
    await got(a, 100_000, '2026-11-15');
    const after = await t!.call('collections.list', {});
    expect(brief(after.overdue).map((r) => r[0])).toEqual(['Chetan', 'Bina']);
    expect(brief(after.upcoming)).toEqual([['Anil', 10_000, '2026-11-20', 0]]);
  });

  it('the credit period is editable on the party; an entry’s own due date wins over it', async () => {
    await shop('2026-11-15T06:00:00.000Z');
    const a = await customer('Anil');
    await gave(a, 10_000, '2026-10-01');
    await gave(a, 5_000, '2026-10-02', '2026-11-30');
    expect((await t!.call('collections.list', {})).overdue).toEqual([]); // no period yet: not scheduled
    await t!.call('parties.update', { type: 'customer', id: a, patch: { creditDays: 30 } });
    expect(brief((await t!.call('collections.list', {})).overdue)).toEqual([['Anil', 10_000, '2026-10-31', 15]]);
    const dues = await t!.call('collections.party', { partyType: 'customer', partyId: a });
    expect(dues).toMatchObject({ creditDays: 30, overduePaise: 10_000, laterPaise: 5_000, unscheduledPaise: 0, oldestOverdueDate: '2026-10-31', nextDueDate: '2026-11-30' });
    expect(dues.reminder).toMatchObject({ amountPaise: 10_000, dueDate: '2026-10-31', upiLink: null });
    await t!.call('parties.update', { type: 'customer', id: a, patch: { creditDays: null } });
    expect((await t!.call('collections.party', { partyType: 'customer', partyId: a })).unscheduledPaise).toBe(10_000);
  });

  it('a due date is for credit given, on or after its date; a deleted party leaves the lists', async () => {
    await shop('2026-11-15T06:00:00.000Z');
    const a = await customer('Anil');
    await expect(t!.call('entries.add', { partyType: 'customer', partyId: a, direction: 'got', amountPaise: 100, dueDate: '2026-11-20' })).rejects.toThrow(/VALIDATION/);
    await expect(gave(a, 100, '2026-11-10', '2026-11-09')).rejects.toThrow(/before the entry date/);
    await expect(gave(a, 100, '2026-11-10', '2026-02-30')).rejects.toThrow(/does not exist/);
    const e = await gave(a, 100, '2026-11-10', '2026-11-12');
    expect(e.dueDate).toBe('2026-11-12');
    expect((await t!.call('entries.update', { id: e.id, patch: { dueDate: '2026-11-25' } })).dueDate).toBe('2026-11-25');
    expect((await t!.call('entries.update', { id: e.id, patch: { direction: 'got' } })).dueDate).toBeNull();
    expect((await t!.call('collections.list', {})).overdue).toHaveLength(0); // the 100 is a payment now: nothing owed
    await gave(a, 500, '2026-11-10', '2026-11-11');
    expect(brief((await t!.call('collections.list', {})).overdue)).toEqual([['Anil', 400, '2026-11-11', 4]]); // 500 less the 100 paid
    await t!.call('parties.delete', { type: 'customer', id: a });
    expect((await t!.call('collections.list', {})).overdue).toHaveLength(0);
  });

  it('a sale bill’s entry is due when the bill is; its payments settle it like any other', async () => {
    await shop('2026-11-15T06:00:00.000Z');
    const a = await customer('Anil', { creditDays: 30 });
    const line = { name: 'Basmati Rice', qtyMilli: 1000, ratePaise: 100_000, gstRateBp: 0 };
    const bill = await t!.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: a, date: '2026-11-01', dueDate: '2026-11-10', lines: [line] });
    await t!.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: a, date: '2026-11-12', lines: [line] }); // no due date: the credit period
    expect(brief((await t!.call('collections.list', {})).overdue)).toEqual([['Anil', 100_000, '2026-11-10', 5]]);
    expect((await t!.call('collections.party', { partyType: 'customer', partyId: a })).laterPaise).toBe(100_000); // 12-11 + 30 days
    await t!.call('bills.recordPayment', { billId: bill.id, amountPaise: 40_000 });
    expect(brief((await t!.call('collections.list', {})).overdue)).toEqual([['Anil', 60_000, '2026-11-10', 5]]);
    await t!.call('bills.update', { id: bill.id, patch: { dueDate: '2026-11-20' } });
    const list = await t!.call('collections.list', {});
    expect(list.overdue).toEqual([]);
    expect(brief(list.upcoming)).toEqual([['Anil', 60_000, '2026-11-20', 0]]);
  });

  it('a shop with a UPI ID gets a pay link for each row’s amount', async () => {
    await shop('2026-11-15T06:00:00.000Z', { upiId: 'sharma@okaxis' });
    const a = await customer('Anil');
    await gave(a, 123_450, '2026-11-01', '2026-11-10');
    const [row] = (await t!.call('collections.list', {})).overdue;
    expect(row!.upiLink).toBe('upi://pay?pa=sharma%40okaxis&pn=Sharma%20Kirana&am=1234.50&tn=Anil&cu=INR');
  });
});

describe('promises and reminders', () => {
  it('a promise is open until its day, kept when paid by then, broken when the day passes unpaid', async () => {
    await shop('2026-11-15T06:00:00.000Z');
    const a = await customer('Anil');
    const b = await customer('Bina');
    await gave(a, 100_000, '2026-11-01', '2026-11-10');
    await gave(b, 100_000, '2026-11-01', '2026-11-10');
    await expect(t!.call('promises.add', { partyType: 'customer', partyId: a, amountPaise: 50_000, promisedOn: '2026-11-14' })).rejects.toThrow(/already passed/);
    const pa = await t!.call('promises.add', { partyType: 'customer', partyId: a, amountPaise: 50_000, promisedOn: '2026-11-18', note: 'after the market day' });
    await t!.call('promises.add', { partyType: 'customer', partyId: b, amountPaise: 50_000, promisedOn: '2026-11-17' });
    expect(pa).toMatchObject({ status: 'open', madeOn: '2026-11-15', promisedOn: '2026-11-18', note: 'after the market day' });
    let list = await t!.call('collections.list', {});
    expect(list.overdue.map((r) => [r.name, r.promise?.status, r.promise?.promisedOn])).toEqual([
      ['Anil', 'open', '2026-11-18'],
      ['Bina', 'open', '2026-11-17'],
    ]);
    await got(a, 50_000, '2026-11-17');
    clock.set('2026-11-19T06:00:00.000Z');
    list = await t!.call('collections.list', {});
    // Anil kept his (no promise shown any more); Bina's passed unpaid.
    expect(list.overdue.map((r) => [r.name, r.promise?.status ?? null])).toEqual([
      ['Bina', 'broken'],
      ['Anil', null],
    ]);
    const dues = await t!.call('collections.party', { partyType: 'customer', partyId: a });
    expect(dues.promises.map((p) => [p.status, p.paidPaise])).toEqual([['kept', 50_000]]);
    const bPromise = list.overdue[0]!.promise!;
    await t!.call('promises.cancel', { id: bPromise.id });
    expect((await t!.call('collections.list', {})).overdue[0]!.promise).toBeNull();
  });

  it('reminders are kept per party with the shop’s day they were sent on', async () => {
    await shop('2026-11-12T20:00:00.000Z'); // 01:30 on the 13th in Kolkata
    const a = await customer('Anil', { phone: '9876543210' });
    await gave(a, 100_000, '2026-11-01', '2026-11-10');
    const r = await t!.call('reminders.record', { partyType: 'customer', partyId: a, amountPaise: 100_000, dueDate: '2026-11-10' });
    expect(r).toMatchObject({ channel: 'whatsapp', sentOn: '2026-11-13', amountPaise: 100_000, dueDate: '2026-11-10' });
    clock.set('2026-11-16T06:00:00.000Z');
    const [row] = (await t!.call('collections.list', {})).overdue;
    expect(row!.lastReminder).toMatchObject({ sentOn: '2026-11-13', amountPaise: 100_000 });
    await t!.call('reminders.record', { partyType: 'customer', partyId: a, amountPaise: 40_000 });
    expect((await t!.call('collections.party', { partyType: 'customer', partyId: a })).reminders.map((x) => x.amountPaise)).toEqual([40_000, 100_000]);
    await expect(t!.call('reminders.record', { partyType: 'customer', partyId: a, amountPaise: 1, channel: 'sms' as never })).rejects.toThrow(/whatsapp/);
  });
});

describe('To collect: indexes', () => {
  it('walks credit in the covering index’s own order (no sort for FIFO), promises and reminders by their party index', async () => {
    await shop('2026-11-15T06:00:00.000Z');
    const plan = (sql: string, ...params: unknown[]) =>
      (t!.core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const hinted = `INDEXED BY ${CREDIT_INDEX}`;
    const CREDIT_WALK_SQL = creditWalkSql(hinted);
    const list = plan(duesSql('customer', hinted), { business: 'b', type: 'customer', today: '2026-11-15', horizon: '2026-11-22' });
    expect(list).toMatch(/SCAN t USING COVERING INDEX transactions_credit_idx/);
    expect(list).toMatch(/SEARCH b USING INDEX sqlite_autoindex_party_balances_1 \(party_id=\?\)/);
    expect(list).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    expect(plan(CREDIT_WALK_SQL, 'p')).toMatch(/SEARCH t USING COVERING INDEX transactions_credit_idx \(party_id=\?\)/);
    expect(plan(CREDIT_WALK_SQL, 'p')).not.toMatch(/TEMP B-TREE/);
    // A sale bill's due date is read by the bill's primary key, only for entries without their own.
    expect(plan(CREDIT_WALK_SQL, 'p')).toMatch(/SEARCH b USING INDEX sqlite_autoindex_bills_1 \(id=\?\)/);
    const grouped = (table: string, index: string) =>
      plan(`SELECT party_id, max(created_at) FROM ${table} INDEXED BY ${index} WHERE business_id = ? AND deleted_at IS NULL GROUP BY party_id`, 'b');
    expect(grouped('reminders', 'reminders_party_idx')).toMatch(/SCAN reminders USING INDEX reminders_party_idx/);
    expect(grouped('payment_promises', 'payment_promises_party_idx')).not.toMatch(/TEMP B-TREE/);
    expect(plan('SELECT * FROM payment_promises WHERE party_id = ? AND deleted_at IS NULL ORDER BY made_on DESC, created_at DESC LIMIT 20', 'p')).toMatch(
      /USING INDEX payment_promises_party_idx/,
    );
    expect(plan('SELECT * FROM reminders WHERE party_id = ? AND deleted_at IS NULL ORDER BY sent_at DESC LIMIT 20', 'p')).toMatch(/USING INDEX reminders_party_idx/);
  });
});

describe('To collect: the one-pass list agrees with the walk', () => {
  it('gives every party the same overdue, due today and upcoming amounts and dates as allocateDues', async () => {
    await shop('2026-03-01T06:00:00.000Z');
    const db = t!.core.db;
    const business = t!.core.businessId;
    const now = '2026-03-01T06:00:00.000Z';
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const parties: { id: string; creditDays: number | null }[] = [];
    db.transaction(() => {
      const party = db.prepare(`INSERT INTO customers (id, business_id, created_at, updated_at, name, credit_days) VALUES (?, ?, ?, ?, ?, ?)`);
      const entry = db.prepare(
        `INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date, due_date, deleted_at)
         VALUES (?, ?, ?, ?, 'customer', ?, ?, ?, ?, ?, ?)`,
      );
      for (let p = 0; p < 300; p++) {
        const id = newId();
        const creditDays = rand(3) ? rand(40) : null;
        parties.push({ id, creditDays });
        party.run(id, business, now, now, `P${p}`, creditDays);
        for (let j = 0; j < 1 + rand(12); j++) {
          const date = addDays('2026-01-01', rand(70)); // across the end of January and February
          const gave = rand(3) > 0;
          entry.run(newId(), business, `2026-01-01T00:00:${String(j).padStart(2, '0')}.000Z`, now, id, gave ? 'gave' : 'got', 1 + rand(90_000), date,
            gave && rand(2) ? addDays(date, rand(35)) : null, rand(15) ? null : now);
        }
      }
    })();
    const today = '2026-03-01';
    const rows = new Map(owingDues(db, business, 'customer', today).map((r) => [r.party_id, r]));
    const walker = new CreditWalker(t!.core.db);
    let compared = 0;
    for (const p of parties) {
      const balance = (db.prepare('SELECT balance_paise FROM party_balances WHERE party_id = ?').get(p.id) as { balance_paise: number }).balance_paise;
      const d = walker.dues(p.id, balance, p.creditDays, today);
      const r = rows.get(p.id);
      const fromWalk = [d.overduePaise, d.oldestOverdueDate, d.dueTodayPaise, d.upcomingPaise, d.nextUpcomingDate];
      if (!d.overduePaise && !d.dueTodayPaise && !d.upcomingPaise) expect(r, p.id).toBeUndefined();
      else {
        expect([r!.overdue, r!.oldest_overdue, r!.due_today, r!.upcoming, r!.next_upcoming], p.id).toEqual(fromWalk);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

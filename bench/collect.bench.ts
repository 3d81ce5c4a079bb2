import os from 'node:os';
import { createTestCore } from '../src-main/core/testing';
import { newId } from '../src-main/core/util/ids';
import { addDays } from '../src-main/core/util/dates';
import { round, summarize, timeMany, type Figure } from './stats';

/**
 * To collect at 100k entries: 5,000 customers with 20 entries each (credit with pay-by dates
 * around today, some parties on a credit period, payments), promises and reminders; the list
 * (every owing party's FIFO walk) and one party's dues, through the core.
 */
export async function benchCollect(): Promise<Figure[]> {
  const t = createTestCore();
  await t.call('settings.update', { upiId: 'shop@okaxis' });
  const db = t.core.db;
  const business = t.core.businessId;
  const today = (await t.call('collections.list', {})).today;
  const now = new Date().toISOString();
  const PARTIES = 5_000;
  const PER_PARTY = 20;
  const ids: string[] = [];
  db.transaction(() => {
    const party = db.prepare(`INSERT INTO customers (id, business_id, created_at, updated_at, name, phone, credit_days, field_stamps) VALUES (?, ?, ?, ?, ?, ?, ?, '{}')`);
    const entry = db.prepare(
      `INSERT INTO transactions (id, business_id, created_at, updated_at, party_type, party_id, direction, amount_paise, entry_date, due_date, field_stamps)
       VALUES (?, ?, ?, ?, 'customer', ?, ?, ?, ?, ?, '{}')`,
    );
    const promise = db.prepare(
      `INSERT INTO payment_promises (id, business_id, created_at, updated_at, party_type, party_id, amount_paise, promised_on, made_on, field_stamps) VALUES (?, ?, ?, ?, 'customer', ?, ?, ?, ?, '{}')`,
    );
    const reminder = db.prepare(
      `INSERT INTO reminders (id, business_id, created_at, updated_at, party_type, party_id, sent_at, amount_paise, channel, field_stamps) VALUES (?, ?, ?, ?, 'customer', ?, ?, ?, 'whatsapp', '{}')`,
    );
    for (let p = 0; p < PARTIES; p++) {
      const id = newId();
      ids.push(id);
      party.run(id, business, now, now, `Customer ${p}`, `98${String(p).padStart(8, '0')}`, p % 2 ? 15 : null);
      for (let j = 0; j < PER_PARTY; j++) {
        const date = addDays(today, -120 + j * 6);
        const gave = j % 3 !== 2;
        const due = gave && (p + j) % 4 !== 0 ? addDays(date, (p + j) % 30) : null;
        entry.run(newId(), business, now, now, id, gave ? 'gave' : 'got', gave ? 10_000 + ((p * 7 + j * 13) % 90_000) : 5_000 + ((p + j) % 40_000), date, due);
      }
      if (p % 10 === 0) promise.run(newId(), business, now, now, id, 50_000, addDays(today, (p % 7) - 3), addDays(today, -5));
      if (p % 3 === 0) reminder.run(newId(), business, now, now, id, now, 40_000);
    }
  })();
  db.pragma('optimize');
  const entries = (db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;
  const list = await t.call('collections.list', {});
  const listTimes = summarize(await timeMany(10, () => t.call('collections.list', {})));
  const partyTimes = summarize(await timeMany(200, (i) => t.call('collections.party', { partyType: 'customer', partyId: ids[(i * 37) % ids.length]! })));
  await t.close();
  return [
    {
      name: `To collect list (${entries.toLocaleString('en-IN')} entries, ${PARTIES.toLocaleString('en-IN')} parties): median`,
      value: round(listTimes.median),
      unit: 'ms',
      // Worst case: every party owes and nearly all its credit is still open, so the FIFO pass
      // reads every credit entry; a shop whose customers pay reads the same rows, lists fewer.
      note: `every party owing and listed; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
    },
    { name: 'To collect list: p99', value: round(listTimes.p99), unit: 'ms' },
    {
      name: 'To collect list: parties listed (overdue / today / upcoming)',
      value: list.overdue.length,
      unit: '',
      note: `${list.overdue.length} / ${list.dueToday.length} / ${list.upcoming.length}; ${list.toRemind.length} to remind`,
    },
    { name: 'one party’s dues, promises and reminders (khata page): median', value: round(partyTimes.median), unit: 'ms' },
  ];
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { addDays } from '../../util/dates';
import { newId } from '../../util/ids';

// Scale check: the day view of a 100k-entry cashbook. Prints timings; asserts only figures
// (timings vary by machine, so none is asserted).
const ENTRIES = 100_000;
const DAYS = 1000;
const FIRST = '2024-01-01';

let t: TestCore;
const expected = new Map<string, { net: number; cash: number }>();

beforeAll(() => {
  const clock = manualClock('2026-11-25T04:30:00.000Z');
  t = createTestCore({ now: clock.now });
  const businessId = t.core.businessId;
  const insert = t.core.db.prepare(
    `INSERT INTO cashbook_entries (id, business_id, created_at, updated_at, deleted_at, field_stamps, direction, amount_paise, mode, entry_date, note)
     VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)`,
  );
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const started = performance.now();
  t.core.db.transaction(() => {
    for (let i = 0; i < ENTRIES; i++) {
      const date = addDays(FIRST, Math.floor((i * DAYS) / ENTRIES));
      const direction = rand(3) === 0 ? 'out' : 'in';
      const mode = rand(4) === 0 ? 'online' : 'cash';
      const amount = 1 + rand(500_000);
      const deleted = rand(50) === 0;
      const at = `${date}T10:00:00.000Z`;
      insert.run(newId(), businessId, at, at, deleted ? at : null, direction, amount, mode, date, rand(5) === 0 ? 'Sale' : null);
      if (!deleted) {
        const sums = expected.get(date) ?? { net: 0, cash: 0 };
        const signed = direction === 'in' ? amount : -amount;
        sums.net += signed;
        if (mode === 'cash') sums.cash += signed;
        expected.set(date, sums);
      }
    }
  })();
  console.log(`seeded ${ENTRIES} cashbook entries over ${DAYS} days in ${(performance.now() - started).toFixed(0)} ms`);
});
afterAll(() => t?.close());

const openingOf = (date: string) => {
  let net = 0;
  let cash = 0;
  for (const [d, s] of expected) {
    if (d < date) {
      net += s.net;
      cash += s.cash;
    }
  }
  return { net, cash };
};

const timed = async <T>(label: string, runs: number, fn: () => Promise<T>): Promise<T> => {
  let result!: T;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${times[Math.floor(runs / 2)]!.toFixed(2)} ms, max ${times[runs - 1]!.toFixed(2)} ms over ${runs} runs`);
  return result;
};

describe(`cashbook at ${ENTRIES} entries`, () => {
  it('cashbook.day on the last day (opening sums every earlier entry)', async () => {
    const last = addDays(FIRST, DAYS - 1);
    const day = await timed('cashbook.day (last day)', 21, () => t.call('cashbook.day', { date: last }));
    const opening = openingOf(last);
    expect(day.openingPaise).toBe(opening.net);
    expect(day.cash.openingPaise).toBe(opening.cash);
    expect(day.closingPaise).toBe(opening.net + expected.get(last)!.net);
    expect(day.entries.length).toBeGreaterThan(90);
  });

  it('cashbook.day on the first day', async () => {
    const day = await timed('cashbook.day (first day)', 21, () => t.call('cashbook.day', { date: FIRST }));
    expect(day.openingPaise).toBe(0);
  });

  it('cashbook.range over the last 366 days', async () => {
    const to = addDays(FIRST, DAYS - 1);
    const from = addDays(to, -365);
    const range = await timed('cashbook.range (366 days)', 11, () => t.call('cashbook.range', { from, to }));
    expect(range.days).toHaveLength(366);
    expect(range.days[365]!.closingPaise).toBe(openingOf(addDays(to, 1)).net);
  });
});

import { describe, expect, it } from 'vitest';
import { allocateDues, type CreditEntry } from './dues';

// The FIFO rule on its own: payments settle the oldest credit first, so the outstanding part is
// the newest credit; each part falls due by its entry's due date or date + credit period.
const gave = (entry_date: string, amount_paise: number, due_date: string | null = null): CreditEntry => ({ entry_date, amount_paise, due_date });
const newestFirst = (...entries: CreditEntry[]) => [...entries].sort((a, b) => b.entry_date.localeCompare(a.entry_date));

describe('allocateDues', () => {
  it('a part payment settles the oldest entry first; the rest keeps each entry’s due date', () => {
    // gave 1,000 (due 10-11) and 500 (due 20-11); got 1,200 → 300 of the second is left.
    const d = allocateDues(30_000, newestFirst(gave('2026-11-01', 100_000, '2026-11-10'), gave('2026-11-05', 50_000, '2026-11-20')), null, '2026-11-15');
    expect(d).toMatchObject({ overduePaise: 0, upcomingPaise: 30_000, nextUpcomingDate: '2026-11-20', oldestOverdueDate: null });
  });

  it('a payment smaller than the oldest entry leaves part of it overdue', () => {
    // gave 1,000 (due 10-11) and 500 (due 20-11); got 400 → 600 of the first overdue, 500 upcoming.
    const d = allocateDues(110_000, newestFirst(gave('2026-11-01', 100_000, '2026-11-10'), gave('2026-11-05', 50_000, '2026-11-20')), null, '2026-11-15');
    expect(d).toMatchObject({ overduePaise: 60_000, oldestOverdueDate: '2026-11-10', upcomingPaise: 50_000, dueTodayPaise: 0 });
  });

  it('the credit period schedules entries with no due date of their own; neither → not scheduled', () => {
    const entries = newestFirst(gave('2026-10-01', 10_000), gave('2026-11-01', 20_000, '2026-11-30'));
    expect(allocateDues(30_000, entries, 15, '2026-11-15')).toMatchObject({ overduePaise: 10_000, oldestOverdueDate: '2026-10-16', laterPaise: 20_000 });
    expect(allocateDues(30_000, entries, null, '2026-11-15')).toMatchObject({ overduePaise: 0, unscheduledPaise: 10_000, laterPaise: 20_000 });
    // A credit period of 0: due on the day itself.
    expect(allocateDues(10_000, [gave('2026-11-15', 10_000)], 0, '2026-11-15')).toMatchObject({ dueTodayPaise: 10_000 });
  });

  it('month ends: 31 January + 30 days is 2 March (no 30 February), 31 December + 1 is 1 January', () => {
    expect(allocateDues(5_000, [gave('2026-01-31', 5_000)], 30, '2026-03-02')).toMatchObject({ dueTodayPaise: 5_000 });
    expect(allocateDues(5_000, [gave('2026-01-31', 5_000)], 30, '2026-03-01')).toMatchObject({ upcomingPaise: 5_000, nextUpcomingDate: '2026-03-02' });
    expect(allocateDues(5_000, [gave('2028-01-31', 5_000)], 29, '2028-02-29')).toMatchObject({ dueTodayPaise: 5_000 }); // leap year
    expect(allocateDues(5_000, [gave('2026-12-31', 5_000)], 1, '2027-01-01')).toMatchObject({ dueTodayPaise: 5_000 });
    expect(allocateDues(5_000, [gave('2026-12-31', 5_000)], 1, '2027-01-02')).toMatchObject({ overduePaise: 5_000, oldestOverdueDate: '2027-01-01' });
  });

  it('upcoming is the next 7 days; beyond that is later', () => {
    const d = allocateDues(3_000, [gave('2026-11-01', 1_000, '2026-11-22'), gave('2026-11-01', 1_000, '2026-11-23'), gave('2026-11-01', 1_000, '2026-11-16')], null, '2026-11-15');
    expect(d).toMatchObject({ upcomingPaise: 2_000, laterPaise: 1_000, nextUpcomingDate: '2026-11-16', nextDueDate: '2026-11-16' });
  });

  it('nothing is due when nothing is owed, and the walk stops once the balance is covered', () => {
    expect(allocateDues(0, [gave('2026-11-01', 1_000, '2026-11-02')], null, '2026-11-15').overduePaise).toBe(0);
    expect(allocateDues(-500, [gave('2026-11-01', 1_000, '2026-11-02')], null, '2026-11-15').overduePaise).toBe(0);
    let read = 0;
    function* many() {
      for (let i = 0; i < 1000; i++) {
        read++;
        yield gave('2026-11-01', 1_000, '2026-11-02');
      }
    }
    expect(allocateDues(2_500, many(), null, '2026-11-15').overduePaise).toBe(2_500);
    expect(read).toBe(3);
  });
});

describe('allocateDues against the FIFO rule played forward', () => {
  it('equals paying each payment into the oldest unpaid credit, for many random ledgers', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    for (let run = 0; run < 500; run++) {
      const credits = Array.from({ length: 1 + rand(8) }, () => {
        const d = rand(120);
        return gave(day(d), 1 + rand(50_000), rand(3) ? day(d + rand(40)) : null);
      }).sort((a, b) => a.entry_date.localeCompare(b.entry_date));
      const total = credits.reduce((s, c) => s + c.amount_paise, 0);
      const paid = rand(total + 1);
      const creditDays = rand(2) ? rand(45) : null;
      const today = day(rand(160));
      // Forward: each rupee paid settles the oldest credit still open.
      let left = paid;
      const expected = { overdue: 0, today: 0, later: 0, none: 0 };
      for (const c of credits) {
        const settled = Math.min(c.amount_paise, left);
        left -= settled;
        const open = c.amount_paise - settled;
        const due = c.due_date ?? (creditDays === null ? null : new Date(Date.parse(`${c.entry_date}T00:00:00Z`) + creditDays * 86_400_000).toISOString().slice(0, 10));
        if (due === null) expected.none += open;
        else if (due < today) expected.overdue += open;
        else if (due === today) expected.today += open;
        else expected.later += open;
      }
      const d = allocateDues(total - paid, [...credits].reverse(), creditDays, today);
      expect([d.overduePaise, d.dueTodayPaise, d.upcomingPaise + d.laterPaise, d.unscheduledPaise]).toEqual([expected.overdue, expected.today, expected.later, expected.none]);
    }
  });
});

import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../testing';
import { BALANCE_DATES_STALE, BALANCES_HELD, rebuildPartyBalances, settleBalanceDates, settleHeldBalances } from './party-balances';

// party_balances is an index over the entries, kept by triggers. The rebuild must leave it
// exactly as the triggers do, whatever the entries went through: it replaces them when a pull's
// held balances were lost (sync/held-balances.ts).

const cores: TestCore[] = [];
afterEach(async () => {
  for (const t of cores.splice(0)) await t.close();
});

const balances = (t: TestCore) =>
  t.core.db.prepare('SELECT party_id, business_id, party_type, balance_paise, gave_paise, got_paise, entry_count, last_entry_date FROM party_balances ORDER BY party_id').all();

/** A shop whose entries were added, edited, moved, deleted and restored through the ledger's writer (so the triggers kept the balances). */
function shop(): { t: TestCore; parties: string[] } {
  const t = createTestCore();
  cores.push(t);
  const { writer } = t.core.ctx;
  const parties: string[] = [];
  t.core.transact(() => {
    for (let p = 0; p < 6; p++) parties.push(writer.insert('customers', { name: `Customer ${p}`, phone: null, address: null, gstin: null, state_code: null, notes: null }).id);
    for (let p = 0; p < 3; p++) parties.push(writer.insert('suppliers', { name: `Supplier ${p}`, phone: null, address: null, gstin: null, state_code: null, notes: null }).id);
    const entries: string[] = [];
    // Parties 7 and 8 (suppliers) never get an entry: they keep zeros.
    for (let i = 0; i < 120; i++) {
      const p = i % 7;
      entries.push(
        writer.insert('transactions', {
          party_type: p < 6 ? 'customer' : 'supplier', party_id: parties[p]!, direction: i % 3 ? 'gave' : 'got', amount_paise: 100 + i * 7,
          entry_date: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`, note: null, bill_id: null,
        }).id,
      );
    }
    for (let i = 0; i < 120; i += 9) writer.update('transactions', entries[i]!, { amount_paise: 5_000 + i });
    for (let i = 1; i < 120; i += 11) writer.update('transactions', entries[i]!, { deleted_at: '2026-11-30T10:00:00.000Z' });
    // Every entry of party 5 deleted: its balance goes back to zero and no last date.
    for (let i = 5; i < 120; i += 7) writer.update('transactions', entries[i]!, { deleted_at: '2026-11-30T10:00:00.000Z' });
    for (let i = 1; i < 60; i += 22) writer.update('transactions', entries[i]!, { deleted_at: null });
    for (let i = 2; i < 120; i += 13) writer.update('transactions', entries[i]!, { party_id: parties[(i + 3) % 5]!, entry_date: '2026-12-01' });
    for (let i = 3; i < 120; i += 17) writer.update('transactions', entries[i]!, { direction: 'got' });
  });
  return { t, parties };
}

describe('rebuildPartyBalances', () => {
  it('leaves every party balance exactly as the triggers kept it', () => {
    const { t, parties } = shop();
    const kept = balances(t);
    // The shop is a real one: parties with and without entries, one emptied by deletes.
    expect(kept).toHaveLength(9);
    const row = (id: string) => kept.find((b) => (b as { party_id: string }).party_id === id) as Record<string, unknown>;
    expect(row(parties[0]!).entry_count).toBeGreaterThan(10);
    expect(row(parties[5]!)).toMatchObject({ balance_paise: 0, entry_count: 0, last_entry_date: null });
    expect(row(parties[8]!)).toMatchObject({ balance_paise: 0, entry_count: 0, last_entry_date: null });

    // Wrong in every way a lost addition could leave them (and one row gone).
    t.core.db.prepare("UPDATE party_balances SET balance_paise = balance_paise - 1234, gave_paise = 7, got_paise = -3, entry_count = 99, last_entry_date = '1999-01-01'").run();
    t.core.db.prepare('DELETE FROM party_balances WHERE party_id = ?').run(parties[1]);
    rebuildPartyBalances(t.core.db);
    expect(balances(t)).toEqual(kept);
  });
});

describe('settleHeldBalances', () => {
  it('rebuilds only when a pull marked its balances as held, and forgets the mark', () => {
    const { t } = shop();
    const kept = balances(t);
    t.core.db.prepare('UPDATE party_balances SET balance_paise = balance_paise + 1').run();
    const off = balances(t);
    expect(settleHeldBalances(t.core.db)).toBe(false);
    t.core.state.set(BALANCES_HELD, 'garbage');
    expect(settleHeldBalances(t.core.db)).toBe(false);
    expect(balances(t)).toEqual(off);
    t.core.state.set(BALANCES_HELD, '1');
    expect(settleHeldBalances(t.core.db)).toBe(true);
    expect(balances(t)).toEqual(kept);
    expect(t.core.state.get(BALANCES_HELD)).toBeNull();
  });

  it('does nothing on a database without sync_state (before the migrations)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-balances-'));
    const db = new Database(path.join(dir, 'old.db'));
    try {
      expect(settleHeldBalances(db)).toBe(false);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('settleBalanceDates', () => {
  it('reads every last entry date from the entries only when marked stale, parties without live entries included', () => {
    const { t, parties } = shop();
    const kept = balances(t);
    t.core.db.prepare("UPDATE party_balances SET last_entry_date = '2027-01-01' WHERE party_id IN (?, ?, ?)").run(parties[0], parties[5], parties[8]);
    const off = balances(t);
    expect(settleBalanceDates(t.core.db)).toBe(false);
    expect(balances(t)).toEqual(off);
    t.core.state.set(BALANCE_DATES_STALE, '1');
    expect(settleBalanceDates(t.core.db)).toBe(true);
    expect(balances(t)).toEqual(kept);
    expect(t.core.state.get(BALANCE_DATES_STALE)).toBeNull();
  });

  it('is done by a rebuild too', () => {
    const { t } = shop();
    t.core.state.set(BALANCES_HELD, '1');
    t.core.state.set(BALANCE_DATES_STALE, '1');
    expect(settleHeldBalances(t.core.db)).toBe(true);
    expect(t.core.state.get(BALANCE_DATES_STALE)).toBeNull();
  });
});

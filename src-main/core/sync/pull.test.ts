import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../testing';
import { newId } from '../util/ids';
import { applyPage } from './pull';
import type { PulledRow } from './wire';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const t of cores.splice(0)) await t.close();
});

const stamp = (n: number) => `2026-11-25T10:00:00.000Z-${n.toString(16).padStart(4, '0')}-00000000000000b7`;

/** Entries another device made, as pulled rows. */
function entries(business: string, parties: string[], count: number, from = 0): PulledRow[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const s = stamp(i % 65535);
    return {
      table: 'transactions' as const,
      seq: i + 1,
      row: {
        id: newId(), business_id: business, created_at: '2026-11-25T10:00:00.000Z', updated_at: '2026-11-25T10:00:00.000Z',
        deleted_at: i % 7 === 0 ? '2026-11-25T11:00:00.000Z' : null, party_type: 'customer', party_id: parties[i % parties.length]!,
        direction: i % 3 ? 'gave' : 'got', amount_paise: 100 + (i % 997), entry_date: `2026-11-${String(10 + (i % 15)).padStart(2, '0')}`,
        note: null, bill_id: null, mode: null, mode_ref: null,
        field_stamps: { created_at: s, updated_at: s, deleted_at: s, party_type: s, party_id: s, direction: s, amount_paise: s, entry_date: s, note: s, bill_id: s, mode: s, mode_ref: s },
      },
    };
  });
}

const balances = (t: TestCore) => t.core.db.prepare('SELECT party_id, balance_paise, gave_paise, got_paise, entry_count, last_entry_date FROM party_balances ORDER BY party_id').all();
const fromScratch = (t: TestCore) =>
  t.core.db
    .prepare(
      `SELECT party_id, sum(CASE direction WHEN 'gave' THEN amount_paise ELSE -amount_paise END) AS balance_paise,
              sum(CASE direction WHEN 'gave' THEN amount_paise ELSE 0 END) AS gave_paise, sum(CASE direction WHEN 'got' THEN amount_paise ELSE 0 END) AS got_paise,
              count(*) AS entry_count, max(entry_date) AS last_entry_date
         FROM transactions WHERE deleted_at IS NULL GROUP BY party_id ORDER BY party_id`,
    )
    .all();

describe('pull pages', () => {
  it('a large page loads in bulk and leaves every party balance exactly as per-row upkeep would', () => {
    const t = createTestCore();
    cores.push(t);
    const ctx = t.core.sync.context;
    const parties = Array.from({ length: 40 }, () => newId());
    // A small page first (per-row upkeep), then a large one (bulk) on top of it.
    applyPage(ctx, { rows: entries(t.core.businessId, parties, 100), last_seq: 100, head_seq: 2100, more: true });
    applyPage(ctx, { rows: entries(t.core.businessId, parties, 2000, 100), last_seq: 2100, head_seq: 2100, more: false });
    expect(balances(t)).toEqual(fromScratch(t));
    expect(t.core.db.prepare('SELECT count(*) AS n FROM sync_bulk').get()).toEqual({ n: 0 });
    // After the bulk page the triggers keep the balances again.
    t.core.db.prepare("UPDATE transactions SET amount_paise = amount_paise + 1 WHERE party_id = ? AND deleted_at IS NULL").run(parties[3]);
    expect(balances(t)).toEqual(fromScratch(t));
  });
});

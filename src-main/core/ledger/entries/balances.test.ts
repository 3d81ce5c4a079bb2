import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { addDays } from '../../util/dates';
import { newId } from '../../util/ids';

/** A small seeded generator so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface BalanceRow {
  party_id: string;
  party_type: string;
  balance_paise: number;
  gave_paise: number;
  got_paise: number;
  entry_count: number;
  last_entry_date: string | null;
}

let t: TestCore;
const clock = manualClock();
beforeEach(() => {
  t = createTestCore({ now: clock.now });
});
afterEach(() => t.close());

/** party_balances as the triggers left it, and as recomputed from transactions; parties with no live entries count as zero. */
function balances() {
  const zero = (r: BalanceRow) => r.entry_count === 0 && r.balance_paise === 0 && r.gave_paise === 0 && r.got_paise === 0 && r.last_entry_date === null;
  const stored = (t.core.db.prepare('SELECT party_id, party_type, balance_paise, gave_paise, got_paise, entry_count, last_entry_date FROM party_balances').all() as BalanceRow[])
    .filter((r) => !zero(r))
    .sort((a, b) => a.party_id.localeCompare(b.party_id));
  const recomputed = (
    t.core.db
      .prepare(
        `SELECT party_id, party_type,
                sum(CASE direction WHEN 'gave' THEN amount_paise ELSE -amount_paise END) AS balance_paise,
                sum(CASE direction WHEN 'gave' THEN amount_paise ELSE 0 END) AS gave_paise,
                sum(CASE direction WHEN 'got' THEN amount_paise ELSE 0 END) AS got_paise,
                count(*) AS entry_count, max(entry_date) AS last_entry_date
           FROM transactions WHERE deleted_at IS NULL GROUP BY party_id, party_type`,
      )
      .all() as BalanceRow[]
  ).sort((a, b) => a.party_id.localeCompare(b.party_id));
  return { stored, recomputed };
}

describe('party_balances (triggers) against a recomputation', () => {
  it('holds after 500 random ledger operations, including entries of deleted parties', async () => {
    const random = prng(7);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    const date = () => addDays('2026-01-01', Math.floor(random() * 400));
    const parties: { type: 'customer' | 'supplier'; id: string }[] = [];
    const entries: string[] = [];
    const outcomes: Record<string, number> = {};
    const note = (op: string, ok: boolean) => (outcomes[`${op}:${ok ? 'ok' : 'refused'}`] = (outcomes[`${op}:${ok ? 'ok' : 'refused'}`] ?? 0) + 1);
    for (let i = 0; i < 8; i++) {
      const type = i % 3 === 0 ? 'supplier' : 'customer';
      parties.push({ type, id: (await t.call('parties.create', { type, name: `P${i}` })).id });
    }
    for (let i = 0; i < 500; i++) {
      clock.advance(Math.floor(random() * 3));
      const r = random();
      let op: string;
      let result;
      if (r < 0.4 || entries.length === 0) {
        op = 'add';
        const p = pick(parties);
        result = await t.core.handle('entries.add', {
          partyType: p.type,
          partyId: p.id,
          direction: random() < 0.5 ? 'gave' : 'got',
          amountPaise: 1 + Math.floor(random() * 10_000_000),
          date: date(),
        });
        if (result.ok) entries.push((result.value as { id: string }).id);
      } else if (r < 0.65) {
        op = 'update';
        const patch: Record<string, unknown> = {};
        if (random() < 0.5) patch.amountPaise = 1 + Math.floor(random() * 10_000_000);
        if (random() < 0.5) patch.direction = random() < 0.5 ? 'gave' : 'got';
        if (random() < 0.5) patch.date = date();
        if (random() < 0.2) patch.note = `n${i}`;
        result = await t.core.handle('entries.update', { id: pick(entries), patch });
      } else if (r < 0.8) {
        op = 'delete';
        result = await t.core.handle('entries.delete', { id: pick(entries) });
      } else if (r < 0.9) {
        op = 'restore';
        result = await t.core.handle('entries.restore', { id: pick(entries) });
      } else if (r < 0.95) {
        op = 'party.delete';
        const p = pick(parties);
        result = await t.core.handle('parties.delete', { type: p.type, id: p.id });
      } else {
        op = 'party.restore';
        const p = pick(parties);
        result = await t.core.handle('parties.restore', { type: p.type, id: p.id });
      }
      if (!result.ok) expect(['NOT_FOUND'], `${op}: ${result.error.message}`).toContain(result.error.code);
      note(op, result.ok);
      if (i % 50 === 49) {
        const { stored, recomputed } = balances();
        expect(stored, `after operation ${i + 1}`).toEqual(recomputed);
      }
    }
    // the run really exercised refusals and every kind of operation
    for (const op of ['add', 'update', 'delete', 'restore', 'party.delete', 'party.restore']) expect(outcomes[`${op}:ok`], op).toBeGreaterThan(0);
    expect(outcomes['add:refused']).toBeGreaterThan(0);

    // what the party list shows agrees with the recomputation, deleted parties included
    const { recomputed } = balances();
    const byId = new Map(recomputed.map((r) => [r.party_id, r.balance_paise]));
    for (const type of ['customer', 'supplier'] as const) {
      const page = await t.call('parties.list', { type, includeDeleted: true, limit: 1000 });
      for (const p of page.items) expect(p.balancePaise, p.name).toBe(byId.get(p.id) ?? 0);
      const live = (await t.call('parties.list', { type, limit: 1000 })).items;
      expect(page.totals).toEqual({
        youWillGetPaise: live.filter((p) => p.balancePaise > 0).reduce((s, p) => s + p.balancePaise, 0),
        youWillGivePaise: live.filter((p) => p.balancePaise < 0).reduce((s, p) => s - p.balancePaise, 0),
      });
    }
  });

  it('holds for writes that bypass the ledger (sync merges): party moves, tombstones, hard deletes', () => {
    const random = prng(11);
    const businessId = t.core.businessId;
    const partyIds = Array.from({ length: 6 }, () => newId());
    const ids: string[] = [];
    const live = () => (random() < 0.7 ? null : '2026-11-25T00:00:00.000Z');
    const insert = t.core.db.prepare(
      `INSERT INTO transactions (id, business_id, created_at, updated_at, deleted_at, party_type, party_id, direction, amount_paise, entry_date)
       VALUES (?, ?, '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z', ?, 'customer', ?, ?, ?, ?)`,
    );
    const updateAll = t.core.db.prepare('UPDATE transactions SET party_id = ?, direction = ?, amount_paise = ?, entry_date = ?, deleted_at = ? WHERE id = ?');
    const hardDelete = t.core.db.prepare('DELETE FROM transactions WHERE id = ?');
    const direction = () => (random() < 0.5 ? 'gave' : 'got');
    const amount = () => 1 + Math.floor(random() * 1_000_000);
    const date = () => addDays('2026-01-01', Math.floor(random() * 90));
    for (let i = 0; i < 500; i++) {
      const r = random();
      const party = partyIds[Math.floor(random() * partyIds.length)]!;
      if (r < 0.4 || ids.length === 0) {
        const id = newId();
        insert.run(id, businessId, live(), party, direction(), amount(), date());
        ids.push(id);
      } else if (r < 0.9) {
        updateAll.run(party, direction(), amount(), date(), live(), ids[Math.floor(random() * ids.length)]!);
      } else {
        const [id] = ids.splice(Math.floor(random() * ids.length), 1);
        hardDelete.run(id!);
      }
      if (i % 25 === 24) {
        const { stored, recomputed } = balances();
        expect(stored, `after write ${i + 1}`).toEqual(recomputed);
      }
    }
  });
});

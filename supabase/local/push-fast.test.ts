import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { startLocalSupabase, type LocalSupabase } from './index';
import { claim, newId, newUser, push, type Op } from './testkit';

/**
 * The set-based push (lenden.push_fast) must give exactly what applying the same ops one by
 * one through lenden.push_op gives: the same rows, the same accepted and refused ops, the same
 * changes of each row in the same order and the same old values in the history. Random batches of creates,
 * edits, deletes, stale and duplicate ops go to two businesses: one the normal way (fast), one
 * with every op in a unit of its own, which sends it through push_op.
 */
let sb: LocalSupabase;
let user: { client: SupabaseClient; id: string; email: string };

beforeAll(async () => {
  sb = await startLocalSupabase();
  user = await newUser(sb, 'fast');
}, 120_000);

afterAll(async () => {
  await sb?.stop();
});

const T0 = Date.parse('2026-11-25T10:00:00.000Z');
const stampAt = (ms: number, node: number) => `${new Date(T0 + ms).toISOString()}-0000-${node.toString(16).padStart(16, '0')}`;

type Step =
  | { kind: 'create'; row: number; name: string; t: number; node: number }
  | { kind: 'edit'; row: number; phone: string | null; notes: string; t: number; node: number }
  | { kind: 'delete'; row: number; t: number; node: number }
  | { kind: 'entry'; row: number; amount: number; t: number; node: number }
  | { kind: 'bad'; row: number; t: number; node: number }
  | { kind: 'again'; of: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), row: fc.integer({ min: 0, max: 4 }), name: fc.constantFrom('Ramesh', 'Sita', 'राम'), t: fc.integer({ min: 0, max: 50 }), node: fc.integer({ min: 1, max: 3 }) }),
  fc.record({
    kind: fc.constant('edit' as const),
    row: fc.integer({ min: 0, max: 4 }),
    phone: fc.option(fc.constantFrom('9876543210', '9000000001'), { nil: null }),
    notes: fc.constantFrom('a', 'b', 'c'),
    t: fc.integer({ min: 0, max: 50 }),
    node: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), row: fc.integer({ min: 0, max: 4 }), t: fc.integer({ min: 0, max: 50 }), node: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('entry' as const), row: fc.integer({ min: 0, max: 4 }), amount: fc.integer({ min: 1, max: 99_999 }), t: fc.integer({ min: 0, max: 50 }), node: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('bad' as const), row: fc.integer({ min: 0, max: 4 }), t: fc.integer({ min: 0, max: 50 }), node: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('again' as const), of: fc.integer({ min: 0, max: 40 }) }),
);

/** The ops of a plan for one business; row and op ids are made unique per business. */
function opsFor(plan: Step[], business: string, tag: string, batch: number): Op[] {
  const ops: Op[] = [];
  const rowId = (n: number) => `${tag}-party-${n}`;
  const at = (ms: number) => new Date(T0 + ms).toISOString();
  plan.forEach((s, i) => {
    const opId = `${tag}-op-${batch}-${i}`;
    if (s.kind === 'again') {
      const earlier = ops[s.of % Math.max(ops.length, 1)];
      if (earlier) ops.push(earlier);
      return;
    }
    const stamp = stampAt(s.t, s.node);
    if (s.kind === 'create') {
      ops.push({
        op_id: opId, table: 'customers', row_id: rowId(s.row), stamp,
        fields: { id: rowId(s.row), business_id: business, created_at: at(s.t), updated_at: at(s.t), deleted_at: null, name: s.name, phone: null, address: null, gstin: null, state_code: null, notes: null },
      });
    } else if (s.kind === 'edit') {
      ops.push({ op_id: opId, table: 'customers', row_id: rowId(s.row), stamp, fields: { phone: s.phone, notes: s.notes, updated_at: at(s.t) } });
    } else if (s.kind === 'delete') {
      ops.push({ op_id: opId, table: 'customers', row_id: rowId(s.row), stamp, fields: { deleted_at: at(s.t), updated_at: at(s.t) } });
    } else if (s.kind === 'entry') {
      ops.push({
        op_id: opId, table: 'transactions', row_id: `${tag}-entry-${batch}-${i}`, stamp,
        fields: {
          id: `${tag}-entry-${batch}-${i}`, business_id: business, created_at: at(s.t), updated_at: at(s.t), deleted_at: null, party_type: 'customer', party_id: rowId(s.row),
          direction: 'gave', amount_paise: s.amount, entry_date: '2026-11-25', note: null, bill_id: null,
        },
      });
    } else {
      ops.push({ op_id: opId, table: 'customers', row_id: rowId(s.row), stamp, fields: { name: '' } });
    }
  });
  return ops;
}

const strip = (v: unknown, tag: string): unknown => JSON.parse(JSON.stringify(v).replaceAll(`${tag}-`, 'X-'));

async function stateOf(business: string, tag: string) {
  const rows = await sb.sql<Record<string, unknown>>(
    `select 'customers' as t, to_jsonb(c) - 'business_id' - 'seq' as r from customers c where business_id = $1
     union all select 'transactions', to_jsonb(x) - 'business_id' - 'seq' from transactions x where business_id = $1 order by 1, 2`,
    [business],
  );
  const applied = await sb.sql<Record<string, unknown>>(
    // Changes of one row keep their order; rows of one batch commit together, in any order.
    `select op_id, table_name, row_id, old_values, seq is not null as changed,
            case when seq is not null then dense_rank() over (partition by table_name, row_id, seq is not null order by seq) end as seq_rank
       from sync_applied_ops where business_id = $1 and device_id <> 'server' order by table_name, row_id, seq nulls last, op_id`,
    [business],
  );
  const rowSeqs = await sb.sql<{ n: string }>(
    `select count(*) as n from (select seq from customers where business_id = $1 union all select seq from transactions where business_id = $1) q
      where seq not in (select seq from sync_applied_ops where business_id = $1 and seq is not null)`,
    [business],
  );
  return { rows: strip(rows, tag), applied: strip(applied, tag), orphanSeqs: Number(rowSeqs[0]!.n) };
}

describe('set-based push = one op at a time', () => {
  it('gives the same rows, answers, seqs and history for random batches', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(step, { minLength: 1, maxLength: 25 }), { minLength: 1, maxLength: 3 }), async (batches) => {
        const fast = newId();
        const slow = newId();
        await claim(user.client, fast, 'Fast', 'device-a');
        await claim(user.client, slow, 'Slow', 'device-a');
        for (const [n, plan] of batches.entries()) {
          const f = opsFor(plan, fast, `f${fast.slice(0, 8)}`, n);
          const s = opsFor(plan, slow, `s${slow.slice(0, 8)}`, n).map((op, k) => ({ ...op, unit: `one-${k}` }));
          const a = await push(user.client, fast, f, { protocol: 2 });
          const b = await push(user.client, slow, s, { protocol: 2 });
          expect(a.error).toBeNull();
          expect(b.error).toBeNull();
          const answer = (r: typeof a, tag: string) =>
            strip({ accepted: [...r.data!.accepted].sort(), rejected: r.data!.rejected.map((x) => [x.op_id, x.code]).sort() }, tag);
          expect(answer(a, `f${fast.slice(0, 8)}`)).toEqual(answer(b, `s${slow.slice(0, 8)}`));
        }
        const [sf, ss] = [await stateOf(fast, `f${fast.slice(0, 8)}`), await stateOf(slow, `s${slow.slice(0, 8)}`)];
        expect(sf).toEqual(ss);
        expect(sf.orphanSeqs).toBe(0);
      }),
      { numRuns: 25 },
    );
  }, 240_000);
});

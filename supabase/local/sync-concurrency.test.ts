import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startLocalSupabase, type LocalSupabase } from './index';
import { addMember, claim, customerCreate, edit, newId, newUser, pushOk, stamp, transactionCreate, type Op } from './testkit';

let sb: LocalSupabase;

beforeAll(async () => {
  sb = await startLocalSupabase();
});

afterAll(async () => {
  await sb?.stop();
});

describe('concurrent pushes', () => {
  it('10 clients x 1,000 ops at once: every op applied exactly once, seq without gaps or repeats', async () => {
    const B = newId();
    const owner = await newUser(sb, 'conc-owner');
    await claim(owner.client, B);
    const clients = [owner];
    for (let i = 1; i < 10; i++) {
      const u = await newUser(sb, `conc-staff-${i}`);
      await addMember(owner.client, u.client, B, u.email);
      clients.push(u);
    }
    // A second business pushing at the same time keeps its own sequence.
    const Z = newId();
    const zOwner = await newUser(sb, 'conc-z');
    await claim(zOwner.client, Z);

    const t0 = Date.now();
    const plans = clients.map((c, i) => {
      const ops: Op[] = [];
      const node = (0xc0 + i).toString(16).padStart(16, '0');
      const customers: Op[] = [];
      for (let k = 0; k < 100; k++) {
        const cust = customerCreate(B, { name: `Client ${i} customer ${k}` }, stamp(t0, k, node));
        customers.push(cust);
        ops.push(cust);
      }
      for (let k = 0; k < 800; k++) {
        ops.push(transactionCreate(B, customers[k % 100]!.row_id, { amount_paise: 100 + k }, stamp(t0 + 1, k, node)));
      }
      for (let k = 0; k < 100; k++) {
        ops.push(edit('customers', customers[k]!.row_id, { phone: `98${i}${k}` }, stamp(t0 + 2, k, node)));
      }
      return { client: c.client, ops, device: `device-${i}` };
    });
    const zOps = Array.from({ length: 500 }, () => customerCreate(Z));

    const results = await Promise.all([
      ...plans.map(async (p) => {
        const a = await pushOk(p.client, B, p.ops.slice(0, 500), p.device);
        const b = await pushOk(p.client, B, p.ops.slice(500), p.device);
        return [...a.accepted, ...b.accepted, ...[...a.rejected, ...b.rejected].map((r) => `rejected:${r.code}:${r.message}`)];
      }),
      pushOk(zOwner.client, Z, zOps).then((r) => r.accepted),
    ]);
    const elapsed = Date.now() - t0;
    for (let i = 0; i < plans.length; i++) {
      expect(results[i]).toEqual(plans[i]!.ops.map((o) => o.op_id));
    }

    const applied = await sb.sql<{ n: string; distinct_ops: string; with_seq: string; min: string; max: string; distinct_seq: string }>(
      `select count(*) as n, count(distinct op_id) as distinct_ops, count(seq) as with_seq,
              min(seq) as min, max(seq) as max, count(distinct seq) as distinct_seq
         from sync_applied_ops where business_id = $1`,
      [B],
    );
    const a = applied[0]!;
    const memberOps = 10; // owner membership + 9 added staff
    expect(Number(a.n)).toBe(10_000 + memberOps);
    expect(Number(a.distinct_ops)).toBe(10_000 + memberOps);
    expect(Number(a.with_seq)).toBe(10_000 + memberOps);
    expect(Number(a.min)).toBe(1);
    expect(Number(a.max)).toBe(10_000 + memberOps);
    expect(Number(a.distinct_seq)).toBe(10_000 + memberOps);
    const head = await sb.sql<{ seq: string }>('select seq from sync_state where business_id = $1', [B]);
    expect(Number(head[0]?.seq)).toBe(10_000 + memberOps);

    // Each client's ops got increasing seqs in its own order (batches are atomic and ordered).
    const perOp = await sb.sql<{ op_id: string; seq: string }>('select op_id, seq from sync_applied_ops where business_id = $1', [B]);
    const seqOf = new Map(perOp.map((r) => [r.op_id, Number(r.seq)]));
    for (const p of plans) {
      const seqs = p.ops.map((o) => seqOf.get(o.op_id)!);
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
      // a batch of 500 occupies 500 consecutive seqs
      expect(seqs[499]! - seqs[0]!).toBe(499);
      expect(seqs[999]! - seqs[500]!).toBe(499);
    }

    const counts = await sb.sql<{ c: string; t: string; sum: string }>(
      `select (select count(*) from customers where business_id = $1) as c,
              (select count(*) from transactions where business_id = $1) as t,
              (select sum(amount_paise) from transactions where business_id = $1) as sum`,
      [B],
    );
    expect(Number(counts[0]?.c)).toBe(1000);
    expect(Number(counts[0]?.t)).toBe(8000);
    expect(Number(counts[0]?.sum)).toBe(10 * Array.from({ length: 800 }, (_, k) => 100 + k).reduce((x, y) => x + y, 0));
    const zHead = await sb.sql<{ seq: string }>('select seq from sync_state where business_id = $1', [Z]);
    expect(Number(zHead[0]?.seq)).toBe(501);

    // The same batch sent twice at once still applies once.
    const dup = [customerCreate(B), customerCreate(B)];
    const [r1, r2] = await Promise.all([pushOk(owner.client, B, dup), pushOk(owner.client, B, dup)]);
    expect(r1.accepted).toEqual(dup.map((o) => o.op_id));
    expect(r2.accepted).toEqual(dup.map((o) => o.op_id));
    const after = await sb.sql<{ seq: string }>('select seq from sync_state where business_id = $1', [B]);
    expect(Number(after[0]?.seq)).toBe(10_000 + memberOps + 2);

    console.log(`10 x 1000 ops applied in ${elapsed} ms`);
  }, 120_000);
});

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { startLocalSupabase, type LocalSupabase } from './index';
import { signJwt } from './jwt';
import { claim, customerCreate, makeClient, newId, newUser, push, pushOk, waitFor } from './testkit';

let sb: LocalSupabase;

beforeAll(async () => {
  sb = await startLocalSupabase();
});

afterAll(async () => {
  await sb?.stop();
});

describe('auth', () => {
  it('signs up, signs in, refreshes with rotation and signs out through supabase-js', async () => {
    const email = `asha-${newId().slice(0, 8)}@example.com`;
    const client = makeClient(sb);
    const up = await client.auth.signUp({ email, password: 'correct horse' });
    expect(up.error).toBeNull();
    expect(up.data.session?.access_token).toBeTruthy();
    expect(up.data.user?.email).toBe(email);
    const userId = up.data.user!.id;

    const me = await client.auth.getUser();
    expect(me.error).toBeNull();
    expect(me.data.user?.id).toBe(userId);

    // The access token is accepted by PostgREST as role authenticated with auth.uid() = sub.
    const rpc = await client.rpc('sync_my_businesses');
    expect(rpc.error).toBeNull();
    expect(rpc.data).toEqual([]);

    const wrong = await makeClient(sb).auth.signInWithPassword({ email, password: 'nope nope' });
    expect(wrong.error?.message).toBe('Invalid login credentials');
    expect(wrong.error?.status).toBe(400);
    expect((wrong.error as { code?: string } | null)?.code).toBe('invalid_credentials');

    const dup = await makeClient(sb).auth.signUp({ email, password: 'correct horse' });
    expect((dup.error as { code?: string } | null)?.code).toBe('user_already_exists');

    const other = makeClient(sb);
    const inRes = await other.auth.signInWithPassword({ email: email.toUpperCase(), password: 'correct horse' });
    expect(inRes.error).toBeNull();
    const first = inRes.data.session!;
    expect(first.user.id).toBe(userId);
    expect(first.expires_in).toBe(3600);
    expect(first.expires_at).toBeGreaterThan(Date.now() / 1000);

    const refreshed = await other.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    const second = refreshed.data.session!;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.user.id).toBe(userId);

    // Reusing a rotated token long after rotation is refused (within 10 s GoTrue tolerates it).
    await sb.sql(`update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1`, [first.refresh_token]);
    const reuse = await makeClient(sb).auth.refreshSession({ refresh_token: first.refresh_token });
    expect(reuse.error?.message).toMatch(/Invalid Refresh Token/);
    const unknown = await makeClient(sb).auth.refreshSession({ refresh_token: 'not-a-token' });
    expect(unknown.error?.message).toMatch(/Refresh Token Not Found/);

    const out = await other.auth.signOut();
    expect(out.error).toBeNull();
    const afterLogout = await fetch(`${sb.url}/auth/v1/user`, {
      headers: { apikey: sb.anonKey, Authorization: `Bearer ${second.access_token}` },
    });
    expect(afterLogout.status).toBe(403);
    const stale = await makeClient(sb).auth.refreshSession({ refresh_token: second.refresh_token });
    expect(stale.error).not.toBeNull();
  });

  it('PostgREST refuses expired (beyond its 30 s skew) and forged tokens with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = signJwt({ sub: newId(), role: 'authenticated', aud: 'authenticated', exp: now - 120, iat: now - 300 }, sb.jwtSecret);
    const r = await fetch(`${sb.url}/rest/v1/rpc/sync_my_businesses`, {
      method: 'POST',
      headers: { apikey: sb.anonKey, Authorization: `Bearer ${expired}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(r.status).toBe(401);
    const forged = signJwt({ sub: newId(), role: 'authenticated', exp: now + 100 }, 'x'.repeat(40));
    const f = await fetch(`${sb.url}/rest/v1/rpc/sync_my_businesses`, {
      method: 'POST',
      headers: { apikey: sb.anonKey, Authorization: `Bearer ${forged}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(f.status).toBe(401);
    const noKey = await fetch(`${sb.url}/rest/v1/customers`);
    expect(noKey.status).toBe(401);
  });

  it('createUser makes an account that can sign in', async () => {
    const email = `made-${newId().slice(0, 8)}@example.com`;
    const { id } = await sb.createUser(email, 'password123');
    const c = makeClient(sb);
    const res = await c.auth.signInWithPassword({ email, password: 'password123' });
    expect(res.data.user?.id).toBe(id);
  });
});

function subscribe(client: SupabaseClient, businessId: string, sink: unknown[]): Promise<{ channel: RealtimeChannel; status: string; err?: Error }> {
  return new Promise((resolve) => {
    const channel = client
      .channel(`business:${businessId}`, { config: { private: true } })
      .on('broadcast', { event: 'poke' }, (msg) => sink.push(msg.payload));
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED' || status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') resolve({ channel, status, err });
    });
  });
}

describe('realtime pokes', () => {
  let owner: Awaited<ReturnType<typeof newUser>>;
  let outsider: Awaited<ReturnType<typeof newUser>>;
  const X = newId();
  const Y = newId();

  beforeAll(async () => {
    owner = await newUser(sb, 'rt-owner');
    outsider = await newUser(sb, 'rt-outsider');
    await claim(owner.client, X);
    await claim(outsider.client, Y);
  });

  afterAll(async () => {
    await owner.client.removeAllChannels();
    await outsider.client.removeAllChannels();
  });

  it('reaches a member and not a non-member', async () => {
    const memberPokes: unknown[] = [];
    const outsiderPokes: unknown[] = [];
    const mine = await subscribe(owner.client, X, memberPokes);
    expect(mine.status).toBe('SUBSCRIBED');
    const theirs = await subscribe(outsider.client, X, outsiderPokes);
    expect(theirs.status).toBe('CHANNEL_ERROR');
    expect(theirs.err?.message).toMatch(/Unauthorized/);
    // The outsider's own business channel works, and does not hear X.
    const ownPokes: unknown[] = [];
    const own = await subscribe(outsider.client, Y, ownPokes);
    expect(own.status).toBe('SUBSCRIBED');

    const res = await pushOk(owner.client, X, [customerCreate(X)]);
    await waitFor(() => memberPokes.length > 0, 5000, 'the poke');
    expect(memberPokes).toEqual([{ business_id: X, seq: res.seq, pages: 1 }]);

    await pushOk(outsider.client, Y, [customerCreate(Y)]);
    await waitFor(() => ownPokes.length > 0, 5000, 'the Y poke');
    await new Promise((r) => setTimeout(r, 200));
    expect(outsiderPokes).toEqual([]);
    expect(memberPokes).toHaveLength(1);

    // A push that changes nothing sends no poke.
    const empty = await pushOk(owner.client, X, []);
    expect(empty.seq).toBe(res.seq);
    await new Promise((r) => setTimeout(r, 200));
    expect(memberPokes).toHaveLength(1);
    await owner.client.removeChannel(mine.channel);
    await outsider.client.removeChannel(own.channel);
  });

  it('refuses a private join without a signed-in user', async () => {
    const anon = makeClient(sb);
    const res = await subscribe(anon, X, []);
    expect(res.status).toBe('CHANNEL_ERROR');
    expect(res.err?.message).toMatch(/Unauthorized/);
    await anon.removeAllChannels();
  });

  it('keeps delivering after the access token is refreshed', async () => {
    const pokes: unknown[] = [];
    const sub = await subscribe(owner.client, X, pokes);
    expect(sub.status).toBe('SUBSCRIBED');
    const refreshed = await owner.client.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    await owner.client.realtime.setAuth(refreshed.data.session!.access_token);
    await new Promise((r) => setTimeout(r, 100));
    const res = await pushOk(owner.client, X, [customerCreate(X)]);
    await waitFor(() => pokes.length > 0, 5000, 'the poke');
    expect(pokes).toEqual([{ business_id: X, seq: res.seq, pages: 1 }]);
    await owner.client.removeChannel(sub.channel);
  });

  it('honours faults.dropPokes', async () => {
    const pokes: unknown[] = [];
    const sub = await subscribe(owner.client, X, pokes);
    expect(sub.status).toBe('SUBSCRIBED');
    sb.faults.dropPokes = true;
    try {
      await pushOk(owner.client, X, [customerCreate(X)]);
      await new Promise((r) => setTimeout(r, 300));
      expect(pokes).toEqual([]);
    } finally {
      sb.faults.dropPokes = false;
    }
    const res = await pushOk(owner.client, X, [customerCreate(X)]);
    await waitFor(() => pokes.length > 0, 5000, 'the poke');
    expect(pokes).toEqual([{ business_id: X, seq: res.seq, pages: 1 }]);
    await owner.client.removeChannel(sub.channel);
  });
});

describe('realtime across an outage', () => {
  it('offline closes the socket; supabase-js reconnects, rejoins and hears pokes again', async () => {
    const owner = await newUser(sb, 'rt-reconnect');
    const B = newId();
    await claim(owner.client, B);
    const pokes: unknown[] = [];
    const sub = await subscribe(owner.client, B, pokes);
    expect(sub.status).toBe('SUBSCRIBED');
    sb.faults.offline = true;
    await new Promise((r) => setTimeout(r, 300));
    sb.faults.offline = false;
    // Pokes are fire-and-forget: keep pushing until one arrives after the rejoin.
    const deadline = Date.now() + 15_000;
    while (pokes.length === 0 && Date.now() < deadline) {
      await pushOk(owner.client, B, [customerCreate(B)]);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(pokes.length).toBeGreaterThan(0);
    await owner.client.removeAllChannels();
  }, 30_000);
});

describe('gateway faults', () => {
  let user: Awaited<ReturnType<typeof newUser>>;
  const B = newId();

  beforeAll(async () => {
    user = await newUser(sb, 'faults');
    await claim(user.client, B);
  });

  it('failNextRpc answers 503 for the next N rpc calls only', async () => {
    sb.faults.failNextRpc = 2;
    const a = await user.client.rpc('sync_my_businesses');
    const b = await user.client.rpc('sync_my_businesses');
    const c = await user.client.rpc('sync_my_businesses');
    expect(a.status).toBe(503);
    expect(b.status).toBe(503);
    expect(c.status).toBe(200);
    expect(sb.faults.failNextRpc).toBe(0);
  });

  it('offline refuses every request until switched back', async () => {
    sb.faults.offline = true;
    try {
      const r = await user.client.rpc('sync_my_businesses');
      expect(r.error).not.toBeNull();
      expect(r.status).toBe(0);
      await expect(fetch(`${sb.url}/auth/v1/health`, { headers: { apikey: sb.anonKey } })).rejects.toThrow();
    } finally {
      sb.faults.offline = false;
    }
    const ok = await user.client.rpc('sync_my_businesses');
    expect(ok.error).toBeNull();
  });

  it('delayMs slows every request', async () => {
    sb.faults.delayMs = 300;
    const t0 = Date.now();
    try {
      await user.client.rpc('sync_my_businesses');
    } finally {
      sb.faults.delayMs = 0;
    }
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('dropResponseAfterCommit commits but loses the answer; the retry applies once', async () => {
    const ops = [customerCreate(B), customerCreate(B)];
    sb.faults.dropResponseAfterCommit = 1;
    const lost = await push(user.client, B, ops);
    expect(lost.data).toBeNull();
    expect(lost.error).not.toBeNull();
    const applied = await sb.sql<{ n: string }>('select count(*) as n from sync_applied_ops where op_id = any($1)', [ops.map((o) => o.op_id)]);
    expect(Number(applied[0]?.n)).toBe(2);
    const seqAfterCommit = Number((await sb.sql<{ seq: string }>('select seq from sync_state where business_id = $1', [B]))[0]?.seq);
    const retry = await pushOk(user.client, B, ops);
    expect(retry.accepted).toEqual(ops.map((o) => o.op_id));
    expect(retry.seq).toBe(seqAfterCommit);
    const rows = await sb.sql('select id from customers where id = any($1)', [ops.map((o) => o.row_id)]);
    expect(rows).toHaveLength(2);
  });
});

describe('realtime after a member is removed', () => {
  /** A channel that records every broadcast and every subscribe status. */
  function watch(client: SupabaseClient, businessId: string) {
    const pokes: Array<{ seq: number }> = [];
    const statuses: string[] = [];
    const channel = client
      .channel(`business:${businessId}`, { config: { private: true } })
      .on('broadcast', { event: 'poke' }, (msg) => pokes.push(msg.payload as { seq: number }));
    const joined = new Promise<void>((resolve, reject) => {
      channel.subscribe((status, err) => {
        statuses.push(status);
        if (status === 'SUBSCRIBED') resolve();
        else reject(err ?? new Error(status));
      });
    });
    return { channel, pokes, statuses, joined };
  }

  // Membership rows are written directly: the test is about Realtime, not about how members
  // are invited or removed.
  async function addMember(businessId: string, userId: string): Promise<void> {
    await sb.sql(
      `insert into business_members (id, business_id, seq, user_id, role)
       values ($1, $2, (select seq from sync_state where business_id = $2), $3, 'staff')`,
      [newId(), businessId, userId],
    );
  }

  it('stops delivering to a member whose row is soft-deleted or gone, on the open socket', async () => {
    const owner = await newUser(sb, 'rm-owner');
    const X = newId();
    await claim(owner.client, X);
    // Each staff member also owns a business of their own: its channel shares the socket and
    // must keep working, and (deliveries to one socket keep commit order) its poke arriving
    // proves the X poke pushed before it has been decided for that socket.
    const staff = await Promise.all(
      ['rm-soft', 'rm-gone'].map(async (label) => {
        const user = await newUser(sb, label);
        const own = newId();
        await claim(user.client, own, 'Own shop', `device-${label}`);
        await addMember(X, user.id);
        return { user, own, device: `device-${label}`, x: watch(user.client, X), mine: watch(user.client, own) };
      }),
    );
    const ownerX = watch(owner.client, X);
    await Promise.all([ownerX.joined, ...staff.flatMap((s) => [s.x.joined, s.mine.joined])]);

    /** One round: a poke on X, then one on each staff member's own business; resolves with X's seq. */
    async function round(): Promise<number> {
      const { seq } = await pushOk(owner.client, X, [customerCreate(X)]);
      await waitFor(() => ownerX.pokes.some((p) => p.seq === seq), 5000, 'the owner hears X');
      for (const s of staff) {
        const own = await pushOk(s.user.client, s.own, [customerCreate(s.own)], s.device);
        await waitFor(() => s.mine.pokes.some((p) => p.seq === own.seq), 5000, 'the staff member hears their own shop');
      }
      return seq;
    }

    const before = await round();
    for (const s of staff) expect(s.x.pokes.map((p) => p.seq)).toEqual([before]);

    await sb.sql(`update business_members set deleted_at = now()::text where business_id = $1 and user_id = $2`, [X, staff[0]!.user.id]);
    await sb.sql(`delete from business_members where business_id = $1 and user_id = $2`, [X, staff[1]!.user.id]);

    // A verdict may be reused for up to a second: poke until a round reaches neither of them.
    const deadline = Date.now() + 15_000;
    let quiet: number | undefined;
    while (quiet === undefined && Date.now() < deadline) {
      const seq = await round();
      if (staff.every((s) => !s.x.pokes.some((p) => p.seq === seq))) quiet = seq;
    }
    expect(quiet).toBeDefined();
    const heard = staff.map((s) => s.x.pokes.length);
    await round();
    expect(staff.map((s) => s.x.pokes.length)).toEqual(heard);
    for (const s of staff) {
      // Their X channel was closed like a refused join; their own channel never rejoined.
      expect(s.x.statuses).toEqual(['SUBSCRIBED', 'CLOSED']);
      expect(s.mine.statuses).toEqual(['SUBSCRIBED']);
    }
    await owner.client.removeAllChannels();
    for (const s of staff) await s.user.client.removeAllChannels();
  }, 60_000);
});

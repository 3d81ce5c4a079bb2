import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { startLocalSupabase, type LocalSupabase } from '../supabase/local/index';
import { createTestCore, type TestCore } from '../src-main/core/testing';
import { MemorySecureStore } from '../src-main/core/sync/secure-store';
import { newId } from '../src-main/core/util/ids';
import { DEFERRABLE_INDEXES, deferredIndexNames } from '../src-main/core/db/deferred-indexes';
import { SOURCE_CHECKPOINT_WORKER } from '../src-main/core-thread/source-entry';
import { benchServerPush } from './push-server.bench';
import { round, summarize, type Figure } from './stats';

const PASSWORD = 'correct horse battery';

// Devices as both shells run them: with the WAL checkpointer thread (core/db/checkpointer.ts).
const newDevice = (pagesWithPokes = true): TestCore =>
  createTestCore({
    checkpointer: { entry: SOURCE_CHECKPOINT_WORKER },
    secureStore: new MemorySecureStore(),
    sync: { webSocket: WebSocket as never, safetyPullMs: 60_000, digestEveryMs: 3_600_000, log: () => undefined, pagesWithPokes },
  });

async function device(sb: LocalSupabase, email: string, signUp: boolean, t: TestCore = newDevice()): Promise<TestCore> {
  await t.call('account.configure', { url: sb.url, anonKey: sb.anonKey });
  await t.call(signUp ? 'account.signUp' : 'account.signIn', { email, password: PASSWORD });
  await t.core.sync.syncNow();
  return t;
}

async function waitUntil(ok: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const outboxCount = (t: TestCore) => (t.core.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;

export async function benchSync(): Promise<Figure[]> {
  const sb = await startLocalSupabase({});
  const figures: Figure[] = [];
  const cleanups: (() => Promise<void>)[] = [async () => sb.stop()];
  try {
    const email = `bench-${newId().slice(-8)}@example.com`;
    const a = await device(sb, email, true);
    const b = await device(sb, email, false);
    cleanups.unshift(() => a.close(), () => b.close());

    // 1. Propagation: a write on A until the row is in B's database (push; the page sent with
    // the poke, stored). For comparison, the same to a computer that pulls after each poke.
    const party = await a.call('parties.create', { type: 'customer', name: 'Latency' });
    await a.core.sync.syncNow();
    await b.core.sync.syncNow();
    const propagation = async (to: TestCore, label: string): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < 100; i++) {
        const note = `${label}-${i}`;
        const seen = new Promise<number>((resolve) => {
          const off = to.core.on('db.changed', () => {
            if (to.core.db.prepare('SELECT 1 FROM transactions WHERE note = ?').get(note)) {
              off();
              resolve(performance.now());
            }
          });
        });
        const t0 = performance.now();
        await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 100, note });
        samples.push((await seen) - t0);
        await new Promise((r) => setTimeout(r, 5));
      }
      return samples;
    };
    await waitUntil(() => b.core.sync.session.pagesJoined, 'B listening for pages');
    const lat = summarize(await propagation(b, 'lat'));
    // The same write to a computer that takes no pages (B paused meanwhile: one receiver at a time).
    const puller = await device(sb, email, false, newDevice(false));
    let pulled: ReturnType<typeof summarize>;
    b.core.sync.pause();
    try {
      pulled = summarize(await propagation(puller, 'pull'));
    } finally {
      await puller.close();
      b.core.sync.resume();
    }
    await b.core.sync.syncNow();
    figures.push(
      { name: 'propagation A -> B (loopback): p50', value: round(lat.median, 1), unit: 'ms', target: '<= 10 ms' },
      { name: 'propagation A -> B (loopback): p99', value: round(lat.p99, 1), unit: 'ms', target: '<= 25 ms' },
      { name: 'same, pulling after each poke (no pages): p50', value: round(pulled.median, 1), unit: 'ms' },
      { name: 'same, pulling after each poke (no pages): p99', value: round(pulled.p99, 1), unit: 'ms' },
    );

    // 2. Backlog: 10k ops made offline, pushed when the connection returns.
    a.core.sync.pause();
    const backlogParty = await a.call('parties.create', { type: 'customer', name: 'Backlog' });
    a.core.transact(() => {
      for (let j = 0; j < 9_999; j++) {
        a.core.ctx.writer.insert('transactions', {
          party_type: 'customer', party_id: backlogParty.id, direction: j % 2 ? 'got' : 'gave', amount_paise: 100 + j, entry_date: '2026-11-25', note: null, bill_id: null,
        });
      }
    });
    const pending = outboxCount(a);
    // Measure the push alone: from reconnecting until the server has acknowledged every op
    // (B stays paused so its pulls do not share this process's one thread meanwhile).
    b.core.sync.pause();
    let t0 = performance.now();
    a.core.sync.resume();
    while (outboxCount(a) > 0) await new Promise((r) => setTimeout(r, 2));
    const backlogMs = performance.now() - t0;
    await a.core.sync.syncNow();
    b.core.sync.resume();

    // Baseline: the same 10k rows inserted one by one with plain supabase-js (service role).
    const admin = createClient(sb.url, sb.serviceRoleKey, { auth: { persistSession: false }, realtime: { transport: WebSocket as never } });
    const baselineRows = 10_000;
    const now = new Date().toISOString();
    t0 = performance.now();
    for (let j = 0; j < baselineRows; j++) {
      const { error } = await admin.from('transactions').insert({
        id: newId(), business_id: a.core.businessId, created_at: now, updated_at: now, party_type: 'customer', party_id: backlogParty.id,
        direction: 'gave', amount_paise: 100, entry_date: '2026-11-25', field_stamps: {}, seq: 0,
      });
      if (error) throw new Error(`baseline insert failed: ${error.message}`);
    }
    const baselineMs = performance.now() - t0;
    // Take the baseline rows out again so the digest and initial sync below stay meaningful.
    await sb.sql('DELETE FROM transactions WHERE seq = 0 AND business_id = $1', [a.core.businessId]);
    figures.push(
      { name: `push backlog of ${pending} offline ops`, value: round(backlogMs / 1000, 2), unit: 's' },
      { name: 'push backlog speed', value: Math.round(pending / (backlogMs / 1000)), unit: 'ops/s', target: '>= 20000 ops/s' },
      { name: `same rows one by one with supabase-js insert`, value: round(baselineMs / 1000, 2), unit: 's' },
      { name: 'backlog push speed-up over row-by-row', value: round(baselineMs / backlogMs, 1), unit: 'x', target: '>= 40x' },
    );

    figures.push(...(await benchServerPush(sb, a.core.businessId, a.core.deviceId, a.core.userId!, backlogParty.id)));

    // 3. Initial sync of 100k entries and 5k parties to a fresh device. B and then A stay
    // paused: the figure is one device's sync, not three devices sharing this thread.
    b.core.sync.pause();
    a.core.sync.pause();
    a.core.transact(() => {
      const ids: string[] = [];
      for (let p = 0; p < 5_000 - 2; p++) ids.push(a.core.ctx.writer.insert('customers', { name: `Party ${p}`, phone: null, address: null, gstin: null, state_code: null, notes: null }).id);
      for (let j = 0; j < 100_000 - 10_100; j++) {
        a.core.ctx.writer.insert('transactions', {
          party_type: 'customer', party_id: ids[j % ids.length]!, direction: j % 3 ? 'gave' : 'got', amount_paise: 100 + (j % 999), entry_date: '2026-11-25', note: null, bill_id: null,
        });
      }
    });
    a.core.sync.resume();
    while (outboxCount(a) > 0) await a.core.sync.syncNow();
    a.core.sync.pause();
    // A shop's server has long since vacuumed and analysed its rows; rows pushed seconds ago get
    // that from autovacuum meanwhile, which would land in the middle of the sync measured next.
    await sb.sql('VACUUM ANALYZE');
    const counts = await sb.sql<{ t: string; p: string }>('SELECT (SELECT count(*) FROM transactions WHERE business_id = $1) AS t, (SELECT count(*) FROM customers WHERE business_id = $1) AS p', [a.core.businessId]);
    // Peak memory while the fresh device syncs: this whole bench process (devices, clients),
    // so an upper bound for one device.
    // The books are usable once every page is stored and their lookups are built (the screens
    // show them as pages land); the edit history follows right after in the same round. Both
    // are timed.
    const fresh = newDevice();
    cleanups.unshift(() => fresh.close());
    let peak = process.memoryUsage().rss;
    let booksMs = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
      const head = fresh.core.state.get('head_seq');
      // Stored, and their lookups built (a large pull builds them after its pages).
      const lookups = deferredIndexNames(fresh.core.db).some((name) => DEFERRABLE_INDEXES.books.includes(name));
      if (!booksMs && head !== null && fresh.core.state.get('pull_cursor') === head && !lookups) booksMs = performance.now() - t0;
    }, 25);
    t0 = performance.now();
    const c = await device(sb, email, false, fresh);
    while ((c.core.state.get('pull_cursor') ?? '0') !== c.core.state.get('head_seq')) await c.core.sync.syncNow();
    const initialMs = performance.now() - t0;
    clearInterval(sampler);
    booksMs ||= initialMs;
    const integrity = await c.core.sync.verifyIntegrity();

    // Baseline: page through the tables with supabase-js and insert row by row into SQLite.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-bench-'));
    const db = new Database(path.join(dir, 'plain.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE rows (id TEXT PRIMARY KEY, tbl TEXT, body TEXT)');
    const ins = db.prepare('INSERT OR REPLACE INTO rows VALUES (?, ?, ?)');
    const reader = createClient(sb.url, sb.serviceRoleKey, { auth: { persistSession: false }, realtime: { transport: WebSocket as never } });
    t0 = performance.now();
    for (const table of ['customers', 'transactions']) {
      for (let from = 0; ; from += 1000) {
        const { data, error } = await reader.from(table).select('*').eq('business_id', a.core.businessId).order('id').range(from, from + 999);
        if (error) throw new Error(error.message);
        for (const row of data ?? []) ins.run(row.id, table, JSON.stringify(row));
        if (!data || data.length < 1000) break;
      }
    }
    const plainMs = performance.now() - t0;
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    figures.push(
      { name: `initial sync to a fresh device (${counts[0]!.t} entries, ${counts[0]!.p} parties): the books`, value: round(booksMs / 1000, 2), unit: 's', target: '<= 2 s', note: integrity ? `digest: ${integrity}` : 'digest matches' },
      { name: 'initial sync speed (the books)', value: Math.round((Number(counts[0]!.t) + Number(counts[0]!.p)) / (booksMs / 1000)), unit: 'rows/s', target: '>= 50000 rows/s' },
      { name: 'initial sync with the edit history of every row too', value: round(initialMs / 1000, 2), unit: 's' },
      { name: 'peak memory of the bench process during that sync', value: Math.round(peak / 1e6), unit: 'MB', note: 'stand-in server, seeding device and fresh device in one process; one device alone: stall group' },
      { name: 'same rows paged with supabase-js, inserted row by row', value: round(plainMs / 1000, 2), unit: 's' },
      { name: 'initial sync time (the books) / row-by-row time', value: round(booksMs / plainMs, 2), unit: 'x', target: '<= 0.10' },
    );
  } finally {
    for (const fn of cleanups) await fn().catch(() => undefined);
  }
  return figures;
}

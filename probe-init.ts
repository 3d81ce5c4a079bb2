import WebSocket from 'ws';
import { startLocalSupabase } from './supabase/local/index';
import { createTestCore } from './src-main/core/testing';
import { MemorySecureStore } from './src-main/core/sync/secure-store';
import type { SyncTransport } from './src-main/core/sync/wire';
const PASSWORD = 'correct horse battery';
const sb = await startLocalSupabase({});
const email = `probe-${Date.now()}@example.com`;
const timing = { pullMs: 0, pulls: 0, histMs: 0 };
const wrap = (t: SyncTransport): SyncTransport =>
  Object.assign(Object.create(t) as SyncTransport, {
    pull: async (...a: Parameters<SyncTransport['pull']>) => { const t0 = performance.now(); const r = await t.pull(...a); timing.pullMs += performance.now() - t0; timing.pulls++; return r; },
    history: async (...a: Parameters<SyncTransport['history']>) => { const t0 = performance.now(); const r = await t.history(...a); timing.histMs += performance.now() - t0; return r; },
  });
const mk = async (signUp: boolean) => {
  const t = createTestCore({ secureStore: new MemorySecureStore(), sync: { webSocket: WebSocket as never, safetyPullMs: 600_000, digestEveryMs: 3_600_000, wrapTransport: wrap, log: () => undefined } });
  await t.call('account.configure', { url: sb.url, anonKey: sb.anonKey });
  await t.call(signUp ? 'account.signUp' : 'account.signIn', { email, password: PASSWORD });
  return t;
};
const a = await mk(true);
await a.core.sync.syncNow();
a.core.sync.pause();
const N = Number(process.env.N ?? 50000);
a.core.transact(() => {
  const ids: string[] = [];
  for (let p = 0; p < 2500; p++) ids.push(a.core.ctx.writer.insert('customers', { name: `Party ${p}`, phone: null, address: null, gstin: null, state_code: null, notes: null }).id);
  for (let j = 0; j < N; j++) a.core.ctx.writer.insert('transactions', { party_type: 'customer', party_id: ids[j % ids.length]!, direction: j % 3 ? 'gave' : 'got', amount_paise: 100 + (j % 999), entry_date: '2026-11-25', note: null, bill_id: null, mode: null, mode_ref: null } as never);
});
let t0 = performance.now();
a.core.sync.resume();
while ((a.core.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n > 0) await new Promise((r) => setTimeout(r, 5));
console.log('push', N + 2500, (performance.now() - t0).toFixed(0), 'ms');
const cpu0 = process.cpuUsage();
t0 = performance.now();
const b = await mk(false);
while ((b.core.state.get('pull_cursor') ?? '0') !== b.core.state.get('head_seq') || b.core.sync.status().state === 'syncing') await new Promise((r) => setTimeout(r, 5));
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(`initial ${N + 2500} rows: ${ms.toFixed(0)} ms wall, pull transport ${timing.pullMs.toFixed(0)} ms / ${timing.pulls} calls, history ${timing.histMs.toFixed(0)} ms, node cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
await a.close(); await b.close(); await sb.stop();
process.exit(0);

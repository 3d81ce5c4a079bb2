import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../src-main/core/testing';
import { MemorySecureStore } from '../../src-main/core/sync/secure-store';
import type { SyncEngineOptions } from '../../src-main/core/sync/engine';
import type { SyncTransport } from '../../src-main/core/sync/wire';
import { expectConverged, newEmail, PASSWORD, settle, startDevice, waitFor, type Device, serverForFile } from './harness';
import { startSilentProxy } from './silent-proxy';

/**
 * Sync-trust scenarios 5, 10 and 11: a wrong clock, once fixed, heals; sync never hangs
 * silently; a misconfigured or rotated key says so and sync resumes once it is right.
 */
const standIn = serverForFile();

async function device(name: string, email: string, signUp = false, sync: Parameters<typeof startDevice>[1]['sync'] = {}) {
  const d = await startDevice(standIn.sb, { name, email, signUp, sync: { random: () => 0, ...sync } });
  standIn.afterFile(() => d.close());
  return d;
}

/** A core on its own clock (offset from real time, changeable), signed in through `url`. */
async function deviceAt(url: string, email: string, opts: { signUp?: boolean; offsetMs?: number; sync?: Partial<Omit<SyncEngineOptions, 'store'>> } = {}) {
  const clock = { offsetMs: opts.offsetMs ?? 0 };
  const t = createTestCore({
    now: () => new Date(Date.now() + clock.offsetMs),
    secureStore: new MemorySecureStore(),
    sync: { webSocket: WebSocket as never, safetyPullMs: 1_500, digestEveryMs: 0, random: () => 0, log: () => undefined, ...opts.sync },
  });
  standIn.afterFile(() => t.close());
  await t.call('account.configure', { url, anonKey: standIn.sb.anonKey });
  await t.call(opts.signUp ? 'account.signUp' : 'account.signIn', { email, password: PASSWORD });
  return Object.assign(t, { name: email, clock }) as TestCore & { name: string; clock: typeof clock };
}

describe('5. a wrong clock, once fixed, heals', () => {
  it('changes made while the clock was a day ahead are re-stamped and sent once it is right; pulls keep working meanwhile', async () => {
    const email = newEmail();
    const b = await device('B', email, true);
    await settle([b]);
    const a = await deviceAt(standIn.sb.url, email, { offsetMs: 24 * 60 * 60 * 1000 });
    await a.core.sync.syncNow();
    // Written with the clock a day ahead.
    const p = await a.call('parties.create', { type: 'customer', name: 'Written tomorrow' });
    await a.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 12_300 });
    await a.call('parties.update', { type: 'customer', id: p.id, patch: { phone: '9812345678' } });
    await a.core.sync.syncNow();
    const held = a.core.sync.status();
    expect(held).toMatchObject({ state: 'error', reason: 'clock' });
    expect(held.state === 'error' && held.lastError).toMatch(/clock is 24 hours ahead.*kept/);
    expect(await standIn.sb.sql('select 1 from customers where id = $1', [p.id])).toEqual([]);
    // Pulls go on: B's customer reaches A although A's pushes are refused.
    const fromB = await b.call('parties.create', { type: 'customer', name: 'From B' });
    await b.core.sync.syncNow();
    await a.core.sync.syncNow();
    expect(a.core.db.prepare('SELECT 1 FROM customers WHERE id = ?').get(fromB.id)).toBeTruthy();

    // The clock is fixed: everything written meanwhile reaches the server.
    a.clock.offsetMs = 0;
    await a.core.sync.syncNow();
    expect(a.core.sync.status().state).toBe('synced');
    await settle([b, a as unknown as Device]);
    expect(await standIn.sb.sql('select name, phone from customers where id = $1', [p.id])).toEqual([{ name: 'Written tomorrow', phone: '9812345678' }]);
    expect(b.core.db.prepare('SELECT coalesce(sum(amount_paise), 0) AS n FROM transactions WHERE party_id = ?').get(p.id)).toEqual({ n: 12_300 });
    // Nothing stamped in the future is left behind, so later edits win as they should.
    const stamps = JSON.parse((a.core.db.prepare('SELECT field_stamps FROM customers WHERE id = ?').get(p.id) as { field_stamps: string }).field_stamps) as Record<string, string>;
    for (const s of Object.values(stamps)) expect(Date.parse(s.slice(0, 24))).toBeLessThan(Date.now() + 60_000);
    await b.call('parties.update', { type: 'customer', id: p.id, patch: { name: 'Fixed name' } });
    await settle([b, a as unknown as Device]);
    expect(a.core.db.prepare('SELECT name FROM customers WHERE id = ?').get(p.id)).toEqual({ name: 'Fixed name' });
    expectConverged([b, a as unknown as Device]);
  });
});

describe('10. sync never hangs silently', () => {
  it('a server that stops answering shows offline within 30 s; “Sync now” abandons the stuck round', async () => {
    const email = newEmail();
    const proxy = await startSilentProxy(new URL(standIn.sb.url));
    standIn.afterFile(() => proxy.stop());
    const a = await deviceAt(proxy.url, email, { signUp: true });
    await a.core.sync.syncNow();
    expect(a.core.sync.status().state).toBe('synced');

    proxy.silent = true;
    const silentAt = Date.now();
    let offlineAt = 0;
    const off = a.core.on('sync.status', (s) => {
      if (s.state === 'offline' && !offlineAt) offlineAt = Date.now();
    });
    await a.call('parties.create', { type: 'customer', name: 'Into the silence' });
    await waitFor(() => offlineAt > 0, 'offline status', 30_000);
    off();
    expect(offlineAt - silentAt).toBeLessThan(30_000);
    expect(a.core.sync.status().state).toBe('offline');
    const offline = a.core.sync.status();
    expect(offline.state !== 'local-only' && offline.oldestPendingAt).toBeTruthy();

    // Stuck again; the server answers new calls, the stuck call stays stuck: "Sync now"
    // abandons that round instead of waiting for its deadline.
    const stuck = a.core.sync.syncNow();
    await new Promise((r) => setTimeout(r, 300));
    proxy.answerNewOnly();
    const started = Date.now();
    await a.core.sync.syncNow();
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(a.core.sync.status().state).toBe('synced');
    await stuck;
    expect(a.core.sync.status().state).toBe('synced');
  }, 60_000);

  it('a pull that says “more” without moving forward ends with an error, not a loop', async () => {
    const email = newEmail();
    let pulls = 0;
    const broken = (t: SyncTransport): SyncTransport =>
      Object.assign(Object.create(t) as SyncTransport, {
        pull: async (...args: Parameters<SyncTransport['pull']>) => {
          pulls++;
          const page = await t.pull(...args);
          return { ...page, tables: [], last_seq: args[1], more: true };
        },
      });
    const a = await deviceAt(standIn.sb.url, email, { signUp: true, sync: { wrapTransport: broken } });
    await a.core.sync.syncNow();
    const status = a.core.sync.status();
    expect(status).toMatchObject({ state: 'error', lastError: expect.stringMatching(/said there was more to fetch but sent nothing new/) });
    expect(pulls).toBeLessThan(5);
  });

  it('a queue that stops shrinking while the server answers is reported in plain words', async () => {
    const email = newEmail();
    let hang = false;
    const hanging = (t: SyncTransport): SyncTransport =>
      Object.assign(Object.create(t) as SyncTransport, {
        // A push that neither answers nor fails (until abandoned), as a wedged proxy would.
        push: (...args: Parameters<SyncTransport['push']>) =>
          hang ? new Promise((_, reject) => args[3]?.signal?.addEventListener('abort', () => reject(new Error('aborted')))) : t.push(...args),
      });
    const a = await deviceAt(standIn.sb.url, email, { signUp: true, sync: { wrapTransport: hanging, stuckAfterMs: 1_000 } });
    await a.core.sync.syncNow();
    hang = true;
    await a.call('parties.create', { type: 'customer', name: 'Waiting' });
    await waitFor(() => a.core.sync.status().state === 'error', 'the stuck report', 10_000);
    const status = a.core.sync.status();
    expect(status).toMatchObject({ state: 'error', reason: 'stuck', pending: 1 });
    expect(status.state === 'error' && status.lastError).toMatch(/1 change has been waiting for \d+ minutes? without reaching the server/);
    hang = false;
    await a.core.sync.syncNow();
    expect(a.core.sync.status().state).toBe('synced');
  });
});

describe('11. a misconfigured or rotated key says so', () => {
  it('signing in with a wrong key names the server settings, not the password', async () => {
    const t = createTestCore({ secureStore: new MemorySecureStore(), sync: { webSocket: WebSocket as never, log: () => undefined } });
    standIn.afterFile(() => t.close());
    await t.call('account.configure', { url: standIn.sb.url, anonKey: `${standIn.sb.anonKey.slice(0, -6)}abcdef` });
    await expect(t.call('account.signUp', { email: newEmail(), password: PASSWORD })).rejects.toThrow(/refused this app’s key.*Settings → Account/);
  });

  it('a key that stops working while signed in is reported as a settings problem, and sync resumes once it is right', async () => {
    const email = newEmail();
    const a = await device('A', email, true);
    await settle([a]);
    await a.call('account.configure', { url: standIn.sb.url, anonKey: `${standIn.sb.anonKey.slice(0, -6)}abcdef` });
    await a.call('parties.create', { type: 'customer', name: 'During the bad key' });
    await a.core.sync.syncNow();
    const status = a.core.sync.status();
    expect(status).toMatchObject({ state: 'error', reason: 'config' });
    expect(status.state === 'error' && status.lastError).toMatch(/refused this app’s key/);
    expect(status.state === 'error' && status.lastError).not.toMatch(/session/i);
    await a.call('account.configure', { url: standIn.sb.url, anonKey: standIn.sb.anonKey });
    await waitFor(() => a.core.sync.status().state === 'synced', 'sync resumed', 15_000);
    expect(await standIn.sb.sql("select 1 from customers where name = 'During the bad key'")).toHaveLength(1);
  });
});

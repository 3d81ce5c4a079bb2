import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { startLocalSupabase, type LocalSupabase } from '../../supabase/local/index';
import { createTestCore, type TestCore } from '../../src-main/core/testing';
import { MemorySecureStore } from '../../src-main/core/sync/secure-store';
import { localDigest } from '../../src-main/core/sync/engine';
import type { SyncEngineOptions } from '../../src-main/core/sync/engine';
import { SYNCED_TABLES } from '../../src-main/core/db/schema';
import { JSON_COLUMNS, type SyncTransport } from '../../src-main/core/sync/wire';
import { rowStamps } from '../../src-main/core/db/stamps';

export type Device = TestCore & { name: string };

export async function startServer(): Promise<LocalSupabase> {
  return startLocalSupabase({});
}

/** A test file's stand-in server and what its tests leave running (see serverForFile). */
export interface FileServer {
  /** The server (from beforeAll on). */
  readonly sb: LocalSupabase;
  /** Devices the tests start: closed after the file, before the server stops. */
  readonly devices: Device[];
  /** Something else to undo after the file (last added runs first), before the devices close. */
  afterFile(undo: () => Promise<unknown>): void;
}

/**
 * One stand-in server per test file: started before its tests, and after them everything the
 * tests left is undone, the devices closed and the server stopped (with the network back, in
 * case a test cut it). Cleanup never fails the file: a device a test already closed, signed out
 * or took off the shop may refuse to close again, and the server must stop either way.
 */
export function serverForFile(start: () => Promise<LocalSupabase> = startServer): FileServer {
  let sb: LocalSupabase | undefined;
  const devices: Device[] = [];
  const undos: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    sb = await start();
  }, 120_000);
  afterAll(async () => {
    if (sb) sb.faults.offline = false;
    for (const undo of undos.reverse()) await undo().catch(() => undefined);
    for (const d of devices) await d.close().catch(() => undefined);
    await sb?.stop();
  });
  return {
    get sb() {
      if (!sb) throw new Error('The stand-in server starts in beforeAll: use it inside a test.');
      return sb;
    },
    devices,
    afterFile: (undo) => void undos.push(undo),
  };
}

export const newEmail = (label = 'owner') => `${label}-${randomUUID().slice(0, 8)}@example.com`;
export const PASSWORD = 'correct horse battery';

/** A computer with sync built in but not turned on: no server set, nobody signed in. */
export function newComputer(opts: { sync?: Partial<Omit<SyncEngineOptions, 'store'>>; dir?: string; file?: string } = {}): TestCore {
  return createTestCore({
    dir: opts.dir,
    file: opts.file,
    secureStore: new MemorySecureStore(),
    sync: { webSocket: WebSocket as never, safetyPullMs: 1_500, digestEveryMs: 0, log: () => undefined, ...opts.sync },
  });
}

/**
 * A device: its own SQLite file and its own engine, signed in to the stand-in. The first
 * device of an account signs up and claims its business; later ones sign in and join it.
 */
export async function startDevice(
  sb: LocalSupabase,
  opts: { name: string; email: string; signUp?: boolean; sync?: Partial<Omit<SyncEngineOptions, 'store'>>; dir?: string; file?: string },
): Promise<Device> {
  const t = newComputer(opts);
  await t.call('account.configure', { url: sb.url, anonKey: sb.anonKey });
  await t.call(opts.signUp ? 'account.signUp' : 'account.signIn', { email: opts.email, password: PASSWORD });
  return Object.assign(t, { name: opts.name });
}

/** Two computers of one new shop, signed in and settled; both go into `devices` to be closed. */
export async function startShop(sb: LocalSupabase, devices: Device[]): Promise<[Device, Device]> {
  const email = newEmail();
  const a = await startDevice(sb, { name: 'A', email, signUp: true });
  const b = await startDevice(sb, { name: 'B', email });
  devices.push(a, b);
  await settle([a, b]);
  return [a, b];
}

/** A transport wrapper (`sync.wrapTransport`) that records where each pull the device asks for starts. */
export function recordPullsFrom(sinces: number[]): (t: SyncTransport) => SyncTransport {
  return (t) =>
    Object.assign(Object.create(t) as SyncTransport, {
      pull: (...args: Parameters<SyncTransport['pull']>) => {
        sinces.push(args[1]);
        return t.pull(...args);
      },
    });
}

/** Poll until fn holds (bounded). */
export async function waitFor(fn: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await fn()) return;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every synced row of a device, minus local-only bookkeeping, for equality across devices. */
export function snapshot(d: Device): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of SYNCED_TABLES) {
    if (table === 'profiles') continue;
    const rows = d.core.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];
    out[table] = rows.map((r) => {
      const { field_stamps, updated_at, ...rest } = r;
      void updated_at;
      // JSON columns compare by content: Postgres jsonb orders object keys its own way.
      for (const column of JSON_COLUMNS[table] ?? []) if (typeof rest[column] === 'string') rest[column] = JSON.parse(rest[column] as string);
      // Stamps compare by meaning: a pulled row may store its one stamp short (db/stamps.ts).
      return { ...rest, field_stamps: rowStamps(d.core.db, table, field_stamps) };
    });
  }
  return out;
}

/** Sync every device until all outboxes are empty and all cursors reach the server's head. */
export async function settle(devices: Device[], timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    for (const d of devices) await d.core.sync.syncNow();
    const pending = devices.map((d) => (d.core.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n);
    const cursors = devices.map((d) => Number(d.core.state.get('pull_cursor') ?? 0));
    const heads = devices.map((d) => Number(d.core.state.get('head_seq') ?? 0));
    const maxHead = Math.max(...heads);
    if (pending.every((n) => n === 0) && cursors.every((c) => c === maxHead)) {
      // one more round so every device has seen the final head
      for (const d of devices) await d.core.sync.syncNow();
      const again = devices.map((d) => Number(d.core.state.get('pull_cursor') ?? 0));
      if (again.every((c) => c === Math.max(...devices.map((x) => Number(x.core.state.get('head_seq') ?? 0))))) return;
    }
    if (Date.now() - start > timeoutMs) throw new Error(`devices did not settle: pending ${pending}, cursors ${cursors}, heads ${heads}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function expectConverged(devices: Device[]): void {
  const [first, ...rest] = devices;
  const base = snapshot(first!);
  for (const d of rest) expect(snapshot(d), `${d.name} equals ${first!.name}`).toEqual(base);
  const digest = localDigest(first!.core);
  for (const d of rest) expect(localDigest(d.core).balances).toEqual(digest.balances);
}

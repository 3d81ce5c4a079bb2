/**
 * Does the thread that serves the window ever stall? (issue 11: never more than 16 ms.)
 * A shop's books (5,000 parties, 100,000 entries) are put on the local Supabase stand-in;
 * then a fresh device (bench/stall-device.ts, its own process) signs in and pulls them, makes
 * a 5,000-entry statement PDF and exports a 100,000-row ledger to XLSX, while the device
 * measures its routing thread's event loop. Run twice: as the browser shell runs today (core
 * in its worker thread, the page on the WebSocket bridge; built code, as users run it) and as
 * before (core on that thread, from sources).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { Result } from '../src-main/contract';
import { MemorySecureStore } from '../src-main/core/sync/secure-store';
import { createTestCore } from '../src-main/core/testing';
import { newId } from '../src-main/core/util/ids';
import { startLocalSupabase, type LocalSupabase } from '../supabase/local/index';
import type { DeviceCommand, StallReport } from './stall-device';
import { round, type Figure } from './stats';
import { buildIfChanged } from '../scripts/build.mjs';

const PASSWORD = 'correct horse battery';
const PARTIES = 5_000;
const ENTRIES = 100_000;
const PER_DAY = 50;
const FIRST_DAY = Date.parse('2021-01-01T00:00:00Z');
/** The statement covers 100 days of the big ledger: 5,000 entries (after an opening balance). */
const STATEMENT_DAYS = { from: 1_460, days: 100 };
const DEVICE_SCRIPT = fileURLToPath(new URL('./stall-device.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the thread-mode device is bundled to (git-ignored; beside node_modules so its imports resolve). */
const BUILT_DIR = path.join(ROOT, '.tmp', 'bench-stall');
const BUILT_DEVICE = path.join(BUILT_DIR, 'stall-device.js');
const BUILT_CONFIG = {
  coreEntry: path.join(ROOT, 'out', 'main', 'coreWorker.js'),
  testHooks: new URL('./stall-hooks.mjs', import.meta.url).href,
};
const WAIT_MS = 10 * 60_000;

const day = (n: number) => new Date(FIRST_DAY + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The device as users run it: the desktop app's built core thread (`npm run build`, skipped
 * when current) and the host bundled the same way, under plain node. Run from sources, each
 * thread also carried the tsx loader and its own loader thread: about 150 MB that is no part of
 * the product.
 */
async function buildDevice(): Promise<void> {
  await buildIfChanged({ log: (line) => process.stderr.write(`${line}\n`) });
  const { build } = await import('esbuild');
  fs.rmSync(BUILT_DIR, { recursive: true, force: true });
  await build({
    entryPoints: [DEVICE_SCRIPT],
    outdir: BUILT_DIR,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

interface Books {
  email: string;
  partyId: string;
}

/** The books on the server: one big customer ledger and 4,999 more customers, pushed by device A. */
async function seedServer(sb: LocalSupabase): Promise<Books> {
  const email = `stall-${newId().slice(-8)}@example.com`;
  const a = createTestCore({ secureStore: new MemorySecureStore(), sync: { webSocket: WebSocket as never, log: () => undefined } });
  try {
    await a.call('account.configure', { url: sb.url, anonKey: sb.anonKey });
    await a.call('account.signUp', { email, password: PASSWORD });
    await a.core.sync.syncNow();
    a.core.sync.pause();
    const big = await a.call('parties.create', { type: 'customer', name: 'Ramesh Kumar' });
    a.core.transact(() => {
      for (let p = 1; p < PARTIES; p++) a.core.ctx.writer.insert('customers', { name: `Party ${p}`, phone: null, address: null, gstin: null, state_code: null, notes: null });
      for (let j = 0; j < ENTRIES; j++) {
        a.core.ctx.writer.insert('transactions', {
          party_type: 'customer',
          party_id: big.id,
          direction: j % 3 === 0 ? 'got' : 'gave',
          amount_paise: 10_000 + ((j * 7919) % 900_000),
          entry_date: day(Math.floor(j / PER_DAY)),
          note: j % 10 === 0 ? `चीनी और चाय ${j}` : `Item ${j}, bag of rice`,
          bill_id: null,
        });
      }
    });
    a.core.sync.resume();
    const outbox = () => (a.core.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    while (outbox() > 0) await a.core.sync.syncNow();
    // A shop's server has long since vacuumed and analysed its rows; freshly pushed ones get
    // that from autovacuum in the next seconds, which landed on whichever run came first.
    await sb.sql('VACUUM ANALYZE');
    return { email, partyId: big.id };
  } finally {
    await a.close();
  }
}

/** The parent's end of one device process: its commands, its calls and its events. */
class Device {
  private readonly child: ChildProcess;
  private readonly lines: Record<string, unknown>[] = [];
  private readonly waiters: { match(m: Record<string, unknown>): boolean; resolve(m: Record<string, unknown>): void }[] = [];
  private readonly listeners = new Set<(event: string, payload: unknown) => void>();
  private socket: WebSocket | null = null;
  private nextId = 1;
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-bench-stall-'));

  constructor(readonly mode: 'thread' | 'inline') {
    const args =
      mode === 'thread'
        ? [BUILT_DEVICE, JSON.stringify({ mode, dataDir: this.dataDir, ...BUILT_CONFIG })]
        : ['--import', 'tsx', DEVICE_SCRIPT, JSON.stringify({ mode, dataDir: this.dataDir })];
    this.child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{"bench":true')) return;
      const message = JSON.parse(line) as Record<string, unknown>;
      if (typeof message.failed === 'string') process.stderr.write(`stall device (${mode}) failed: ${message.failed}\n`);
      if (typeof message.event === 'string') for (const l of this.listeners) l(message.event, message.payload);
      this.deliver(message);
    });
  }

  async start(): Promise<void> {
    const ready = await this.next((m) => m.ready === true || typeof m.failed === 'string');
    if (!ready.ready) throw new Error(`the ${this.mode} device did not start`);
    if (this.mode !== 'thread') return;
    // Like a page: the bridge with the host's token, from the host's own origin.
    const url = new URL(String(ready.url));
    this.socket = new WebSocket(`ws://${url.host}/bridge?token=${encodeURIComponent(String(ready.token))}`, { origin: url.origin });
    this.socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (typeof message.event === 'string') for (const l of this.listeners) l(message.event, message.payload);
      else this.deliver(message);
    });
    await new Promise((resolve, reject) => this.socket!.once('open', resolve).once('error', reject));
  }

  async call(method: string, input: unknown): Promise<Result<unknown>> {
    const id = this.nextId++;
    const answer = this.next((m) => m.id === id);
    if (this.socket) this.socket.send(JSON.stringify({ id, method, input }));
    else this.send({ cmd: 'call', id, method, input });
    const result = (await answer).result as Result<unknown>;
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result;
  }

  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async command<K extends string>(command: DeviceCommand, key: K): Promise<Record<K, unknown>> {
    const answer = this.next((m) => key in m);
    this.send(command);
    return (await answer) as Record<K, unknown>;
  }

  async mark(): Promise<void> {
    await this.command({ cmd: 'mark' }, 'marked');
  }

  async report(): Promise<StallReport> {
    return (await this.command({ cmd: 'report' }, 'report')).report as StallReport;
  }

  async stop(): Promise<void> {
    this.socket?.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.send({ cmd: 'stop' });
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  private send(command: DeviceCommand): void {
    this.child.stdin!.write(`${JSON.stringify(command)}\n`);
  }

  private deliver(message: Record<string, unknown>): void {
    const at = this.waiters.findIndex((w) => w.match(message));
    if (at >= 0) this.waiters.splice(at, 1)[0]!.resolve(message);
    else this.lines.push(message);
  }

  private next(match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const at = this.lines.findIndex(match);
    if (at >= 0) return Promise.resolve(this.lines.splice(at, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the ${this.mode} device did not answer in time`)), WAIT_MS);
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }
}

interface Run {
  idle: StallReport & { seconds: number };
  sync: StallReport & { seconds: number };
  pdf: StallReport & { seconds: number };
  xlsx: StallReport & { seconds: number; rows: number };
}

async function measure(device: Device, sb: LocalSupabase, books: Books): Promise<Run> {
  await device.start();
  const timed = async <T>(work: () => Promise<T>) => {
    await device.mark();
    const t0 = performance.now();
    const value = await work();
    const seconds = round((performance.now() - t0) / 1000, 2);
    return { ...(await device.report()), seconds, value };
  };

  // The machine's own noise: the same thread with nothing to do for three seconds.
  const idle = await timed(() => new Promise((resolve) => setTimeout(resolve, 3_000)));

  // (a) A fresh device signs in and pulls the whole business.
  const sync = await timed(async () => {
    let synced = false;
    const off = device.onEvent((event, payload) => {
      if (event === 'sync.status' && (payload as { state: string }).state === 'synced') synced = true;
    });
    await device.call('account.configure', { url: sb.url, anonKey: sb.anonKey });
    await device.call('account.signIn', { email: books.email, password: PASSWORD });
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      if (synced && (await device.command({ cmd: 'count', sql: 'SELECT count(*) AS n FROM transactions' }, 'count')).count === ENTRIES) break;
      if (Date.now() > deadline) throw new Error('the initial sync did not finish');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    off();
  });

  // (b) The big customer's statement for 100 days: 5,000 entries.
  const pdf = await timed(() =>
    device.call('documents.partyStatement', { partyType: 'customer', partyId: books.partyId, from: day(STATEMENT_DAYS.from), to: day(STATEMENT_DAYS.from + STATEMENT_DAYS.days - 1) }),
  );

  // (c) The whole big ledger to XLSX: an opening-balance row and 100,000 entries.
  const xlsx = await timed(() => device.call('documents.export', { what: 'partyLedger', format: 'xlsx', partyType: 'customer', partyId: books.partyId }));
  return { idle, sync, pdf, xlsx: { ...xlsx, rows: ENTRIES } };
}

export async function benchStall(): Promise<Figure[]> {
  await buildDevice();
  const sb = await startLocalSupabase({});
  const runs: Partial<Record<Device['mode'], Run>> = {};
  try {
    const books = await seedServer(sb);
    for (const mode of ['thread', 'inline'] as const) {
      const device = new Device(mode);
      try {
        runs[mode] = await measure(device, sb, books);
      } finally {
        await device.stop();
      }
    }
  } finally {
    await sb.stop();
  }
  const now = runs.thread!;
  const before = runs.inline!;
  const ms = (v: number | null) => (v === null ? 'n/a' : `${v} ms`);
  const stall = (label: string, r: StallReport, b: StallReport): Figure[] => [
    { name: `routing thread, longest stall: ${label}`, value: r.maxMs, unit: 'ms', target: '<= 16 ms', note: `core on that thread (before): ${b.maxMs} ms` },
    { name: `routing thread, p99 stall: ${label}`, value: r.p99Ms, unit: 'ms', target: '<= 16 ms', note: `before: ${b.p99Ms} ms` },
    {
      name: `routing thread, longest stall less its wait for a CPU: ${label}`,
      value: r.ownMaxMs ?? NaN,
      unit: 'ms',
      target: '<= 16 ms',
      note: `p99 ${ms(r.ownP99Ms)}; before: ${ms(b.ownMaxMs)}`,
    },
  ];
  return [
    ...stall('idle, nothing asked (this machine’s noise)', now.idle, before.idle),
    ...stall(`initial sync to a fresh device (${ENTRIES / 1000}k entries, ${PARTIES / 1000}k parties)`, now.sync, before.sync),
    ...stall('statement PDF of 5,000 entries', now.pdf, before.pdf),
    ...stall(`XLSX export of ${ENTRIES / 1000}k rows`, now.xlsx, before.xlsx),
    { name: 'statement PDF of 5,000 entries, asked from the page (off the window’s thread)', value: now.pdf.seconds, unit: 's', target: '<= 0.5 s', note: `core on the routing thread: ${before.pdf.seconds} s` },
    { name: `XLSX export of ${ENTRIES / 1000}k rows, asked from the page`, value: now.xlsx.seconds, unit: 's', note: `core on the routing thread: ${before.xlsx.seconds} s` },
    { name: `initial sync of the stall run (${ENTRIES / 1000}k entries), sign-in to last row`, value: now.sync.seconds, unit: 's', note: `core on the routing thread: ${before.sync.seconds} s` },
    {
      name: `peak memory (RSS) of the device during the ${ENTRIES / 1000}k initial sync`,
      value: now.sync.peakRssMb,
      unit: 'MB',
      target: '< 300 MB',
      note: `whole process, built as users run it (host + core thread); of it V8 heaps: core ${now.sync.coreHeapMb} MB, routing ${now.sync.routingHeapMb} MB; at rest before sign-in ${now.idle.peakRssMb} MB; core on one thread, from sources: ${before.sync.peakRssMb} MB`,
    },
    {
      name: `peak memory (RSS) of the device by the end of the XLSX export of ${ENTRIES / 1000}k rows`,
      value: now.xlsx.peakRssMb,
      unit: 'MB',
      note: `core heap peak in the export ${now.xlsx.coreHeapMb} MB; core on one thread: ${before.xlsx.peakRssMb} MB`,
    },
  ];
}

/**
 * One device for bench/stall.bench.ts, in its own process so that the event loop measured here
 * is only the routing thread's (the stand-in server, the seeding device and the "browser" live
 * in the parent). Started with '{"mode","dataDir","coreEntry"?,"testHooks"?}' as its argument:
 *   thread  the browser shell's host: startWebHost, the core in its worker thread; the parent
 *           talks to it over the WebSocket bridge like a page would. The bench runs this mode as
 *           users run the product: this file bundled (stall.bench.ts) under plain node, and the
 *           built core thread (out/main/coreWorker.js), so no tsx loader sits in either thread.
 *   inline  the arrangement before the core had its own thread: LedgerCore on this thread,
 *           called directly (the parent's calls arrive as lines on stdin). Run from sources
 *           (`node --import tsx`), and imported only in this mode, so thread mode carries none of it.
 * Commands arrive as JSON lines on stdin; answers leave as JSON lines on stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import WebSocket from 'ws';
import type { EventName, Result } from '../src-main/contract';
import { startWebHost } from '../src-main/web/host';

export type DeviceCommand =
  | { cmd: 'mark' }
  | { cmd: 'report' }
  | { cmd: 'call'; id: number; method: string; input: unknown }
  | { cmd: 'count'; sql: string }
  | { cmd: 'stop' };

export interface StallReport {
  /** The longest gap between two ticks of a 1 ms timer, minus the 1 ms: how long the thread was stalled. */
  maxMs: number;
  p99Ms: number;
  /**
   * The same less the time the thread spent waiting for a CPU in that gap (Linux schedstat):
   * what the thread itself was busy with. On a loaded machine the raw figure includes other
   * processes' turns on the cores; this one does not. Null where schedstat is not available.
   */
  ownMaxMs: number | null;
  ownP99Ms: number | null;
  samples: number;
  /** Peak resident memory of this whole process so far (routing thread and core thread). */
  peakRssMb: number;
  /** Largest V8 heap of the core's own isolate seen in this phase (sampled twice a second). */
  coreHeapMb: number;
  /** The same for this (the routing) thread's isolate: in inline mode, the core's too. */
  routingHeapMb: number;
}

const RESOLUTION_MS = 1;

/**
 * Peak resident memory of this process image, in MB. On Linux that is VmHWM: getrusage's
 * maxRSS (process.resourceUsage) keeps the high-water mark of the process that spawned this one
 * across fork and exec, so a device started by a bench holding 600 MB would report 600 MB.
 */
function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Math.round(Number(hwm[1]) / 1024);
  } catch {
    // Not Linux: maxRSS is this process's own there.
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
const { mode, dataDir, coreEntry, testHooks } = JSON.parse(process.argv[2] ?? '{}') as { mode: 'thread' | 'inline'; dataDir: string; coreEntry?: string; testHooks?: string };
const out = (message: object) => process.stdout.write(`${JSON.stringify({ bench: true, ...message })}\n`);
const quiet = () => undefined;

/**
 * This thread's schedstat (/proc/thread-self/schedstat: ns on a CPU, ns waiting on a run queue),
 * read through one open file and one buffer. readFileSync would allocate 64 KB per tick (procfs
 * reports size 0), a thousand times a second on the very thread being measured: that garbage
 * alone made its collector run, and the stalls it caused were the sampler's, not the host's.
 */
class SchedStat {
  private readonly fd: number | null;
  private readonly buffer = Buffer.alloc(128);
  constructor() {
    try {
      this.fd = fs.openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      this.fd = null;
    }
  }
  /** Nanoseconds this thread has waited on a run queue so far (field 2). */
  waitNs(): number | null {
    if (this.fd === null) return null;
    const n = fs.readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
    let at = this.buffer.indexOf(32) + 1;
    let ns = 0;
    for (; at < n; at++) {
      const digit = this.buffer[at]! - 48;
      if (digit < 0 || digit > 9) break;
      ns = ns * 10 + digit;
    }
    return ns;
  }
}

/** A timer-drift sampler on this thread: every gap between 1 ms ticks, whole and less its CPU wait. */
class LoopStalls {
  private gaps: number[] = [];
  private own: number[] = [];
  private readonly schedstat = new SchedStat();
  private last = performance.now();
  private lastWait = this.schedstat.waitNs();
  private readonly timer = setInterval(() => this.tick(), RESOLUTION_MS);

  reset(): void {
    this.gaps = [];
    this.own = [];
  }

  stop(): void {
    clearInterval(this.timer);
  }

  figures(): Pick<StallReport, 'maxMs' | 'p99Ms' | 'ownMaxMs' | 'ownP99Ms' | 'samples'> {
    const pick = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10 : 0;
    };
    const own = this.lastWait === null ? null : this.own;
    return { maxMs: pick(this.gaps, 100), p99Ms: pick(this.gaps, 99), ownMaxMs: own && pick(own, 100), ownP99Ms: own && pick(own, 99), samples: this.gaps.length };
  }

  private tick(): void {
    const now = performance.now();
    const wait = this.schedstat.waitNs();
    const gap = Math.max(0, now - this.last - RESOLUTION_MS);
    this.gaps.push(gap);
    if (wait !== null && this.lastWait !== null) this.own.push(Math.max(0, gap - (wait - this.lastWait) / 1e6));
    this.last = now;
    this.lastWait = wait;
  }
}

/** A document's bytes stay here: the parent needs its size, not 10 MB through a pipe. */
const summarize = (result: Result<unknown>) => {
  if (!result.ok || !result.value || typeof result.value !== 'object' || !('base64' in result.value)) return result;
  const { base64, ...rest } = result.value as { base64: string };
  return { ok: true, value: { ...rest, base64Length: base64.length } };
};

async function main(): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true });
  let count: (sql: string) => Promise<number>;
  let call: ((method: string, input: unknown) => Promise<Result<unknown>>) | null = null;
  let coreHeap: () => Promise<number>;
  let stop: () => Promise<void>;
  if (mode === 'thread') {
    const hooks = testHooks ?? (await import('../src-main/core-thread/test-hooks')).TEST_HOOKS_MODULE;
    const host = await startWebHost({ dataDir, log: quiet, testHooks: hooks, coreEntry });
    count = async (sql) => {
      const r = await host.core.runTestHook('sql', { sql, mode: 'get' });
      return r.ok ? (r.value as { n: number }).n : -1;
    };
    // process.memoryUsage() inside a worker: the heap figures are that isolate's own.
    coreHeap = async () => {
      const r = await host.core.runTestHook('memory');
      return r.ok ? (r.value as NodeJS.MemoryUsage).heapTotal : 0;
    };
    stop = () => host.stop();
    out({ ready: true, url: host.url, token: host.token });
  } else {
    const [{ LedgerCore }, { repoMigrationsFolder }, { MemorySecureStore }] = await Promise.all([
      import('../src-main/core/core'),
      import('../src-main/core/db/paths'),
      import('../src-main/core/sync/secure-store'),
    ]);
    const core = new LedgerCore({
      file: path.join(dataDir, 'lenden.db'),
      migrationsFolder: repoMigrationsFolder(),
      secureStore: new MemorySecureStore(),
      log: quiet,
      sync: { webSocket: WebSocket as never },
    });
    await core.sync.start();
    for (const event of ['sync.status', 'db.changed'] as EventName[]) core.on(event, (payload) => out({ event, payload }));
    count = async (sql) => (core.db.prepare(sql).get() as { n: number }).n;
    coreHeap = async () => process.memoryUsage().heapTotal;
    call = (method, input) => core.handle(method, input);
    stop = () => core.close();
    out({ ready: true });
  }

  const stalls = new LoopStalls();
  let heapPeak = 0;
  let routingHeapPeak = 0;
  let sampling = false;
  const heapTimer = setInterval(() => {
    routingHeapPeak = Math.max(routingHeapPeak, process.memoryUsage().heapTotal);
    if (sampling) return;
    sampling = true;
    void coreHeap().then((bytes) => {
      heapPeak = Math.max(heapPeak, bytes);
      sampling = false;
    });
  }, 500);
  const run = async (command: DeviceCommand) => {
    switch (command.cmd) {
      case 'mark':
        stalls.reset();
        heapPeak = 0;
        routingHeapPeak = 0;
        return out({ marked: true });
      case 'report': {
        const report: StallReport = { ...stalls.figures(), peakRssMb: peakRssMb(), coreHeapMb: Math.round(heapPeak / 2 ** 20), routingHeapMb: Math.round(routingHeapPeak / 2 ** 20) };
        return out({ report });
      }
      case 'call':
        if (!call) throw new Error('calls go over the WebSocket bridge in thread mode');
        return out({ id: command.id, result: summarize(await call(command.method, command.input)) });
      case 'count':
        return out({ count: await count(command.sql) });
      case 'stop':
        stalls.stop();
        clearInterval(heapTimer);
        await stop();
        out({ stopped: true });
        process.exit(0);
    }
  };
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    void run(JSON.parse(line) as DeviceCommand).catch((error: unknown) => out({ failed: String((error as Error).stack ?? error) }));
  });
}

main().catch((error: unknown) => {
  out({ failed: String((error as Error).stack ?? error) });
  process.exit(1);
});

// The WAL checkpointer's thread (db/checkpointer.ts). Plain JavaScript so that it runs as it is
// from the sources (browser shell, tests, benchmarks) and bundles as out/main/checkpointWorker.js
// for the desktop app. On its own connection it copies committed pages from the write-ahead log
// into the database file, which SQLite would otherwise do inside a commit on the core's thread.
import { parentPort, workerData } from 'node:worker_threads';
import { clearTimeout, setTimeout } from 'node:timers';
import Database from 'better-sqlite3';

/** @type {{ file: string; busyMs: number; idleMs: number }} */
const { file, busyMs, idleMs } = workerData;
if (!parentPort) throw new Error('the checkpointer runs as a worker thread');
const port = parentPort;
/** Errors in a row before the thread gives up (the core then checkpoints itself again). */
const MAX_FAILURES = 3;

/** @type {import('better-sqlite3').Database | undefined} */
let db;
/** @type {NodeJS.Timeout | undefined} */
let timer;
let seen = -1;
let behind = false;
let failures = 0;
let stopped = false;

function stop() {
  stopped = true;
  clearTimeout(timer);
  try {
    db?.close();
  } finally {
    port.close();
  }
}

function tick() {
  if (stopped || !db) return;
  try {
    // Changes whenever another connection (the core) commits; a checkpoint leaves it alone. One
    // that could not copy everything (a reader was on older pages) tries again on the next tick.
    const version = /** @type {number} */ (db.pragma('data_version', { simple: true }));
    if (version === seen && !behind) {
      timer = setTimeout(tick, idleMs);
      return;
    }
    seen = version;
    // PASSIVE: copies what no reader still needs, never waits for a lock and never blocks the
    // core's writes. The core's next write starts the log afresh once all of it is copied.
    const [result] = /** @type {{ busy: number; log: number; checkpointed: number }[]} */ (db.pragma('wal_checkpoint(PASSIVE)'));
    behind = result.busy !== 0 || result.checkpointed < result.log;
    failures = 0;
    port.postMessage({ kind: 'checkpointed', log: result.log, checkpointed: result.checkpointed });
    timer = setTimeout(tick, busyMs);
  } catch (error) {
    failures += 1;
    const message = error instanceof Error ? error.message : String(error);
    if (failures >= MAX_FAILURES) {
      port.postMessage({ kind: 'failed', message });
      stop();
      return;
    }
    port.postMessage({ kind: 'trouble', message });
    timer = setTimeout(tick, idleMs);
  }
}

port.on('message', (message) => {
  if (message && message.kind === 'stop') stop();
});

try {
  db = new Database(file, { fileMustExist: true });
  // The core made the file a WAL database; a checkpoint syncs the file it copied into before
  // the log may be reused, as the core's own checkpoints did.
  db.pragma('synchronous = FULL');
  port.postMessage({ kind: 'ready' });
  tick();
} catch (error) {
  port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  stop();
}

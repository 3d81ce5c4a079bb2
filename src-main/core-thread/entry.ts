import { parentPort, workerData } from 'node:worker_threads';
import type { CoreThreadConfig } from './protocol';
import { serveCore } from './serve';

// The core thread: started by CoreThread (client.ts) in both shells. Built as its own entry
// (out/main/coreWorker.js) for the desktop app; run from source through dev-entry.mjs otherwise.
if (!parentPort) throw new Error('The Lenden core must be started as a worker thread.');
void serveCore(parentPort, workerData as CoreThreadConfig);

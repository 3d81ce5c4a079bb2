// The core thread run from TypeScript sources (browser shell, tests, benchmarks): a worker
// starts as plain Node, so it registers tsx for itself before loading the real entry. The
// desktop app never uses this file: it starts the bundled out/main/coreWorker.js.
import { register } from 'tsx/esm/api';

register();
await import('./entry.ts');

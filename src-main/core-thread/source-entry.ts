/**
 * The core thread run from TypeScript sources (dev-entry.mjs registers tsx in the worker): the
 * browser shell, tests and benchmarks. The desktop app starts its bundle instead
 * (out/main/coreWorker.js), so nothing it bundles imports this file.
 */
export const SOURCE_ENTRY = new URL('./dev-entry.mjs', import.meta.url);

/** The WAL checkpointer's thread from the sources (core/db/checkpointer.ts); plain JavaScript, no tsx. */
export const SOURCE_CHECKPOINT_WORKER = new URL('../core/db/checkpoint-worker.mjs', import.meta.url);

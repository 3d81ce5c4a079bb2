import type { LedgerCore } from '../core/core';
import { addEntry } from '../core/ledger/entries/entries';
import type { HookThread } from './serve';

/**
 * What tests and benchmarks may do inside the core thread, where the database lives: the
 * shells never pass this module (CoreThreadConfig.testHooks), so a shipped app has no way to
 * run any of it. Each hook gets the thread's current core and one plain-data argument.
 */
export const testHooks = {
  /** One SQL statement on the core's connection: rows for `all`/`get`, changes for `run`. */
  sql(core: LedgerCore, arg: { sql: string; params?: unknown[]; mode?: 'all' | 'get' | 'run' }) {
    const statement = core.db.prepare(arg.sql);
    const params = arg.params ?? [];
    if (arg.mode === 'run') return { changes: statement.run(...params).changes };
    return arg.mode === 'get' ? (statement.get(...params) ?? null) : statement.all(...params);
  },

  /** Whether the core's WAL checkpointer thread is running (core/db/checkpointer.ts). */
  checkpointer(core: LedgerCore) {
    return core.checkpointerReady();
  },

  /** `count` ledger entries for one party in one transaction, through the entries service (writer and outbox). */
  addEntries(core: LedgerCore, arg: { partyType: 'customer' | 'supplier'; partyId: string; count: number; firstDate: string; perDay: number }) {
    const start = Date.parse(`${arg.firstDate}T00:00:00Z`);
    core.transact(() => {
      for (let i = 0; i < arg.count; i++) {
        const date = new Date(start + Math.floor(i / arg.perDay) * 86_400_000).toISOString().slice(0, 10);
        addEntry(core.ctx, { partyType: arg.partyType, partyId: arg.partyId, direction: i % 3 ? 'gave' : 'got', amountPaise: 100 + (i % 9973), date, note: i % 4 ? null : `Entry ${i}`, modeRef: null });
      }
    });
    return arg.count;
  },

  /** The thread dies of an uncaught error while this call is still waiting for its answer. */
  crashMidCall(_core: LedgerCore, arg: { message: string }) {
    return new Promise(() => {
      setImmediate(() => {
        throw new Error(arg.message);
      });
    });
  },

  /** The thread's sign-in store, which asks the routing thread for every answer. */
  async secret(_core: LedgerCore, arg: { op: 'get' | 'set' | 'delete'; key: string; value?: string }, thread: HookThread) {
    if (arg.op === 'set') await thread.secrets.set(arg.key, arg.value ?? '');
    else if (arg.op === 'delete') await thread.secrets.delete(arg.key);
    return { value: arg.op === 'get' ? await thread.secrets.get(arg.key) : null, persistent: thread.secrets.persistent };
  },

  /** Heap and RSS as this thread sees them (RSS is the whole process's). */
  memory() {
    return process.memoryUsage();
  },
};

export type TestHooks = typeof testHooks;

/** Pass this as CoreThreadConfig.testHooks (a file URL, so it imports on every OS). */
export const TEST_HOOKS_MODULE = new URL('./test-hooks.ts', import.meta.url).href;

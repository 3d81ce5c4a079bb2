// The test hooks bench/stall-device.ts needs, as plain JavaScript: the built core thread
// (out/main/coreWorker.js) runs without tsx, so it cannot import core-thread/test-hooks.ts.
// Same shape: each hook gets the thread's current core and one plain-data argument.
export const testHooks = {
  /** One SQL statement on the core's connection (see core-thread/test-hooks.ts). */
  sql(core, arg) {
    const statement = core.db.prepare(arg.sql);
    const params = arg.params ?? [];
    if (arg.mode === 'run') return { changes: statement.run(...params).changes };
    return arg.mode === 'get' ? (statement.get(...params) ?? null) : statement.all(...params);
  },
  /** Whether the core's WAL checkpointer thread is running (core/db/checkpointer.ts). */
  checkpointer(core) {
    return core.checkpointerReady();
  },
  /** Heap and RSS as this thread sees them (RSS is the whole process's). */
  memory() {
    return process.memoryUsage();
  },
};

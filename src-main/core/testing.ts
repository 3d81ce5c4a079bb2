import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LedgerCore, type CoreOptions } from './core';
import { repoMigrationsFolder } from './db/paths';
import type { MethodInput, MethodName, MethodResult } from '../contract';

/**
 * A real core on a real SQLite file in a temp folder, for tests and benchmarks. `call`
 * goes through the same dispatch (validation, errors as data) as the shells, and unwraps.
 */
export interface TestCore {
  core: LedgerCore;
  dir: string;
  file: string;
  call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodResult<M>>;
  /** Stops sync, closes the database and removes the temp folder. */
  close(): Promise<void>;
}

export function createTestCore(opts: Partial<CoreOptions> & { dir?: string } = {}): TestCore {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-test-'));
  const file = opts.file ?? path.join(dir, 'lenden.db');
  const core = new LedgerCore({ migrationsFolder: repoMigrationsFolder(), ...opts, file });
  return {
    core,
    dir,
    file,
    async call(method, input) {
      const result = await core.handle(method, input);
      if (!result.ok) throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), { apiError: result.error });
      return result.value as never;
    },
    async close() {
      await core.close();
      if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock tests can move: `at('2026-11-25T10:00:00Z')`. */
export function manualClock(start = '2026-11-25T04:30:00.000Z') {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (iso: string) => {
      current = new Date(iso);
    },
    advance: (ms: number) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

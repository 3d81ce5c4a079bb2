import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoMigrationsFolder } from '../core/db/paths';
import { CoreThread } from './client';
import { yieldToTheWindow } from './priority';
import { SOURCE_ENTRY } from './source-entry';
import { TEST_HOOKS_MODULE } from './test-hooks';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-priority-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('yieldToTheWindow', () => {
  it('changes nothing where a thread has no nice value of its own, nor on the routing thread itself', () => {
    const before = os.getPriority(process.pid);
    expect(yieldToTheWindow('win32')).toBe(false);
    expect(yieldToTheWindow('darwin')).toBe(false);
    // This is the process's main thread: lowering it would slow the window too.
    expect(yieldToTheWindow()).toBe(false);
    expect(os.getPriority(process.pid)).toBe(before);
  });

  it.runIf(process.platform === 'linux')('lowers the core thread only: the routing thread keeps its priority', async () => {
    const main = os.getPriority(process.pid);
    const core = new CoreThread({ entry: SOURCE_ENTRY, config: { file: path.join(dir, 'lenden.db'), migrationsFolder: repoMigrationsFolder(), testHooks: TEST_HOOKS_MODULE } });
    try {
      const seen = await core.runTestHook('nice');
      expect(seen.ok).toBe(true);
      const { tid, nice } = (seen as { value: { tid: number; nice: number } }).value;
      expect(tid).not.toBe(process.pid);
      // PRIORITY_BELOW_NORMAL is 10; a process already nicer than that cannot be raised back.
      expect(nice).toBe(Math.max(main, os.constants.priority.PRIORITY_BELOW_NORMAL));
      expect(os.getPriority(process.pid)).toBe(main);
    } finally {
      await core.close();
    }
  });
});

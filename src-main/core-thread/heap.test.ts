import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT } from './heap';

const HEAP_MODULE = fileURLToPath(new URL('./heap.ts', import.meta.url));

/**
 * A child Node that builds pages of 20,000 rows, holds each while the next two are built (long
 * enough to be promoted, as a pull page is), and prints its largest heap. `tuned` first calls
 * tuneHeapGrowth as the core thread does.
 */
function peakHeapMb(tuned: boolean): number {
  const script = `
    ${tuned ? `const { tuneHeapGrowth } = await import(${JSON.stringify(HEAP_MODULE)}); tuneHeapGrowth();` : ''}
    let peak = 0;
    const held = [];
    for (let page = 0; page < 60; page++) {
      const rows = [];
      for (let i = 0; i < 20000; i++) rows.push({ id: 'r' + page + '-' + i, amount: i * 7, note: 'note ' + i + ' of page ' + page });
      held.push(rows);
      if (held.length > 2) held.shift();
      peak = Math.max(peak, process.memoryUsage().heapTotal);
      await new Promise((resolve) => setImmediate(resolve));
    }
    console.log(Math.round(peak / 2 ** 20));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toBe('');
  return Number(run.stdout.trim());
}

describe('heap growth of the core thread', () => {
  it('is a flag this V8 knows (an unknown one is ignored without a word)', () => {
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    expect(options).toContain('--heap-growing-percent');
    expect(HEAP_GROWING_PERCENT).toBeGreaterThan(0);
  });

  it('keeps the heap near what it holds when short-lived pages get promoted', () => {
    const plain = peakHeapMb(false);
    const tuned = peakHeapMb(true);
    expect(plain).toBeGreaterThan(0);
    // About 135-140 MB against 80-90 MB here; the rows held at any moment are about 15 MB.
    expect(tuned).toBeLessThan(plain * 0.8);
  });
});

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchUi as run } from '../tests/e2e/bench-ui';
import { round, type Figure } from './stats';

/** Browser-measured UI figures (needs /usr/bin/chromium; builds the renderer it serves if needed). */
export async function benchUi(): Promise<Figure[]> {
  // The browser shell serves out/renderer, which a fresh clone does not have: build it (skipped
  // when its inputs are unchanged). Its output goes to stderr, with the bench's progress.
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: ['ignore', 2, 2] });
  const r = await run({ entries: 20_000, samples: 9 });
  return [
    { name: `navigate to a party ledger of ${r.entries} entries until rows show: median`, value: round(r.openLedger.median, 1), unit: 'ms', target: '< 300 ms' },
    { name: 'navigate to the ledger: p95', value: round(r.openLedger.p95, 1), unit: 'ms' },
    { name: 'quick entry: Enter until the new row is visible: median', value: round(r.quickEntry.median, 1), unit: 'ms', target: '< 50 ms' },
    { name: 'quick entry: p95', value: round(r.quickEntry.p95, 1), unit: 'ms' },
  ];
}

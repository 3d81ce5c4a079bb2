import { benchUi as run } from '../tests/e2e/bench-ui';
import { round, type Figure } from './stats';

/** Browser-measured UI figures (needs the built renderer and /usr/bin/chromium). */
export async function benchUi(): Promise<Figure[]> {
  const r = await run({ entries: 20_000, samples: 9 });
  return [
    { name: `navigate to a party ledger of ${r.entries} entries until rows show: median`, value: round(r.openLedger.median, 1), unit: 'ms', target: '< 300 ms' },
    { name: 'navigate to the ledger: p95', value: round(r.openLedger.p95, 1), unit: 'ms' },
    { name: 'quick entry: Enter until the new row is visible: median', value: round(r.quickEntry.median, 1), unit: 'ms', target: '< 50 ms' },
    { name: 'quick entry: p95', value: round(r.quickEntry.p95, 1), unit: 'ms' },
  ];
}

/**
 * `npm run bench`: prints every benchmark figure as a table and as JSON. Figures, not
 * pass/fail: targets are printed next to them for the reader.
 *   npm run bench              everything
 *   npm run bench -- core sync  only some groups (core, sync, billing, monthend, collect, stall, start, pdf, ui)
 */
import { spawnSync } from 'node:child_process';
import { CORE_YOUNG_GENERATION_MB } from '../src-main/core-thread/client';
import { benchAddEntry, benchLists } from './core.bench';
import { benchSync } from './sync.bench';
import { benchBilling } from './billing.bench';
import { benchMonthEnd } from './month-end.bench';
import { benchCollect } from './collect.bench';
import type { Figure } from './stats';

type Group = { name: string; run: () => Promise<Figure[]> };

const groups: Group[] = [
  { name: 'core', run: async () => [...(await benchAddEntry()), ...(await benchLists())] },
  { name: 'sync', run: benchSync },
  { name: 'billing', run: benchBilling },
  { name: 'monthend', run: benchMonthEnd },
  { name: 'collect', run: benchCollect },
  { name: 'stall', run: async () => (await import('./stall.bench')).benchStall() },
  { name: 'start', run: async () => (await import('./start.bench')).benchStart() },
];

async function optional(name: string, modulePath: string, exportName: string): Promise<Group | null> {
  try {
    const mod = (await import(modulePath)) as Record<string, () => Promise<Figure[]>>;
    const fn = mod[exportName];
    return fn ? { name, run: fn } : null;
  } catch {
    return null;
  }
}

/**
 * The core, sync and billing groups run their devices on this thread: it gets the young
 * generation the app gives its core thread (core-thread/client.ts), a third of it per
 * semi-space, by starting this script again under that flag. (The stall group's devices run
 * in their own processes, as users run them.)
 */
function restartAsTheCoreThreadRuns(): void {
  const flag = `--max-semi-space-size=${CORE_YOUNG_GENERATION_MB / 3}`;
  if (process.execArgv.includes(flag)) return;
  const again = spawnSync(process.execPath, [...process.execArgv, flag, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

async function main() {
  restartAsTheCoreThreadRuns();
  const wanted = process.argv.slice(2);
  const extra = await Promise.all([optional('pdf', './pdf.bench', 'benchPdf'), optional('ui', './ui.bench', 'benchUi')]);
  const all = [...groups, ...extra.filter((g): g is Group => g !== null)];
  const results: Record<string, Figure[]> = {};
  for (const g of all) {
    if (wanted.length && !wanted.includes(g.name)) continue;
    process.stderr.write(`running ${g.name} benchmarks...\n`);
    try {
      results[g.name] = await g.run();
    } catch (error) {
      results[g.name] = [{ name: `${g.name} failed`, value: NaN, unit: '', note: error instanceof Error ? error.message : String(error) }];
    }
  }
  const rows = Object.entries(results).flatMap(([group, figs]) => figs.map((f) => ({ group, ...f })));
  const width = Math.max(...rows.map((r) => r.name.length), 10);
  console.log(`\n${'group'.padEnd(6)} ${'figure'.padEnd(width)} ${'value'.padStart(10)} unit  target`);
  for (const r of rows) {
    console.log(`${r.group.padEnd(6)} ${r.name.padEnd(width)} ${String(r.value).padStart(10)} ${r.unit.padEnd(5)} ${r.target ?? ''}${r.note ? `  (${r.note})` : ''}`);
  }
  console.log('\n' + JSON.stringify({ machine: { node: process.version, platform: process.platform, arch: process.arch }, results }, null, 2));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { TEST_HOOKS_MODULE } from '../../src-main/core-thread/test-hooks';
import { startWebHost } from '../../src-main/web/host';
import { CHROMIUM, CHROMIUM_ARGS } from './harness';

export interface Timing {
  samples: number[];
  median: number;
  p95: number;
  targetMs: number;
  pass: boolean;
}

export interface UiBenchResult {
  entries: number;
  /** Click on the party until the first ledger rows are in the DOM and a frame is due. */
  openLedger: Timing;
  /** Enter in the quick entry until the new row shows at the top of the ledger. */
  quickEntry: Timing;
}

// In-page probes are plain strings: a bundler's helpers (e.g. __name) do not exist in the page.
const OPEN_LEDGER = `new Promise((resolve) => {
  const row = document.querySelector('[data-testid="party-row"]');
  const t0 = performance.now();
  const observer = new MutationObserver(() => {
    if (document.querySelector('[data-testid="entry-row"]')) {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  row.click();
})`;

const QUICK_ENTRY = `(text) => new Promise((resolve) => {
  let t0 = 0;
  window.addEventListener('keydown', (e) => { if (e.key === 'Enter') t0 = e.timeStamp; }, { capture: true, once: true });
  const observer = new MutationObserver(() => {
    const first = document.querySelector('[data-testid="entry-row"]');
    if (t0 && first && first.textContent.includes(text)) {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    }
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
})`;

function timing(samples: number[], targetMs: number): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { samples: samples.map(round), median: round(at(0.5)), p95: round(at(0.95)), targetMs, pass: at(0.5) < targetMs };
}

/**
 * UI latency in a real browser against a real core: a party with `entries` ledger entries
 * (default 20k). Not a test; `npm run bench` calls it and prints the figures.
 */
export async function benchUi(opts: { entries?: number; samples?: number } = {}): Promise<UiBenchResult> {
  const count = opts.entries ?? 20_000;
  const samples = opts.samples ?? 7;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-bench-ui-'));
  const host = await startWebHost({ dataDir, testHooks: TEST_HOOKS_MODULE });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  try {
    const created = await host.core.handle('parties.create', { type: 'customer', name: 'Bench Party', phone: '9876543210' });
    if (!created.ok) throw new Error(created.error.message);
    const partyId = (created.value as { id: string }).id;
    // Seeded in one transaction through the ledger service (the same writer and outbox path),
    // inside the core's thread where the database lives.
    const seeded = await host.core.runTestHook('addEntries', { partyType: 'customer', partyId, count, firstDate: '2024-01-01', perDay: 30 });
    if (!seeded.ok) throw new Error(seeded.error.message);

    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    page.setDefaultTimeout(20_000);
    const open: number[] = [];
    for (let i = 0; i < samples; i++) {
      // A fresh page each time so the ledger is never served from the query cache.
      await page.goto(host.url.includes('#') && i > 0 ? host.url.split('#')[0]! : host.url);
      await page.getByTestId('nav-customers').click();
      await page.getByTestId('party-row').first().waitFor();
      open.push(await page.evaluate<number>(OPEN_LEDGER));
    }

    const quick: number[] = [];
    await page.getByTestId('entry-row').first().waitFor();
    for (let i = 0; i < samples; i++) {
      const rupees = `${4321 + i}.5${i}`;
      const expected = `₹${Number(4321 + i).toLocaleString('en-IN')}.5${i}`;
      await page.getByTestId('qe-amount').fill(rupees);
      const measured = page.evaluate<number>(`(${QUICK_ENTRY})(${JSON.stringify(expected)})`);
      await page.getByTestId('qe-amount').press('Enter');
      quick.push(await measured);
    }
    return { entries: count, openLedger: timing(open, 300), quickEntry: timing(quick, 50) };
  } finally {
    await browser.close().catch(() => undefined);
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

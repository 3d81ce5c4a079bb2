import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, rendererBuilt, type Harness } from './harness';
import { eventually } from './eventually';

const COUNT = 10_000;

describe.skipIf(!chromiumAvailable || !rendererBuilt)('a party list of 10k customers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
    for (let start = 0; start < COUNT; start += 5000) {
      const parties = Array.from({ length: 5000 }, (_, i) => ({ name: `Party ${String(start + i + 1).padStart(5, '0')}`, phone: `9${String(100000000 + start + i)}` }));
      const result = await h.host.core.handle('parties.batchCreate', { type: 'customer', parties });
      if (!result.ok) throw new Error(result.error.message);
    }
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('renders only the visible rows, loads more on scroll, and searches all of them', async () => {
    const { page } = h;
    const started = Date.now();
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('party-row').first().waitFor();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await page.getByTestId('party-row').count()).toBeLessThan(60);
    expect(await page.getByTestId('screen-customers').textContent()).toContain('10000 parties');
    const rows = page.getByTestId('party-list');
    // Pages of 500 load as the end comes near: at the end of the first page the second loads,
    // and row 1,000 can then be scrolled to (rows are 56 px high).
    await rows.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await eventually(() => page.getByText('Party 00500').count()).toBe(1);
    await eventually(async () => {
      await rows.evaluate((el) => el.scrollTo({ top: 999 * 56 - 200 }));
      return page.getByText('Party 01000').count();
    }).toBe(1);
    expect(await page.getByTestId('party-row').count()).toBeLessThan(60);
    await page.getByTestId('party-search').fill('Party 09999');
    await eventually(() => page.getByTestId('party-row').allTextContents()).toEqual([expect.stringContaining('Party 09999')]);
    await page.getByTestId('party-search').fill('9100009998');
    await eventually(() => page.getByTestId('party-row').allTextContents()).toEqual([expect.stringContaining('Party 09999')]);
    // Keyboard: Enter in the search box opens the highlighted (first) match.
    await page.getByTestId('party-search').press('Enter');
    await eventually(() => page.getByTestId('ledger-party-name').textContent()).toBe('Party 09999');
    expect(h.pageErrors).toEqual([]);
  });
});

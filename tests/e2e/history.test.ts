import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';

async function seed<T>(h: Harness, method: string, input: unknown): Promise<T> {
  const result = await h.host.core.handle(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

describe.skipIf(!chromiumAvailable || !rendererBuilt)('edit history from the audit trail', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
    const p = await seed<{ id: string }>(h, 'parties.create', { type: 'customer', name: 'Mohan Lal', phone: '9812345678' });
    await seed(h, 'entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 500_00, note: 'Sugar' });
    await seed(h, 'parties.update', { type: 'customer', id: p.id, patch: { name: 'Mohan Lal Gupta' } });
    await seed(h, 'bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines: [{ name: 'Tea', qtyMilli: 1000, ratePaise: 200_00, gstRateBp: 500 }] });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('an entry edited in the UI shows who changed it, when, and old → new amounts', async () => {
    const { page } = h;
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('party-row').first().click();
    // Oldest is the ₹500 entry (the bill's entry is newer): edit it in the UI.
    const sugar = page.getByTestId('entry-row').filter({ hasText: 'Sugar' });
    await sugar.getByTestId('entry-edit').click();
    await page.getByTestId('entry-amount').fill('550');
    await page.getByTestId('entry-save').click();
    await eventually(() => sugar.getByTestId('entry-gave').textContent()).toBe('₹550.00');
    for (const lang of ['en', 'hi'] as const) {
      if (lang === 'hi') {
        await page.getByTestId('nav-settings').click();
        await page.getByTestId('language-hi').click();
        await page.getByTestId('nav-customers').click();
        await page.getByTestId('party-row').first().click();
      }
      await sugar.getByTestId('entry-history').click();
      const items = page.getByTestId('history-item');
      await eventually(() => items.count()).toBe(2);
      // Newest first: the edit, then the create.
      expect(await items.nth(0).getAttribute('data-action')).toBe('update');
      expect(await items.nth(1).getAttribute('data-action')).toBe('create');
      const edit = await items.nth(0).textContent();
      if (lang === 'en') {
        expect(edit).toContain('Changed');
        expect(edit).toContain('This computer');
        expect(edit).toContain('Amount: ₹500.00 → ₹550.00');
        expect(await items.nth(1).textContent()).toContain('Gave/got: You gave');
      } else {
        expect(edit).toContain('बदला गया');
        expect(edit).toContain('यह कंप्यूटर');
        expect(edit).toContain('रकम: ₹500.00 → ₹550.00');
      }
      // Read-only: nothing in the dialog can change the trail.
      expect(await page.getByTestId('history-dialog').locator('input, select, textarea').count()).toBe(0);
      await page.screenshot({ path: screenshotPath(`history-entry-${lang}`) });
      expect(await overflow(page)).toEqual([]);
      await page.getByTestId('history-close').click();
    }
  });

  it('the party and the bill have their history too', async () => {
    const { page } = h;
    await page.getByTestId('party-history').click();
    const items = page.getByTestId('history-item');
    await eventually(() => items.count()).toBe(2);
    expect(await items.nth(0).textContent()).toContain('Mohan Lal → Mohan Lal Gupta');
    await page.getByTestId('history-close').click();
    await page.getByTestId('nav-bills').click();
    await page.getByTestId('bill-row').first().click();
    await page.getByTestId('bill-history').click();
    await eventually(() => items.count()).toBe(1);
    expect(await items.nth(0).getAttribute('data-action')).toBe('create');
    expect(await items.nth(0).textContent()).toContain('₹210.00');
    await page.getByTestId('history-close').click();
    await page.getByTestId('history-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('bill-detail').waitFor();
    expect(h.pageErrors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, rendererBuilt, type Harness } from './harness';
import { eventually } from './eventually';

// The khata flow a counter runs all day: add a customer, gave/got with the keyboard,
// balances, search, edit, delete and undo, all against a real core in a real browser.
describe.skipIf(!chromiumAvailable || !rendererBuilt)('party ledger in the browser shell', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('creates a customer, shows the core validation message for a bad phone', async () => {
    const { page } = h;
    await page.getByTestId('nav-customers').click();
    await page.keyboard.press('n');
    await page.getByTestId('party-name').fill('Ramesh Kumar');
    await page.getByTestId('party-phone').fill('12');
    await page.getByTestId('party-save').click();
    await eventually(() => page.getByTestId('party-form').getByRole('alert').first().textContent()).toContain('Phone must be 6 to 15 digits');
    await page.getByTestId('party-phone').fill('98765 43210');
    await page.getByTestId('party-save').click();
    await page.getByTestId('party-form').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('party-row').count()).toBe(1);
    expect(await page.getByTestId('party-row').first().textContent()).toContain('Ramesh Kumar');
  });

  it('adds gave and got with the quick entry keys and shows running and list balances', async () => {
    const { page } = h;
    await page.getByTestId('party-row').first().click();
    await page.getByTestId('party-ledger').waitFor();
    await page.keyboard.press('g');
    await page.keyboard.type('500');
    await page.keyboard.press('Enter');
    await eventually(() => page.getByTestId('entry-row').count()).toBe(1);
    // From inside the amount box R switches to "got" without typing a letter.
    await page.getByTestId('qe-amount').focus();
    await page.keyboard.press('r');
    await page.keyboard.type('200.50');
    await page.keyboard.press('Enter');
    await eventually(() => page.getByTestId('entry-row').count()).toBe(2);
    await eventually(() => page.getByTestId('ledger-balance').textContent()).toBe('₹299.50');
    const balances = await page.getByTestId('entry-balance').allTextContents();
    expect(balances).toEqual(['₹299.50', '₹500.00']);
    expect(await page.getByTestId('entry-gave').allTextContents()).toEqual(['₹500.00']);
    expect(await page.getByTestId('entry-got').allTextContents()).toEqual(['₹200.50']);
    await page.keyboard.press('Escape');
    await page.getByTestId('ledger-back').click();
    await eventually(() => page.getByTestId('party-balance').first().textContent()).toBe('₹299.50');
    await eventually(() => page.getByTestId('total-get').textContent()).toBe('₹299.50');
  });

  it('finds the customer by phone or name as you type', async () => {
    const { page } = h;
    await page.getByTestId('party-search').fill('43210');
    await eventually(() => page.getByTestId('party-row').count()).toBe(1);
    await page.getByTestId('party-search').fill('nobody-like-this');
    await eventually(() => page.getByTestId('party-row').count()).toBe(0);
    await page.getByTestId('party-search').fill('rames');
    await eventually(() => page.getByTestId('party-row').count()).toBe(1);
  });

  it('edits an entry, deletes one and undoes the delete', async () => {
    const { page } = h;
    await page.getByTestId('party-search').press('Enter');
    await page.getByTestId('party-ledger').waitFor();
    // Newest first: row 0 is the got entry.
    await page.getByTestId('entry-edit').first().click();
    await page.getByTestId('entry-amount').fill('250');
    await page.getByTestId('entry-save').click();
    await eventually(() => page.getByTestId('ledger-balance').textContent()).toBe('₹250.00');
    await page.getByTestId('entry-delete').first().click();
    await eventually(() => page.getByTestId('entry-row').count()).toBe(1);
    await eventually(() => page.getByTestId('ledger-balance').textContent()).toBe('₹500.00');
    await page.getByTestId('undo-toast').getByRole('button').click();
    await eventually(() => page.getByTestId('entry-row').count()).toBe(2);
    await eventually(() => page.getByTestId('ledger-balance').textContent()).toBe('₹250.00');
  });

  it('builds a WhatsApp reminder in the chosen language and opens it without an opener', async () => {
    const { page } = h;
    await page.evaluate(() => {
      const w = window as unknown as { opened: unknown[][] };
      w.opened = [];
      window.open = (...args: unknown[]) => {
        w.opened.push(args);
        return null;
      };
    });
    await page.getByTestId('send-reminder').click();
    const [url, target, features] = (await page.evaluate(() => (window as unknown as { opened: string[][] }).opened[0])) as string[];
    expect(target).toBe('_blank');
    expect(features).toContain('noopener');
    const link = new URL(url!);
    expect(link.origin + link.pathname).toBe('https://wa.me/919876543210');
    expect(link.searchParams.get('text')).toBe('Namaste Ramesh Kumar, your balance of ₹250.00 is due at My Shop. Please pay at your earliest convenience. Thank you!');
  });

  it('shows writes made elsewhere live (db.changed) and raised no page errors', async () => {
    const { page, host } = h;
    const list = (await host.core.handle('parties.list', { type: 'customer' })) as { ok: true; value: { items: { id: string }[] } };
    const id = list.value.items[0]!.id;
    await host.core.handle('entries.add', { partyType: 'customer', partyId: id, direction: 'gave', amountPaise: 1_00_000_00 });
    await eventually(() => page.getByTestId('ledger-balance').textContent()).toBe('₹1,00,250.00');
    expect(h.pageErrors).toEqual([]);
  });
});

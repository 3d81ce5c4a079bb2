import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, rendererBuilt, type Harness } from './harness';
import { eventually } from './eventually';

/** Unwraps a core answer for seeding through the same dispatch the bridge uses. */
async function seed<T>(h: Harness, method: string, input: unknown): Promise<T> {
  const result = await h.host.core.handle(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

describe.skipIf(!chromiumAvailable || !rendererBuilt)('bills, cashbook and attendance in the browser shell', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('cashbook shows the day totals the core derives', async () => {
    const { page } = h;
    await page.getByTestId('nav-cashbook').click();
    await page.getByTestId('cash-dir-in').click();
    await page.getByTestId('cash-amount').fill('1000');
    await page.getByTestId('cash-amount').press('Enter');
    await eventually(() => page.getByTestId('cash-row').count()).toBe(1);
    await page.getByTestId('cash-dir-out').click();
    await page.getByTestId('cash-amount').fill('250.75');
    await page.getByTestId('cash-amount').press('Enter');
    await eventually(() => page.getByTestId('cash-row').count()).toBe(2);
    await eventually(() => page.getByTestId('cash-in').textContent()).toBe('₹1,000.00');
    expect(await page.getByTestId('cash-out').textContent()).toBe('₹250.75');
    expect(await page.getByTestId('cash-closing').textContent()).toBe('₹749.25');
    await page.getByTestId('nav-dashboard').click();
    await eventually(() => page.getByTestId('dash-cash-in').textContent()).toBe('₹1,000.00');
  });

  it('a bill made in the UI posts its entry to the party ledger', async () => {
    const { page } = h;
    await seed(h, 'parties.create', { type: 'customer', name: 'Sharma Traders', phone: '9812345678' });
    await page.getByTestId('nav-bills').click();
    await page.getByTestId('new-bill').click();
    await page.getByTestId('bill-party-search').fill('Sharma');
    await page.getByTestId('bill-party-option').filter({ hasText: 'Sharma Traders' }).click();
    await page.getByTestId('bill-item-0').fill('Basmati rice');
    await page.getByTestId('bill-qty-0').fill('2');
    await page.getByTestId('bill-rate-0').fill('500');
    await page.getByTestId('bill-gst-0').selectOption('500');
    // 2 x ₹500 = ₹1,000 taxable, 5% GST = ₹50: the core computes it, the form only shows it.
    await eventually(() => page.getByTestId('bill-total').textContent()).toBe('₹1,050.00');
    await page.getByTestId('bill-save').click();
    await page.getByTestId('bill-form').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('bill-row').count()).toBe(1);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('party-row').first().click();
    await eventually(() => page.getByTestId('ledger-balance').textContent()).toBe('₹1,050.00');
    expect(await page.getByTestId('entry-gave').allTextContents()).toEqual(['₹1,050.00']);
  });

  it('a payment recorded on the bill lowers its due and the party balance', async () => {
    const { page } = h;
    await page.getByTestId('nav-bills').click();
    await page.getByTestId('bill-row').first().click();
    await eventually(() => page.getByTestId('bill-due').textContent()).toBe('₹1,050.00');
    await page.getByTestId('bill-pay-amount').fill('50');
    await page.getByTestId('bill-pay').click();
    await eventually(() => page.getByTestId('bill-due').textContent()).toBe('₹1,000.00');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('party-row').first().click();
    await eventually(() => page.getByTestId('ledger-balance').textContent()).toBe('₹1,000.00');
    expect(await page.getByTestId('entry-got').allTextContents()).toEqual(['₹50.00']);
  });

  it('marks attendance on the month grid and shows the salary due from the core', async () => {
    const { page } = h;
    const info = await seed<{ today: string }>(h, 'app.info', {});
    await seed(h, 'staff.create', { name: 'Raju', salaryBasis: 'daily', salaryPaise: 500_00, joinedOn: `${info.today.slice(0, 7)}-01` });
    await page.getByTestId('nav-staff').click();
    await eventually(() => page.getByTestId('staff-row').count()).toBe(1);
    const cell = page.getByTestId(`day-Raju-${info.today}`);
    await cell.click();
    await eventually(() => cell.textContent()).toBe('P');
    await eventually(() => page.getByTestId('staff-due').textContent()).toBe('₹500.00');
    await cell.click();
    await eventually(() => cell.textContent()).toBe('A');
    await eventually(() => page.getByTestId('staff-due').textContent()).toBe('₹0.00');
    expect(h.pageErrors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';

async function seed<T>(h: Harness, method: string, input: unknown): Promise<T> {
  const result = await h.host.core.handle(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

// Every figure on a bill comes from the core: the form only shows what bills.preview says.
describe.skipIf(!chromiumAvailable || !rendererBuilt)('bills: discount, place of supply, edit, delete and purchases', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
    await seed(h, 'settings.update', { stateCode: '27', gstin: '27ABCDE1234F1Z0' });
    await seed(h, 'parties.create', { type: 'customer', name: 'Sharma Traders', phone: '9812345678', stateCode: '27' });
    await seed(h, 'parties.create', { type: 'supplier', name: 'Agarwal Wholesale', phone: '9123456780', stateCode: '27' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const openCustomerLedger = async () => {
    const { page } = h;
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('party-row').filter({ hasText: 'Sharma Traders' }).click();
    await page.getByTestId('party-ledger').waitFor();
  };

  it('a discount lowers the taxable value and another state switches CGST+SGST to IGST', async () => {
    const { page } = h;
    await page.getByTestId('nav-bills').click();
    await page.getByTestId('new-bill').click();
    await page.getByTestId('bill-party-search').fill('Sharma');
    await page.getByTestId('bill-party-option').filter({ hasText: 'Sharma Traders' }).click();
    await page.getByTestId('bill-item-0').fill('Basmati rice');
    await page.getByTestId('bill-qty-0').fill('2');
    await page.getByTestId('bill-rate-0').fill('500');
    await page.getByTestId('bill-gst-0').selectOption('500');
    await page.getByTestId('bill-discount').fill('100');
    // 2 x ₹500 - ₹100 = ₹900 taxable; 5% = ₹45 as 22.50 + 22.50 inside Maharashtra.
    await eventually(() => page.getByTestId('bill-taxable').textContent()).toBe('₹900.00');
    expect(await page.getByTestId('bill-discount-total').textContent()).toBe('₹100.00');
    await eventually(() => page.getByTestId('bill-cgst').textContent()).toBe('₹22.50');
    expect(await page.getByTestId('bill-total').textContent()).toBe('₹945.00');
    await page.getByTestId('bill-pos').selectOption('29');
    await eventually(() => page.getByTestId('bill-igst').textContent()).toBe('₹45.00');
    expect(await page.getByTestId('bill-cgst').count()).toBe(0);
    expect(await page.getByTestId('bill-total').textContent()).toBe('₹945.00');
    await page.screenshot({ path: screenshotPath('bill-form-discount-en') });
    expect(await overflow(page)).toEqual([]);
    await page.getByTestId('bill-save').click();
    await page.getByTestId('bill-form').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('bill-row').count()).toBe(1);
    expect(await page.getByTestId('bill-row').first().textContent()).toContain('₹945.00');
    const bill = await seed<{ items: { id: string }[] }>(h, 'bills.list', {});
    const saved = await seed<{ placeOfSupply: string; discountPaise: number; igstPaise: number }>(h, 'bills.get', { id: bill.items[0]!.id });
    expect(saved).toMatchObject({ placeOfSupply: '29', discountPaise: 100_00, igstPaise: 45_00 });
  });

  it('edits the bill: the ledger entry follows the new total', async () => {
    const { page } = h;
    await page.getByTestId('bill-row').first().click();
    await page.getByTestId('bill-edit').click();
    await page.getByTestId('bill-form').waitFor();
    expect(await page.getByTestId('bill-discount').inputValue()).toBe('100');
    expect(await page.getByTestId('bill-pos').inputValue()).toBe('29');
    await page.getByTestId('bill-qty-0').fill('3');
    // 3 x ₹500 - ₹100 = ₹1,400; 5% IGST ₹70.
    await eventually(() => page.getByTestId('bill-total').textContent()).toBe('₹1,470.00');
    await page.getByTestId('bill-save').click();
    await page.getByTestId('bill-form').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('bill-row').first().textContent()).toContain('₹1,470.00');
    await openCustomerLedger();
    await eventually(() => page.getByTestId('ledger-balance').textContent()).toBe('₹1,470.00');
  });

  it('deletes the bill after a confirmation and undoes the delete', async () => {
    const { page } = h;
    await page.getByTestId('nav-bills').click();
    await page.getByTestId('bill-row').first().click();
    await page.getByTestId('bill-delete').click();
    await page.getByTestId('bill-confirm-delete').waitFor();
    await page.getByTestId('bill-delete-confirm').click();
    await page.getByTestId('bill-detail').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('bill-row').count()).toBe(0);
    await page.getByTestId('undo-toast').getByRole('button').click();
    await eventually(() => page.getByTestId('bill-row').count()).toBe(1);
    await page.getByTestId('bill-row').first().click();
    await page.getByTestId('bill-delete').click();
    await page.getByTestId('bill-delete-confirm').click();
    await eventually(() => page.getByTestId('bill-row').count()).toBe(0);
    await openCustomerLedger();
    await eventually(() => page.getByTestId('ledger-balance').textContent()).toBe('₹0.00');
  });

  it('makes a purchase bill from a supplier', async () => {
    const { page } = h;
    await page.getByTestId('nav-bills').click();
    await page.getByTestId('new-bill').click();
    await page.getByTestId('bill-kind-purchase').click();
    await page.getByTestId('bill-party-search').fill('Agarwal');
    await page.getByTestId('bill-party-option').filter({ hasText: 'Agarwal Wholesale' }).click();
    await page.getByTestId('bill-item-0').fill('Sugar 50kg');
    await page.getByTestId('bill-rate-0').fill('2000');
    await eventually(() => page.getByTestId('bill-total').textContent()).toBe('₹2,000.00');
    await page.getByTestId('bill-save').click();
    await page.getByTestId('bill-form').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('bill-row').count()).toBe(1);
    expect(await page.getByTestId('bill-row').first().textContent()).toContain('Purchase');
    await page.getByTestId('nav-suppliers').click();
    await page.getByTestId('party-row').filter({ hasText: 'Agarwal' }).click();
    await eventually(() => page.getByTestId('entry-got').allTextContents()).toEqual(['₹2,000.00']);
    expect(h.pageErrors).toEqual([]);
  });

  it('saves a chosen bill date, due date and note and shows them on the bill', async () => {
    const { page } = h;
    const { today } = await seed<{ today: string }>(h, 'app.info', {});
    await page.getByTestId('nav-bills').click();
    await page.getByTestId('new-bill').click();
    // A new bill starts on the business's today.
    await eventually(() => page.getByTestId('bill-date').inputValue()).toBe(today.split('-').reverse().join('-'));
    expect(await page.getByTestId('bill-due-date').inputValue()).toBe('');
    await page.getByTestId('bill-party-search').fill('Sharma');
    await page.getByTestId('bill-party-option').filter({ hasText: 'Sharma Traders' }).click();
    await page.getByTestId('bill-date').fill('2025-03-10');
    await page.getByTestId('bill-due-date').fill('2025-04-09');
    await page.getByTestId('bill-note').fill('Diwali order, deliver to the back gate');
    await page.getByTestId('bill-item-0').fill('Mustard oil 15L');
    await page.getByTestId('bill-rate-0').fill('2400');
    await page.getByTestId('bill-gst-0').selectOption('500');
    // Totals still come from bills.preview: ₹2,400 + 5% = ₹2,520.
    await eventually(() => page.getByTestId('bill-total').textContent()).toBe('₹2,520.00');
    await page.screenshot({ path: screenshotPath('bill-form-dates-en-1366x768') });
    expect(await overflow(page)).toEqual([]);
    await page.getByTestId('bill-save').click();
    await page.getByTestId('bill-form').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('bill-row').count()).toBe(2);

    const list = await seed<{ items: { id: string; kind: string }[] }>(h, 'bills.list', {});
    const id = list.items.find((b) => b.kind === 'sale')!.id;
    const saved = await seed<{ date: string; dueDate: string | null; note: string | null; totalPaise: number }>(h, 'bills.get', { id });
    expect(saved).toMatchObject({ date: '2025-03-10', dueDate: '2025-04-09', note: 'Diwali order, deliver to the back gate', totalPaise: 2_520_00 });

    await page.getByTestId('bill-row').filter({ hasText: 'Sharma Traders' }).click();
    await page.getByTestId('bill-detail').waitFor();
    await eventually(() => page.getByTestId('bill-date-text').textContent()).toBe('10-03-2025');
    expect(await page.getByTestId('bill-due-date-text').textContent()).toBe('09-04-2025');
    expect(await page.getByTestId('bill-note-text').textContent()).toBe('Diwali order, deliver to the back gate');
    await page.screenshot({ path: screenshotPath('bill-detail-dates-en-1366x768') });
    expect(await overflow(page)).toEqual([]);
    // Editing starts from what was saved, so a save without changes keeps all three.
    await page.getByTestId('bill-edit').click();
    await page.getByTestId('bill-form').waitFor();
    expect(await page.getByTestId('bill-date').inputValue()).toBe('10-03-2025');
    expect(await page.getByTestId('bill-due-date').inputValue()).toBe('09-04-2025');
    expect(await page.getByTestId('bill-note').inputValue()).toBe('Diwali order, deliver to the back gate');
    await page.getByTestId('bill-save').click();
    await page.getByTestId('bill-form').waitFor({ state: 'detached' });
    expect(await seed(h, 'bills.get', { id })).toMatchObject({ date: '2025-03-10', dueDate: '2025-04-09', note: 'Diwali order, deliver to the back gate' });
    expect(h.pageErrors).toEqual([]);
  });
});

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bill, BillPage, CashbookDay, ItemPage } from '../../src-main/contract';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';

async function core<T>(h: Harness, method: string, input: unknown = {}): Promise<T> {
  const result = await h.host.core.handle(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

/** Is the element wholly inside the window (no scrolling needed to see it)? */
async function inView(h: Harness, testId: string): Promise<boolean> {
  const box = await h.page.getByTestId(testId).boundingBox();
  const size = h.page.viewportSize()!;
  return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width;
}

// The counter flow of issue 12 at a counter PC's 1366x768 and a full-HD office screen: an
// item is added, sold from the keyboard alone with a UPI payment, its stock drops and the
// cashbook's online money rises.
describe.skipIf(!chromiumAvailable || !rendererBuilt).each([
  [1366, 768],
  [1920, 1080],
])('counter billing at %ix%i', (width, height) => {
  let h: Harness;
  const size = `${width}x${height}`;
  beforeAll(async () => {
    h = await openHarness({ width, height });
    await core(h, 'settings.update', { stateCode: '27', gstin: '27ABCDE1234F1Z0', upiId: 'sharmastore@okicici', address: '12 Station Road, Pune' });
    await core(h, 'parties.create', { type: 'customer', name: 'Sharma Traders', phone: '9812345678', stateCode: '27' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('creates an item in the item master', async () => {
    const { page } = h;
    await page.getByTestId('nav-items').click();
    await page.getByTestId('new-item').click();
    await page.getByTestId('item-name').fill('Basmati Rice 5kg');
    await page.getByTestId('item-hsn').fill('1006');
    await page.getByTestId('item-unit').selectOption('pack');
    await page.getByTestId('item-sale-price').fill('450');
    await page.getByTestId('item-purchase-price').fill('380');
    await page.getByTestId('item-gst').selectOption('500');
    await page.getByTestId('item-barcode').fill('8901234567890');
    await page.getByTestId('item-opening').fill('10');
    await page.getByTestId('item-low').fill('3');
    await page.getByTestId('item-save').click();
    await page.getByTestId('item-form').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('item-stock').allTextContents()).toEqual(['10 pack']);
    expect(await page.getByTestId('items-count').textContent()).toBe('1');
    expect(await overflow(page)).toEqual([]);
  });

  it('sells it by keyboard alone, paid in full by UPI', async () => {
    const { page } = h;
    // Alt+4: bills; N: new bill. From here on only keys.
    await page.keyboard.press('Alt+4');
    await page.getByTestId('screen-bills').waitFor();
    await page.keyboard.press('n');
    await page.getByTestId('bill-form').waitFor();
    await page.keyboard.type('sharma');
    await page.getByTestId('bill-party-option').first().waitFor();
    await page.keyboard.press('Enter');
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('bill-item-0');
    await page.keyboard.type('basmati');
    await page.getByTestId('bill-item-option').first().waitFor();
    await page.keyboard.press('Enter');
    // The item filled HSN, unit, rate and GST; the quantity is selected, ready to type over.
    expect(await page.getByTestId('bill-hsn-0').inputValue()).toBe('1006');
    expect(await page.getByTestId('bill-rate-0').inputValue()).toBe('450');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter'); // -> rate
    await page.keyboard.press('Enter'); // -> GST
    await page.keyboard.press('Enter'); // -> a new line's item
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('bill-item-1');
    await page.keyboard.press('Enter'); // an empty line: the lines are done -> payment
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('bill-pay-amount');
    // 2 x 450 = 900 taxable + 5% = 945.
    await eventually(() => page.getByTestId('bill-total').textContent()).toBe('₹945.00');
    await page.keyboard.press('f'); // the full amount
    expect(await page.getByTestId('bill-pay-amount').inputValue()).toBe('945');
    await page.keyboard.press('Tab'); // "Full amount" button
    await page.keyboard.press('Tab'); // payment mode
    await page.keyboard.press('ArrowDown'); // cash -> UPI
    expect(await page.getByTestId('bill-pay-mode').inputValue()).toBe('upi');
    await page.keyboard.press('Tab');
    await page.keyboard.type('UTR4455');
    await eventually(() => page.getByTestId('bill-balance').textContent()).toBe('₹0.00');
    expect(await inView(h, 'bill-total')).toBe(true);
    expect(await inView(h, 'bill-save')).toBe(true);
    await page.screenshot({ path: screenshotPath(`counter-bill-form-${size}`) });
    expect(await overflow(page)).toEqual([]);
    await page.keyboard.press('Control+s');
    await page.getByTestId('bill-form').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('bill-row').count()).toBe(1);
    const list = await core<BillPage>(h, 'bills.list');
    const bill = await core<Bill>(h, 'bills.get', { id: list.items[0]!.id });
    expect(bill).toMatchObject({ totalPaise: 94_500, paidPaise: 94_500, duePaise: 0, status: 'paid' });
    expect(bill.lines[0]).toMatchObject({ name: 'Basmati Rice 5kg', hsn: '1006', qtyMilli: 2000, unit: 'pack' });
    expect(bill.payments.map((p) => [p.amountPaise, p.mode, p.modeRef])).toEqual([[94_500, 'upi', 'UTR4455']]);
    expect(h.pageErrors).toEqual([]);
  });

  it('the stock dropped and the cashbook counts the UPI money as online, not cash', async () => {
    const { page } = h;
    await page.keyboard.press('Alt+5');
    await page.getByTestId('screen-items').waitFor();
    await eventually(() => page.getByTestId('item-stock').allTextContents()).toEqual(['8 pack']);
    await page.screenshot({ path: screenshotPath(`counter-items-${size}`) });
    await page.keyboard.press('Alt+6');
    await page.getByTestId('screen-cashbook').waitFor();
    await eventually(() => page.getByTestId('cash-online-in').textContent()).toBe('₹945.00');
    expect(await page.getByTestId('cash-in-hand').textContent()).toBe('₹0.00');
    expect(await page.getByTestId('cash-mode-upi').textContent()).toContain('₹945.00');
    expect(await page.getByTestId('cash-payment-row').count()).toBe(1);
    await page.screenshot({ path: screenshotPath(`counter-cashbook-${size}`) });
    expect(await overflow(page)).toEqual([]);
    const day = await core<CashbookDay>(h, 'cashbook.day');
    expect(day.online.inPaise).toBe(94_500);
    const items = await core<ItemPage>(h, 'items.list');
    expect(items.items[0]!.stockMilli).toBe(8_000);
  });

  it('six lines fit with the totals in view; Ctrl+P saves and hands over the receipt as a PDF', async () => {
    const { page } = h;
    for (const [name, price] of [['Toor Dal', '140'], ['Sugar', '45'], ['Tata Salt', '28'], ['Sunflower Oil 1L', '165'], ['Bath Soap', '45.50']] as const) {
      await core(h, 'items.create', { name, salePricePaise: Math.round(Number(price) * 100), gstRateBp: 1800, openingQtyMilli: 50_000 });
    }
    await core(h, 'printing.updateSettings', { paper: '80mm' });
    await page.keyboard.press('Alt+4');
    await page.keyboard.press('n');
    await page.getByTestId('bill-form').waitFor();
    await page.keyboard.type('sharma');
    await page.getByTestId('bill-party-option').first().waitFor();
    await page.keyboard.press('Enter');
    for (const [i, search] of ['basmati', 'toor', 'sugar', 'salt', 'sunflower', 'soap'].entries()) {
      await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(`bill-item-${i}`);
      await page.keyboard.type(search);
      await page.getByTestId('bill-item-option').first().waitFor();
      await page.keyboard.press('Enter');
      await page.keyboard.type(String(i + 1));
      for (let k = 0; k < 3; k++) await page.keyboard.press('Enter');
    }
    await eventually(() => page.getByTestId('bill-line-total-5').textContent()).not.toBe('');
    for (const id of ['bill-total', 'bill-balance', 'bill-save', 'bill-save-print', 'bill-item-0', 'bill-item-5']) expect(await inView(h, id), id).toBe(true);
    await page.screenshot({ path: screenshotPath(`counter-bill-six-lines-${size}`) });
    const download = page.waitForEvent('download');
    await page.keyboard.press('Control+p');
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^inv-1-0002-80mm\.pdf$/);
    const pdf = fs.readFileSync((await file.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByTestId('bill-form').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('bill-row').count()).toBe(2);
    expect(await page.getByTestId('bill-saved-note').textContent()).toContain('INV-1-0002');
    expect(h.pageErrors).toEqual([]);
  });
});

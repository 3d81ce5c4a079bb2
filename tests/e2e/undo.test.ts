import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWebHost } from '../../src-main/web/host';
import { TEST_HOOKS_MODULE } from '../../src-main/core-thread/test-hooks';

async function seed<T>(h: Harness, method: string, input: unknown): Promise<T> {
  const result = await h.host.core.handle(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

// Undo of any edit or delete (issue 14): the toast after each one, and Ctrl+Z outside text boxes.
describe.skipIf(!chromiumAvailable || !rendererBuilt)('undo of the last change', () => {
  let h: Harness;
  let itemId = '';
  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-e2e-undo-'));
    h = await openHarness({ host: await startWebHost({ dataDir, log: () => undefined, testHooks: TEST_HOOKS_MODULE }) });
    itemId = (await seed<{ id: string }>(h, 'items.create', { name: 'Basmati Rice 5kg', unit: 'pack', salePricePaise: 450_00, gstRateBp: 500 })).id;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await h?.host.stop();
  });

  const price = async () => (await seed<{ salePricePaise: number }>(h, 'items.get', { id: itemId })).salePricePaise;

  it('an item edit offers its undo, and the toast’s button puts the price back', async () => {
    const { page } = h;
    await page.getByTestId('nav-items').click();
    await page.getByTestId('item-edit').first().click();
    await page.getByTestId('item-sale-price').fill('480');
    await page.getByTestId('item-save').click();
    await eventually(price).toBe(480_00);
    await eventually(() => page.getByTestId('undo-toast').textContent()).toContain('Item saved.');
    await page.screenshot({ path: screenshotPath('undo-toast-en') });
    await page.getByTestId('undo-button').click();
    await eventually(price).toBe(450_00);
    await eventually(() => page.getByTestId('undo-said').textContent()).toBe('Undone: Item is back as it was.');
  });

  it('Ctrl+Z in a text box is the box’s own undo; outside it undoes this computer’s last change', async () => {
    const { page } = h;
    await page.getByTestId('item-edit').first().click();
    await page.getByTestId('item-sale-price').fill('500');
    await page.getByTestId('item-save').click();
    await eventually(price).toBe(500_00);
    await page.getByTestId('items-search').fill('rice');
    await page.getByTestId('items-search').press('Control+z');
    expect(await price()).toBe(500_00);
    await page.getByTestId('screen-items').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await eventually(price).toBe(450_00);
    await eventually(() => page.getByTestId('undo-said').textContent()).toBe('Undone: Item is back as it was.');
  });

  it('refuses in plain words when the record changed since on another computer', async () => {
    const { page } = h;
    await page.getByTestId('item-edit').first().click();
    await page.getByTestId('item-sale-price').fill('520');
    await page.getByTestId('item-save').click();
    await eventually(price).toBe(520_00);
    // Another computer's edit, merged here: the same field moved on.
    const merged = await h.host.core.runTestHook('sql', { sql: 'UPDATE items SET sale_price_paise = 53000 WHERE id = ?', params: [itemId], mode: 'run' });
    expect(merged).toEqual({ ok: true, value: { changes: 1 } });
    await page.getByTestId('undo-button').click();
    await eventually(() => page.getByTestId('undo-said').textContent()).toContain('This was changed again after that');
    expect(await price()).toBe(530_00);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';

// Issue 14: a refusal the core words in English reaches the Hindi screen in Hindi — here one
// that had no Hindi before (messages-complete.test.ts checks every sentence; this checks the path).
describe.skipIf(!chromiumAvailable || !rendererBuilt)('core refusals on a Hindi screen', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
    const made = await h.host.core.handle('items.create', { name: 'Parle-G 100g', unit: 'pcs', salePricePaise: 10_00, gstRateBp: 500, barcode: '8901719101038' });
    if (!made.ok) throw new Error(made.error.message);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a barcode already on another item is refused in Hindi, under the barcode box', async () => {
    const { page } = h;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-hi').click();
    await eventually(() => page.getByTestId('nav-customers').textContent()).toContain('ग्राहक');
    await page.getByTestId('nav-items').click();
    await page.getByTestId('new-item').click();
    await page.getByTestId('item-name').fill('पारले-जी बड़ा');
    await page.getByTestId('item-barcode').fill('8901719101038');
    await page.getByTestId('item-save').click();
    const form = page.getByTestId('item-form');
    await eventually(() => form.getByRole('alert').allTextContents()).toEqual(['पहले से इस्तेमाल में है।']);
    await page.screenshot({ path: screenshotPath('core-message-hindi-barcode') });
    expect(h.pageErrors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';

describe.skipIf(!chromiumAvailable || !rendererBuilt)('keyboard shortcut help', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('F1 and ? show every shortcut; Esc closes; ? typed in a box stays text', async () => {
    const { page } = h;
    await page.keyboard.press('F1');
    await page.getByTestId('shortcut-help').waitFor();
    const text = (await page.getByTestId('shortcut-help').textContent()) ?? '';
    for (const keys of ['Alt+1 … Alt+9', 'Ctrl+S', 'Ctrl+P', 'Ctrl+Z', 'Ctrl+Shift+B', 'F4']) expect(text).toContain(keys);
    await page.screenshot({ path: screenshotPath('shortcuts-en-1366x768') });
    expect(await overflow(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcut-help').waitFor({ state: 'detached' });

    await page.getByTestId('nav-customers').click();
    await page.getByTestId('party-search').fill('a?');
    expect(await page.getByTestId('shortcut-help').count()).toBe(0);
    expect(await page.getByTestId('party-search').inputValue()).toBe('a?');
    await page.getByTestId('party-search').blur();
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').waitFor();
    await page.getByTestId('shortcut-help-close').click();

    // Hindi: the same list in Hindi words.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-hi').click();
    await page.getByTestId('open-shortcuts').click();
    await eventually(() => page.getByTestId('shortcut-help').locator('h2').textContent()).toBe('कीबोर्ड शॉर्टकट');
    await page.screenshot({ path: screenshotPath('shortcuts-hi-1366x768') });
    await page.keyboard.press('Escape');
    expect(h.pageErrors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, rendererBuilt, type Harness } from './harness';
import { eventually } from './eventually';

describe.skipIf(!chromiumAvailable || !rendererBuilt)('language switch', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('switching to Hindi changes the visible text and survives a reload', async () => {
    const { page } = h;
    expect(await page.getByTestId('nav-customers').textContent()).toContain('Customers');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-hi').click();
    await eventually(() => page.getByTestId('nav-customers').textContent()).toContain('ग्राहक');
    expect(await page.locator('h1').first().textContent()).toBe('सेटिंग्स');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('hi');
    await page.reload();
    await page.getByTestId('nav-customers').waitFor();
    await eventually(() => page.getByTestId('nav-customers').textContent()).toContain('ग्राहक');
    // The core's validation message arrives in Hindi too (its English is only a fallback).
    await page.getByTestId('nav-customers').click();
    await page.keyboard.press('n');
    await page.getByTestId('party-name').fill('रमेश');
    await page.getByTestId('party-phone').fill('12');
    await page.getByTestId('party-save').click();
    await eventually(() => page.getByTestId('party-form').getByRole('alert').first().textContent()).toBe('फ़ोन 6 से 15 अंकों का हो, शुरू में + हो सकता है।');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-en').click();
    await eventually(() => page.getByTestId('nav-customers').textContent()).toContain('Customers');
    expect(h.pageErrors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';

// A brand-new shop: setup in Hindi, a GSTIN typo caught by its check character, and the
// dashboard then carries the shop's own name.
describe.skipIf(!chromiumAvailable || !rendererBuilt)('first-run setup', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness({ setup: true });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('goes through setup in Hindi and lands on a dashboard with the shop’s name', async () => {
    const { page } = h;
    await page.getByTestId('setup').waitFor();
    expect(await page.getByTestId('nav-dashboard').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('setup-1-language-1366x768') });
    await page.getByTestId('setup-language-hi').click();
    await eventually(() => page.locator('#setup-title').textContent()).toBe('आपकी दुकान');
    expect(await page.getByTestId('setup-language-en').count()).toBe(0);

    await page.getByTestId('setup-next').click();
    await eventually(() => page.getByTestId('setup-name-error').textContent()).toBe('दुकान का नाम लिखें।');
    await page.getByTestId('setup-name').fill('गुप्ता किराना');
    await page.getByTestId('setup-phone').fill('98765 43210');
    await page.getByTestId('setup-address').fill('मेन बाज़ार, पुणे');
    await page.screenshot({ path: screenshotPath('setup-2-shop-hi-1366x768') });
    await page.getByTestId('setup-next').click();

    await eventually(() => page.locator('#setup-title').textContent()).toBe('जीएसटी और बिल');
    await page.getByTestId('setup-gstin').fill('27aapfu0939f1zx');
    await page.getByTestId('setup-next').click();
    await eventually(() => page.getByTestId('setup-gstin-error').textContent()).toBe('इस GSTIN में टाइप की ग़लती है: इसका आख़िरी अक्षर बाक़ी अक्षरों से मेल नहीं खाता।');
    await page.getByTestId('setup-gstin').fill('27aapfu0939f1zv');
    await eventually(() => page.getByTestId('setup-gstin-derived').textContent()).toBe('✓ महाराष्ट्र · पैन AAPFU0939F');
    expect(await page.getByTestId('setup-state').inputValue()).toBe('27');
    await page.getByTestId('setup-invoicePrefix').fill('GK/');
    await page.screenshot({ path: screenshotPath('setup-3-gst-hi-1366x768') });
    expect(await overflow(page)).toEqual([]);
    await page.getByTestId('setup-next').click();

    await page.getByTestId('setup-upiId').fill('gupta@okaxis');
    await page.getByTestId('setup-next').click();
    await eventually(() => page.getByTestId('dash-shop-name').textContent()).toBe('गुप्ता किराना');
    await page.screenshot({ path: screenshotPath('setup-4-dashboard-hi-1366x768') });
    const saved = await h.host.core.handle('settings.get', {});
    expect(saved.ok && saved.value).toMatchObject({ name: 'गुप्ता किराना', phone: '9876543210', gstin: '27AAPFU0939F1ZV', stateCode: '27', invoicePrefix: 'GK/', upiId: 'gupta@okaxis', fyStartMonth: 4, setupPending: false });
  });

  it('is not offered again after a reload, and Settings opens it again', async () => {
    const { page } = h;
    await page.reload();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-run-setup').click();
    await page.getByTestId('setup').waitFor();
    await page.getByTestId('setup-language-hi').click();
    expect(await page.getByTestId('setup-name').inputValue()).toBe('गुप्ता किराना');
    await page.getByTestId('setup-skip').click();
    await page.getByTestId('screen-settings').waitFor();
    expect(h.pageErrors).toEqual([]);
  });
});

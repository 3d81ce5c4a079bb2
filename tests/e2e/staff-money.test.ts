import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';
import { pdfText } from '../../src-main/core/documents/pdf-test-tools';

/** Click, wait for the browser's download, and give back its name and bytes. */
async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe.skipIf(!chromiumAvailable || !rendererBuilt)('staff money at 1366x768: attendance, salary, advance, due, cashbook and the salary slip', () => {
  let h: Harness;
  let today: string;
  beforeAll(async () => {
    h = await openHarness({ width: 1366, height: 768 });
    const info = await h.host.core.handle('app.info', {});
    if (!info.ok) throw new Error(info.error.message);
    today = (info.value as { today: string }).today;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('adds staff, marks a day, pays salary and an advance with the keyboard, and shows due and advance to recover', async () => {
    const { page } = h;
    await page.getByTestId('nav-staff').click();
    await page.getByTestId('add-staff').click();
    await page.getByTestId('staff-name').fill('Ramesh');
    await page.getByTestId('staff-form').locator('select').selectOption('daily');
    await page.getByTestId('staff-salary').fill('500');
    await page.getByTestId('staff-save').click();
    await page.getByTestId('staff-form').waitFor({ state: 'detached' });
    // Ramesh joined today: today's cell marks him present, ₹500 earned.
    await page.getByTestId(`day-Ramesh-${today}`).click();
    await eventually(() => page.getByTestId('staff-earned').textContent()).toBe('₹500.00');
    expect(await page.getByTestId('staff-due-now').textContent()).toBe('₹500.00');

    // Salary ₹200: the dialog opens on the amount with what is due; type over it and press Enter.
    await page.getByTestId('pay-Ramesh').click();
    await page.getByTestId('staff-pay-form').waitFor();
    expect(await page.getByTestId('pay-amount').inputValue()).toBe('500');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('pay-amount');
    await page.screenshot({ path: screenshotPath('staff-pay-dialog-en') });
    expect(await overflow(page)).toEqual([]);
    await page.getByTestId('pay-amount').fill('200');
    await page.keyboard.press('Enter');
    await page.getByTestId('staff-pay-form').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('staff-due-now').textContent()).toBe('₹300.00');

    // An advance of ₹500: Alt+A switches to advance while typing. More than is due: ₹200 is to recover.
    await page.getByTestId('pay-Ramesh').click();
    await page.getByTestId('pay-amount').fill('500');
    await page.keyboard.press('Alt+a');
    expect(await page.getByTestId('pay-kind-advance').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('pay-note').fill('Medicine');
    await page.keyboard.press('Enter');
    await page.getByTestId('staff-pay-form').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('staff-advance').textContent()).toBe('₹200.00');
    expect(await page.getByTestId('staff-due-now').textContent()).toBe('₹0.00');
    expect(await page.getByTestId('staff-paid').textContent()).toBe('₹700.00');
    expect(await page.getByTestId('staff-due').textContent()).toBe('₹0.00');
    // Change the advance from the dialog: the one cashbook entry changes.
    await page.getByTestId('pay-Ramesh').click();
    await page.getByTestId('pay-item-edit').nth(1).click();
    expect(await page.getByTestId('pay-amount').inputValue()).toBe('500');
    expect(await page.getByTestId('pay-note').inputValue()).toBe('Medicine');
    await page.getByTestId('pay-amount').fill('600');
    await page.getByTestId('pay-amount').press('Enter');
    await page.getByTestId('staff-pay-form').waitFor({ state: 'detached' });
    await eventually(() => page.getByTestId('staff-advance').textContent()).toBe('₹300.00');
    expect(await page.getByTestId('staff-paid').textContent()).toBe('₹800.00');
    await page.screenshot({ path: screenshotPath('staff-money-en') });
    expect(await overflow(page)).toEqual([]);
  });

  it('the cashbook shows both payments once, as money out', async () => {
    const { page } = h;
    await page.getByTestId('nav-cashbook').click();
    await eventually(() => page.getByTestId('cash-row').count()).toBe(2);
    expect(await page.getByTestId('cash-out').textContent()).toBe('₹800.00');
    const rows = await page.getByTestId('cash-row').allTextContents();
    expect(rows[0]).toContain('Salary · Ramesh');
    expect(rows[1]).toContain('Advance · Ramesh: Medicine');
    await page.screenshot({ path: screenshotPath('staff-money-cashbook-en') });
  });

  it('downloads the salary slip with the same figures', async () => {
    const { page } = h;
    await page.getByTestId('nav-staff').click();
    const pdf = await download(page, 'payslip-Ramesh');
    expect(pdf.name).toBe(`payslip-ramesh-${today.slice(0, 7)}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = squash(pdfText(pdf.bytes));
    expect(text).toContain('Salary Slip');
    expect(text).toContain('Daily wage: ₹ 500.00');
    expect(text).toContain('Salary earned this month 500.00');
    expect(text).toContain('Advance still to be recovered (₹) 300.00');
  });

  it('in Hindi: the same screen, dialog and salary slip', async () => {
    const { page } = h;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-hi').click();
    await page.getByTestId('nav-staff').click();
    await eventually(() => page.getByTestId('staff-money').textContent()).toContain('तनख़्वाह और एडवांस');
    await page.screenshot({ path: screenshotPath('staff-money-hi') });
    expect(await overflow(page)).toEqual([]);
    await page.getByTestId('pay-Ramesh').click();
    await page.getByTestId('staff-pay-form').waitFor();
    expect(await page.getByTestId('staff-pay-form').textContent()).toContain('Ramesh को भुगतान');
    expect(await page.getByTestId('pay-item').count()).toBe(2);
    await page.screenshot({ path: screenshotPath('staff-pay-dialog-hi') });
    await page.keyboard.press('Escape');
    await page.getByTestId('staff-pay-form').waitFor({ state: 'detached' });
    const pdf = await download(page, 'payslip-Ramesh');
    const raw = squash(pdfText(pdf.bytes, 'raw'));
    expect(raw).toContain('वेतन पर्ची');
    expect(raw).toContain('वसूली के लिए बाकी एडवांस (₹) 300.00');
    await page.getByTestId('nav-cashbook').click();
    await eventually(() => page.getByTestId('cash-row').first().textContent()).toContain('तनख़्वाह · Ramesh');
    expect(await page.getByTestId('cash-row').nth(1).textContent()).toContain('एडवांस · Ramesh: Medicine');
    await page.screenshot({ path: screenshotPath('staff-money-cashbook-hi') });
    expect(h.pageErrors).toEqual([]);
  });
});

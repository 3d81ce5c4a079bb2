import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';

async function seed<T>(h: Harness, method: string, input: unknown): Promise<T> {
  const result = await h.host.core.handle(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

/** Click, wait for the browser's download, and give back its name and bytes. */
async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const filePath = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(filePath) };
}

describe.skipIf(!chromiumAvailable || !rendererBuilt)('statements, invoices and exports download in the browser shell', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
    const p = await seed<{ id: string }>(h, 'parties.create', { type: 'customer', name: 'Sunita Devi', phone: '9812345678' });
    await seed(h, 'entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 1_250_50, note: 'Atta and dal' });
    await seed(h, 'entries.add', { partyType: 'customer', partyId: p.id, direction: 'got', amountPaise: 500_00 });
    await seed(h, 'bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines: [{ name: 'Basmati rice', qtyMilli: 2000, ratePaise: 120_00, gstRateBp: 500 }] });
    await seed(h, 'cashbook.add', { direction: 'in', amountPaise: 300_00, note: 'Counter sales' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('downloads the party statement for a date range as a PDF', async () => {
    const { page } = h;
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('party-row').first().click();
    await page.getByTestId('ledger-documents').click();
    await page.getByTestId('documents-dialog').waitFor();
    await page.screenshot({ path: screenshotPath('statement-dialog-en') });
    expect(await overflow(page)).toEqual([]);
    const started = Date.now();
    const pdf = await download(page, 'doc-pdf');
    console.log(`statement PDF: ${pdf.bytes.length} bytes in ${Date.now() - started} ms`);
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await eventually(() => page.getByTestId('doc-done').textContent()).toContain(pdf.name);
    // The ledger as CSV: money as exact rupees made from paise.
    const csv = await download(page, 'doc-csv');
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.bytes.toString('utf8')).toContain('1250.50');
  });

  it('refuses a start date after the end date with the core’s message', async () => {
    const { page } = h;
    await page.getByTestId('doc-from').fill('2026-12-31');
    await page.getByTestId('doc-to').fill('2026-01-01');
    await page.getByTestId('doc-pdf').click();
    await eventually(() => page.getByTestId('documents-dialog').getByRole('alert').textContent()).toMatch(/\S/);
    await page.keyboard.press('Escape');
    await page.getByTestId('documents-dialog').waitFor({ state: 'detached' });
  });

  it('exports the parties list as XLSX and CSV', async () => {
    const { page } = h;
    await page.keyboard.press('Escape');
    await page.getByTestId('parties-export').click();
    const xlsx = await download(page, 'doc-xlsx');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const csv = await download(page, 'doc-csv');
    expect(csv.bytes.toString('utf8')).toContain('Sunita Devi');
    await page.keyboard.press('Escape');
  });

  it('exports the cashbook and the bills', async () => {
    const { page } = h;
    await page.getByTestId('nav-cashbook').click();
    await page.getByTestId('cash-export').click();
    const cash = await download(page, 'doc-csv');
    expect(cash.bytes.toString('utf8')).toContain('300.00');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-bills').click();
    await page.getByTestId('bills-export').click();
    const bills = await download(page, 'doc-xlsx');
    expect(bills.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await page.keyboard.press('Escape');
  });

  it('downloads a bill’s GST invoice in the current language', async () => {
    const { page } = h;
    for (const lang of ['en', 'hi'] as const) {
      await page.getByTestId('nav-settings').click();
      await page.getByTestId(`language-${lang}`).click();
      await eventually(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await page.getByTestId('nav-bills').click();
      await page.getByTestId('bill-row').first().click();
      const pdf = await download(page, 'bill-invoice-pdf');
      expect(pdf.name).toMatch(/\.pdf$/);
      expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await page.screenshot({ path: screenshotPath(`bill-detail-invoice-${lang}`) });
      expect(await overflow(page)).toEqual([]);
      await page.keyboard.press('Escape');
    }
    expect(h.pageErrors).toEqual([]);
  });
});

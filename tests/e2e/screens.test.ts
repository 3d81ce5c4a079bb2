import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWebHost, type WebHost } from '../../src-main/web/host';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath } from './harness';
import { eventually } from './eventually';

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

async function seed(host: WebHost): Promise<void> {
  const call = async <T>(method: string, input: unknown) => {
    const r = await host.core.handle(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  const names = ['Ramesh Kumar', 'Sunita Devi', 'Mohammed Irfan', 'Lakshmi Narayanan Venkataraman Iyer', 'अनिल शर्मा', 'Priya Patel', 'Gurpreet Singh', 'Fatima Begum'];
  const info = await call<{ today: string }>('app.info', {});
  for (const [i, name] of names.entries()) {
    const p = await call<{ id: string }>('parties.create', { type: 'customer', name, phone: `98${String(10000000 + i * 7919).padStart(8, '0')}` });
    for (let k = 0; k < 6; k++) {
      await call('entries.add', { partyType: 'customer', partyId: p.id, direction: k % 3 === 2 ? 'got' : 'gave', amountPaise: (i + 1) * 12_345_67 + k * 1_000, note: k === 0 ? 'Opening balance from the old register book, carried over' : k % 2 ? 'Atta 10kg, dal, oil' : null });
    }
  }
  const s = await call<{ id: string }>('parties.create', { type: 'supplier', name: 'Agarwal Wholesale', phone: '9123456780', gstin: '27ABCDE1234F1Z0', stateCode: '27' });
  await call('entries.add', { partyType: 'supplier', partyId: s.id, direction: 'got', amountPaise: 45_000_00, note: 'Stock on credit' });
  await call('cashbook.add', { direction: 'in', amountPaise: 15_250_00, note: 'Counter sales' });
  await call('cashbook.add', { direction: 'out', amountPaise: 2_100_00, mode: 'online', note: 'Electricity bill' });
  const staff = await call<{ id: string }>('staff.create', { name: 'Raju', salaryBasis: 'monthly', salaryPaise: 15_000_00, joinedOn: `${info.today.slice(0, 7)}-01` });
  await call('staff.create', { name: 'Kavita', salaryBasis: 'daily', salaryPaise: 600_00, joinedOn: `${info.today.slice(0, 7)}-01` });
  await call('attendance.mark', { staffId: staff.id, date: info.today, status: 'present' });
  const list = await call<{ items: { id: string }[] }>('parties.list', { type: 'customer', limit: 1 });
  await call('bills.create', { kind: 'sale', partyType: 'customer', partyId: list.items[0]!.id, lines: [{ name: 'Basmati rice', qtyMilli: 5000, ratePaise: 120_00, gstRateBp: 500 }] });
  await call('settings.update', { name: 'Shree Ganesh Kirana Store', gstin: '27ABCDE1234F1Z0', stateCode: '27' });
  await call('items.create', { name: 'Basmati Rice 5kg', hsn: '1006', unit: 'pack', salePricePaise: 450_00, purchasePricePaise: 380_00, gstRateBp: 500, barcode: '8901234567890', openingQtyMilli: 12_000, lowStockMilli: 15_000 });
  await call('items.create', { name: 'सरसों तेल 1 लीटर', unit: 'l', salePricePaise: 185_00, gstRateBp: 500, openingQtyMilli: 40_000 });
}

describe.skipIf(!chromiumAvailable || !rendererBuilt)('every screen at 1366x768 and 1920x1080 in English and Hindi', () => {
  let host: WebHost;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-shots-'));
    host = await startWebHost({ dataDir });
    await seed(host);
  }, 60_000);
  afterAll(async () => {
    await host?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  for (const size of SIZES) {
    it(`renders without overflow at ${size.width}x${size.height}`, { timeout: 90_000 }, async () => {
      const h = await openHarness({ ...size, host });
      const problems: string[] = [];
      try {
        const { page } = h;
        for (const lang of ['en', 'hi'] as const) {
          await page.getByTestId('nav-settings').click();
          await page.getByTestId(`language-${lang}`).click();
          await eventually(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
          const shot = async (name: string) => {
            await page.waitForTimeout(150);
            await page.screenshot({ path: screenshotPath(`${name}-${lang}-${size.width}x${size.height}`) });
            for (const p of await overflow(page)) problems.push(`${name}/${lang}: ${p}`);
          };
          for (const screen of ['dashboard', 'customers', 'suppliers', 'bills', 'items', 'cashbook', 'staff', 'settings'] as const) {
            await page.getByTestId(`nav-${screen}`).click();
            await page.getByTestId(`screen-${screen}`).waitFor();
            await shot(screen);
          }
          await page.getByTestId('nav-reports').click();
          for (const tab of ['dayBook', 'balances', 'gst'] as const) {
            await page.getByTestId(`report-${tab}`).click();
            await shot(`reports-${tab}`);
          }
          await page.getByTestId('nav-customers').click();
          await page.getByTestId('party-row').first().waitFor();
          await page.keyboard.press('n');
          await page.getByTestId('party-form').waitFor();
          await shot('party-form');
          await page.keyboard.press('Escape');
          await page.getByTestId('party-search').fill('Lakshmi');
          await eventually(() => page.getByTestId('party-row').count()).toBe(1);
          await page.getByTestId('party-row').first().click();
          await page.getByTestId('entry-row').first().waitFor();
          await shot('ledger');
          await page.keyboard.press('Escape');
          await page.getByTestId('nav-bills').click();
          await page.getByTestId('new-bill').click();
          await page.getByTestId('bill-form').waitFor();
          await shot('bill-form');
          await page.keyboard.press('Escape');
          await page.getByTestId('bill-row').first().click();
          await page.getByTestId('bill-due').waitFor();
          await shot('bill-detail');
          await page.keyboard.press('Escape');
        }
        expect(problems).toEqual([]);
        expect(h.pageErrors).toEqual([]);
      } finally {
        await h.close();
      }
    });
  }
});

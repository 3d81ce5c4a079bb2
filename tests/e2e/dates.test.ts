import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';
import { parseDateInput } from '../../src-renderer/src/format/parseDate';

async function seed<T>(h: Harness, method: string, input: unknown): Promise<T> {
  const result = await h.host.core.handle(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}
const dmy = (iso: string) => iso.split('-').reverse().join('-');

// A browser set to US English on a US clock still shows and reads dates as India writes them.
describe.skipIf(!chromiumAvailable || !rendererBuilt)('dates as India writes them', () => {
  let h: Harness;
  let today: string;
  beforeAll(async () => {
    h = await openHarness({ locale: 'en-US', timezoneId: 'America/Los_Angeles' });
    today = (await seed<{ today: string }>(h, 'app.info', {})).today;
    await seed(h, 'parties.create', { type: 'customer', name: 'Suresh Stores', phone: '9812345678' });
    await seed(h, 'staff.create', { name: 'Mohan', phone: null, salaryBasis: 'monthly', salaryPaise: 12_000_00 });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the entry date box shows dd-mm-yyyy and reads "1/4", "today" and a picked day', async () => {
    const { page } = h;
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('party-row').first().click();
    await page.getByTestId('party-ledger').waitFor();
    const box = page.getByTestId('qe-date');
    await eventually(() => box.inputValue()).toBe(dmy(today));

    const april = parseDateInput('1/4', { today, fyStartMonth: 4 });
    if (!april.ok) throw new Error('1/4 must read');
    await box.fill('1/4');
    await box.blur();
    expect(await box.inputValue()).toBe(dmy(april.iso));
    await page.getByTestId('qe-amount').fill('250');
    await page.getByTestId('qe-amount').press('Enter');
    await eventually(() => page.getByTestId('entry-row').count()).toBe(1);
    expect(await page.getByTestId('entry-row').first().textContent()).toContain(dmy(april.iso));

    await box.fill('31/4/2026');
    await box.press('Enter');
    await eventually(() => page.getByTestId('quick-entry').getByRole('alert').first().textContent()).toBe('That day does not exist in that month.');
    expect(await page.getByTestId('entry-row').count()).toBe(1);
    await box.fill('today');
    await box.blur();
    expect(await box.inputValue()).toBe(dmy(today));
    expect(await page.getByTestId('quick-entry').getByRole('alert').count()).toBe(0);

    await page.getByTestId('qe-date-pick').click();
    await page.getByTestId('calendar').waitFor();
    await page.screenshot({ path: screenshotPath('date-input-picker-en-US-1366x768') });
    const day = `${today.slice(0, 8)}01`;
    await page.getByTestId('calendar').getByRole('button', { name: dmy(day), exact: true }).click();
    expect(await box.inputValue()).toBe(dmy(day));
    expect(await overflow(page)).toEqual([]);
  });

  it('the attendance grid names the weekdays and the month in words', async () => {
    const { page } = h;
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-staff').click();
    await page.getByTestId('staff-row').first().waitFor();
    const heads = await page.locator('.attendance thead .dow').allTextContents();
    expect(heads.length).toBeGreaterThanOrEqual(28);
    expect(heads.every((d) => /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat)$/.test(d))).toBe(true);
    const month = await page.getByTestId('staff-month').getAttribute('data-value');
    expect(month).toBe(today.slice(0, 7));
    await page.getByTestId('staff-month-prev').click();
    await eventually(() => page.getByTestId('staff-month').getAttribute('data-value')).not.toBe(month);
    await page.getByTestId('staff-month-next').click();
    await page.screenshot({ path: screenshotPath('attendance-weekdays-en-US-1366x768') });
    expect(await overflow(page)).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});

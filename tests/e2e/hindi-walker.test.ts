import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';

async function seed<T>(h: Harness, method: string, input: unknown): Promise<T> {
  const result = await h.host.core.handle(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

/** What the shop typed itself: names, notes, items. Shown as typed, in any script. */
/** Hints that name a desktop menu item as it reads in English (the browser shell has no menu to match). */
const MENU_PATHS = ['File → Restore from Backup…'];
/** TallyPrime is an English program: the steps name its menu items as they read there. */
const TALLY_PATHS = ['Alt+O (Import) → Transactions', '"Behaviour of import if master already exists"', 'Combine'];
const USER_DATA = ['Ramesh Kumar', 'Agarwal Wholesale', 'Basmati Rice 5kg', 'Raju', 'Stock on credit', 'Counter sales', 'Shree Ganesh Kirana Store', 'Atta'];
/**
 * Latin words a Hindi shop owner reads as they are: codes, units, brands, key names and the
 * name of the other language. Everything else must be in Hindi.
 */
const ALLOWED = new Set(
  [
    'GSTIN', 'GST', 'UPI', 'PAN', 'QR', 'HSN', 'SAC', 'IFSC', 'PDF', 'CSV', 'XLSX', 'WhatsApp', 'English', 'CGST', 'SGST', 'IGST', 'ID',
    'Alt', 'Ctrl', 'Shift', 'Enter', 'Esc', 'Tab', 'F1', 'F4', 'N', 'G', 'R', 'F', 'P', 'A', 'H', 'L', 'S', 'Z', 'B', 'A4', 'A5', 'mm', 'kg', 'pack', 'INV', 'LDN',
    // File formats and GST return names, as the portal and every accountant write them.
    'JSON', 'XML', 'GSTR', 'QRMP',
  ].map((w) => w.toLowerCase()),
);

/** Latin-script words on the page that are neither the shop's own data nor allowed. */
async function latinWords(h: Harness): Promise<string[]> {
  const text = await h.page.evaluate(() => {
    const parts: string[] = [document.body.innerText];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[placeholder], [title], [aria-label]'))) {
      if (el.offsetParent === null && el.tagName !== 'DIALOG') continue;
      parts.push(el.getAttribute('placeholder') ?? '', el.getAttribute('title') ?? '', el.getAttribute('aria-label') ?? '');
    }
    return parts.join('\n');
  });
  // Web addresses, e-mail addresses and UPI IDs are codes, not words.
  let rest = text.replace(/\bhttps?:\/\/\S+/g, ' ').replace(/\S+@\S+/g, ' ');
  for (const d of [...USER_DATA, ...MENU_PATHS, ...TALLY_PATHS]) rest = rest.split(d).join(' ');
  // Codes with digits in them (B2B, B2C, GSTR-3B, INV-1-0001) are codes, not words.
  rest = rest.replace(/\b[A-Za-z]*\d[A-Za-z0-9]*\b/g, ' ');
  const words = rest.match(/[A-Za-z][A-Za-z'’]*/g) ?? [];
  return [...new Set(words.filter((w) => !ALLOWED.has(w.toLowerCase())))];
}

// Every screen and the main dialogs in Hindi: no English word may be left on them.
describe.skipIf(!chromiumAvailable || !rendererBuilt)('Hindi everywhere (screens and dialogs)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
    const p = await seed<{ id: string }>(h, 'parties.create', { type: 'customer', name: 'Ramesh Kumar', phone: '9812345678' });
    await seed(h, 'entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 500_00, note: 'Atta', date: '2026-01-05', dueDate: '2026-01-20' });
    // A bill and its payment: the app writes their ledger notes itself.
    const bill = await seed<{ id: string }>(h, 'bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines: [{ name: 'Basmati Rice 5kg', qtyMilli: 1000, ratePaise: 450_00, gstRateBp: 500 }] });
    await seed(h, 'bills.recordPayment', { billId: bill.id, amountPaise: 100_00 });
    await seed(h, 'parties.create', { type: 'supplier', name: 'Agarwal Wholesale', phone: '9123456780' });
    await seed(h, 'cashbook.add', { direction: 'in', amountPaise: 15_250_00, note: 'Counter sales' });
    await seed(h, 'staff.create', { name: 'Raju', salaryBasis: 'monthly', salaryPaise: 15_000_00 });
    await seed(h, 'items.create', { name: 'Basmati Rice 5kg', unit: 'pack', salePricePaise: 450_00, gstRateBp: 500, openingQtyMilli: 12_000 });
    await seed(h, 'settings.update', { name: 'Shree Ganesh Kirana Store' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('finds no English words on any screen in Hindi', { timeout: 90_000 }, async () => {
    const { page } = h;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-hi').click();
    await eventually(() => page.evaluate(() => document.documentElement.lang)).toBe('hi');
    const found: Record<string, string[]> = {};
    const check = async (where: string) => {
      await page.waitForTimeout(150);
      const words = await latinWords(h);
      if (words.length) found[where] = words;
      await page.screenshot({ path: screenshotPath(`hindi-${where}`) });
    };
    for (const screen of ['dashboard', 'collect', 'customers', 'suppliers', 'bills', 'items', 'cashbook', 'staff', 'settings'] as const) {
      await page.getByTestId(`nav-${screen}`).click();
      await page.getByTestId(`screen-${screen}`).waitFor();
      await check(screen);
    }
    await page.getByTestId('nav-reports').click();
    for (const tab of ['dayBook', 'balances', 'gst'] as const) {
      await page.getByTestId(`report-${tab}`).click();
      await check(`reports-${tab}`);
    }
    // Month-end: GST returns (with their checks), profit and loss, Tally export.
    for (const [tab, loaded] of [['returns', 'gst-checks'], ['profit', 'pnl-table'], ['tally', 'tally-xml']] as const) {
      await page.getByTestId(`report-${tab}`).click();
      await page.getByTestId(loaded).waitFor();
      await check(`monthend-${tab}`);
    }
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('party-row').first().click();
    await page.getByTestId('entry-row').first().waitFor();
    await check('ledger');
    expect(await page.getByTestId('party-ledger').textContent()).toContain('बिल INV-');
    await page.getByTestId('entry-edit').first().click();
    await check('entry-edit');
    // Saving an edit offers its undo; Ctrl+Z outside a text box takes it back.
    await page.getByTestId('entry-amount').fill('450');
    await page.getByTestId('entry-save').click();
    await page.getByTestId('undo-toast').waitFor();
    await check('undo-toast');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await page.getByTestId('undo-said').waitFor();
    await check('undo-done');
    await page.getByTestId('party-history').click();
    await check('history');
    await page.keyboard.press('Escape');
    await page.getByTestId('ledger-documents').click();
    await check('statement-dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('edit-party').click();
    await check('party-edit');
    await page.keyboard.press('Escape');
    await page.getByTestId('qe-date-pick').click();
    await check('calendar');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-bills').click();
    await page.getByTestId('bill-row').first().click();
    await page.getByTestId('bill-detail').waitFor();
    await check('bill-detail');
    await page.keyboard.press('Escape');
    await page.getByTestId('new-bill').click();
    await page.getByTestId('bill-form').waitFor();
    await check('bill-form');
    await page.keyboard.press('Escape');
    await page.getByTestId('bills-export').click();
    await check('bills-export');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-items').click();
    await page.getByTestId('new-item').click();
    await check('item-form');
    await page.keyboard.press('Escape');
    await page.getByTestId('item-stock-open').first().click();
    // The unit in the shop's words, as in the list.
    expect(await page.getByTestId('stock-now').textContent()).toBe('12 पैकेट');
    await check('stock-dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('add-party').click();
    await check('party-new');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-staff').click();
    await page.getByTestId('add-staff').click();
    await check('staff-form');
    await page.keyboard.press('Escape');
    await page.getByTestId('sync-open').click();
    await check('sync-panel');
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.getByTestId('shortcut-help').waitFor();
    await check('shortcuts');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-run-setup').click();
    for (const step of ['language', 'shop', 'tax', 'pay']) {
      await check(`setup-${step}`);
      if (step === 'language') await page.getByTestId('setup-language-hi').click();
      else if (step !== 'pay') await page.getByTestId('setup-next').click();
    }
    expect(found).toEqual({});
  });
});

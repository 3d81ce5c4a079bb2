import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';
import { latinWords } from './latin-words';

// A brand-new shop set up in Hindi collects its credit: entries with pay-by dates, a credit
// period, a promise, then To collect and a reminder run through WhatsApp, one click a party.

const SHOP = 'गुप्ता किराना';
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('-');
const shift = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function core<T>(h: Harness, method: string, input: unknown): Promise<T> {
  const result = await h.host.core.handle(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

describe.skipIf(!chromiumAvailable || !rendererBuilt)('To collect, in Hindi, from a brand-new shop', () => {
  let h: Harness;
  let today: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    h = await openHarness({ setup: true });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const hindiOnly = async (where: string) => {
    expect(await latinWords(h.page, [SHOP, 'रमेश कुमार', 'सुनीता देवी', 'मोहन लाल', 'गीता']), where).toEqual([]);
    expect(await overflow(h.page), where).toEqual([]);
  };

  it('sets the shop up in Hindi and lands on its own dashboard', async () => {
    const { page } = h;
    await page.getByTestId('setup').waitFor();
    await page.getByTestId('setup-language-hi').click();
    await eventually(() => page.locator('#setup-title').textContent()).toBe('आपकी दुकान');
    await page.getByTestId('setup-name').fill(SHOP);
    await page.getByTestId('setup-phone').fill('98765 43210');
    await page.getByTestId('setup-next').click();
    await eventually(() => page.locator('#setup-title').textContent()).toBe('जीएसटी और बिल');
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-upiId').fill('gupta@okaxis');
    await page.getByTestId('setup-next').click();
    await eventually(() => page.getByTestId('dash-shop-name').textContent()).toBe(SHOP);
    expect(await page.getByTestId('nav-collect').textContent()).toContain('वसूली');
    today = (await core<{ today: string }>(h, 'collections.list', {})).today;
  });

  it('records credit with pay-by dates, a credit period and a promise on the khata', async () => {
    const { page } = h;
    for (const [name, phone] of [['रमेश कुमार', '9812345678'], ['सुनीता देवी', '9822222222'], ['मोहन लाल', '9833333333'], ['गीता', '']] as const) {
      ids[name] = (await core<{ id: string }>(h, 'parties.create', { type: 'customer', name, phone: phone || null })).id;
    }
    // Mohan's old credit has no pay-by date: his credit period, set in the party form, decides.
    await core(h, 'entries.add', { partyType: 'customer', partyId: ids['मोहन लाल'], direction: 'gave', amountPaise: 60_000, date: shift(today, -10) });
    await core(h, 'entries.add', { partyType: 'customer', partyId: ids['गीता'], direction: 'gave', amountPaise: 30_000, date: today, dueDate: shift(today, 3) });

    const open = async (name: string) => {
      await page.getByTestId('nav-customers').click();
      await page.getByTestId('party-row').filter({ hasText: name }).click();
      await eventually(() => page.getByTestId('ledger-party-name').textContent()).toBe(name);
    };
    const credit = async (amount: string, date: string, due: string) => {
      await page.getByTestId('qe-gave').click();
      await page.getByTestId('qe-amount').fill(amount);
      await page.getByTestId('qe-date').fill(ddmmyyyy(date));
      await page.getByTestId('qe-due').fill(ddmmyyyy(due));
      await page.getByTestId('qe-save').click();
    };

    await open('रमेश कुमार');
    await credit('1500', shift(today, -10), shift(today, -2));
    await eventually(() => page.getByTestId('dues-overdue').textContent()).toContain('₹1,500.00');
    expect(await page.getByTestId('entry-due').textContent()).toBe(`${ddmmyyyy(shift(today, -2))} तक देना है`);
    await page.getByTestId('promise-add').click();
    await page.getByTestId('promise-amount').fill('1000');
    await page.getByTestId('promise-date').fill(ddmmyyyy(shift(today, 2)));
    await page.getByTestId('promise-note').fill('तनख़्वाह मिलते ही');
    await page.screenshot({ path: screenshotPath('collect-1-promise-hi-1366x768') });
    await hindiOnly('promise form');
    await page.getByTestId('promise-save').click();
    await eventually(() => page.getByTestId('promise-open').textContent()).toBe(`${ddmmyyyy(shift(today, 2))} तक ₹1,000.00 देने का वादा`);
    await page.screenshot({ path: screenshotPath('collect-2-khata-hi-1366x768') });
    await hindiOnly('khata');

    await open('सुनीता देवी');
    await credit('800', shift(today, -1), today);
    await eventually(() => page.getByTestId('dues-dueToday').textContent()).toContain('₹800.00');

    await open('मोहन लाल');
    await page.getByTestId('edit-party').click();
    await page.getByTestId('party-creditDays').fill('7');
    await page.screenshot({ path: screenshotPath('collect-3-credit-period-hi-1366x768') });
    await hindiOnly('party form');
    await page.getByTestId('party-save').click();
    await eventually(() => page.getByTestId('dues-credit-days').textContent()).toBe('उधार की अवधि 7 दिन');
    await eventually(() => page.getByTestId('dues-overdue').textContent()).toContain('₹600.00');

    const rows = await core<{ rows: { dueDate: string | null; amountPaise: number }[] }>(h, 'entries.ledger', { partyType: 'customer', partyId: ids['रमेश कुमार'] });
    expect(rows.rows.map((r) => [r.amountPaise, r.dueDate])).toEqual([[150_000, shift(today, -2)]]);
  });

  it('lists who owes what on To collect, largest first, in Hindi', async () => {
    const { page } = h;
    await page.getByTestId('nav-collect').click();
    await page.getByTestId('screen-collect').waitFor();
    const names = (list: string) => page.getByTestId(`collect-${list}`).getByTestId('collect-party').allTextContents();
    await eventually(() => names('overdue')).toEqual(['रमेश कुमार', 'मोहन लाल']);
    expect(await page.getByTestId('collect-overdue').getByTestId('collect-amount').allTextContents()).toEqual(['₹1,500.00', '₹600.00']);
    expect(await page.getByTestId('collect-overdue').getByTestId('collect-due').allTextContents()).toEqual(['2 दिन देर', '3 दिन देर']);
    expect(await names('dueToday')).toEqual(['सुनीता देवी']);
    expect(await names('upcoming')).toEqual(['गीता']);
    expect(await page.getByTestId('collect-upcoming').getByTestId('collect-due').allTextContents()).toEqual([`${ddmmyyyy(shift(today, 3))} तक`]);
    expect(await page.getByTestId('collect-total-overdue').textContent()).toBe('₹2,100.00');
    expect(await page.getByTestId('collect-overdue').getByTestId('promise-open').textContent()).toContain('₹1,000.00');
    await page.screenshot({ path: screenshotPath('collect-4-list-hi-1366x768'), fullPage: true });
    await hindiOnly('to collect');
  });

  it('runs the reminders one click a party: send, skip, send; each message in WhatsApp with the amount and the UPI link', async () => {
    const { page } = h;
    await page.evaluate(() => {
      const w = window as unknown as { opened: unknown[][] };
      w.opened = [];
      window.open = (...args: unknown[]) => {
        w.opened.push(args);
        return null;
      };
    });
    const opened = () => page.evaluate(() => (window as unknown as { opened: string[][] }).opened);
    expect(await page.getByTestId('collect-remind-all').textContent()).toBe('सबको याद दिलाएँ (3)');
    await page.getByTestId('collect-remind-all').click();
    await eventually(() => page.getByTestId('run-party').textContent()).toBe('रमेश कुमार');
    expect(await opened()).toEqual([]); // opening the run sends nothing
    await page.screenshot({ path: screenshotPath('collect-5-run-hi-1366x768') });
    await hindiOnly('reminder run');
    await page.getByTestId('run-next').click();
    await eventually(() => page.getByTestId('run-party').textContent()).toBe('सुनीता देवी');
    await page.getByTestId('run-skip').click();
    await eventually(() => page.getByTestId('run-party').textContent()).toBe('मोहन लाल');
    await page.getByTestId('run-next').click();
    await eventually(() => page.getByTestId('run-summary').textContent()).toBe('2 भेजे, 1 छोड़े।');
    await page.screenshot({ path: screenshotPath('collect-6-run-done-hi-1366x768') });
    await hindiOnly('reminder run done');

    const links = (await opened()).map(([url, target, features]) => {
      expect(target).toBe('_blank');
      expect(features).toContain('noopener');
      const u = new URL(url!);
      return { to: u.origin + u.pathname, text: u.searchParams.get('text') };
    });
    const upi = (rupees: string, name: string) => `upi://pay?pa=gupta%40okaxis&pn=${encodeURIComponent(SHOP)}&am=${rupees}&tn=${encodeURIComponent(name)}&cu=INR`;
    expect(links).toEqual([
      {
        to: 'https://wa.me/919812345678',
        text: `नमस्ते रमेश कुमार जी, ${SHOP} के ₹1,500.00 ${ddmmyyyy(shift(today, -2))} तक देने थे। कृपया जल्द से जल्द भुगतान करें। धन्यवाद!\nUPI से भुगतान करें: ${upi('1500.00', 'रमेश कुमार')}`,
      },
      {
        to: 'https://wa.me/919833333333',
        text: `नमस्ते मोहन लाल जी, ${SHOP} के ₹600.00 ${ddmmyyyy(shift(today, -3))} तक देने थे। कृपया जल्द से जल्द भुगतान करें। धन्यवाद!\nUPI से भुगतान करें: ${upi('600.00', 'मोहन लाल')}`,
      },
    ]);

    await page.getByTestId('run-close').click();
    // Both reminders are in the history, on this screen and on the khata.
    await eventually(() => page.getByTestId('collect-overdue').getByTestId('last-reminded').allTextContents()).toEqual(['आज याद दिलाया', 'आज याद दिलाया']);
    const dues = await core<{ reminders: { amountPaise: number; dueDate: string; channel: string }[] }>(h, 'collections.party', { partyType: 'customer', partyId: ids['सुनीता देवी'] });
    expect(dues.reminders).toEqual([]);
    const ramesh = await core<{ reminders: { amountPaise: number; dueDate: string; channel: string }[] }>(h, 'collections.party', { partyType: 'customer', partyId: ids['रमेश कुमार'] });
    expect(ramesh.reminders.map((r) => [r.amountPaise, r.dueDate, r.channel])).toEqual([[150_000, shift(today, -2), 'whatsapp']]);
    await page.getByTestId('collect-overdue').getByTestId('collect-party').first().click();
    await eventually(() => page.getByTestId('reminder-line').allTextContents()).toEqual([`${ddmmyyyy(today)} · ₹1,500.00 · WhatsApp`]);
    await page.screenshot({ path: screenshotPath('collect-7-khata-reminded-hi-1366x768') });
    await hindiOnly('khata after reminders');
    expect(h.pageErrors).toEqual([]);
  });
});

import type { Page } from 'playwright-core';

/**
 * The Hindi walker's Latin-word check (tests/e2e/hindi-walker.test.ts), as a module other
 * specs can use: the Latin-script words on a page that are neither the shop's own data nor a
 * word a Hindi shop owner reads as it is (codes, units, brands, key names).
 */
export const ALLOWED_LATIN = new Set(
  [
    'GSTIN', 'GST', 'UPI', 'PAN', 'QR', 'HSN', 'SAC', 'IFSC', 'PDF', 'CSV', 'XLSX', 'WhatsApp', 'English', 'CGST', 'SGST', 'IGST', 'ID',
    'Alt', 'Ctrl', 'Shift', 'Enter', 'Esc', 'Tab', 'F1', 'F4', 'N', 'G', 'R', 'F', 'P', 'A', 'H', 'L', 'S', 'Z', 'B', 'A4', 'A5', 'mm', 'kg', 'pack', 'INV', 'LDN',
  ].map((w) => w.toLowerCase()),
);

export async function latinWords(page: Page, userData: string[] = []): Promise<string[]> {
  const text = await page.evaluate(() => {
    const parts: string[] = [document.body.innerText];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[placeholder], [title], [aria-label]'))) {
      if (el.offsetParent === null && el.tagName !== 'DIALOG') continue;
      parts.push(el.getAttribute('placeholder') ?? '', el.getAttribute('title') ?? '', el.getAttribute('aria-label') ?? '');
    }
    // A read-only message box shows its text through its value, not innerText.
    for (const el of Array.from(document.querySelectorAll<HTMLTextAreaElement>('textarea'))) parts.push(el.value);
    return parts.join('\n');
  });
  // Web addresses, UPI pay links, e-mail addresses and UPI IDs are codes, not words.
  let rest = text.replace(/\bhttps?:\/\/\S+/g, ' ').replace(/\bupi:\/\/\S+/g, ' ').replace(/\S+@\S+/g, ' ');
  for (const d of userData) rest = rest.split(d).join(' ');
  const words = rest.match(/[A-Za-z][A-Za-z'’]*/g) ?? [];
  return [...new Set(words.filter((w) => !ALLOWED_LATIN.has(w.toLowerCase())))];
}

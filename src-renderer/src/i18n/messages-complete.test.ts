import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCoreMessages, SAMPLE_TEXT, type FoundMessage } from './core-message-finder';
import { translateMessage } from './errors';
import { messages } from './resources';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Sentences that never reach a screen, so they stay English. Keep this short: anything a
 * person can meet belongs in hi.json instead.
 */
const NOT_FOR_PEOPLE: { text: RegExp; why: string }[] = [
  // dispatch.ts answers a caller that names no method of the contract: only a bug or a
  // foreign program calling the bridge gets it; the UI only calls methods that exist.
  { text: /^Unknown method/, why: 'a programming error, not something a person did' },
  // dispatch.ts refuses a call whose input is not an object or is over 4 MB: the UI's own
  // calls always send an object, and no form can type 4 MB.
  { text: /^Input must be a plain object\.$/, why: 'a malformed call from a program, not a form' },
  { text: /^The request is too large\.$/, why: 'a malformed call from a program, not a form' },
];

const allowed = (text: string) => NOT_FOR_PEOPLE.some((a) => a.text.test(text));

describe('every core message exists in Hindi', () => {
  let found: FoundMessage[] = [];
  beforeAll(async () => {
    await i18n.init({ resources: { en: { translation: messages.en }, hi: { translation: messages.hi } }, lng: 'hi', fallbackLng: 'en', interpolation: { escapeValue: false }, showSupportNotice: false } as never);
    found = findCoreMessages(root);
  }, 120_000);

  it('finds the messages in the core and the contract (the finder itself works)', () => {
    const texts = new Set(found.map((f) => f.text));
    // One of each way a message is written: a LendenError, its field text, a zod option, a
    // template with a label from its call sites, a constant, a local function's returns.
    for (const known of [
      'That bill does not exist.',
      'Nothing is due.',
      'Amount must be more than zero.',
      'Item name can be at most 200 characters.',
      'There is nothing to undo.',
      'The owner removed this computer from the shop. Its records stay here, but it no longer syncs.',
      'That customer does not exist.',
      `Bill ${SAMPLE_TEXT} is already paid in full.`,
    ]) {
      expect(texts, known).toContain(known);
    }
    expect(texts.size).toBeGreaterThan(300);
  });

  it('Hindi has its own sentence for each one', () => {
    const untranslated = new Map<string, string>();
    for (const { at, text } of found) {
      if (allowed(text)) continue;
      const hindi = translateMessage(text);
      const fine = hindi !== text && /[\u0900-\u097F]/.test(hindi) && !hindi.includes('{{');
      if (!fine && !untranslated.has(text)) untranslated.set(text, `${at}: ${text}${hindi === text ? '' : ` → ${hindi}`}`);
    }
    expect([...untranslated.values()]).toEqual([]);
  });

  it('carries the values of a sentence into Hindi: numbers, amounts, names, labels, tables, dates', () => {
    expect(translateMessage('Invoice number INV-12 is already used by another bill. Check the invoice prefix in settings.')).toBe('इनवॉइस नंबर INV-12 पहले से किसी दूसरे बिल पर है। सेटिंग्स में इनवॉइस प्रीफ़िक्स जाँचें।');
    expect(translateMessage('The payment of ₹1,500.00 is more than the total of ₹1,200.00 for this sale.')).toBe('₹1,500.00 का भुगतान इस बिक्री के कुल ₹1,200.00 से ज़्यादा है।');
    expect(translateMessage('Ramesh joined on 2026-11-03; attendance cannot be marked before that.')).toBe('Ramesh ने 03-11-2026 को काम शुरू किया; उससे पहले की हाज़िरी नहीं लग सकती।');
    expect(translateMessage('Barcode 8901 is already used by Parle-G.')).toBe('बारकोड 8901 पहले से "Parle-G" पर लगा है।');
    expect(translateMessage('Opening stock cannot be negative.')).toBe('शुरुआती स्टॉक में माइनस संख्या नहीं हो सकती।');
    expect(translateMessage('A customers record from the server could not be stored on this computer (customers.name must not be null). It was set aside; everything else keeps syncing.')).toBe(
      'सर्वर से आया एक रिकॉर्ड (ग्राहक) इस कंप्यूटर पर नहीं रखा जा सका (customers.name must not be null)। उसे अलग रख दिया गया है; बाक़ी सब सिंक होता रहेगा।',
    );
    // A refusal that lists the GST problems says each of them in Hindi (one holds ". " inside).
    expect(
      translateMessage(
        "The e-invoice cannot be made yet: Sharma Traders has no GSTIN: an e-invoice is made only for a sale to a registered business (B2B). Invoice number 0INV does not fit the e-invoice rule (up to 16 capital letters, digits, / and -, not starting with 0, / or -). Change the invoice prefix in Settings for new bills. Add the 6-digit PIN code to your shop's address: the e-invoice needs it.",
      ),
    ).toBe(
      'ई-इनवॉइस अभी नहीं बन सकता: Sharma Traders का GSTIN नहीं है: ई-इनवॉइस सिर्फ़ रजिस्टर्ड व्यापार को हुई बिक्री (B2B) का बनता है। इनवॉइस नंबर 0INV ई-इनवॉइस के नियम में नहीं बैठता (ज़्यादा से ज़्यादा 16 बड़े अक्षर, अंक, / और -, और शुरू में 0, / या - नहीं)। नए बिलों के लिए सेटिंग्स में इनवॉइस प्रीफ़िक्स बदलें। अपनी दुकान के पते में 6 अंकों का पिन कोड डालें: ई-इनवॉइस के लिए यह ज़रूरी है।',
    );
    expect(translateMessage('The e-invoice cannot be made yet: Something new.')).toBe('ई-इनवॉइस अभी नहीं बन सकता: Something new.');
    // A form field's path ahead of the sentence is a developer word: Hindi leaves it out.
    expect(translateMessage('lines.0.qtyMilli: Quantity must be more than zero.')).toBe('मात्रा शून्य से ज़्यादा होनी चाहिए।');
    // A label Hindi does not know keeps the whole sentence English rather than half of it.
    expect(translateMessage('name: Colour is required.')).toBe('name: Colour is required.');
    expect(translateMessage('Colour cannot be negative.')).toBe('Colour cannot be negative.');
  });

  it('the allow-list only names messages the core really has', () => {
    for (const { text } of NOT_FOR_PEOPLE) expect(found.some((f) => text.test(f.text)), String(text)).toBe(true);
  });

  it('English shows every message exactly as the core wrote it', async () => {
    await i18n.changeLanguage('en');
    try {
      for (const { text } of found) expect(translateMessage(text)).toBe(text);
    } finally {
      await i18n.changeLanguage('hi');
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { messages } from './resources';

const { en, hi } = messages;
import { KNOWN_MESSAGES, errorMessage, translateMessage } from './errors';
import { ApiCallError } from '../api/client';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const sourcesOf = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourcesOf(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });

describe('core messages in Hindi', () => {
  beforeAll(async () => {
    await i18n.init({ resources: { en: { translation: en }, hi: { translation: hi } }, lng: 'hi', fallbackLng: 'en', interpolation: { escapeValue: false }, showSupportNotice: false } as never);
  });

  it('every mapped message is still one the core or the bridge really says', () => {
    const text = [...sourcesOf(path.join(root, 'src-main')), path.join(root, 'src-renderer', 'src', 'api', 'client.ts')].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const stale = Object.keys(KNOWN_MESSAGES).filter((m) => !text.includes(m));
    expect(stale).toEqual([]);
  });

  it('English keeps the core’s own sentence; Hindi has its own for every mapped one', async () => {
    for (const [message, key] of Object.entries(KNOWN_MESSAGES)) {
      expect((en.errors as Record<string, unknown>)[key], key).toBe(message);
      const translated = translateMessage(message);
      expect(translated, key).not.toBe(message);
      expect(translated, key).toMatch(/[\u0900-\u097F]/);
    }
  });

  it('translates label messages and falls back to English for unknown ones', async () => {
    expect(translateMessage('Name is required.')).toBe('नाम ज़रूरी है।');
    expect(translateMessage('Item name can be at most 200 characters.')).toBe('सामान का नाम ज़्यादा से ज़्यादा 200 अक्षर का हो सकता है।');
    expect(translateMessage('Only the owner can delete customers and suppliers.')).toBe('यह सिर्फ़ दुकान का मालिक कर सकता है।');
    expect(translateMessage('Colour is required.')).toBe('Colour is required.');
    expect(translateMessage('Something new the core says.')).toBe('Something new the core says.');
    expect(errorMessage(new ApiCallError({ code: 'VALIDATION', message: 'Invalid input.', fields: { phone: 'Phone must be 6 to 15 digits, optionally starting with +.' } }))).toBe(
      'फ़ोन 6 से 15 अंकों का हो, शुरू में + हो सकता है।',
    );
    await i18n.changeLanguage('en');
    expect(translateMessage('Wrong email or password.')).toBe('Wrong email or password.');
    await i18n.changeLanguage('hi');
  });
});

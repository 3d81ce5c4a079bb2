import { describe, expect, it } from 'vitest';
import { messages } from '../i18n/resources';
import { noteText } from './notes';

const tIn = (lang: 'en' | 'hi') => (key: string, vars: Record<string, string>) => {
  const text = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages[lang]) as string;
  return text.replace(/\{\{(\w+)\}\}/g, (_, v: string) => vars[v] ?? '');
};

describe('notes the app writes', () => {
  it('are shown in the reader’s language, old rows too', () => {
    expect(noteText('Bill INV-1-0001', tIn('hi'))).toBe('बिल INV-1-0001');
    expect(noteText('Payment for GK/2-0042', tIn('hi'))).toBe('GK/2-0042 का भुगतान');
    expect(noteText('Bill INV-1-0001', tIn('en'))).toBe('Bill INV-1-0001');
  });

  it('leave what the user typed alone', () => {
    for (const typed of ['Bill for rice and dal', 'Atta 10kg', 'payment for INV-1', 'दूध']) expect(noteText(typed, tIn('hi'))).toBe(typed);
    expect(noteText(null, tIn('hi'))).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { messages } from '../i18n/resources';
import { appNote } from '../../../src-main/contract/app-notes';
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

  it('are stored as codes and shown in the reader’s language', () => {
    expect(noteText(appNote({ code: 'bill', number: 'INV-1-0001' }), tIn('hi'))).toBe('बिल INV-1-0001');
    expect(noteText(appNote({ code: 'paymentFor', number: 'INV-1-0001' }), tIn('hi'))).toBe('INV-1-0001 का भुगतान');
    expect(noteText(appNote({ code: 'openingBalance' }), tIn('hi'))).toBe('शुरुआती बाकी');
    expect(noteText(appNote({ code: 'paymentFor', number: 'INV-1-0001' }), tIn('en'))).toBe('Payment for INV-1-0001');
  });

  it('leave what the user typed alone', () => {
    expect(noteText('L1 bill INV-1-0001', tIn('hi'))).toBe('L1 bill INV-1-0001');
    for (const typed of ['Bill for rice and dal', 'Atta 10kg', 'payment for INV-1', 'दूध']) expect(noteText(typed, tIn('hi'))).toBe(typed);
    expect(noteText(null, tIn('hi'))).toBe('');
  });
});

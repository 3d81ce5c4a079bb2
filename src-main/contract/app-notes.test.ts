import { describe, expect, it } from 'vitest';
import { appNote, englishNote, noteInEnglish, noteInWords, readAppNote, type AppNoteWords } from './app-notes';

const HINDI: AppNoteWords = { bill: 'बिल {{number}}', paymentFor: '{{number}} का भुगतान', openingBalance: 'शुरुआती बाकी' };
/** What an app version from before note codes shows: the text as stored, where tag characters draw nothing. */
const asOldVersionShows = (stored: string) => stored.replace(/\uDB40[\uDC00-\uDC7F]/g, '');

describe('app-written notes: a code with its data', () => {
  it('round-trips each code and its number, in any language', () => {
    for (const note of [{ code: 'bill', number: 'INV-1-0001' }, { code: 'paymentFor', number: 'GK/2-0042' }, { code: 'openingBalance' }] as const) {
      const stored = appNote(note);
      expect(readAppNote(stored)).toEqual(note);
      expect(noteInEnglish(stored)).toBe(englishNote(note));
    }
    expect(noteInWords(appNote({ code: 'bill', number: 'INV-1-0001' }), HINDI)).toBe('बिल INV-1-0001');
    expect(noteInWords(appNote({ code: 'paymentFor', number: 'A B/1' }), HINDI)).toBe('A B/1 का भुगतान');
  });

  it('reads as the English sentence in app versions from before codes', () => {
    expect(asOldVersionShows(appNote({ code: 'bill', number: 'INV-1-0001' }))).toBe('Bill INV-1-0001');
    expect(asOldVersionShows(appNote({ code: 'paymentFor', number: 'INV-1-0001' }))).toBe('Payment for INV-1-0001');
    expect(asOldVersionShows(appNote({ code: 'openingBalance' }))).toBe('Opening balance');
  });

  it('still reads rows written before codes (the English sentences)', () => {
    expect(readAppNote('Bill INV-1-0001')).toEqual({ code: 'bill', number: 'INV-1-0001' });
    expect(noteInWords('Payment for INV-2-0003', HINDI)).toBe('INV-2-0003 का भुगतान');
    expect(noteInWords('Opening balance', HINDI)).toBe('शुरुआती बाकी');
  });

  it('shows the English sentence for a code a newer version wrote', () => {
    const tags = (ascii: string) => Array.from(ascii, (c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    const newer = `${tags('L1 refund INV-1-0001')}${String.fromCodePoint(0xe007f)}Refund for INV-1-0001`;
    expect(noteInWords(newer, HINDI)).toBe('Refund for INV-1-0001');
    const nextFormat = `${tags('L2 bill INV-1-0001')}${String.fromCodePoint(0xe007f)}Bill INV-1-0001`;
    expect(noteInWords(nextFormat, HINDI)).toBe('Bill INV-1-0001');
  });

  it('never takes a typed note that merely looks like a code for one', () => {
    for (const typed of ['L1 bill INV-1-0001', '[L1 bill INV-1-0001] Bill INV-1-0001', 'Bill for rice and dal', 'payment for INV-1', 'Bill INV-1-0001 paid', 'दूध', '']) {
      expect(noteInWords(typed, HINDI)).toBe(typed);
    }
    expect(noteInWords(null, HINDI)).toBe('');
    // The real code cannot be sent by a person: core/api/text-guard.test.ts.
  });
});

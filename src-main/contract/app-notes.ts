/**
 * Notes the app writes itself (a bill's ledger entry, a payment against a bill, a party's
 * opening balance) are stored as a code with its data, so every reader sees them in their own
 * language. The format lives in the ordinary `note` text column (no schema change) and is
 * documented in docs/data-and-sync.md ("App-written notes"):
 *
 *   <code part in Unicode tag characters> U+E007F <English sentence>
 *
 * The code part is ASCII `L1 <code> <arg>...` (L1 = format version 1; args URI-encoded, so
 * they hold no space) written with the invisible tag characters U+E0020-U+E007E, one per ASCII
 * character, and closed by CANCEL TAG (U+E007F). Older app versions, which know nothing of it,
 * show the invisible code as nothing and the English sentence as it is, so the note still reads
 * "Bill INV-1-0001". Nobody types tag characters, and the contract's text guard refuses them
 * in what people send, so a note a person typed is never mistaken for a code, however much it
 * looks like one. Rows written before codes (the English sentences alone) are recognised by
 * their exact pattern.
 */
export const APP_NOTE_CODES = ['bill', 'paymentFor', 'openingBalance'] as const;
export type AppNoteCode = (typeof APP_NOTE_CODES)[number];

export interface AppNote {
  code: AppNoteCode;
  /** The note's data: the invoice number for bill and paymentFor. */
  number?: string;
}

const VERSION = 'L1';
const TAG_BASE = 0xe0000;
const CANCEL_TAG = String.fromCodePoint(0xe007f);

/** The sentence older versions (and the Tally file) show. */
export function englishNote(note: AppNote): string {
  switch (note.code) {
    case 'bill':
      return `Bill ${note.number ?? ''}`;
    case 'paymentFor':
      return `Payment for ${note.number ?? ''}`;
    case 'openingBalance':
      return 'Opening balance';
  }
}

const toTags = (ascii: string) => Array.from(ascii, (c) => String.fromCodePoint(TAG_BASE + c.charCodeAt(0))).join('');

/** The stored form of an app-written note. */
export function appNote(note: AppNote): string {
  const args = note.number !== undefined ? [encodeURIComponent(note.number)] : [];
  return `${toTags([VERSION, note.code, ...args].join(' '))}${CANCEL_TAG}${englishNote(note)}`;
}

// One or more tag characters (each a surrogate pair) up to the cancel tag, then the sentence.
const CODED = /^((?:\uDB40[\uDC20-\uDC7E])+)\uDB40\uDC7F([\s\S]*)$/;
const LEGACY: [RegExp, AppNoteCode][] = [
  [/^Bill (\S+)$/, 'bill'],
  [/^Payment for (\S+)$/, 'paymentFor'],
  [/^Opening balance$/, 'openingBalance'],
];

const isCode = (c: string): c is AppNoteCode => (APP_NOTE_CODES as readonly string[]).includes(c);

/**
 * The app note a stored note holds, or null for a note a person typed. `fallback` is the
 * sentence to show when the code is one this version does not know (a newer app wrote it).
 */
export function readAppNote(stored: string | null | undefined): (AppNote & { fallback?: undefined }) | { fallback: string } | null {
  if (!stored) return null;
  const coded = CODED.exec(stored);
  if (coded) {
    const ascii = Array.from(coded[1]!, (c) => String.fromCharCode(c.codePointAt(0)! - TAG_BASE)).join('');
    const [version, code, ...args] = ascii.split(' ');
    if (version === VERSION && code && isCode(code)) {
      try {
        return { code, ...(args[0] !== undefined ? { number: decodeURIComponent(args[0]) } : {}) };
      } catch {
        // A damaged argument: the sentence still reads right.
      }
    }
    return { fallback: coded[2]! };
  }
  for (const [pattern, code] of LEGACY) {
    const m = pattern.exec(stored);
    if (m) return m[1] !== undefined ? { code, number: m[1] } : { code };
  }
  return null;
}

/** Words for each code in one language: `{{number}}` is replaced by the note's number. */
export type AppNoteWords = Record<AppNoteCode, string>;

/** A stored note as one language reads it; a typed note exactly as typed. */
export function noteInWords(stored: string | null | undefined, words: AppNoteWords): string {
  const note = readAppNote(stored);
  if (!note) return stored ?? '';
  if (note.fallback !== undefined) return note.fallback;
  return words[note.code].replace('{{number}}', note.number ?? '');
}

/** A stored note in plain English (the Tally file, which an accountant reads in English). */
export function noteInEnglish(stored: string | null | undefined): string {
  const note = readAppNote(stored);
  if (!note) return stored ?? '';
  return note.fallback !== undefined ? note.fallback : englishNote(note);
}

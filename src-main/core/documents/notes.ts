import { noteInWords, type AppNoteWords } from '../../contract/app-notes';
import type { Language } from './words';

/** The app's own notes in each document language (the screens use the same words: notes.*.json). */
const NOTE_WORDS: Record<Language, AppNoteWords> = {
  en: { bill: 'Bill {{number}}', paymentFor: 'Payment for {{number}}', openingBalance: 'Opening balance' },
  hi: { bill: 'बिल {{number}}', paymentFor: '{{number}} का भुगतान', openingBalance: 'शुरुआती बाकी' },
};

/** A stored note as printed or exported in one language; a typed note exactly as typed. */
export const documentNote = (stored: string | null | undefined, language: Language): string => noteInWords(stored, NOTE_WORDS[language]);

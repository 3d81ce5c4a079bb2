import { readAppNote } from '../../../src-main/contract/app-notes';

/**
 * Notes the app writes itself are stored as a code with its data (src-main/contract/app-notes.ts)
 * and shown in the reader's language; rows written before codes ("Bill INV-1-0001", "Payment for
 * INV-1-0001") too. A note the user typed is shown exactly as typed.
 */
export function noteText(note: string | null | undefined, t: (key: string, vars: Record<string, string>) => string): string {
  const app = readAppNote(note);
  if (!app) return note ?? '';
  if (app.fallback !== undefined) return app.fallback;
  return t(`appNote.${app.code}`, { number: app.number ?? '' });
}

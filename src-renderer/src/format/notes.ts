/**
 * Notes the app writes itself ("Bill INV-1-0001", "Payment for INV-1-0001") are shown in the
 * reader's language, old rows too. A note the user typed is shown exactly as typed.
 */
const APP_NOTES: [RegExp, string][] = [
  [/^Bill (\S+)$/, 'appNote.bill'],
  [/^Payment for (\S+)$/, 'appNote.paymentFor'],
];

export function noteText(note: string | null | undefined, t: (key: string, vars: Record<string, string>) => string): string {
  if (!note) return '';
  for (const [pattern, key] of APP_NOTES) {
    const m = pattern.exec(note);
    if (m) return t(key, { number: m[1]! });
  }
  return note;
}

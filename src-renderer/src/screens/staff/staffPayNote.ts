import type { CashbookEntry, Staff } from '../../../../src-main/contract';

/**
 * How the cashbook names a payment to staff: "Salary · Ramesh" or "Advance · Ramesh: Medicine".
 * Null for every other entry (its own note is shown).
 */
export function staffPayNote(entry: CashbookEntry, staff: Staff[] | undefined, t: (key: string) => string): string | null {
  if (!entry.staffId || !entry.staffPay) return null;
  const name = staff?.find((s) => s.id === entry.staffId)?.name ?? '';
  const head = `${t(`staffPay.${entry.staffPay}`)} · ${name}`;
  return entry.note && entry.note !== name ? `${head}: ${entry.note}` : head;
}

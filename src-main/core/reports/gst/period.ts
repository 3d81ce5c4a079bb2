import type { ReturnPeriod } from '../../../contract/returns';
import { daysInMonth } from '../../util/dates';

const monthBack = (month: string, n: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/** The dates a return covers: the month, or the quarter ending with it; fp is MMYYYY of its last month. */
export function returnPeriod(input: { month: string; quarterly: boolean }): ReturnPeriod {
  const first = input.quarterly ? monthBack(input.month, 2) : input.month;
  return {
    month: input.month,
    quarterly: input.quarterly,
    from: `${first}-01`,
    to: `${input.month}-${String(daysInMonth(input.month)).padStart(2, '0')}`,
    fp: `${input.month.slice(5, 7)}${input.month.slice(0, 4)}`,
  };
}

/** ISO 2026-11-05 -> the portal's 05-11-2026. */
export const portalDate = (iso: string): string => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

/** Paise -> rupees as a JSON number with at most two decimals (exact: paise are integers). */
export const rupees = (paise: number): number => Math.round(paise) / 100;

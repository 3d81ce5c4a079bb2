import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMonth, todayIn, weekdayName } from './date';

describe('dates as India writes them', () => {
  it('shows calendar dates as dd-mm-yyyy', () => {
    expect(formatDate('2026-04-01')).toBe('01-04-2026');
    expect(formatDate('2024-02-29')).toBe('29-02-2024');
    expect(formatDate('')).toBe('');
    expect(formatDate(null)).toBe('');
  });

  it('shows moments on the business clock, not the computer’s', () => {
    // 20:00 UTC on 31 March is already 1 April in India.
    expect(formatDateTime('2026-03-31T20:00:00Z', 'Asia/Kolkata')).toBe('01-04-2026, 01:30');
    expect(formatDateTime('2026-03-31T20:00:00Z', 'UTC')).toBe('31-03-2026, 20:00');
    expect(formatDate('2026-03-31T20:00:00Z')).toBe('01-04-2026');
    expect(todayIn('Asia/Kolkata', new Date('2026-03-31T19:00:00Z'))).toBe('2026-04-01');
    expect(todayIn('UTC', new Date('2026-03-31T19:00:00Z'))).toBe('2026-03-31');
  });

  it('names weekdays and months', () => {
    expect(weekdayName('2026-12-01')).toBe('Tue');
    expect(formatMonth('2026-11')).toBe('November 2026');
  });
});

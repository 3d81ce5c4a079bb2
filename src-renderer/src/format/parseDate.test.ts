import { describe, expect, it } from 'vitest';
import { daysInMonth, fyStart, parseDateInput, type DateContext } from './parseDate';

const ctx: DateContext = { today: '2026-12-01', fyStartMonth: 4 };
const iso = (input: string, c = ctx) => {
  const r = parseDateInput(input, c);
  return r.ok ? r.iso : `error:${r.error}`;
};

describe('parseDateInput', () => {
  it('reads day first in every way a shop types it', () => {
    expect(iso('01-04-2026')).toBe('2026-04-01');
    expect(iso('1/4/2026')).toBe('2026-04-01');
    expect(iso('1.4.26')).toBe('2026-04-01');
    expect(iso('1 4 2026')).toBe('2026-04-01');
    expect(iso('01042026')).toBe('2026-04-01');
    expect(iso('2026-04-01')).toBe('2026-04-01');
    expect(iso('१/४/२०२६')).toBe('2026-04-01');
    expect(iso(' 31-12-2026 ')).toBe('2026-12-31');
  });

  it('reads words', () => {
    expect(iso('today')).toBe('2026-12-01');
    expect(iso('Today')).toBe('2026-12-01');
    expect(iso('आज')).toBe('2026-12-01');
    expect(iso('yesterday')).toBe('2026-11-30');
    expect(iso('tomorrow')).toBe('2026-12-02');
    expect(iso('today', { today: '2024-02-29', fyStartMonth: 4 })).toBe('2024-02-29');
    expect(iso('tomorrow', { today: '2026-12-31', fyStartMonth: 4 })).toBe('2027-01-01');
  });

  it('places a day and month without a year in the current financial year', () => {
    expect(iso('1/4')).toBe('2026-04-01');
    expect(iso('15/2')).toBe('2027-02-15');
    expect(iso('31/3')).toBe('2027-03-31');
    // On 2 April, 28 March is last week, not eleven months ahead.
    expect(iso('28/3', { today: '2026-04-02', fyStartMonth: 4 })).toBe('2026-03-28');
    expect(iso('1/4', { today: '2026-04-02', fyStartMonth: 4 })).toBe('2026-04-01');
    // A calendar-year business (January start).
    expect(iso('15/2', { today: '2026-12-01', fyStartMonth: 1 })).toBe('2026-02-15');
    expect(iso('5/1', { today: '2026-12-20', fyStartMonth: 1 })).toBe('2026-01-05');
  });

  it('knows month ends and leap years', () => {
    expect(iso('31-01-2026')).toBe('2026-01-31');
    expect(iso('30-04-2026')).toBe('2026-04-30');
    expect(iso('31-04-2026')).toBe('error:noSuchDate');
    expect(iso('29-02-2024')).toBe('2024-02-29');
    expect(iso('29-02-2026')).toBe('error:noSuchDate');
    expect(iso('29-02-2000')).toBe('2000-02-29');
    expect(iso('29-02-2100')).toBe('error:noSuchDate');
    expect(iso('32-01-2026')).toBe('error:noSuchDate');
    expect(iso('10-13-2026')).toBe('error:noSuchDate');
    expect(iso('00-01-2026')).toBe('error:noSuchDate');
    // 29/2 without a year: the financial year that holds Feb 2028 is a leap one.
    expect(iso('29/2', { today: '2027-12-01', fyStartMonth: 4 })).toBe('2028-02-29');
    expect(iso('29/2', { today: '2026-12-01', fyStartMonth: 4 })).toBe('error:noSuchDate');
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it('refuses garbage with a reason', () => {
    expect(iso('')).toBe('error:empty');
    expect(iso('   ')).toBe('error:empty');
    for (const bad of ['abc', '1/', '1//4', '1/4/20261', '04/01/2026 10:00', '12345', 'कल', '1-4-26-7', '2026-4']) expect(iso(bad)).toBe('error:format');
    expect(iso('01-01-1999')).toBe('error:range');
    expect(iso('01-01-2100')).toBe('error:range');
  });

  it('finds the start of the financial year', () => {
    expect(fyStart('2026-12-01', 4)).toBe('2026-04-01');
    expect(fyStart('2027-03-31', 4)).toBe('2026-04-01');
    expect(fyStart('2026-04-01', 4)).toBe('2026-04-01');
    expect(fyStart('2026-12-01', 1)).toBe('2026-01-01');
  });
});

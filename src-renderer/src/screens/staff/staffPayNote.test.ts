import { describe, expect, it } from 'vitest';
import type { CashbookEntry, Staff } from '../../../../src-main/contract';
import { staffPayNote } from './staffPayNote';

const staff = [{ id: 's1', name: 'Ramesh' }] as Staff[];
const entry = (over: Partial<CashbookEntry>) => ({ id: 'e', direction: 'out', amountPaise: 100, mode: 'cash', date: '2026-11-25', note: null, category: 'salary', staffId: null, staffPay: null, ...over }) as CashbookEntry;
const t = (key: string) => ({ 'staffPay.salary': 'Salary', 'staffPay.advance': 'Advance' })[key] ?? key;

describe('staffPayNote', () => {
  it('names who was paid and keeps a note of its own', () => {
    expect(staffPayNote(entry({ staffId: 's1', staffPay: 'salary', note: 'Ramesh' }), staff, t)).toBe('Salary · Ramesh');
    expect(staffPayNote(entry({ staffId: 's1', staffPay: 'advance', note: 'Medicine' }), staff, t)).toBe('Advance · Ramesh: Medicine');
  });
  it('leaves other entries to their own note', () => {
    expect(staffPayNote(entry({ note: 'Rent' }), staff, t)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { COLUMN_RULES, fieldError } from './column-rules';

describe('text length rule', () => {
  const rule = COLUMN_RULES.customers!.name!;

  it('counts characters, not UTF-16 units: 200 characters pass, 201 do not, in any script', () => {
    expect(rule.maxLength).toBe(200);
    // A character beyond the Basic Multilingual Plane is two UTF-16 units.
    for (const ch of ['a', 'र', '😀', '𑂍']) {
      expect(fieldError('customers', 'name', ch.repeat(200), rule)).toBeNull();
      expect(fieldError('customers', 'name', ch.repeat(201), rule)).toBe('customers.name is longer than 200 characters');
    }
    // Mixed: 199 ASCII and one emoji is 201 units but 200 characters.
    expect(fieldError('customers', 'name', `${'a'.repeat(199)}😀`, rule)).toBeNull();
  });
});

describe('date and timestamp rules', () => {
  const date = COLUMN_RULES.transactions!.entry_date!;
  const ts = COLUMN_RULES.transactions!.created_at!;

  it('take real calendar days and times only, whatever was checked before', () => {
    const goodDates = ['2026-11-25', '2024-02-29', '2000-02-29', '2026-12-31', '0001-01-01', '9999-12-31'];
    const badDates = ['2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-11-00', '2026-11-5', '2026/11/25', '2026-11-25 ', ' 2026-11-25', '२०२६-११-२५', ''];
    const goodTimes = ['2026-11-25T00:00:00.000Z', '2026-11-25T23:59:59.999Z', '2024-02-29T12:30:45.123Z'];
    const badTimes = ['2026-11-25T24:00:00.000Z', '2026-11-25T10:60:00.000Z', '2026-11-25T10:00:60.000Z', '2026-02-29T10:00:00.000Z', '2026-11-25T10:00:00Z', '2026-11-25T10:00:00.000+05:30', '2026-11-25'];
    // Each bad value is checked right after a good one (and twice), so a remembered good value lets nothing through.
    for (const bad of badDates) {
      for (const good of goodDates) {
        expect(fieldError('transactions', 'entry_date', good, date)).toBeNull();
        expect(fieldError('transactions', 'entry_date', bad, date)).toBe('transactions.entry_date must be a date like 2026-11-25');
        expect(fieldError('transactions', 'entry_date', bad, date)).not.toBeNull();
      }
    }
    for (const bad of badTimes) {
      for (const good of goodTimes) {
        expect(fieldError('transactions', 'created_at', good, ts)).toBeNull();
        expect(fieldError('transactions', 'created_at', good, ts)).toBeNull();
        expect(fieldError('transactions', 'created_at', bad, ts)).toMatch(/must be an ISO-8601 UTC timestamp/);
      }
    }
    expect(fieldError('transactions', 'entry_date', 20261125, date)).not.toBeNull();
    expect(fieldError('transactions', 'created_at', null, ts)).toBe('transactions.created_at must not be null');
  });
});

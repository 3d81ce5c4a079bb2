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

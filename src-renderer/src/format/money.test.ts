import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatPaise, paiseToInput, parseRupees } from './money';

describe('formatPaise', () => {
  it('writes rupees in the Indian system from integer paise', () => {
    expect(formatPaise(0)).toBe('₹0.00');
    expect(formatPaise(5)).toBe('₹0.05');
    expect(formatPaise(1_23_45_678_90)).toBe('₹1,23,45,678.90');
    expect(formatPaise(-250_50)).toBe('-₹250.50');
    // Beyond 2^53 / 100 a float would drift; the exact-decimal path does not.
    expect(formatPaise(9_999_999_999_999)).toBe('₹99,99,99,99,999.99');
  });

  it('never drifts: the digits shown are exactly the paise given', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_999_999_999_999, max: 9_999_999_999_999 }), (paise) => {
        const digits = formatPaise(paise).replace(/[^\d]/g, '');
        expect(BigInt(digits)).toBe(BigInt(Math.abs(paise)));
      }),
    );
  });
});

describe('parseRupees', () => {
  it('reads what a shopkeeper types as paise, without floats', () => {
    expect(parseRupees('250')).toBe(25_000);
    expect(parseRupees('99.5')).toBe(9_950);
    expect(parseRupees('₹ 1,23,456.78')).toBe(12_345_678);
    expect(parseRupees('0.07')).toBe(7);
    expect(parseRupees('0.1')).toBe(10);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', '0', '0.00', 'abc', '1.234', '-5', '1e5', '12..3']) expect(parseRupees(bad)).toBeNull();
  });

  it('round-trips with the edit box text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999_999 }), (paise) => {
        expect(parseRupees(paiseToInput(paise))).toBe(paise);
      }),
    );
  });
});

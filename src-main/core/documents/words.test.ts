import { describe, expect, it } from 'vitest';
import { MAX_PAISE } from '../../contract/primitives';
import { formatPaise, formatQty, formatRateBp, paiseToRupeesText } from './format';
import { stateLabel } from '../../contract/states';
import { amountInWords, integerInWords } from './words';

describe('amount in words', () => {
  it.each([
    [0, 'Rupees Zero Only', 'शून्य रुपये मात्र'],
    [1, 'One Paisa Only', 'एक पैसा मात्र'],
    [99, 'Ninety Nine Paise Only', 'निन्यानबे पैसे मात्र'],
    [100, 'Rupees One Only', 'एक रुपया मात्र'],
    [9_900, 'Rupees Ninety Nine Only', 'निन्यानबे रुपये मात्र'],
    [10_000_000, 'Rupees One Lakh Only', 'एक लाख रुपये मात्र'],
    [
      12_345_678_950,
      'Rupees Twelve Crore Thirty Four Lakh Fifty Six Thousand Seven Hundred Eighty Nine and Fifty Paise Only',
      'बारह करोड़ चौंतीस लाख छप्पन हज़ार सात सौ नवासी रुपये और पचास पैसे मात्र',
    ],
    [
      MAX_PAISE,
      'Rupees Nine Thousand Nine Hundred Ninety Nine Crore Ninety Nine Lakh Ninety Nine Thousand Nine Hundred Ninety Nine and Ninety Nine Paise Only',
      'नौ हज़ार नौ सौ निन्यानबे करोड़ निन्यानबे लाख निन्यानबे हज़ार नौ सौ निन्यानबे रुपये और निन्यानबे पैसे मात्र',
    ],
    [1_000_000_000, 'Rupees One Crore Only', 'एक करोड़ रुपये मात्र'],
    [10_000_100, 'Rupees One Lakh One Only', 'एक लाख एक रुपये मात्र'],
    [-250, 'Rupees Two and Fifty Paise Only', 'दो रुपये और पचास पैसे मात्र'],
  ])('%i paise', (paise, en, hi) => {
    expect(amountInWords(paise, 'en')).toBe(en);
    expect(amountInWords(paise, 'hi')).toBe(hi);
  });

  it('uses the irregular Hindi number words', () => {
    expect([21, 35, 49, 59, 67, 79, 89, 99].map((n) => integerInWords(n, 'hi'))).toEqual(['इक्कीस', 'पैंतीस', 'उनचास', 'उनसठ', 'सड़सठ', 'उन्यासी', 'नवासी', 'निन्यानबे']);
    const all = Array.from({ length: 100 }, (_, n) => integerInWords(n, 'hi'));
    expect(new Set(all).size).toBe(100);
    expect(integerInWords(1_01_01_101, 'en')).toBe('One Crore One Lakh One Thousand One Hundred One');
  });

  it('refuses fractions', () => {
    expect(() => amountInWords(1.5)).toThrow(RangeError);
  });
});

describe('document formatting', () => {
  it('groups rupees the Indian way from integer paise', () => {
    expect(formatPaise(0)).toBe('0.00');
    expect(formatPaise(5)).toBe('0.05');
    expect(formatPaise(-5)).toBe('-0.05');
    expect(formatPaise(123_456)).toBe('1,234.56');
    expect(formatPaise(12_345_678_950)).toBe('12,34,56,789.50');
    expect(formatPaise(MAX_PAISE)).toBe('99,99,99,99,999.99');
    expect(paiseToRupeesText(-123_456)).toBe('-1234.56');
    expect(formatQty(1_500)).toBe('1.5');
    expect(formatQty(12_000)).toBe('12');
    expect(formatQty(125)).toBe('0.125');
    expect(formatRateBp(1800)).toBe('18%');
    expect(formatRateBp(25)).toBe('0.25%');
  });

  it('names states by GST code', () => {
    expect(stateLabel('27', 'en')).toBe('27 - Maharashtra');
    expect(stateLabel('09', 'hi')).toBe('09 - उत्तर प्रदेश');
    expect(stateLabel('38', 'en')).toBe('38 - Ladakh');
    expect(stateLabel(null, 'en')).toBe('');
  });
});

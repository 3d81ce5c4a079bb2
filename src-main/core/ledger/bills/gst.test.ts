import { describe, expect, it } from 'vitest';
import { LendenError } from '../../../contract/errors';
import { computeBillMoney, divRoundHalfUp, isInterState, lineTax, lineValue, roundToRupee, spreadDiscount, type BillMoney } from './gst';

// Every figure below is worked out by hand (see the comments), not by the code under test.

const allIntegers = (m: BillMoney) => {
  const figures = [
    m.subtotalPaise,
    m.discountPaise,
    m.taxablePaise,
    m.cgstPaise,
    m.sgstPaise,
    m.igstPaise,
    m.roundOffPaise,
    m.totalPaise,
    ...m.lines.flatMap((l) => Object.values(l)),
  ];
  for (const f of figures) expect(Number.isInteger(f), `figure ${f} is not an integer`).toBe(true);
};

describe('divRoundHalfUp', () => {
  it.each([
    [0n, 10n, 0n],
    [4n, 10n, 0n],
    [5n, 10n, 1n], // exactly half goes up
    [14n, 10n, 1n],
    [15n, 10n, 2n],
    [25n, 10n, 3n],
    [99n, 100n, 1n],
    [49n, 100n, 0n],
  ])('%s / %s -> %s', (n, d, want) => expect(divRoundHalfUp(n, d)).toBe(want));

  it('refuses negative numerators', () => expect(() => divRoundHalfUp(-1n, 10n)).toThrow());
});

describe('lineValue (qty thousandths x rate paise)', () => {
  it.each([
    [1000, 10_000, 10_000n], // 1 x ₹100
    [1500, 3333, 5000n], // 1.5 x ₹33.33 = 4999.5 -> 5000
    [333, 100, 33n], // 0.333 x ₹1 = 33.3 -> 33
    [334, 100, 33n], // 33.4 -> 33
    [335, 100, 34n], // 33.5 -> 34
    [1, 1, 0n], // 0.001 paise -> 0
    [1000, 0, 0n], // a free item
    // 999,999,999 x 1,000,003 = 1,000,002,998,999,997 (past 2^53); / 1000 = ...998,999.997 -> ...999,000
    [999_999_999, 1_000_003, 1_000_002_999_000n],
  ])('%i x %i -> %s', (qty, rate, want) => expect(lineValue(qty, rate)).toBe(want));

  it('refuses fractions and negatives (the schema already does; this is the last guard)', () => {
    expect(() => lineValue(1.5, 100)).toThrow();
    expect(() => lineValue(1000, -1)).toThrow();
  });
});

describe('spreadDiscount (largest remainder)', () => {
  it.each([
    // 100 over [100, 200, 300]: exact 16.67, 33.33, 50 -> floors 16, 33, 50 (99); remainders 400, 200, 0 -> +1 to the first
    [[100n, 200n, 300n], 100n, [17n, 33n, 50n]],
    // ties go to the earlier line
    [[100n, 100n, 100n], 100n, [34n, 33n, 33n]],
    [[1n, 1n], 1n, [1n, 0n]],
    // a zero-value line never takes a share
    [[0n, 500n], 3n, [0n, 3n]],
    // the whole value
    [[250n, 750n], 1000n, [250n, 750n]],
    [[250n, 750n], 0n, [0n, 0n]],
    // 1000 over [90100, 18000, 2997] (V = 111097): floors 811 r333, 162 r2286, 26 r108478 -> 999; +1 to the third
    [[90_100n, 18_000n, 2_997n], 1000n, [811n, 162n, 27n]],
  ])('spread case %#', (values, discount, want) => {
    const shares = spreadDiscount(values, discount);
    expect(shares).toEqual(want);
    expect(shares.reduce((a, s) => a + s, 0n)).toBe(discount);
    shares.forEach((s, i) => expect(s <= values[i]!).toBe(true));
  });

  it('refuses a discount larger than the lines', () => {
    expect(() => spreadDiscount([100n], 101n)).toThrow(LendenError);
    expect(() => spreadDiscount([0n], 1n)).toThrow(/discount/i);
  });
});

describe('lineTax', () => {
  it.each([
    // taxable, rate bp, intra (cgst = sgst), inter igst
    [10_000n, 1800, 900n, 1800n],
    [10n, 500, 0n, 1n], // intra 0.25 -> 0 each; inter 0.5 -> 1
    [30n, 500, 1n, 2n], // intra 0.75 -> 1 each; inter 1.5 -> 2
    [25n, 1800, 2n, 5n], // intra 2.25 -> 2; inter 4.5 -> 5
    [10_000n, 25, 13n, 25n], // 0.25%: intra 12.5 -> 13 each; inter exactly 25
    [12_345n, 300, 185n, 370n], // 3%: 185.175 -> 185; 370.35 -> 370
    [999n, 2800, 140n, 280n], // 28%: 139.86 -> 140; 279.72 -> 280
    [12_345n, 4000, 2469n, 4938n], // 40%
    [1n, 1200, 0n, 0n], // 12%: 0.06 and 0.12 -> 0
    [123_456n, 0, 0n, 0n],
  ])('%s at %i bp', (taxable, rate, half, igst) => {
    expect(lineTax(taxable, rate, false)).toEqual({ cgst: half, sgst: half, igst: 0n });
    expect(lineTax(taxable, rate, true)).toEqual({ cgst: 0n, sgst: 0n, igst });
  });
});

describe('roundToRupee', () => {
  it.each([
    [10_000n, 0n, 10_000n],
    [10_001n, -1n, 10_000n],
    [10_049n, -49n, 10_000n],
    [10_050n, 50n, 10_100n], // 50 paise goes up
    [10_051n, 49n, 10_100n],
    [10_099n, 1n, 10_100n],
    [49n, -49n, 0n],
  ])('%s -> round-off %s, total %s', (gross, roundOff, total) => expect(roundToRupee(gross)).toEqual({ roundOff, total }));
});

describe('computeBillMoney', () => {
  // L1 2 x ₹450.50 @18% = 90100; L2 1.5 x ₹120 @12% = 18000; L3 3 x ₹9.99 @5% = 2997; subtotal 111097;
  // discount ₹10 -> shares 811, 162, 27 -> taxable 89289, 17838, 2970 (110097).
  const lines = [
    { qtyMilli: 2000, ratePaise: 45_050, gstRateBp: 1800 },
    { qtyMilli: 1500, ratePaise: 12_000, gstRateBp: 1200 },
    { qtyMilli: 3000, ratePaise: 999, gstRateBp: 500 },
  ];

  it('intra-state: CGST = SGST per line, discount spread, rounded to the rupee', () => {
    const m = computeBillMoney({ lines, discountPaise: 1000, interState: false, roundOff: true });
    // halves: 89289 x 9% = 8036.01 -> 8036; 17838 x 6% = 1070.28 -> 1070; 2970 x 2.5% = 74.25 -> 74
    expect(m.lines).toEqual([
      { valuePaise: 90_100, discountPaise: 811, taxablePaise: 89_289, cgstPaise: 8036, sgstPaise: 8036, igstPaise: 0, totalPaise: 105_361 },
      { valuePaise: 18_000, discountPaise: 162, taxablePaise: 17_838, cgstPaise: 1070, sgstPaise: 1070, igstPaise: 0, totalPaise: 19_978 },
      { valuePaise: 2997, discountPaise: 27, taxablePaise: 2970, cgstPaise: 74, sgstPaise: 74, igstPaise: 0, totalPaise: 3118 },
    ]);
    // gross 110097 + 9180 + 9180 = 128457 -> ₹1,285.00, round-off +43
    expect(m).toMatchObject({
      subtotalPaise: 111_097,
      discountPaise: 1000,
      taxablePaise: 110_097,
      cgstPaise: 9180,
      sgstPaise: 9180,
      igstPaise: 0,
      roundOffPaise: 43,
      totalPaise: 128_500,
    });
    allIntegers(m);
  });

  it('inter-state: IGST at the full rate, rounded per line', () => {
    const m = computeBillMoney({ lines, discountPaise: 1000, interState: true, roundOff: true });
    // 16072.02 -> 16072; 2140.56 -> 2141; 148.5 -> 149; gross 110097 + 18362 = 128459 -> +41
    expect(m.lines.map((l) => l.igstPaise)).toEqual([16_072, 2141, 149]);
    expect(m.lines.every((l) => l.cgstPaise === 0 && l.sgstPaise === 0)).toBe(true);
    expect(m).toMatchObject({ taxablePaise: 110_097, cgstPaise: 0, sgstPaise: 0, igstPaise: 18_362, roundOffPaise: 41, totalPaise: 128_500 });
    allIntegers(m);
  });

  it('without round-off the total is the exact sum', () => {
    const m = computeBillMoney({ lines, discountPaise: 1000, interState: false, roundOff: false });
    expect(m.roundOffPaise).toBe(0);
    expect(m.totalPaise).toBe(128_457);
    expect(m.totalPaise).toBe(m.lines.reduce((a, l) => a + l.totalPaise, 0));
    allIntegers(m);
  });

  it('totals are sums of the lines, for many lines and an awkward discount', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ qtyMilli: 1000 + i * 7, ratePaise: 333 + i * 13, gstRateBp: [0, 25, 300, 500, 1200, 1800, 2800, 4000][i % 8]! }));
    const m = computeBillMoney({ lines: many, discountPaise: 9_999, interState: false, roundOff: true });
    const sum = (k: keyof BillMoney['lines'][number]) => m.lines.reduce((a, l) => a + l[k], 0);
    expect(m.subtotalPaise).toBe(sum('valuePaise'));
    expect(m.discountPaise).toBe(9_999);
    expect(sum('discountPaise')).toBe(9_999);
    expect(m.taxablePaise).toBe(sum('taxablePaise'));
    expect(m.cgstPaise).toBe(sum('cgstPaise'));
    expect(m.sgstPaise).toBe(m.cgstPaise);
    expect(m.totalPaise).toBe(sum('totalPaise') + m.roundOffPaise);
    expect(m.totalPaise % 100).toBe(0);
    expect(m.roundOffPaise).toBeGreaterThanOrEqual(-49);
    expect(m.roundOffPaise).toBeLessThanOrEqual(50);
    allIntegers(m);
  });

  it('beyond 2^53 stays exact', () => {
    const m = computeBillMoney({ lines: [{ qtyMilli: 999_999_999, ratePaise: 1_000_003, gstRateBp: 0 }], discountPaise: 0, interState: false, roundOff: true });
    expect(m.totalPaise).toBe(1_000_002_999_000);
    allIntegers(m);
  });

  it('refuses a bill over the largest amount', () => {
    // ₹99,99,99,99,999.99 of goods is allowed alone, but 18% on it passes MAX_PAISE
    expect(() => computeBillMoney({ lines: [{ qtyMilli: 1000, ratePaise: 9_999_999_999_999, gstRateBp: 1800 }], discountPaise: 0, interState: true, roundOff: false })).toThrow(
      /too large/,
    );
  });

  it('an empty draft is all zeros', () => {
    const m = computeBillMoney({ lines: [], discountPaise: 0, interState: false, roundOff: true });
    expect(m).toEqual({ lines: [], subtotalPaise: 0, discountPaise: 0, taxablePaise: 0, cgstPaise: 0, sgstPaise: 0, igstPaise: 0, roundOffPaise: 0, totalPaise: 0 });
  });
});

describe('isInterState', () => {
  it.each([
    ['27', '27', false],
    ['27', '29', true],
    [null, '29', false], // a business without a GST state bills intra-state
    ['27', null, false],
    [null, null, false],
  ] as const)('business %s, supply %s -> %s', (b, p, want) => expect(isInterState(b, p)).toBe(want));
});

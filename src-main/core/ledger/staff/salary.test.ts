import { describe, expect, it } from 'vitest';
import { MAX_PAISE } from '../../../contract/primitives';
import { salaryDue } from './salary';

const none = { present: 0, halfDay: 0, leave: 0 };

describe('salaryDue, monthly basis', () => {
  it('pays exactly the salary for a full month of 31, 30 or 28 days', () => {
    for (const dim of [28, 29, 30, 31]) {
      expect(salaryDue('monthly', 15_000_00, { ...none, present: dim }, dim)).toEqual({ payableHalfDays: 2 * dim, salaryDuePaise: 15_000_00 });
    }
  });

  it('pays leave, half of a half day and nothing for absence', () => {
    // 10 present + 1 half day + 2 leave = 12.5 days of 25_000_00 over 31 days
    // = 25_000_00 * 12.5 / 31 = 1_008_064.516... -> 1_008_065
    expect(salaryDue('monthly', 25_000_00, { present: 10, halfDay: 1, leave: 2 }, 31)).toEqual({ payableHalfDays: 25, salaryDuePaise: 1_008_065 });
  });

  it('rounds an exact half paisa up and anything below it down', () => {
    // 31 paise * 0.5 day / 31 days = 0.5 paise -> 1
    expect(salaryDue('monthly', 31, { ...none, halfDay: 1 }, 31).salaryDuePaise).toBe(1);
    // 30 paise * 0.5 / 31 = 0.4838 -> 0
    expect(salaryDue('monthly', 30, { ...none, halfDay: 1 }, 31).salaryDuePaise).toBe(0);
    // 28 paise * 1.5 / 28 = 1.5 -> 2
    expect(salaryDue('monthly', 28, { ...none, present: 1, halfDay: 1 }, 28).salaryDuePaise).toBe(2);
  });

  it('stays exact at the largest salary', () => {
    expect(salaryDue('monthly', MAX_PAISE, { ...none, present: 31 }, 31).salaryDuePaise).toBe(MAX_PAISE);
    // 9_999_999_999_999 * 15 / 31 = 4_838_709_677_418.87 -> ...419
    expect(salaryDue('monthly', MAX_PAISE, { ...none, present: 15 }, 31).salaryDuePaise).toBe(4_838_709_677_419);
  });
});

describe('salaryDue, daily basis', () => {
  it('pays present days and half days exactly, leave not at all', () => {
    expect(salaryDue('daily', 500_00, { present: 10, halfDay: 3, leave: 4 }, 31)).toEqual({ payableHalfDays: 23, salaryDuePaise: 5_750_00 });
  });

  it('rounds the half paisa of an odd day rate up', () => {
    expect(salaryDue('daily', 501, { ...none, halfDay: 1 }, 30).salaryDuePaise).toBe(251);
    expect(salaryDue('daily', 501, { ...none, halfDay: 2 }, 30).salaryDuePaise).toBe(501);
  });

  it('pays nothing for nothing', () => {
    expect(salaryDue('daily', 500_00, none, 30)).toEqual({ payableHalfDays: 0, salaryDuePaise: 0 });
    expect(salaryDue('monthly', 500_00, none, 30)).toEqual({ payableHalfDays: 0, salaryDuePaise: 0 });
  });
});

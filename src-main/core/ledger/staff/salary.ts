import type { SalaryBasis } from '../../../contract/staff';

export interface PaidDays {
  present: number;
  halfDay: number;
  leave: number;
}

/** round(num / den) with halves rounded up; num >= 0, den > 0. The one rounding of a salary. */
const divideHalfUp = (num: bigint, den: bigint): bigint => (2n * num + den) / (2n * den);

/**
 * Salary due for one month, in integer paise. Days are counted in halves so a half day is
 * exact, and the products run in bigint so nothing is lost before the single rounding.
 *
 * - monthly: salary * payableDays / daysInMonth, payableDays = present + halfDay/2 + leave
 *   (leave is paid leave; absent and unmarked days are not paid). The divisor is the
 *   calendar length of the month (28 to 31), so a full month of presence pays exactly the
 *   salary and a part month (joined mid-month, or the month still running) pays pro rata.
 * - daily: salary * (present + halfDay/2); leave is unpaid. Exact unless the day rate is an
 *   odd number of paise and the half days are odd, when the half paisa rounds up.
 */
export function salaryDue(basis: SalaryBasis, salaryPaise: number, days: PaidDays, daysInMonth: number): { payableHalfDays: number; salaryDuePaise: number } {
  const salary = BigInt(salaryPaise);
  if (basis === 'monthly') {
    const halves = 2 * days.present + days.halfDay + 2 * days.leave;
    return { payableHalfDays: halves, salaryDuePaise: Number(divideHalfUp(salary * BigInt(halves), BigInt(2 * daysInMonth))) };
  }
  const halves = 2 * days.present + days.halfDay;
  return { payableHalfDays: halves, salaryDuePaise: Number(divideHalfUp(salary * BigInt(halves), 2n)) };
}

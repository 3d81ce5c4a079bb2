import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles the ceiling from 1 s to a 60 s cap and resets on success', () => {
    const b = new Backoff({ random: () => 0.999999 });
    const delays = Array.from({ length: 9 }, () => b.next());
    expect(delays.map((d) => Math.round(d / 1000))).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    b.reset();
    expect(b.ceiling()).toBe(1000);
  });

  it('uses full jitter: any delay from zero to the ceiling', () => {
    const seen: number[] = [];
    for (const r of [0, 0.25, 0.5, 0.75]) seen.push(new Backoff({ random: () => r }).next());
    expect(seen).toEqual([0, 250, 500, 750]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatStamp, HybridClock, parseStamp, STAMP_RE, MAX_OBSERVED_DRIFT_MS } from './clock';

const NODE = '9f3a1c2b4d5e6f70';
const OTHER = '0000000000000001';
const T0 = Date.parse('2026-11-25T10:00:00.000Z');
const MAX_MILLIS = Date.parse('9999-12-31T23:59:59.999Z');

/** A wall clock the test moves by hand. */
const wall = (start = T0) => {
  let now = start;
  return { read: () => now, set: (ms: number) => (now = ms) };
};

const cmp = (a: readonly [number, number, string], b: readonly [number, number, string]) => {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
};

describe('HybridClock', () => {
  it('formats fixed-width stamps like the wire protocol', () => {
    const w = wall();
    const clock = new HybridClock(NODE, undefined, w.read);
    expect(clock.now()).toBe('2026-11-25T10:00:00.000Z-0000-9f3a1c2b4d5e6f70');
    expect(clock.now()).toBe('2026-11-25T10:00:00.000Z-0001-9f3a1c2b4d5e6f70');
    w.set(T0 + 5);
    expect(clock.now()).toBe('2026-11-25T10:00:00.005Z-0000-9f3a1c2b4d5e6f70');
  });

  it('stays monotonic when the wall clock stands still or goes backwards', () => {
    const w = wall();
    const clock = new HybridClock(NODE, undefined, w.read);
    const moves = [0, 0, -1, -3_600_000, 10, -86_400_000, 0, 1, -1, 7_200_000, -7_200_001];
    let last = clock.now();
    for (const move of moves) {
      w.set(w.read() + move);
      for (let i = 0; i < 3; i++) {
        const next = clock.now();
        expect(next > last, `${next} after ${last}`).toBe(true);
        last = next;
      }
    }
  });

  it('is monotonic for any sequence of wall clock readings and observed stamps (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('tick' as const), wall: fc.integer({ min: T0 - 1e9, max: T0 + 1e9 }) }),
            fc.record({
              kind: fc.constant('observe' as const),
              wall: fc.integer({ min: T0 - 1e9, max: T0 + 1e9 }),
              remote: fc.tuple(fc.integer({ min: T0 - 1e9, max: T0 + 1e9 }), fc.integer({ min: 0, max: 0xffff })),
            }),
          ),
          { maxLength: 60 },
        ),
        (steps) => {
          const w = wall();
          const clock = new HybridClock(NODE, undefined, w.read);
          let last = clock.now();
          for (const step of steps) {
            w.set(step.wall);
            if (step.kind === 'observe') {
              const remote = formatStamp(step.remote[0], step.remote[1], OTHER);
              if (step.remote[0] > step.wall + MAX_OBSERVED_DRIFT_MS) {
                // Too far ahead to follow: refused, and the clock keeps its state.
                const before = clock.snapshot();
                if (!throws(() => clock.observe(remote))) return false;
                if (JSON.stringify(clock.snapshot()) !== JSON.stringify(before)) return false;
                continue;
              }
              clock.observe(remote);
              const next = clock.now();
              if (!(next > remote)) return false;
              if (!(next > last)) return false;
              last = next;
            } else {
              const next = clock.now();
              if (!(next > last)) return false;
              last = next;
            }
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('moves past an observed remote stamp from the future, the same millisecond, or the past', () => {
    const w = wall();
    const clock = new HybridClock(NODE, undefined, w.read);
    const future = formatStamp(T0 + 60_000, 7, OTHER);
    clock.observe(future);
    const a = clock.now();
    expect(a > future).toBe(true);
    expect(a.startsWith('2026-11-25T10:01:00.000Z')).toBe(true);
    // same millisecond as our state, larger counter
    const same = formatStamp(T0 + 60_000, 0x0100, OTHER);
    clock.observe(same);
    expect(clock.now() > same).toBe(true);
    // an old stamp does not pull the clock back
    const before = clock.now();
    clock.observe(formatStamp(T0 - 1000, 0, OTHER));
    expect(clock.now() > before).toBe(true);
  });

  it('borrows the next millisecond when the counter overflows, without reusing a stamp', () => {
    const w = wall();
    const clock = new HybridClock(NODE, { millis: T0, counter: 0xfffe }, w.read);
    const a = clock.now();
    const b = clock.now();
    expect(a).toBe(formatStamp(T0, 0xffff, NODE));
    expect(b).toBe(formatStamp(T0 + 1, 0, NODE));
    expect(b > a).toBe(true);
    // observing a remote stamp at the counter's ceiling also rolls over
    const remote = formatStamp(T0 + 1, 0xffff, OTHER);
    clock.observe(remote);
    const c = clock.now();
    expect(c > remote).toBe(true);
    expect(c).toMatch(STAMP_RE);
    // 70,000 stamps in one frozen millisecond stay unique, increasing and well-formed
    const fresh = new HybridClock(NODE, undefined, w.read);
    let last = '';
    for (let i = 0; i < 70_000; i++) {
      const s = fresh.now();
      if (!(s > last) || !STAMP_RE.test(s)) throw new Error(`stamp ${i}: ${s} after ${last}`);
      last = s;
    }
  });

  it('resumes from a saved state without going back', () => {
    const w = wall(T0 - 10_000);
    const first = new HybridClock(NODE, undefined, () => T0);
    const issued = first.now();
    const resumed = new HybridClock(NODE, first.snapshot(), w.read);
    expect(resumed.now() > issued).toBe(true);
  });

  it('orders stamps as strings exactly as (time, counter, node) (property)', () => {
    const parts = fc.tuple(fc.integer({ min: 0, max: MAX_MILLIS }), fc.integer({ min: 0, max: 0xffff }), fc.stringMatching(/^[0-9a-f]{16}$/));
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const [sa, sb] = [formatStamp(...a), formatStamp(...b)];
        const byString = sa < sb ? -1 : sa > sb ? 1 : 0;
        return byString === cmp(a, b) && STAMP_RE.test(sa) && sa.length === 46;
      }),
      { numRuns: 2000 },
    );
  });

  it('parses what it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MILLIS }), fc.integer({ min: 0, max: 0xffff }), fc.stringMatching(/^[0-9a-f]{16}$/), (millis, counter, node) => {
        expect(parseStamp(formatStamp(millis, counter, node))).toEqual({ millis, counter, node });
      }),
    );
  });

  it('refuses a node id that is not 16 hex digits', () => {
    for (const node of ['', 'abc', '9F3A1C2B4D5E6F70', '9f3a1c2b4d5e6f7', '9f3a1c2b4d5e6f70a', 'zzzzzzzzzzzzzzzz']) expect(() => new HybridClock(node)).toThrow();
  });

  const malformed = [
    '',
    'garbage',
    '2026-11-25T10:00:00.000Z',
    '2026-11-25T10:00:00.000Z-0000',
    '2026-11-25T10:00:00Z-0000-9f3a1c2b4d5e6f70',
    '2026-11-25T10:00:00.000Z-000-9f3a1c2b4d5e6f70',
    '2026-11-25T10:00:00.000Z-00000-9f3a1c2b4d5e6f70',
    '2026-11-25T10:00:00.000Z-000G-9f3a1c2b4d5e6f70',
    '2026-11-25T10:00:00.000Z-0000-9F3A1C2B4D5E6F70',
    '2026-11-25T10:00:00.000Z-0000-9f3a1c2b4d5e6f7',
    '2026-11-25T10:00:00.000Z-0000-9f3a1c2b4d5e6f70 ',
    ' 2026-11-25T10:00:00.000Z-0000-9f3a1c2b4d5e6f70',
    '2026-11-25T10:00:00.000Z-0000-9f3a1c2b4d5e6f70\n',
    '2026-11-25 10:00:00.000Z-0000-9f3a1c2b4d5e6f70',
    '2026-11-25T10:00:00.000+05:30-0000-9f3a1c2b4d5e6f70',
    '+012026-11-25T10:00:00.000Z-0000-9f3a1c2b4d5e6f70',
  ];
  it.each(malformed)('refuses the malformed stamp %j and keeps its state', (stamp) => {
    const clock = new HybridClock(NODE, { millis: T0, counter: 3 }, () => T0);
    expect(() => parseStamp(stamp)).toThrow(/Malformed/);
    expect(() => clock.observe(stamp)).toThrow();
    expect(clock.snapshot()).toEqual({ millis: T0, counter: 3 });
  });

  // The regex checks the shape only; impossible times (month 13, 30 February) are refused too.
  const impossible = ['2026-13-01T10:00:00.000Z-0000-9f3a1c2b4d5e6f70', '2026-02-30T10:00:00.000Z-0000-9f3a1c2b4d5e6f70', '2026-11-25T25:61:00.000Z-0000-9f3a1c2b4d5e6f70'];
  it.each(impossible)('refuses the impossible time in %j and keeps its state', (stamp) => {
    const clock = new HybridClock(NODE, { millis: T0, counter: 3 }, () => T0);
    expect(() => parseStamp(stamp)).toThrow(/Malformed/);
    expect(() => clock.observe(stamp)).toThrow();
    expect(clock.snapshot()).toEqual({ millis: T0, counter: 3 });
  });
});

function throws(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch {
    return true;
  }
}

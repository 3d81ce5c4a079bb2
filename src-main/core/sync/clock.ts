/**
 * Hybrid logical clock (DESIGN.md section 4). A stamp is fixed-width text
 * `<ISO time ms>-<counter 4 hex>-<node 16 hex>` so stamps order as plain strings, totally,
 * whatever the devices' wall clocks say.
 */
export const STAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$/;
const MAX_COUNTER = 0xffff;
/** How far ahead of this device's wall clock a received stamp may be and still be followed. */
export const MAX_OBSERVED_DRIFT_MS = 24 * 60 * 60 * 1000;

export interface ClockState {
  millis: number;
  counter: number;
}

export class HybridClock {
  private state: ClockState;

  constructor(
    readonly node: string,
    initial: ClockState = { millis: 0, counter: 0 },
    private readonly wallClock: () => number = Date.now,
  ) {
    if (!/^[0-9a-f]{16}$/.test(node)) throw new Error(`HLC node id must be 16 hex digits, got "${node}"`);
    this.state = { ...initial };
  }

  /** A stamp for a local event: never smaller than any stamp this clock has issued or seen. */
  now(): string {
    const wall = this.wallClock();
    if (wall > this.state.millis) this.state = { millis: wall, counter: 0 };
    else this.bump();
    return formatStamp(this.state.millis, this.state.counter, this.node);
  }

  /** Move past a stamp received from elsewhere so later local stamps sort after it. */
  observe(stamp: string, opts: { trusted?: boolean } = {}): void {
    const remote = parseStamp(stamp);
    const wall = this.wallClock();
    // A stamp from far in the future (a device with a wildly wrong clock) must not drag this
    // clock along for good: the server would then refuse every later write as CLOCK. Stamps
    // the server accepted are trusted (it refuses any more than 5 minutes past its own clock),
    // so a far-ahead one means this device's clock is behind, and we must follow it.
    if (!opts.trusted && remote.millis > wall + MAX_OBSERVED_DRIFT_MS) throw new Error(`Clock stamp "${stamp}" is too far in the future to follow`);
    const millis = Math.max(wall, this.state.millis, remote.millis);
    if (millis === this.state.millis && millis === remote.millis) {
      this.state = { millis, counter: Math.max(this.state.counter, remote.counter) };
      this.bump();
    } else if (millis === this.state.millis) {
      this.bump();
    } else if (millis === remote.millis) {
      this.state = { millis, counter: remote.counter };
      this.bump();
    } else {
      this.state = { millis, counter: 0 };
    }
  }

  /**
   * Put the clock back to `millis` (never below this device's wall clock). Only for repairing
   * a clock that ran ahead: the caller re-stamps every op and field it stamped in the future,
   * so nothing this device wrote depends on the stamps it leaves behind.
   */
  reset(millis: number): void {
    this.state = { millis: Math.max(millis, this.wallClock()), counter: 0 };
  }

  snapshot(): ClockState {
    return { ...this.state };
  }

  private bump(): void {
    if (this.state.counter >= MAX_COUNTER) {
      // Counter exhausted within one millisecond: borrow the next millisecond.
      this.state = { millis: this.state.millis + 1, counter: 0 };
    } else {
      this.state = { millis: this.state.millis, counter: this.state.counter + 1 };
    }
  }
}

export function formatStamp(millis: number, counter: number, node: string): string {
  return `${new Date(millis).toISOString()}-${counter.toString(16).padStart(4, '0')}-${node}`;
}

export function parseStamp(stamp: string): { millis: number; counter: number; node: string } {
  if (!STAMP_RE.test(stamp)) throw new Error(`Malformed clock stamp "${stamp}"`);
  const millis = Date.parse(stamp.slice(0, 24));
  // The pattern checks the shape only: month 13 or 30 February must not become NaN or March.
  if (Number.isNaN(millis) || new Date(millis).toISOString() !== stamp.slice(0, 24)) throw new Error(`Malformed clock stamp "${stamp}": impossible time`);
  return {
    millis,
    counter: parseInt(stamp.slice(25, 29), 16),
    node: stamp.slice(30),
  };
}

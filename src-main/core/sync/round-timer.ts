/**
 * When the sync loop's next round starts: once this turn of the event loop is done, or after a
 * delay. A new time replaces the one set before.
 */
export class RoundTimer {
  private timer: { timeout: ReturnType<typeof setTimeout> } | { immediate: ReturnType<typeof setImmediate> } | null = null;

  constructor(private readonly start: () => void) {}

  set(delayMs: number): void {
    this.clear();
    const run = () => {
      this.timer = null;
      this.start();
    };
    // "Now" runs once this turn of the event loop is done (a timer waits at least 1 ms more).
    // The immediate stays ref'd: an unref'd one lets the loop block on I/O before running it.
    if (delayMs <= 0) this.timer = { immediate: setImmediate(run) };
    else {
      this.timer = { timeout: setTimeout(run, delayMs) };
      this.timer.timeout.unref?.();
    }
  }

  clear(): void {
    if (this.timer && 'timeout' in this.timer) clearTimeout(this.timer.timeout);
    else if (this.timer) clearImmediate(this.timer.immediate);
    this.timer = null;
  }
}

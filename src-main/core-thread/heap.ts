import v8 from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection kept, in percent.
 *
 * A pull page lives a few hundred milliseconds while it is decoded and stored, long enough to be
 * promoted out of the young generation; with V8's own growing factor (up to 4x when collecting
 * looks cheap) the core's old generation reached about 150 MB during a 100k-entry initial sync,
 * nine tenths of it dead pages, while what it really kept was under 40 MB. At 1.25x it stays near
 * what it keeps: in a 100k-entry initial sync the heap peaked at about 90 MB instead of 190 MB,
 * for about a tenth more time (alternating probe runs; `npm run bench -- stall` reports the
 * device's peak memory).
 */
export const HEAP_GROWING_PERCENT = 25;

/**
 * Applies HEAP_GROWING_PERCENT. V8 flags belong to the whole process, so the window's routing
 * thread gets it too; its heap is small (under 30 MB), and its full collections stay short.
 * Called by the core thread as it starts, before it allocates anything large.
 */
export function tuneHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

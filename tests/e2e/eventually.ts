import { expect } from 'vitest';

/** expect.poll with room for a loaded CI machine (its default gives up after 1 s). */
export const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000, interval: 50 });

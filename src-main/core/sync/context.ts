import type { LedgerCore } from '../core';
import type { Merger } from './merge';
import type { Outbox } from './outbox';
import type { SyncProblems } from './problems';
import type { SyncTransport } from './wire';

/** Thrown inside a round that "Sync now" (or stop) abandoned: it must not touch anything more. */
export class RoundAbandoned extends Error {
  constructor() {
    super('sync round abandoned');
    this.name = 'RoundAbandoned';
  }
}

/** One pass of push, pull and checks. "Sync now" abandons a stuck one and starts another. */
export class Round {
  readonly controller = new AbortController();
  abandoned = false;

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abandon(): void {
    this.abandoned = true;
    this.controller.abort();
  }

  /** Call after every await: an abandoned round stops before it writes anything. */
  check(): void {
    if (this.abandoned) throw new RoundAbandoned();
  }
}

/** What the parts of the sync engine (link, push, pull, digest) share. */
export interface SyncContext {
  readonly core: LedgerCore;
  readonly outbox: Outbox;
  readonly merger: Merger;
  readonly problems: SyncProblems;
  log(message: string, error?: unknown): void;
  transport(): SyncTransport;
  /** Writes the sync loop makes itself (merges, rollbacks): no push is kicked for them. */
  quietly<T>(fn: () => T): T;
}

import type { SecureStore } from './secure-store';
import type { WebSocketCtor } from './session';
import type { SyncTransport } from './wire';

/**
 * Ops per push (the server takes up to 5000 with protocol 2): a backlog goes in a few calls.
 * 1,000 rather than more: the server's set-based push costs more per op in larger batches
 * (a larger work_mem took 8% off a 2,000-op batch, so part of it is sorts outgrowing
 * Postgres's default; halving the batch took about 12% off per op). 10k offline entries went
 * up in about 1.6 s in batches of 1,000 against 1.9-2.1 s in batches of 2,000 and 2.2-2.6 s
 * in batches of 5,000 (same process, alternating, on the stand-in); 500 and 700 were no faster.
 */
export const PUSH_BATCH = 1000;
/**
 * Changes per pull page. The next page is read on the server while this one is stored, so
 * small pages cost no time; large ones live long enough on the core's heap to be promoted,
 * and 10,000-row pages took its heap to ~150-200 MB in a new device's first sync (2,500: ~90 MB,
 * the books in the same ~2 s or less; 1,000: ~70 MB, ~10% slower).
 */
export const PULL_PAGE = 2_500;

export interface SyncEngineOptions {
  store: SecureStore;
  /** WebSocket implementation for Realtime (Node 20 has none built in: pass `ws`). */
  webSocket?: WebSocketCtor;
  random?: () => number;
  /** Slow safety pull, because Realtime pokes are not guaranteed to arrive. */
  safetyPullMs?: number;
  /** How often, at most, to compare digests with the server after catching up. */
  digestEveryMs?: number;
  pushBatch?: number;
  pullLimit?: number;
  /** Edit-history ops per backfill page (default 2,500). */
  historyLimit?: number;
  /** A pull of at least this many changes builds the lookup indexes after its pages (default 20,000). */
  deferIndexesFrom?: number;
  /** How long a pull holds its bulk pages' balances back at most (default 1 s). */
  holdBalancesMs?: number;
  /** Deadline of one server call (default 15 s). */
  callTimeoutMs?: number;
  /** A queue that has not shrunk for this long while online is a problem (default 10 minutes). */
  stuckAfterMs?: number;
  /**
   * Store the pages the server sends with the pokes of small pushes (page-listener.ts; default
   * true). False pulls after every poke instead, as before them: the bench's comparison.
   */
  pagesWithPokes?: boolean;
  /** Tests wrap the transport to inject faults. */
  wrapTransport?: (t: SyncTransport) => SyncTransport;
  log?: (message: string, error?: unknown) => void;
}

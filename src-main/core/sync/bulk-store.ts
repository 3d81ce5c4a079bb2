import type { Sqlite } from '../db/open';

/**
 * Stores a page the server can send again (every pulled page: a poke's one row, a new device's
 * first sync, the edit history's backfill) without making the disk confirm it: `store`, the
 * page's whole transaction, commits with synchronous=NORMAL. On a new device this took about a
 * tenth off the books' sync, with no longer stalls; a poke's page shows without an fsync.
 *
 * A power cut can lose the last pages stored this way, never part of one: the cursor each page
 * moved is in its transaction, so those pages are pulled again. The shop's own writes keep
 * synchronous=FULL (DESIGN.md section 2): the relaxed setting lasts only for the page's
 * transaction, and the next full commit makes everything written before it durable too.
 *
 * (Holding automatic checkpoints off until the pull ended made the books faster still, but
 * the one checkpoint at the end then held the core's thread for 1.4-1.8 s: not done.)
 */
export function storeReplayable<T>(db: Sqlite, store: () => T): T {
  // Inside someone else's transaction the commit is theirs, and so is its durability.
  if (db.inTransaction) return store();
  const synchronous = Number(db.pragma('synchronous', { simple: true }));
  db.pragma('synchronous = NORMAL');
  try {
    return store();
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
  }
}

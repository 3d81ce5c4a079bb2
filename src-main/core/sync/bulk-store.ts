import type { Sqlite } from '../db/open';

/**
 * Stores what the server can give again without making the disk confirm it: `store`, the whole
 * transaction, commits with synchronous=NORMAL. That is every pulled page (a poke's one row, a
 * new device's first sync, the edit history's backfill) and the answer to a push that accepted
 * every op (push.ts). On a new device this took about a tenth off the books' sync, with no
 * longer stalls; a poke's page shows, and a push's ops leave the outbox, without an fsync.
 *
 * A power cut can lose the last transactions stored this way, never part of one: the cursor
 * each page moved is in its transaction, so those pages are pulled again; a lost push answer
 * leaves its ops in the outbox, and the server accepts them again by their op ids. The shop's
 * own writes keep synchronous=FULL (DESIGN.md section 2): the relaxed setting lasts only for
 * that transaction, and the next full commit makes everything written before it durable too.
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

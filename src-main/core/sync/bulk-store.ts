import type { Sqlite } from '../db/open';

/**
 * Large pages the server can send again (a new device's first sync, a long time offline, the
 * edit history's backfill) are stored without making the disk confirm every page: each such
 * page's transaction commits with synchronous=NORMAL, and the write-ahead log is folded into
 * the database once when the pull ends instead of after nearly every page. On a new device
 * this took about a fifth off the books' sync and a third off the history's.
 *
 * A power cut can lose the last pages stored this way, never part of one: the cursor each page
 * moved is in its transaction, so those pages are pulled again. The shop's own writes keep
 * synchronous=FULL (DESIGN.md section 2): the relaxed setting lasts only for the page's
 * transaction, and the next full commit makes everything written before it durable too.
 */
export class BulkStore {
  /** The connection's auto-checkpoint setting while it is held off, or null. */
  private heldCheckpoint: number | null = null;

  constructor(private readonly db: Sqlite) {}

  /** Runs `store`, one page's whole transaction, the relaxed way. */
  page<T>(store: () => T): T {
    // Inside someone else's transaction the commit is theirs, and so is its durability.
    if (this.db.inTransaction) return store();
    if (this.heldCheckpoint === null) {
      this.heldCheckpoint = Number(this.db.pragma('wal_autocheckpoint', { simple: true }));
      this.db.pragma('wal_autocheckpoint = 0');
    }
    const synchronous = Number(this.db.pragma('synchronous', { simple: true }));
    this.db.pragma('synchronous = NORMAL');
    try {
      return store();
    } finally {
      this.db.pragma(`synchronous = ${synchronous}`);
    }
  }

  /** The pull is over (done or failed): checkpoints come back and the log is folded in now. */
  end(): void {
    if (this.heldCheckpoint === null) return;
    this.db.pragma(`wal_autocheckpoint = ${this.heldCheckpoint}`);
    this.heldCheckpoint = null;
    // TRUNCATE also gives back the log's disk space (hundreds of MB after a new device's first
    // sync). It never waits here for a reader (a backup): with one busy, the log stays as it
    // is and the next automatic checkpoint folds it in.
    const busyTimeout = Number(this.db.pragma('busy_timeout', { simple: true }));
    this.db.pragma('busy_timeout = 0');
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }
}

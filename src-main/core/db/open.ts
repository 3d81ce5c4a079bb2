import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { rebuildDeferredIndexes } from './deferred-indexes';
import { settleBalanceDates, settleHeldBalances } from './party-balances';

export type Sqlite = Database.Database;
export type Statement = Database.Statement<unknown[], unknown>;

export interface OpenOptions {
  /** Folder holding drizzle-kit's migrations (drizzle/ in the repo, resources/drizzle when packaged). */
  migrationsFolder: string;
  readonly?: boolean;
}

/**
 * Opens (and migrates) a Lenden database. The pragmas are the durability contract of
 * DESIGN.md section 2: WAL, synchronous=FULL (a power cut after "Saved" loses nothing),
 * foreign keys on, and a busy timeout so a backup or second reader never fails a write.
 */
export function openDatabase(file: string, options: OpenOptions): Sqlite {
  const sqlite = new Database(file, { readonly: options.readonly ?? false });
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // 32 MB of page cache keeps the balance index and recent ledger pages in memory.
    sqlite.pragma('cache_size = -32000');
    // Statement journals (every statement that fires a trigger opens one) and sorts in memory,
    // not in temporary files: a write with a trigger costs a third as much.
    sqlite.pragma('temp_store = MEMORY');
    if (!options.readonly) {
      // Indexes a bulk pull left out (the app stopped before it built them again) come back
      // first: the migrations may expect them. One that cannot be built now (a full disk) stays
      // recorded for the next pull to build; the books open either way.
      try {
        rebuildDeferredIndexes(sqlite);
      } catch {
        // recorded still; queries scan meanwhile
      }
      migrateDatabase(sqlite, options.migrationsFolder);
      // Balances a pull held back when the app stopped (sync/held-balances.ts) are rebuilt from
      // the entries before anything reads them; if that fails now, the next pull does it.
      try {
        settleHeldBalances(sqlite);
        settleBalanceDates(sqlite);
      } catch {
        // still marked as held; balances are short of the last pulled pages' entries until then
      }
    }
    return sqlite;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

export function migrateDatabase(sqlite: Sqlite, migrationsFolder: string): void {
  migrate(drizzle(sqlite, { schema }), { migrationsFolder });
}

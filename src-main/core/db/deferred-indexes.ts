import type { Sqlite, Statement } from './open';

/**
 * Lookup indexes a new device leaves out while the shop's books arrive, and builds in one pass
 * once the rows are in: keeping the indexes of `transactions` up to date row by row cost SQLite
 * about as much as storing the rows themselves, while building them afterwards sorts once
 * (100k entries here: 2.2-2.4 s with every index kept, 0.7 s without plus 0.4 s to build).
 *
 * Only plain lookups are listed. Never a unique index (they enforce the data's rules, and the
 * pull's own `INSERT OR IGNORE` into the audit trail needs audit_op_idx), and never one the pull
 * itself reads (transactions_bill_idx: merged bills are recomputed from their entries). A query
 * names a listed index only through indexedBy(), which leaves the hint out while the index is:
 * SQLite refuses a query whose INDEXED BY names a missing index (deferred-indexes.test.ts checks
 * the sources). While they are out, every query answers the same, only by scanning.
 *
 * transactions_credit_idx (every credit entry by party, for the dues) is most of what a new
 * device writes per page: its entries arrive in date order, its index is in party order, so
 * each page of 2,500 entries touched most of the index's leaves again.
 */
const BOOKS = {
  transactions_party_idx: 'transactions',
  transactions_day_idx: 'transactions',
  transactions_money_idx: 'transactions',
  transactions_credit_idx: 'transactions',
  // Every page moves the balances of most of the shop's parties: each move rewrote this index's entry.
  party_balances_sort_idx: 'party_balances',
};
const HISTORY = { audit_row_idx: 'audit_log' };

/** Each listed index by name, with the table its recorded SQL must be on. */
const TABLE_OF: Record<string, string> = { ...BOOKS, ...HISTORY };

export const DEFERRABLE_INDEXES: { readonly books: readonly string[]; readonly history: readonly string[] } = {
  /** The entries: left out while the rows' pages are stored. */
  books: Object.keys(BOOKS),
  /** The edit history: left out while its pages are stored. */
  history: Object.keys(HISTORY),
};

/** sync_state key holding the SQL of every index left out, so a crash cannot lose one. */
const KEY = 'deferred_indexes';

interface Deferred {
  name: string;
  sql: string;
}

/**
 * Drops those of the named indexes that exist (and are deferrable) and records their SQL in the
 * same transaction. Returns the names dropped.
 */
export function deferIndexes(db: Sqlite, names: readonly string[]): string[] {
  return db.transaction(() => {
    const kept = recorded(db);
    const dropped: string[] = [];
    const found = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name IN (${names.map(() => '?').join(', ')})`)
      .all(...names) as Deferred[];
    for (const index of found) {
      // Only what this module can build again (a unique index is a rule of the data, not a
      // lookup: never left out, whatever the list says).
      if (!buildable(index)) continue;
      db.exec(`DROP INDEX "${index.name}"`);
      kept.push(index);
      dropped.push(index.name);
    }
    record(db, kept);
    return dropped;
  })();
}

/**
 * Builds again every recorded index among `names` (all of them when not given) and forgets
 * them, in one transaction. Safe to call when nothing is recorded; runs before migrations
 * when a database opens, so an index left out before a crash is back before any migration
 * expects it.
 */
export function rebuildDeferredIndexes(db: Sqlite, names?: readonly string[]): string[] {
  // Almost always nothing is recorded: found out with one read, no transaction.
  if (!hasRecord(db)) return [];
  return db.transaction(() => {
    const kept = recorded(db);
    const now = kept.filter((index) => !names || names.includes(index.name));
    for (const index of now) {
      // One statement, prepared (never several run as a script).
      if (!hasIndex(db, index.name)) db.prepare(index.sql).run();
    }
    record(
      db,
      kept.filter((index) => !now.includes(index)),
    );
    return now.map((index) => index.name);
  })();
}

/**
 * `INDEXED BY <name>` while the index is there, nothing while a first pull has left it out (the
 * query then scans; with the hint SQLite would refuse it). Run the query right after: both
 * happen on the core's one thread, so the index cannot go between them.
 */
export function indexedBy(db: { prepare(sql: string): Statement }, name: string): string {
  return hasIndex(db, name) ? `INDEXED BY ${name}` : '';
}

/** Whether the index is in the database now (a first pull may have left it out). */
export function hasIndex(db: { prepare(sql: string): Statement }, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(name) !== undefined;
}

/** The indexes left out now (names). */
export function deferredIndexNames(db: Sqlite): string[] {
  return hasRecord(db) ? recorded(db).map((index) => index.name) : [];
}

/** Whether anything is recorded (false too before the migration that makes sync_state). */
function hasRecord(db: Sqlite): boolean {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'").get()) return false;
  return db.prepare('SELECT 1 FROM sync_state WHERE key = ?').get(KEY) !== undefined;
}

/**
 * A listed index, as SQLite keeps it: `CREATE INDEX <its name> ON <its table> (...)`, with at
 * most a WHERE clause after, one statement.
 */
function buildable(index: Deferred): boolean {
  const table = TABLE_OF[index.name];
  if (!table) return false;
  const head = new RegExp(`^CREATE INDEX [\`"]?${index.name}[\`"]? ON [\`"]?${table}[\`"]? ?\\(`);
  return head.test(index.sql) && !index.sql.includes(';');
}

function recorded(db: Sqlite): Deferred[] {
  const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.value);
  } catch {
    parsed = null;
  }
  // Only what this module writes is built: anything else there (a damaged or altered file) is
  // dropped, and the lookups it stood for stay out (queries scan) rather than the app not
  // opening or running SQL from the file.
  return (Array.isArray(parsed) ? parsed : []).flatMap((item: unknown) => {
    const { name, sql } = (item ?? {}) as Partial<Deferred>;
    return typeof name === 'string' && typeof sql === 'string' && buildable({ name, sql }) ? [{ name, sql }] : [];
  });
}

function record(db: Sqlite, indexes: Deferred[]): void {
  if (indexes.length) db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(indexes));
  else db.prepare('DELETE FROM sync_state WHERE key = ?').run(KEY);
}

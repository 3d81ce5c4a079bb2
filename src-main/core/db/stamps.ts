import type { Sqlite } from './open';

/**
 * A row's field stamps as stored here: a JSON object of column -> stamp. A row whose columns
 * carry one stamp (almost every row a new device pulls) is stored as `{"*":stamp}`, with the
 * columns it did not stamp named with "" (no stamp): about 60 bytes instead of about 700 for an
 * entry, most of the row.
 *
 * `*` stands for every stamped column of the table (its writable columns but id and
 * business_id); a key written next to it names its own stamp, "" none. Whatever reads stamps
 * to compare or change them goes through readStamps, never JSON.parse: a reader that took `*`
 * for a column would see no stamps at all.
 */
export const EVERY_COLUMN = '*';

/** The stored text of a row whose stamped columns all carry `stamp`, but those in `unstamped`. */
export function oneStampText(stamp: string, unstamped: readonly string[] = []): string {
  return oneStampWithTail(stamp, unstampedText(unstamped));
}

/** oneStampText with its tail (unstampedText) made once for many rows. */
export function oneStampWithTail(stamp: string, tail: string): string {
  return `{"${EVERY_COLUMN}":${JSON.stringify(stamp)}${tail}`;
}

/** What follows the stamp in oneStampText: the same for every row that leaves out the same columns. */
export function unstampedText(unstamped: readonly string[]): string {
  let text = '';
  for (const column of unstamped) text += `,${JSON.stringify(column)}:""`;
  return `${text}}`;
}

/**
 * The stamps of a row, one per column, from their stored text. `stamped` lists the table's
 * stamped columns (stampedColumns); text that is not an object of stamps reads as none.
 */
export function readStamps(text: unknown, stamped: readonly string[]): Record<string, string> {
  let parsed: unknown = text;
  if (typeof text === 'string') {
    if (!text) return {};
    try {
      parsed = JSON.parse(text);
    } catch {
      return {};
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const given = parsed as Record<string, unknown>;
  const every = given[EVERY_COLUMN];
  const stamps: Record<string, string> = {};
  if (typeof every === 'string') for (const c of stamped) stamps[c] = every;
  for (const [key, stamp] of Object.entries(given)) {
    if (key === EVERY_COLUMN || typeof stamp !== 'string') continue;
    // "" is no stamp (every reader takes a missing stamp as ""): left out.
    if (stamp) stamps[key] = stamp;
    else delete stamps[key];
  }
  return stamps;
}

const UNSTAMPED = new Set(['id', 'business_id', 'field_stamps']);
const columnsByDb = new WeakMap<Sqlite, Map<string, string[]>>();

/** A table's writable columns (no generated column such as name_fold), read once per database. */
export function writableColumns(db: Sqlite, table: string): string[] {
  let tables = columnsByDb.get(db);
  if (!tables) columnsByDb.set(db, (tables = new Map()));
  let columns = tables.get(table);
  if (!columns) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`writableColumns: bad table name ${table}`);
    const info = db.prepare(`PRAGMA table_xinfo(${table})`).all() as { name: string; hidden: number }[];
    columns = info.filter((c) => c.hidden === 0).map((c) => c.name);
    tables.set(table, columns);
  }
  return columns;
}

/** A table's stamped columns: its writable ones but id, business_id and field_stamps. */
export function stampedColumns(db: Sqlite, table: string): string[] {
  return writableColumns(db, table).filter((c) => !UNSTAMPED.has(c));
}

/** The stamps of a stored row of `table` in `db`. */
export function rowStamps(db: Sqlite, table: string, text: unknown): Record<string, string> {
  return readStamps(text, stampedColumns(db, table));
}

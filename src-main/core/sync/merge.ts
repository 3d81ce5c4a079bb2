import { isDeepStrictEqual } from 'node:util';
import type { Sqlite, Statement } from '../db/open';
import { SYNCED_TABLES, type SyncedTable } from '../db/schema';
import { oneStampWithTail, readStamps, rowStamps, unstampedText, writableColumns } from '../db/stamps';
import type { HybridClock } from './clock';
import type { Outbox } from './outbox';
import { PageRow } from './page-row';
import { JSON_COLUMNS, type PulledRow } from './wire';

type Value = string | number | null;

/** How rows carrying one set of keys are stored: made once per set (see shapeOf). */
interface Shape {
  /** The table's local, writable columns (field_stamps aside). */
  columns: string[];
  /** Those the rows carry, in the insert's order. */
  present: string[];
  /** For each of `present`: a JSON column (stored as text). */
  json: boolean[];
  /** The stamped columns (`columns` but id and business_id): what a stored `*` stamp stands for. */
  stamped: string[];
  /** The rows carry exactly the stamped columns: a row with one stamp for all of them is stored short. */
  carriesEveryStamped: boolean;
  insert: Statement;
}

export type MergeOutcome = 'inserted' | 'updated' | false;

/**
 * Field-level last-writer-wins merge of server rows into the local database
 * (DESIGN.md section 4). Callers run it inside one SQLite transaction together with the
 * cursor update, so a crash leaves either all of a page or none of it.
 */
export class Merger {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Sqlite,
    private readonly outbox: Outbox,
    private readonly clock: HybridClock,
  ) {}

  private readonly shapes = new WeakMap<readonly string[], Shape>();
  private readonly keyedShapes = new Map<string, Shape>();
  private lastShape: { keys: readonly string[]; shape: Shape } | null = null;

  /** For rows carrying `keys`: the local columns, those present, and the insert, made once per shape. */
  private shapeOf(table: SyncedTable, keys: readonly string[]) {
    // A page's rows share their keys: the last shape is the one asked for again.
    if (this.lastShape?.keys === keys) return this.lastShape.shape;
    const cached = this.shapes.get(keys) ?? this.keyedShapes.get(`${table}:${keys.join(',')}`);
    if (cached) {
      this.lastShape = { keys, shape: cached };
      return cached;
    }
    const columns = this.columnsOf(table).filter((c) => c !== 'field_stamps');
    const given = new Set(keys);
    const present = columns.filter((c) => given.has(c));
    const insert = this.stmt(`INSERT INTO ${table} (${present.join(', ')}, field_stamps) VALUES (${present.map(() => '?').join(', ')}, ?) ON CONFLICT(id) DO NOTHING`);
    const json = present.map((c) => (JSON_COLUMNS[table] ?? []).includes(c));
    const stamped = columns.filter((c) => c !== 'id' && c !== 'business_id');
    const carried = keys.filter((k) => !NOT_STAMPED.has(k));
    const carriesEveryStamped = carried.length === stamped.length && stamped.every((c) => given.has(c));
    const shape: Shape = { columns, present, json, stamped, carriesEveryStamped, insert };
    this.shapes.set(keys, shape);
    this.keyedShapes.set(`${table}:${keys.join(',')}`, shape);
    this.lastShape = { keys, shape };
    return shape;
  }

  /** Local, writable columns of a table (generated columns such as name_fold excluded). */
  columnsOf(table: SyncedTable): string[] {
    return writableColumns(this.db, table);
  }

  /**
   * Merge one server row. Returns what happened to the local row: 'inserted' (it was new
   * here), 'updated', or false (nothing changed). `observe: false` leaves the clock to the
   * caller (a page observes its largest stamp once). `field_stamps` may be the JSON text already.
   */
  applyServerRow(pulled: PulledRow, opts: { observe?: boolean } = {}): MergeOutcome {
    const { table } = pulled;
    if (!(SYNCED_TABLES as readonly string[]).includes(table)) throw new Error(`server sent a row of unknown table ${table}`);
    // A row read in place from its page (a new device's whole books) is never made an object
    // unless it is merged with a row already here.
    const inPage = pulled instanceof PageRow ? pulled : null;
    if (opts.observe !== false) {
      // A row's fields mostly share one stamp: observing each distinct stamp once moves the
      // clock past all of them, without parsing the same stamp for every column.
      for (const stamp of new Set(Object.values(parseStamps(stampsOf(pulled))))) this.observe(stamp);
    }
    const { columns, present, json, stamped, carriesEveryStamped, insert } = this.shapeOf(table, pulled.shape ?? Object.keys(pulled.row));
    // The insert's arguments in column order, then the stamps. A row with one stamp for every
    // stamped column stores it once (db/stamps.ts).
    const args: Value[] = new Array<Value>(present.length + 1);
    if (inPage) {
      const at = inPage.part.positions(present);
      for (let i = 0; i < present.length; i++) args[i] = toLocal(inPage.part.valueAt(inPage, at[i]!), json[i]!);
    } else {
      const row = pulled.row;
      for (let i = 0; i < present.length; i++) args[i] = toLocal(row[present[i]!], json[i]!);
    }
    if (pulled.oneStamp !== undefined && carriesEveryStamped) args[present.length] = this.shortStamps(pulled.oneStamp, stamped);
    else {
      const stamps = stampsOf(pulled);
      args[present.length] = typeof stamps === 'string' ? stamps : JSON.stringify(stamps ?? {});
    }

    // A row new to this device (a new device's whole first sync; entries made elsewhere) is
    // stored as it is, in one statement; only a row already here is merged field by field.
    const inserted = insert.run(...args);
    if (inserted.changes === 1) return 'inserted';
    const row = pulled.row;
    const values: Record<string, Value> = {};
    present.forEach((c, i) => (values[c] = args[i]!));
    const serverStamps = parseStamps(row.field_stamps);
    const local = this.stmt(`SELECT * FROM ${table} WHERE id = ?`).get(row.id) as Record<string, Value>;

    const pending = this.outbox.pendingFields(table, row.id);
    const localStamps = readStamps(local.field_stamps, stamped);
    const updates: Record<string, Value> = {};
    let stampsChanged = false;
    for (const c of columns) {
      if (c === 'id' || !(c in values)) continue;
      const serverStamp = serverStamps[c] ?? '';
      const localStamp = localStamps[c] ?? '';
      if (pending.has(c)) {
        // Never overwrite a field with a pending local op; if the server's write is the
        // newer one, remember it and apply it once our op is acknowledged (applyDeferred).
        if (serverStamp > localStamp) this.defer(table, row.id, c, values[c]!, serverStamp);
        continue;
      }
      // The server holds the winner among every write it has accepted; with no local op
      // pending on this field, its value is the truth.
      if (!sameValue(table, c, local[c], values[c])) updates[c] = values[c]!;
      if (serverStamp && serverStamp !== localStamp) {
        localStamps[c] = serverStamp;
        stampsChanged = true;
      }
    }
    const changedColumns = Object.keys(updates);
    if (!changedColumns.length && !stampsChanged) return false;
    this.stmt(`UPDATE ${table} SET ${[...changedColumns.map((c) => `${c} = ?`), 'field_stamps = ?'].join(', ')} WHERE id = ?`)
      .run(...changedColumns.map((c) => updates[c]), JSON.stringify(localStamps), row.id);
    return changedColumns.length > 0 ? 'updated' : false;
  }

  /**
   * After ops were acknowledged: apply server values deferred while they were pending,
   * where the server's stamp is still the larger one. Returns the tables touched.
   */
  applyDeferred(): Set<string> {
    const touched = new Set<string>();
    const rows = this.stmt('SELECT table_name, row_id, field, value, stamp FROM sync_deferred').all() as {
      table_name: SyncedTable;
      row_id: string;
      field: string;
      value: string;
      stamp: string;
    }[];
    for (const d of rows) {
      if (this.outbox.pendingFields(d.table_name, d.row_id).has(d.field)) continue;
      const local = this.stmt(`SELECT ${d.field} AS v, field_stamps FROM ${d.table_name} WHERE id = ?`).get(d.row_id) as
        | { v: Value; field_stamps: string }
        | undefined;
      if (local) {
        const stamps = rowStamps(this.db, d.table_name, local.field_stamps);
        if (d.stamp > (stamps[d.field] ?? '')) {
          stamps[d.field] = d.stamp;
          this.stmt(`UPDATE ${d.table_name} SET ${d.field} = ?, field_stamps = ? WHERE id = ?`).run(JSON.parse(d.value) as Value, JSON.stringify(stamps), d.row_id);
          touched.add(d.table_name);
        }
      }
      this.stmt('DELETE FROM sync_deferred WHERE table_name = ? AND row_id = ? AND field = ?').run(d.table_name, d.row_id, d.field);
    }
    return touched;
  }

  /**
   * Roll a row back to the server's version after the server refused our op. `row` null
   * means the server has no such row: the local copy goes (its data is kept in the
   * sync problem the user sees).
   */
  restoreServerRow(table: SyncedTable, rowId: string, row: Record<string, unknown> | null): void {
    if (row) {
      const local = this.stmt(`SELECT field_stamps FROM ${table} WHERE id = ?`).get(rowId) as { field_stamps: string } | undefined;
      if (local) {
        // Let the server's stamps win over the refused op's own stamps.
        this.stmt(`UPDATE ${table} SET field_stamps = '{}' WHERE id = ?`).run(rowId);
      }
      this.applyServerRow({ table, seq: 0, row: row as PulledRow['row'] });
    } else if (this.outbox.pendingFields(table, rowId).size === 0) {
      this.stmt(`DELETE FROM ${table} WHERE id = ?`).run(rowId);
    }
  }

  private defer(table: string, rowId: string, field: string, value: Value, stamp: string): void {
    this.stmt(
        `INSERT INTO sync_deferred (table_name, row_id, field, value, stamp) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(table_name, row_id, field) DO UPDATE SET value = excluded.value, stamp = excluded.stamp WHERE excluded.stamp > sync_deferred.stamp`,
      )
      .run(table, rowId, field, JSON.stringify(value), stamp);
  }

  private readonly tails = new WeakMap<readonly string[], string>();
  private lastTail: { columns: readonly string[]; tail: string } | null = null;

  /**
   * A pulled row's one stamp as stored (db/stamps.ts): the columns it did not stamp listed once
   * per page and set of keys (the rows of a page mostly share theirs: the last is kept at hand).
   */
  private shortStamps(one: NonNullable<PulledRow['oneStamp']>, stamped: readonly string[]): string {
    if (this.lastTail?.columns !== one.columns) {
      let tail = this.tails.get(one.columns);
      if (tail === undefined) {
        const carried = new Set(one.columns);
        tail = unstampedText(stamped.filter((c) => !carried.has(c)));
        this.tails.set(one.columns, tail);
      }
      this.lastTail = { columns: one.columns, tail };
    }
    return oneStampWithTail(one.stamp, this.lastTail.tail);
  }

  /** Move the clock past a stamp the server sent (a page calls it once, with its largest). */
  observe(stamp: string): void {
    try {
      this.clock.observe(stamp, { trusted: true });
    } catch {
      // A malformed stamp from the server is not ours to fix; merging still compares text.
    }
  }

  /** Prepared statements are cached: merges run them for every pulled row. */
  private stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** Keys of a pulled row that carry no stamp of their own. */
const NOT_STAMPED = new Set(['id', 'business_id', 'field_stamps', 'seq']);

/** A pulled row's field_stamps as its object has them (a row read in place makes its text only now). */
function stampsOf(pulled: PulledRow): unknown {
  return pulled instanceof PageRow ? pulled.get('field_stamps') : pulled.row.field_stamps;
}

/** A pulled row's stamps (never stored text: that goes through db/stamps.ts). */
function parseStamps(value: unknown): Record<string, string> {
  if (!value) return {};
  if (typeof value === 'string') return JSON.parse(value) as Record<string, string>;
  return value as Record<string, string>;
}

/** Server JSON -> SQLite value: JSON columns become text, booleans 0/1. */
function toLocal(value: unknown, json: boolean): Value {
  if (value === undefined || value === null) return null;
  if (json) return typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number;
}

/** Equal values; JSON columns compare by content, since Postgres jsonb reorders object keys. */
export function sameValue(table: SyncedTable, column: string, a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string' && (JSON_COLUMNS[table] ?? []).includes(column)) {
    try {
      return isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
    } catch {
      return false;
    }
  }
  return false;
}

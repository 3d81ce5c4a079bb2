import type { SyncedTable } from '../db/schema';
import type { PulledRow } from './wire';

/*
 * A pulled row read where it lies: the array of values its page sent. A new device's first
 * sync stores every row of the books; building an object of fifteen-odd columns for each one,
 * only to read them out again into the insert, cost about as much as checking and storing it.
 * The object is still there for whoever asks for `row` (a row merged with the local one, set
 * aside, or read by a test): built once, the same object decodePage made before.
 */

/** Where a row keeps a column's value: an index into its values, or one of these. */
const ABSENT = -1;
const PAGE_BUSINESS = -2;
const ONE_STAMP = -3;

/** One table's rows of a page: what their values are, shared by all of them. */
export class PagePart {
  /** Each column's index in a row's values (seq left out; a repeated name: its last). */
  private readonly at = new Map<string, number>();
  private readonly lists = new WeakMap<readonly string[], Int32Array>();
  /** The keys of each row's object, in its order (merge.ts prepares its insert once for them). */
  readonly shape: readonly string[];

  constructor(
    readonly table: SyncedTable,
    columns: readonly string[],
    seqAt: number,
    /** The page's business, when its rows leave business_id out (format 3). */
    private readonly business: string | null,
    /** Where field_stamps is among the values (-1: not sent). */
    readonly stampsAt: number,
  ) {
    for (let i = 0; i < columns.length; i++) if (i !== seqAt) this.at.set(columns[i]!, i);
    const shape = columns.filter((_, i) => i !== seqAt);
    if (business !== null) shape.push('business_id');
    this.shape = shape;
  }

  /** Where each of `columns` is kept, made once per list (callers keep their lists). */
  positions(columns: readonly string[]): Int32Array {
    let list = this.lists.get(columns);
    if (!list) {
      list = Int32Array.from(columns, (c) => this.positionOf(c));
      this.lists.set(columns, list);
    }
    return list;
  }

  positionOf(column: string): number {
    if (column === 'field_stamps' && this.stampsAt >= 0) return ONE_STAMP;
    const i = this.at.get(column);
    if (i !== undefined) return i;
    return column === 'business_id' && this.business !== null ? PAGE_BUSINESS : ABSENT;
  }

  /** A row's value at a position (positions()), as its object has it. */
  valueAt(row: PageRow, position: number): unknown {
    if (position >= 0) return row.values[position];
    if (position === PAGE_BUSINESS) return this.business;
    if (position === ONE_STAMP) return row.stampsText ?? row.values[this.at.get('field_stamps')!];
    return undefined;
  }

  /** The row as an object: what decodePage made for every row before. */
  build(row: PageRow): PulledRow['row'] {
    const object: Record<string, unknown> = {};
    for (const [column, i] of this.at) object[column] = row.values[i];
    if (this.business !== null) object.business_id = this.business;
    if (row.stampsText !== undefined) object.field_stamps = row.stampsText;
    return object as PulledRow['row'];
  }
}

export class PageRow implements PulledRow {
  private built: PulledRow['row'] | undefined;
  private text: string | undefined;

  constructor(
    readonly part: PagePart,
    readonly values: readonly unknown[],
    readonly seq: number,
    /** Set when the stamps came as one stamp: it, and the columns it stamps. */
    readonly oneStamp: PulledRow['oneStamp'],
    /** Then also the stamps' JSON text split where the stamp goes (page.ts). */
    private readonly stampParts?: readonly string[],
  ) {}

  /**
   * The field stamps as the JSON text of every column's stamp, when they came as one stamp:
   * made when asked for (a row stored short, as almost every row of the books is, never needs it).
   */
  get stampsText(): string | undefined {
    if (this.oneStamp === undefined || this.stampParts === undefined) return undefined;
    return (this.text ??= this.stampParts.join(JSON.stringify(this.oneStamp.stamp)));
  }

  get table(): SyncedTable {
    return this.part.table;
  }

  get shape(): readonly string[] {
    return this.part.shape;
  }

  get row(): PulledRow['row'] {
    return (this.built ??= this.part.build(this));
  }

  get(column: string): unknown {
    return this.part.valueAt(this, this.part.positionOf(column));
  }
}

/** One column of a pulled row, without building the object of a row read in place. */
export function field(pulled: PulledRow, column: string): unknown {
  return pulled instanceof PageRow ? pulled.get(column) : pulled.row[column];
}

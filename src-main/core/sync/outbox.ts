import type { Sqlite, Statement } from '../db/open';
import type { SyncedTable } from '../db/schema';
import { JSON_COLUMNS, type WireOp } from './wire';

export interface OutboxRow {
  seq: number;
  op_id: string;
  table_name: SyncedTable;
  row_id: string;
  fields: string;
  stamp: string;
  created_at: string;
  user_id: string | null;
  unit: string | null;
}

/** A batch ready to send, and why it stops where it does. */
export interface Batch {
  ops: WireOp[];
  /** The next op waiting belongs to another user: it is kept for them, and so is everything behind it. */
  heldFor: string | null;
}

const toWire = (r: OutboxRow): WireOp => {
  const fields = JSON.parse(r.fields) as Record<string, unknown>;
  for (const column of JSON_COLUMNS[r.table_name] ?? []) {
    if (typeof fields[column] === 'string') fields[column] = JSON.parse(fields[column] as string);
  }
  const op: WireOp = { op_id: r.op_id, table: r.table_name, row_id: r.row_id, fields, stamp: r.stamp };
  if (r.unit) op.unit = r.unit;
  return op;
};

/** The local queue of ops waiting for the server, read in write order. */
export class Outbox {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Sqlite) {}

  count(): number {
    return (this.stmt('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  }

  /** When the oldest change still waiting was made (null when none waits). */
  oldestCreatedAt(): string | null {
    return (this.stmt('SELECT created_at AS at FROM outbox ORDER BY seq LIMIT 1').get() as { at: string } | undefined)?.at ?? null;
  }

  /**
   * The oldest ops, in write order, that `userId` may send: its own and those made before
   * anyone signed in. It stops at the first op of another user (kept for that user, and
   * everything behind it waits, since later changes may build on it). A unit is never cut:
   * a batch ends before a unit that would not fit, unless that unit comes first.
   */
  peek(limit: number, userId: string | null, maxOps = 5000): Batch {
    const rows = this.stmt('SELECT * FROM outbox ORDER BY seq LIMIT ?').all(limit + 1) as OutboxRow[];
    const mine: OutboxRow[] = [];
    let heldFor: string | null = null;
    for (const r of rows) {
      if (r.user_id !== null && r.user_id !== userId) {
        heldFor = r.user_id;
        break;
      }
      mine.push(r);
    }
    let take = mine.slice(0, limit);
    const last = take[take.length - 1];
    if (last?.unit && mine.length > take.length && mine[take.length]!.unit === last.unit) {
      // The unit goes on past the batch: send it whole in the next batch, or, when it is the
      // first thing waiting, read the rest of it (up to the server's cap).
      const firstOfUnit = take.findIndex((r) => r.unit === last.unit);
      if (firstOfUnit > 0) take = take.slice(0, firstOfUnit);
      else take = this.unitFrom(take[0]!, userId, maxOps);
    }
    return { ops: take.map(toWire), heldFor: take.length ? null : heldFor };
  }

  /** The ops of one unit from its first, while they are this user's (at most `maxOps`). */
  private unitFrom(first: OutboxRow, userId: string | null, maxOps: number): OutboxRow[] {
    const rows = this.stmt('SELECT * FROM outbox WHERE seq >= ? ORDER BY seq LIMIT ?').all(first.seq, maxOps) as OutboxRow[];
    const out: OutboxRow[] = [];
    for (const r of rows) {
      if (r.unit !== first.unit || (r.user_id !== null && r.user_id !== userId)) break;
      out.push(r);
    }
    return out;
  }

  /** Fields that still have an unacknowledged local write, for one row. */
  pendingFields(table: string, rowId: string): Set<string> {
    const rows = this.stmt('SELECT fields FROM outbox WHERE table_name = ? AND row_id = ?').all(table, rowId) as { fields: string }[];
    const out = new Set<string>();
    for (const r of rows) for (const key of Object.keys(JSON.parse(r.fields) as object)) out.add(key);
    return out;
  }

  remove(opIds: Iterable<string>): void {
    const del = this.stmt('DELETE FROM outbox WHERE op_id = ?');
    for (const id of opIds) del.run(id);
  }

  get(opId: string): OutboxRow | undefined {
    return this.stmt('SELECT * FROM outbox WHERE op_id = ?').get(opId) as OutboxRow | undefined;
  }

  /** Every op waiting, in write order (clock repair, sign-out checks). */
  all(): OutboxRow[] {
    return this.stmt('SELECT * FROM outbox ORDER BY seq').all() as OutboxRow[];
  }

  /** Ops of a unit still waiting. */
  ofUnit(unit: string): OutboxRow[] {
    return this.stmt('SELECT * FROM outbox WHERE unit = ? ORDER BY seq').all(unit) as OutboxRow[];
  }

  /** Rewrite an op still waiting (renumbering, re-stamping): its fields and stamp. */
  rewrite(opId: string, fields: Record<string, unknown>, stamp: string): void {
    this.stmt('UPDATE outbox SET fields = ?, stamp = ? WHERE op_id = ?').run(JSON.stringify(fields), stamp, opId);
  }

  /** Ops made before anyone signed in now belong to the user who signs in. */
  claimUnowned(userId: string): void {
    this.stmt('UPDATE outbox SET user_id = ? WHERE user_id IS NULL').run(userId);
  }

  /** How many ops wait for each user (null: made before anyone signed in). */
  countsByUser(): { user_id: string | null; n: number }[] {
    return this.stmt('SELECT user_id, count(*) AS n FROM outbox GROUP BY user_id').all() as { user_id: string | null; n: number }[];
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

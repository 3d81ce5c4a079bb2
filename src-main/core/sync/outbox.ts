import type { Sqlite, Statement } from '../db/open';
import type { SyncedTable } from '../db/schema';
import { JSON_COLUMNS, type WireOp } from './wire';

interface OutboxRow {
  seq: number;
  op_id: string;
  table_name: SyncedTable;
  row_id: string;
  fields: string;
  stamp: string;
}

/** The local queue of ops waiting for the server, read in write order. */
export class Outbox {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Sqlite) {}

  count(): number {
    return (this.stmt('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  }

  /** The oldest ops, in the order they were written, ready to send. */
  peek(limit: number): { ops: WireOp[]; lastSeq: number } {
    const rows = this.stmt('SELECT seq, op_id, table_name, row_id, fields, stamp FROM outbox ORDER BY seq LIMIT ?').all(limit) as OutboxRow[];
    const ops = rows.map((r) => {
      const fields = JSON.parse(r.fields) as Record<string, unknown>;
      for (const column of JSON_COLUMNS[r.table_name] ?? []) {
        if (typeof fields[column] === 'string') fields[column] = JSON.parse(fields[column] as string);
      }
      return { op_id: r.op_id, table: r.table_name, row_id: r.row_id, fields, stamp: r.stamp };
    });
    return { ops, lastSeq: rows.length ? rows[rows.length - 1]!.seq : 0 };
  }

  /** Fields that still have an unacknowledged local write, for one row. */
  pendingFields(table: string, rowId: string): Set<string> {
    const rows = this.stmt('SELECT fields FROM outbox WHERE table_name = ? AND row_id = ?').all(table, rowId) as { fields: string }[];
    const out = new Set<string>();
    for (const r of rows) for (const key of Object.keys(JSON.parse(r.fields) as object)) out.add(key);
    return out;
  }

  remove(opIds: string[]): void {
    const del = this.stmt('DELETE FROM outbox WHERE op_id = ?');
    for (const id of opIds) del.run(id);
  }

  get(opId: string): OutboxRow | undefined {
    return this.stmt('SELECT * FROM outbox WHERE op_id = ?').get(opId) as OutboxRow | undefined;
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

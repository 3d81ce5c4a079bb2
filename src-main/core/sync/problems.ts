import { LendenError } from '../../contract/errors';
import type { SyncProblem } from '../../contract/sync';
import type { Sqlite } from '../db/open';

export interface ProblemInput {
  opId: string;
  table: string;
  rowId: string;
  code: string;
  message: string;
  fields: Record<string, unknown>;
  /** A stable word the UI turns into shop words ('overpaid', 'renumbered', 'unstorable', ...). */
  reason?: string | null;
  detail?: Record<string, unknown> | null;
}

/**
 * What did not go through, kept so the user sees it and nothing disappears silently: refused
 * changes (with what they tried to write), bills renumbered, rows that could not be stored.
 */
export class SyncProblems {
  constructor(private readonly db: Sqlite) {}

  record(p: ProblemInput, at = new Date().toISOString()): void {
    this.db
      .prepare('INSERT INTO sync_problems (op_id, table_name, row_id, code, message, fields, created_at, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(p.opId, p.table, p.rowId, p.code, p.message, JSON.stringify(p.fields), at, p.reason ?? null, p.detail ? JSON.stringify(p.detail) : null);
  }

  /** Mark the open problems of a row with this reason as dealt with (a good version arrived). */
  resolve(table: string, rowId: string, reason: string, at = new Date().toISOString()): void {
    this.db.prepare('UPDATE sync_problems SET dismissed_at = ? WHERE table_name = ? AND row_id = ? AND reason = ? AND dismissed_at IS NULL').run(at, table, rowId, reason);
  }

  list(includeDismissed: boolean): SyncProblem[] {
    const rows = this.db
      .prepare(`SELECT * FROM sync_problems ${includeDismissed ? '' : 'WHERE dismissed_at IS NULL'} ORDER BY id DESC LIMIT 500`)
      .all() as {
      id: number;
      op_id: string;
      table_name: string;
      row_id: string;
      code: string;
      message: string;
      fields: string;
      created_at: string;
      reason: string | null;
      detail: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      opId: r.op_id,
      table: r.table_name,
      rowId: r.row_id,
      code: r.code,
      message: r.message,
      fields: JSON.parse(r.fields) as Record<string, unknown>,
      createdAt: r.created_at,
      reason: r.reason,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    }));
  }

  dismiss(id: number, at = new Date().toISOString()): void {
    const info = this.db.prepare('UPDATE sync_problems SET dismissed_at = ? WHERE id = ? AND dismissed_at IS NULL').run(at, id);
    if (info.changes === 0) throw new LendenError('NOT_FOUND', 'That sync problem does not exist.');
  }

  openCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM sync_problems WHERE dismissed_at IS NULL').get() as { n: number }).n;
  }
}

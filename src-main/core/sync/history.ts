import type { LedgerCore } from '../core';
import type { Statement } from '../db/open';
import type { HistoryOp } from './wire';

/** The audit-trail insert, prepared once per database: a page can carry thousands of ops. */
const historyStatements = new WeakMap<LedgerCore['db'], Statement>();

function historyStatement(db: LedgerCore['db']): Statement {
  let statement = historyStatements.get(db);
  if (!statement) {
    statement = db.prepare<unknown[]>(
      `INSERT OR IGNORE INTO audit_log (table_name, row_id, op_id, stamp, device_id, user_id, action, old_values, new_values, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    historyStatements.set(db, statement);
  }
  return statement;
}

/**
 * Changes made on other devices join the local audit trail (this device's own ops are there
 * already under the same op id, so they are skipped).
 */
export function recordHistory(db: LedgerCore['db'], ops: readonly HistoryOp[]): void {
  const insert = historyStatement(db);
  for (const op of ops) {
    const fields = op.fields ?? {};
    const action = 'created_at' in fields ? 'create' : 'deleted_at' in fields ? (fields.deleted_at ? 'delete' : 'restore') : 'update';
    insert.run(op.table, op.row_id, op.op_id, op.stamp, op.device_id, op.user_id, action, JSON.stringify(op.old_values ?? {}), JSON.stringify(fields), new Date(op.applied_at).toISOString());
  }
}

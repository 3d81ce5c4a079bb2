import { AUDIT_TABLES, type AuditAction, type AuditEntry, type AuditTable } from '../../contract/audit';
import type { Sqlite } from '../db/open';
import type { LedgerContext } from '../ledger/context';

interface AuditRow {
  id: number;
  table_name: AuditTable;
  row_id: string;
  op_id: string;
  stamp: string;
  device_id: string | null;
  user_id: string | null;
  action: AuditAction;
  old_values: string;
  new_values: string;
  at: string;
}

const toEntry = (r: AuditRow, thisDevice: string): AuditEntry => ({
  id: r.id,
  table: r.table_name,
  rowId: r.row_id,
  opId: r.op_id,
  stamp: r.stamp,
  deviceId: r.device_id,
  userId: r.user_id,
  action: r.action,
  oldValues: JSON.parse(r.old_values) as Record<string, unknown>,
  newValues: JSON.parse(r.new_values) as Record<string, unknown>,
  at: r.at,
  source: r.device_id === thisDevice ? 'this-device' : 'other-device',
});

/**
 * Every change of one record in stamp order (the order the merge applies them in), whether
 * made here or merged from another device. Deleted records keep their history.
 */
export function auditHistory(ctx: LedgerContext, input: { table: AuditTable; rowId: string }): AuditEntry[] {
  const rows = ctx.writer
    .prepare('SELECT * FROM audit_log WHERE table_name = ? AND row_id = ? ORDER BY stamp ASC, id ASC')
    .all(input.table, input.rowId) as AuditRow[];
  const device = ctx.deviceId();
  return rows.map((r) => toEntry(r, device));
}

/** The latest changes across the audited tables, newest stamp first; `before` pages on. */
export function recentAudit(ctx: LedgerContext, input: { table?: AuditTable; before?: string; limit: number }): AuditEntry[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.table) {
    where.push('table_name = ?');
    params.push(input.table);
  }
  if (input.before) {
    where.push('stamp < ?');
    params.push(input.before);
  }
  const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY stamp DESC, id DESC LIMIT ?`;
  const rows = ctx.writer.prepare(sql).all(...params, input.limit) as AuditRow[];
  const device = ctx.deviceId();
  return rows.map((r) => toEntry(r, device));
}

export interface RemoteAuditRecord {
  table: string;
  rowId: string;
  opId: string;
  stamp: string;
  deviceId: string | null;
  userId: string | null;
  action: AuditAction;
  oldValues: Record<string, unknown>;
  newValues: Record<string, unknown>;
  /** When this device merged the change (ISO time). */
  at: string;
}

const AUDITED = new Set<string>(AUDIT_TABLES);
const ACTIONS = new Set<string>(['create', 'update', 'delete', 'restore']);

/**
 * Appends a change merged from another device to the audit trail. The sync engine calls it
 * inside its merge transaction, so the trail and the data commit together. Idempotent: a
 * re-pulled op (same op id, table and row) is ignored thanks to the unique index. Tables
 * outside the audited set are skipped, so the engine may call it for every merged op.
 * Returns true when a new audit row was written.
 */
export function recordRemoteAudit(target: Pick<LedgerContext, 'db'> | Sqlite, rec: RemoteAuditRecord): boolean {
  if (!AUDITED.has(rec.table)) return false;
  if (!ACTIONS.has(rec.action)) throw new Error(`recordRemoteAudit: unknown action ${String(rec.action)}`);
  if (!rec.opId || !rec.rowId || !rec.stamp) throw new Error('recordRemoteAudit: opId, rowId and stamp are required');
  const db: Sqlite = 'prepare' in target ? target : target.db;
  const info = db
    .prepare(
      `INSERT OR IGNORE INTO audit_log (table_name, row_id, op_id, stamp, device_id, user_id, action, old_values, new_values, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(rec.table, rec.rowId, rec.opId, rec.stamp, rec.deviceId, rec.userId, rec.action, JSON.stringify(rec.oldValues ?? {}), JSON.stringify(rec.newValues ?? {}), rec.at);
  return info.changes > 0;
}

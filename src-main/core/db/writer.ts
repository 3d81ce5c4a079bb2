import type { Sqlite, Statement } from './open';
import type { SyncedTable } from './schema';
import { AUDIT_TABLES } from '../../contract/audit';
import { LendenError } from '../../contract/errors';
import type { HybridClock } from '../sync/clock';
import { newId } from '../util/ids';
import { sameValue } from '../sync/merge';
import { rowStamps } from './stamps';

/** Columns the writer manages itself; callers never pass them. */
const MANAGED = new Set(['id', 'business_id', 'created_at', 'updated_at', 'field_stamps']);

/** Tables whose changes go to the audit trail (India's audit-trail rule, and undo of any edit). */
export const AUDITED_TABLES = new Set<string>(AUDIT_TABLES);

export type Row = Record<string, unknown> & { id: string; business_id: string };

/**
 * The unit an op belongs to (DESIGN.md section 4, units of meaning): a bill, its posting
 * entry and its payments sync as one, so the server accepts or refuses them together.
 */
export function unitOf(table: string, row: Record<string, unknown>): string | null {
  if (table === 'bills') return String(row.id);
  if (table === 'transactions' && typeof row.bill_id === 'string' && row.bill_id) return row.bill_id;
  return null;
}
export type Fields = Record<string, string | number | null>;

export interface WriterContext {
  db: Sqlite;
  clock: HybridClock;
  deviceId: () => string;
  userId: () => string | null;
  businessId: () => string;
  nowIso: () => string;
  /** Called with the table name for every committed write (feeds `db.changed`). */
  touched: (table: string) => void;
}

/**
 * The write path of DESIGN.md section 3: every mutation writes its row and its outbox op
 * (and, for financial records, its audit entry) through here, inside the caller's SQLite
 * transaction, so a failing write leaves neither row nor op.
 */
export class RowWriter {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly ctx: WriterContext) {}

  prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.ctx.db.prepare<unknown[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Report a change written without an op (device-local state) so listeners still hear of it. */
  touch(table: string): void {
    this.ctx.touched(table);
  }

  get(table: SyncedTable, id: string): Row | undefined {
    return this.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row | undefined;
  }

  /** Insert a new row. `fields` are the table's own columns; returns the stored row. */
  insert(table: SyncedTable, fields: Fields, id: string = newId(), opts: { stamp?: string } = {}): Row {
    this.assertInTransaction();
    for (const key of Object.keys(fields)) if (MANAGED.has(key)) throw new Error(`writer: ${key} is managed`);
    const now = this.ctx.nowIso();
    // A given stamp is for placeholders that must lose to any real write (first-run defaults).
    const stamp = opts.stamp ?? this.ctx.clock.now();
    const row: Fields = { id, business_id: this.ctx.businessId(), created_at: now, updated_at: now, deleted_at: null, ...fields };
    const opFields: Fields = { ...row };
    delete opFields.id;
    // business_id never changes, so it carries no stamp (the server keeps none either).
    const stamps: Record<string, string> = {};
    for (const key of Object.keys(opFields)) if (key !== 'business_id') stamps[key] = stamp;
    const columns = Object.keys(row);
    const sql = `INSERT INTO ${table} (${columns.join(', ')}, field_stamps) VALUES (${columns.map(() => '?').join(', ')}, ?)`;
    try {
      this.prepare(sql).run(...columns.map((c) => row[c]), JSON.stringify(stamps));
    } catch (error) {
      if (error instanceof Error && /UNIQUE constraint failed: \w+\.id/.test(error.message)) {
        throw new LendenError('CONFLICT', 'This record already exists.');
      }
      throw error;
    }
    this.enqueue(table, id, opFields, stamp, 'create', {}, unitOf(table, row));
    return { ...(row as Row), field_stamps: JSON.stringify(stamps) };
  }

  /**
   * Update the given columns of a row. Only columns whose value really changes are written
   * and sent; an edit that changes nothing writes nothing. Returns the stored row.
   * `localOnly` columns are written here but not sent and keep their stamps: values this
   * device derives again after every merge (a bill line's tax split when only the discount
   * changed), so sending them could only overwrite someone else's real edit.
   */
  update(table: SyncedTable, id: string, changes: Fields, opts: { localOnly?: readonly string[] } = {}): Row {
    this.assertInTransaction();
    const current = this.get(table, id);
    if (!current || current.business_id !== this.ctx.businessId()) throw new LendenError('NOT_FOUND', 'That record does not exist.');
    const changed: Fields = {};
    for (const [key, value] of Object.entries(changes)) {
      if (MANAGED.has(key)) throw new Error(`writer: ${key} is managed`);
      if (!(key in current)) throw new Error(`writer: ${table} has no column ${key}`);
      if (!sameValue(table, key, current[key], value)) changed[key] = value;
    }
    const local: Fields = {};
    for (const key of opts.localOnly ?? []) {
      if (key in changed) {
        local[key] = changed[key]!;
        delete changed[key];
      }
    }
    if (Object.keys(local).length) {
      const cols = Object.keys(local);
      this.prepare(`UPDATE ${table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((c) => local[c]), id);
      this.ctx.touched(table);
    }
    if (Object.keys(changed).length === 0) return { ...current, ...local };
    const stamps = rowStamps(this.ctx.db, table, current.field_stamps);
    // The new stamp must beat every stamp these fields carry, or the server would keep the
    // old values (a clock set behind the one that wrote them): move past them first.
    let stamp = this.ctx.clock.now();
    for (const key of Object.keys(changed)) {
      const previous = stamps[key];
      if (previous && previous >= stamp) {
        this.ctx.clock.observe(previous, { trusted: true });
        stamp = this.ctx.clock.now();
      }
    }
    changed.updated_at = this.ctx.nowIso();
    for (const key of Object.keys(changed)) stamps[key] = stamp;
    const columns = Object.keys(changed);
    const sql = `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')}, field_stamps = ? WHERE id = ?`;
    this.prepare(sql).run(...columns.map((c) => changed[c]), JSON.stringify(stamps), id);
    const old: Fields = {};
    for (const key of columns) old[key] = current[key] as string | number | null;
    const action = 'deleted_at' in changed ? (changed.deleted_at ? 'delete' : 'restore') : 'update';
    this.enqueue(table, id, changed, stamp, action, old, unitOf(table, { ...current, ...changed }));
    return { ...current, ...local, ...changed, field_stamps: JSON.stringify(stamps) };
  }

  private enqueue(table: SyncedTable, rowId: string, fields: Fields, stamp: string, action: string, old: Fields, unit: string | null): void {
    const opId = newId();
    const now = this.ctx.nowIso();
    this.prepare('INSERT INTO outbox (op_id, table_name, row_id, fields, stamp, created_at, user_id, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      opId,
      table,
      rowId,
      JSON.stringify(fields),
      stamp,
      now,
      this.ctx.userId(),
      unit,
    );
    if (AUDITED_TABLES.has(table)) {
      this.prepare(
        `INSERT INTO audit_log (table_name, row_id, op_id, stamp, device_id, user_id, action, old_values, new_values, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(table, rowId, opId, stamp, this.ctx.deviceId(), this.ctx.userId(), action, JSON.stringify(old), JSON.stringify(fields), now);
    }
    this.ctx.touched(table);
  }

  private assertInTransaction(): void {
    if (!this.ctx.db.inTransaction) throw new Error('writer: writes must run inside a transaction');
  }
}

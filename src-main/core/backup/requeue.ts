import Database from 'better-sqlite3';
import type { Sqlite } from '../db/open';
import { rowStamps } from '../db/stamps';

/**
 * What a restore carries from the database it replaces into the backup, besides the device's
 * identity (restore.ts): the invoice numbers this device already issued, its connection to
 * the sync server, and the changes it made that never reached the server — so a restore never
 * reuses an invoice number and never silently drops a saved bill (DESIGN.md section 4).
 */

interface OutboxRow {
  seq: number;
  op_id: string;
  table_name: string;
  row_id: string;
  fields: string;
  stamp: string;
  created_at: string;
  user_id?: string | null;
  unit?: string | null;
}

const read = (db: Sqlite, key: string) => (db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined)?.value;
const columnsOf = (db: Sqlite, table: string) => new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
const hasTable = (db: Sqlite, table: string) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);

/** The live database syncs (a server is set): its unsent changes are resent, not set aside. */
export const syncsWithServer = (live: Sqlite): boolean => !!read(live, 'server_url');

/** Changes in the live database's queue that the backup does not have. */
export function changesNotInBackup(live: Sqlite, backupFile: string): number {
  const backup = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    return unsent(live, backup).length;
  } finally {
    backup.close();
  }
}

function unsent(live: Sqlite, target: Sqlite): OutboxRow[] {
  const known = new Set((target.prepare('SELECT op_id FROM outbox').all() as { op_id: string }[]).map((r) => r.op_id));
  return (live.prepare('SELECT * FROM outbox ORDER BY seq').all() as OutboxRow[]).filter((op) => !known.has(op.op_id));
}

/**
 * The highest invoice number of every series the live database knows (its bills and the
 * floors it keeps) becomes a floor in the backup: numbering continues after them.
 */
export function carryInvoiceFloors(live: Sqlite, target: Sqlite): void {
  const floors = new Map<number, number>();
  for (const r of live.prepare('SELECT invoice_series AS s, max(invoice_seq) AS n FROM bills GROUP BY invoice_series').all() as { s: number; n: number }[]) {
    floors.set(r.s, r.n);
  }
  for (const r of live.prepare("SELECT key, value FROM sync_state WHERE key LIKE 'invoice_floor:%'").all() as { key: string; value: string }[]) {
    const s = Number(r.key.slice('invoice_floor:'.length));
    floors.set(s, Math.max(floors.get(s) ?? 0, Number(r.value) || 0));
  }
  const upsert = target.prepare(
    `INSERT INTO sync_state (key, value) VALUES (?, ?)
     ON CONFLICT(key) DO UPDATE SET value = CASE WHEN CAST(excluded.value AS INTEGER) > CAST(value AS INTEGER) THEN excluded.value ELSE value END`,
  );
  for (const [series, n] of floors) if (Number.isSafeInteger(series) && n > 0) upsert.run(`invoice_floor:${series}`, String(n));
}

const CONNECTION_KEYS = ['server_url', 'anon_key', 'user_id', 'role', 'business_origin', 'joined_business_name', 'sync_paused'];

/**
 * This computer's connection to the server (who is signed in, where) stays what it is: the
 * backup's own (maybe another computer's) never comes in with it. It links again after the
 * restore, and the server answers with each series' highest number.
 */
export function carryConnection(live: Sqlite, target: Sqlite): void {
  const upsert = target.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const drop = target.prepare('DELETE FROM sync_state WHERE key = ?');
  for (const key of CONNECTION_KEYS) {
    const value = read(live, key);
    if (value !== undefined) upsert.run(key, value);
    else drop.run(key);
  }
  target.prepare("DELETE FROM sync_state WHERE key LIKE 'user_email:%'").run();
  for (const r of live.prepare("SELECT key, value FROM sync_state WHERE key LIKE 'user_email:%'").all() as { key: string; value: string }[]) upsert.run(r.key, r.value);
  drop.run('linked_business');
}

/**
 * Put the live database's unsent changes back in the queue of the backup, after the
 * backup's own, and replay them onto its rows (a field takes the change only when its stamp
 * is newer), so what was saved is on screen and reaches the server. Returns how many.
 */
export function requeueUnsent(live: Sqlite, target: Sqlite): number {
  const ops = unsent(live, target);
  if (!ops.length) return 0;
  const outboxColumns = [...columnsOf(target, 'outbox')].filter((c) => c !== 'seq');
  const insertOp = target.prepare(`INSERT INTO outbox (${outboxColumns.join(', ')}) VALUES (${outboxColumns.map(() => '?').join(', ')})`);
  const auditColumns = hasTable(target, 'audit_log') ? [...columnsOf(target, 'audit_log')].filter((c) => c !== 'id') : [];
  const liveAudit = live.prepare('SELECT * FROM audit_log WHERE op_id = ?');
  const insertAudit = auditColumns.length
    ? target.prepare(`INSERT OR IGNORE INTO audit_log (${auditColumns.join(', ')}) VALUES (${auditColumns.map(() => '?').join(', ')})`)
    : null;
  for (const op of ops) {
    insertOp.run(...outboxColumns.map((c) => (op as unknown as Record<string, unknown>)[c] ?? null));
    replay(target, op);
    if (insertAudit) for (const a of liveAudit.all(op.op_id) as Record<string, unknown>[]) insertAudit.run(...auditColumns.map((c) => a[c] ?? null));
  }
  return ops.length;
}

function replay(target: Sqlite, op: OutboxRow): void {
  if (!hasTable(target, op.table_name)) return;
  const columns = columnsOf(target, op.table_name);
  const fields = JSON.parse(op.fields) as Record<string, unknown>;
  const known = Object.keys(fields).filter((k) => columns.has(k) && k !== 'id' && k !== 'field_stamps');
  const row = target.prepare(`SELECT field_stamps FROM ${op.table_name} WHERE id = ?`).get(op.row_id) as { field_stamps: string } | undefined;
  if (!row) {
    // A row made after the backup: its create carries every column. An edit of a row the
    // backup lacks waits in the queue; the server's row comes back with the next pull.
    if (!('created_at' in fields)) return;
    const stamps = Object.fromEntries(known.filter((k) => k !== 'business_id').map((k) => [k, op.stamp]));
    target
      .prepare(`INSERT INTO ${op.table_name} (id, ${known.join(', ')}, field_stamps) VALUES (?, ${known.map(() => '?').join(', ')}, ?)`)
      .run(op.row_id, ...known.map((k) => toSqlite(fields[k])), JSON.stringify(stamps));
    return;
  }
  const stamps = rowStamps(target, op.table_name, row.field_stamps);
  const winning = known.filter((k) => k !== 'business_id' && op.stamp > (stamps[k] ?? ''));
  if (!winning.length) return;
  for (const k of winning) stamps[k] = op.stamp;
  target
    .prepare(`UPDATE ${op.table_name} SET ${winning.map((k) => `${k} = ?`).join(', ')}, field_stamps = ? WHERE id = ?`)
    .run(...winning.map((k) => toSqlite(fields[k])), JSON.stringify(stamps), op.row_id);
}

const toSqlite = (v: unknown): string | number | null => (v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : typeof v === 'boolean' ? (v ? 1 : 0) : (v as string | number));

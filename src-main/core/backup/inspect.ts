import Database from 'better-sqlite3';
import fs from 'node:fs';
import { LendenError } from '../../contract/errors';
import type { BackupCheck } from '../../contract/backup';
import type { Sqlite } from '../db/open';
import { fsyncFile, removeIfExists, sidecars } from './files';

/** Tables every Lenden database has had since the first release, plus drizzle's migration record. */
export const REQUIRED_TABLES = ['business_settings', 'customers', 'suppliers', 'transactions', 'outbox', 'sync_state', '__drizzle_migrations'] as const;

const refuse = (message: string) => new LendenError('VALIDATION', message, { path: message });

/**
 * Cheap checks on the raw bytes before SQLite opens anything: the SQLite magic, a sane page
 * size, and a file at least as long as the page count its header promises (a copy cut short
 * by a full USB stick or an interrupted download fails here).
 */
export function checkSqliteHeader(file: string): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw refuse('The backup file was not found.');
  if (!stat.isFile()) throw refuse('The backup path is not a file.');
  if (stat.size < 100) throw refuse('This file is not a Lenden backup (it is too small to be a database).');
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== 'SQLite format 3\0') throw refuse('This file is not a Lenden backup (it is not a database file).');
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw refuse('This backup is damaged (bad page size).');
  const pageCount = header.readUInt32BE(28);
  const headerSizeValid = pageCount > 0 && header.readUInt32BE(92) === header.readUInt32BE(24);
  if (stat.size % pageSize !== 0 || (headerSizeValid && stat.size < pageCount * pageSize)) {
    throw refuse('This backup is incomplete: the file was cut short while copying. Use another backup.');
  }
}

/**
 * Copy a candidate backup into a private file with SQLite's backup API (so a WAL beside the
 * source is honoured and the source is only ever read), in rollback-journal mode.
 */
export async function copyCandidate(source: string, target: string): Promise<void> {
  checkSqliteHeader(source);
  for (const f of [target, ...sidecars(target)]) removeIfExists(f);
  let src: Sqlite | undefined;
  try {
    src = new Database(source, { readonly: true, fileMustExist: true });
    await src.backup(target);
    src.close();
    src = undefined;
    const copy = new Database(target, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fsyncFile(target);
  } catch (error) {
    src?.close();
    for (const f of [target, ...sidecars(target)]) removeIfExists(f);
    if (error instanceof LendenError) throw error;
    throw refuse(`This backup could not be read: it is damaged or not a database (${(error as Error).message}).`);
  }
}

export interface InspectOptions {
  /** The business open now; a backup of another business is flagged. */
  expectedBusinessId: string;
  /** drizzle journal `when` of the newest migration this app knows; a backup made by a newer app is refused. */
  latestMigrationAt?: number;
}

/** Full check of a private copy: integrity, Lenden's tables, migrations, which business. */
export function inspectCopy(file: string, sourcePath: string, opts: InspectOptions): BackupCheck {
  let db: Sqlite;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw refuse(`This backup could not be opened (${(error as Error).message}).`);
  }
  try {
    let integrity: unknown[];
    try {
      integrity = db.pragma('integrity_check') as unknown[];
    } catch (error) {
      throw refuse(`This backup is damaged (${(error as Error).message}).`);
    }
    const ok = integrity.length === 1 && (integrity[0] as { integrity_check?: string }).integrity_check === 'ok';
    if (!ok) throw refuse('This backup is damaged: SQLite found errors inside it. Use another backup.');

    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw refuse('This file is a database, but not a Lenden backup.');

    const migrations = db.prepare('SELECT count(*) AS n, max(created_at) AS latest FROM __drizzle_migrations').get() as { n: number; latest: number | null };
    if (!migrations.n) throw refuse('This file is not a complete Lenden backup (no schema record).');
    if (opts.latestMigrationAt !== undefined && migrations.latest !== null && Number(migrations.latest) > opts.latestMigrationAt) {
      throw refuse('This backup was made by a newer version of Lenden. Update the app, then restore it.');
    }

    const businessId = (db.prepare("SELECT value FROM sync_state WHERE key = 'business_id'").get() as { value: string } | undefined)?.value;
    if (!businessId) throw refuse('This Lenden backup has no business in it.');
    const settings = db.prepare('SELECT name FROM business_settings WHERE id = ?').get(businessId) as { name: string } | undefined;
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const partyCount =
      count('SELECT count(*) AS n FROM customers WHERE deleted_at IS NULL') + count('SELECT count(*) AS n FROM suppliers WHERE deleted_at IS NULL');
    const entryCount = count('SELECT count(*) AS n FROM transactions WHERE deleted_at IS NULL');
    const lastChangeAt = tables.has('audit_log') ? ((db.prepare('SELECT max(at) AS at FROM audit_log').get() as { at: string | null }).at ?? null) : null;
    return {
      path: sourcePath,
      businessId,
      businessName: settings?.name ?? null,
      otherBusiness: businessId !== opts.expectedBusinessId,
      partyCount,
      entryCount,
      lastChangeAt,
      sizeBytes: fs.statSync(sourcePath).size,
    };
  } finally {
    db.close();
  }
}

/** The newest migration this app ships, from drizzle's journal. */
export function latestMigrationAt(migrationsFolder: string): number | undefined {
  try {
    const journal = JSON.parse(fs.readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as { entries: { when: number }[] };
    return Math.max(...journal.entries.map((e) => e.when));
  } catch {
    return undefined;
  }
}

import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { LendenError } from '../../contract/errors';
import type { RestoreResult } from '../../contract/backup';
import type { Sqlite } from '../db/open';
import { createBackup } from './create';
import { fsyncFile, fsyncFolder, removeIfExists, renameWithRetry, sidecars } from './files';
import { copyCandidate, inspectCopy } from './inspect';
import { carryConnection, carryInvoiceFloors, requeueUnsent, syncsWithServer } from './requeue';

export interface RestoreOptions {
  /** The open connection to the live database. */
  live: Sqlite;
  liveFile: string;
  backupsFolder: string;
  sourceFile: string;
  expectedBusinessId: string;
  confirmOtherBusiness?: boolean;
  latestMigrationAt?: number;
  now: Date;
  /** Close every connection to the live database (the core, its sync loop stopped first). */
  close(): Promise<void>;
  /** Open the database at liveFile again (a new core, migrated). Rejects when it cannot. */
  reopen(): Promise<void>;
}

/** This device's identity: it stays with the device, whatever backup is restored (two devices sharing an id or invoice series would collide). */
const DEVICE_KEYS = ['device_id', 'hlc_node', 'invoice_series'] as const;

/**
 * Replace the live database with a backup, without ever leaving a half-state:
 * 1. copy the backup into a private temp file beside the database and check it fully
 *    (integrity, Lenden's tables, same business or confirmed) — any refusal stops here and
 *    the live database is untouched;
 * 2. carry this device's identity and clock into the copy, flush it to disk;
 * 3. keep a copy of the live database in the backups folder;
 * 4. close, check no other connection still holds the database, drop SQLite's sidecar
 *    files (a stale WAL beside a swapped-in file would corrupt it), rename the copy over
 *    the database, flush the folder, reopen.
 * Any failure after the close reopens: the old database if the swap did not happen, the
 * kept copy put back if the new one cannot be opened.
 */
export async function restoreDatabase(opts: RestoreOptions): Promise<RestoreResult> {
  const source = path.resolve(opts.sourceFile);
  if (samePath(source, opts.liveFile)) throw new LendenError('VALIDATION', 'This is the database Lenden has open now; choose a backup file.');
  const key = path.resolve(opts.liveFile);
  if (running.has(key)) throw new LendenError('CONFLICT', 'A restore is already running. Wait for it to finish.');
  running.add(key);
  const incoming = `${opts.liveFile}.restoring`;
  try {
    await copyCandidate(source, incoming);
    const check = inspectCopy(incoming, source, { expectedBusinessId: opts.expectedBusinessId, latestMigrationAt: opts.latestMigrationAt });
    if (check.otherBusiness && !opts.confirmOtherBusiness) {
      throw new LendenError(
        'CONFLICT',
        `This backup belongs to another business${check.businessName ? ` ("${check.businessName}")` : ''}. Confirm to replace the data open now with it.`,
      );
    }
    carryDeviceIdentity(opts.live, incoming);
    const carried = carryDeviceState(opts.live, incoming, !check.otherBusiness);
    fsyncFile(incoming);

    const replaced = await createBackup(opts.live, opts.backupsFolder, 'replaced', opts.now);

    await opts.close();
    await swapInto(incoming, replaced.path, opts);
    return { restoredFrom: source, replacedCopy: replaced.path, businessId: check.businessId, businessName: check.businessName, ...carried };
  } finally {
    for (const f of [incoming, ...sidecars(incoming)]) removeIfExists(f);
    running.delete(key);
  }
}

/** Restores in progress, by database file: two at once would share the temp file. */
const running = new Set<string>();

/**
 * With the core closed: swap the checked copy in and reopen. Every failure ends with the
 * database open again — the old one if the swap did not happen, the kept copy put back if
 * the new one cannot be opened.
 */
async function swapInto(incoming: string, keptCopy: string, opts: RestoreOptions): Promise<void> {
  // Closing the last connection checkpoints the WAL and deletes it. A WAL still there means
  // another connection has the database open: swapping now could lose its writes.
  const wal = `${opts.liveFile}-wal`;
  if ((fs.statSync(wal, { throwIfNoEntry: false })?.size ?? 0) > 0) {
    await opts.reopen();
    throw new LendenError('CONFLICT', 'The database is still in use by another connection, so nothing was restored. Close other Lenden windows or tools and try again.');
  }
  for (const f of sidecars(opts.liveFile)) removeIfExists(f);
  try {
    renameWithRetry(incoming, opts.liveFile);
  } catch (error) {
    await opts.reopen();
    throw new LendenError('INTERNAL', `The database file could not be replaced, so nothing was restored (${(error as Error).message}).`);
  }
  fsyncFolder(path.dirname(opts.liveFile));
  try {
    await opts.reopen();
  } catch (error) {
    putBack(keptCopy, opts.liveFile);
    await opts.reopen();
    throw new LendenError('INTERNAL', `The backup could not be opened, so your data was put back as it was (${(error as Error).message}).`);
  }
}

function carryDeviceIdentity(live: Sqlite, incomingFile: string): void {
  const read = (db: Sqlite, key: string) => (db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  const target = new Database(incomingFile, { fileMustExist: true });
  try {
    const upsert = target.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    target.transaction(() => {
      for (const key of DEVICE_KEYS) {
        const value = read(live, key);
        if (value !== undefined) upsert.run(key, value);
      }
      // The clock never goes backwards: keep the later of the two, so new stamps beat every stamp in either copy.
      const clock = laterClock(read(live, 'hlc'), read(target, 'hlc'));
      if (clock) upsert.run('hlc', clock);
    })();
  } finally {
    target.close();
  }
}

/**
 * Invoice floors always; for the same business also the server connection and the changes
 * that never reached the server: resent when the device syncs, otherwise counted as set
 * aside (they stay in the replaced copy, and the user was told before confirming).
 */
function carryDeviceState(live: Sqlite, incomingFile: string, sameBusiness: boolean): { resent: number; setAside: number } {
  const target = new Database(incomingFile, { fileMustExist: true });
  try {
    return target.transaction(() => {
      carryInvoiceFloors(live, target);
      // The connection to the server belongs to this computer, whatever the backup held.
      carryConnection(live, target);
      if (!sameBusiness) {
        // The backup's place in the server's history may be another server's: pull it all again.
        target.prepare("UPDATE sync_state SET value = '0' WHERE key IN ('pull_cursor', 'head_seq')").run();
        return { resent: 0, setAside: 0 };
      }
      if (!syncsWithServer(live)) {
        const backup = target.prepare('SELECT op_id FROM outbox').all() as { op_id: string }[];
        const known = new Set(backup.map((r) => r.op_id));
        const setAside = (live.prepare('SELECT op_id FROM outbox').all() as { op_id: string }[]).filter((r) => !known.has(r.op_id)).length;
        return { resent: 0, setAside };
      }
      return { resent: requeueUnsent(live, target), setAside: 0 };
    })();
  } finally {
    target.close();
  }
}

function laterClock(a: string | undefined, b: string | undefined): string | undefined {
  const parse = (v: string | undefined) => {
    try {
      const s = v ? (JSON.parse(v) as { millis: number; counter: number }) : undefined;
      return s && Number.isFinite(s.millis) && Number.isFinite(s.counter) ? s : undefined;
    } catch {
      return undefined;
    }
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa) return pb ? b : undefined;
  if (!pb) return a;
  return pb.millis > pa.millis || (pb.millis === pa.millis && pb.counter > pa.counter) ? b : a;
}

function putBack(keptCopy: string, liveFile: string): void {
  const back = `${liveFile}.putback`;
  fs.copyFileSync(keptCopy, back);
  fsyncFile(back);
  for (const f of sidecars(liveFile)) removeIfExists(f);
  renameWithRetry(back, liveFile);
  fsyncFolder(path.dirname(liveFile));
}

const samePath = (a: string, b: string) => {
  const norm = (p: string) => (process.platform === 'win32' || process.platform === 'darwin' ? path.resolve(p).toLowerCase() : path.resolve(p));
  return norm(a) === norm(b);
};

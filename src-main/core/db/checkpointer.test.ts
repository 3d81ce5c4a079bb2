import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SOURCE_CHECKPOINT_WORKER } from '../../core-thread/source-entry';
import { createTestCore } from '../testing';
import { WalCheckpointer } from './checkpointer';
import { openDatabase, type Sqlite } from './open';
import { repoMigrationsFolder } from './paths';

const dirs: string[] = [];
const open: Sqlite[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function database(): { db: Sqlite; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-ckpt-'));
  dirs.push(dir);
  const file = path.join(dir, 'lenden.db');
  const db = openDatabase(file, { migrationsFolder: repoMigrationsFolder() });
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  open.push(db);
  return { db, file };
}

/** About `mb` megabytes in commits of 256 KB, as a pull stores pages. */
function write(db: Sqlite, mb: number): void {
  const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
  const body = 'x'.repeat(1024);
  for (let c = 0; c < mb * 4; c++) db.transaction(() => { for (let i = 0; i < 256; i++) insert.run(body); })();
}

const until = async (what: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const autocheckpoint = (db: Sqlite) => db.pragma('wal_autocheckpoint', { simple: true }) as number;

/** How many of this process's open file handles are the database or its log (Linux: /proc/self/fd). */
const handlesOn = (file: string): number =>
  fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
    } catch {
      return false;
    }
  }).length;
const linux = process.platform === 'linux';

describe('WalCheckpointer', () => {
  it('copies the log into the file on its own thread while the core only commits', async () => {
    const { db, file } = database();
    const outcomes: { log: number; checkpointed: number }[] = [];
    const coreHandles = linux ? handlesOn(file) : 0;
    const checkpointer = new WalCheckpointer(db, file, { entry: SOURCE_CHECKPOINT_WORKER, busyMs: 5, idleMs: 5, onCheckpoint: (o) => outcomes.push(o) });
    expect(await checkpointer.ready).toBe(true);
    // The core would copy only past 16,384 pages (64 MB); 24 MB stays below that.
    expect(autocheckpoint(db)).toBe(WalCheckpointer.FALLBACK_PAGES);
    const before = fs.statSync(file).size;
    for (let round = 0; round < 6; round++) {
      write(db, 4);
      await new Promise((r) => setTimeout(r, 20));
    }
    await until(() => fs.statSync(file).size > before + 20 * 1024 * 1024);
    expect(outcomes.some((o) => o.log > 0 && o.checkpointed === o.log)).toBe(true);
    // Copied logs start afresh: it never held the whole 24 MB.
    expect(fs.statSync(`${file}-wal`).size).toBeLessThan(20 * 1024 * 1024);
    expect(db.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 24 * 4 * 256 });
    // The thread's connection holds the file and its log too.
    if (linux) expect(handlesOn(file)).toBeGreaterThan(coreHandles);
    await checkpointer.stop();
    expect(checkpointer.active).toBe(false);
    // Gone: the core checkpoints itself again, and only the core's connection holds the file
    // (on Windows another handle would keep a restore from replacing it).
    expect(autocheckpoint(db)).toBe(WalCheckpointer.DEFAULT_PAGES);
    db.close();
    if (linux) expect(handlesOn(file)).toBe(0);
    // The core's connection was the last: closing it copied and removed the log.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('a thread that cannot start leaves the core checkpointing itself, and saving works', async () => {
    const { db, file } = database();
    const logged: string[] = [];
    const checkpointer = new WalCheckpointer(db, file, { entry: new URL('./no-such-worker.mjs', SOURCE_CHECKPOINT_WORKER), log: (m) => logged.push(m) });
    expect(await checkpointer.ready).toBe(false);
    await until(() => !checkpointer.active);
    expect(autocheckpoint(db)).toBe(WalCheckpointer.DEFAULT_PAGES);
    expect(logged.join('\n')).toMatch(/checkpointer failed/);
    write(db, 1);
    expect(db.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 4 * 256 });
    await checkpointer.stop();
  });

  it('a database the thread cannot open: it says so and stops; the core goes on', async () => {
    const { db, file } = database();
    const logged: string[] = [];
    const checkpointer = new WalCheckpointer(db, `${file}.missing`, { entry: SOURCE_CHECKPOINT_WORKER, log: (m) => logged.push(m) });
    expect(await checkpointer.ready).toBe(false);
    await until(() => !checkpointer.active);
    expect(logged.join('\n')).toMatch(/checkpointer stopped/);
    expect(autocheckpoint(db)).toBe(WalCheckpointer.DEFAULT_PAGES);
    expect(fs.existsSync(`${file}.missing`)).toBe(false);
  });

  it('the core with a checkpointer: entries saved before close are there after reopening; close waits for the thread', async () => {
    const t = createTestCore({ checkpointer: { entry: SOURCE_CHECKPOINT_WORKER, busyMs: 5, idleMs: 5 } });
    const dir = t.dir;
    expect(await t.core.checkpointerReady()).toBe(true);
    const party = await t.call('parties.create', { type: 'customer', name: 'Ramesh' });
    for (let i = 0; i < 50; i++) await t.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 100 + i });
    await t.core.close();
    // Closed, with no other connection left: the last close removed the log.
    expect(fs.existsSync(`${t.file}-wal`)).toBe(false);
    if (linux) expect(handlesOn(t.file)).toBe(0);
    const again = createTestCore({ dir, file: t.file });
    expect(await again.call('parties.get', { type: 'customer', id: party.id })).toMatchObject({ balancePaise: 50 * 100 + (49 * 50) / 2 });
    expect(again.core.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a core that cannot finish opening leaves no thread and no connection on the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-ckpt-'));
    dirs.push(dir);
    const file = path.join(dir, 'lenden.db');
    await createTestCore({ dir, file }).close();
    // A saved clock that cannot be read: the core stops after the database is open.
    const raw = openDatabase(file, { migrationsFolder: repoMigrationsFolder() });
    raw.prepare("UPDATE sync_state SET value = 'not json' WHERE key = 'hlc'").run();
    raw.close();
    expect(() => createTestCore({ dir, file, checkpointer: { entry: SOURCE_CHECKPOINT_WORKER } })).toThrow(SyntaxError);
    await new Promise((r) => setTimeout(r, 200));
    if (linux) expect(handlesOn(file)).toBe(0);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});

import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LedgerCore } from '../core';
import { repoMigrationsFolder } from '../db/paths';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { createBackup, latestMigrationAt, listBackups, rotateBackups, runDailyBackup, setBackupHost } from '.';

const open: TestCore[] = [];
const extraCores: LedgerCore[] = [];
afterEach(async () => {
  for (const c of extraCores.splice(0)) await c.close();
  for (const t of open.splice(0)) await t.close();
});

function testCore(clock = manualClock()) {
  const t = createTestCore({ now: clock.now });
  open.push(t);
  return t;
}

/** A test core whose restore can close and reopen it, as the Electron shell does. */
function hostedCore(clock = manualClock()) {
  const t = testCore(clock);
  const state = { current: t.core };
  const backupsFolder = path.join(t.dir, 'backups');
  const register = (core: LedgerCore) =>
    setBackupHost(core.db, {
      backupsFolder,
      latestMigrationAt: latestMigrationAt(repoMigrationsFolder()),
      close: () => state.current.close(),
      reopen: async () => {
        state.current = new LedgerCore({ file: t.file, migrationsFolder: repoMigrationsFolder(), now: clock.now });
        extraCores.push(state.current);
        register(state.current);
      },
    });
  register(t.core);
  return { t, state, backupsFolder };
}

async function partyNames(core: LedgerCore): Promise<string[]> {
  const r = await core.handle('parties.list', { type: 'customer' });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { items: { name: string }[] }).items.map((p) => p.name).sort();
}

async function refusal(t: TestCore, file: string, extra: object = {}) {
  const r = await t.core.handle('backup.restore', { path: file, ...extra });
  expect(r.ok).toBe(false);
  return (r as { ok: false; error: { code: string; message: string } }).error;
}

function listFolder(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

describe('backups', () => {
  it('keeps the newest 14 daily backups: the 15th removes the oldest; manual backups stay', async () => {
    const t = testCore();
    const folder = path.join(t.dir, 'backups');
    const manual = await createBackup(t.core.db, folder, 'manual', new Date('2026-10-01T08:00:00.000Z'));
    const made: string[] = [];
    for (let day = 1; day <= 15; day++) {
      made.push((await createBackup(t.core.db, folder, 'auto', new Date(Date.UTC(2026, 10, day, 4, 30)))).fileName);
    }
    expect(listBackups(folder).filter((b) => b.kind === 'auto')).toHaveLength(15);
    const removed = rotateBackups(folder);
    expect(removed.map((f) => path.basename(f))).toEqual([made[0]]);
    const auto = listBackups(folder).filter((b) => b.kind === 'auto');
    expect(auto).toHaveLength(14);
    expect(auto.map((b) => b.fileName)).toEqual(made.slice(1).reverse());
    expect(fs.existsSync(manual.path)).toBe(true);
  });

  it('makes the daily backup once a day and rotates as it goes', async () => {
    const clock = manualClock('2026-11-01T04:30:00.000Z');
    const t = testCore(clock);
    const folder = path.join(t.dir, 'backups');
    expect(await runDailyBackup(t.core.db, folder, clock.now())).not.toBeNull();
    clock.advance(6 * 3600_000);
    expect(await runDailyBackup(t.core.db, folder, clock.now())).toBeNull();
    for (let i = 0; i < 20; i++) {
      clock.advance(24 * 3600_000);
      expect(await runDailyBackup(t.core.db, folder, clock.now())).not.toBeNull();
    }
    expect(listBackups(folder)).toHaveLength(14);
    expect(listFolder(folder).some((f) => f.endsWith('.partial') || f.endsWith('-wal'))).toBe(false);
  });

  it('backup.create writes a self-contained copy with the data, and backup.list shows it', async () => {
    const t = testCore();
    await t.call('parties.create', { type: 'customer', name: 'Ramesh Kirana' });
    const made = await t.call('backup.create', {});
    expect(made.kind).toBe('manual');
    expect(fs.existsSync(`${made.path}-wal`)).toBe(false);
    const copy = new Database(made.path, { readonly: true });
    expect((copy.prepare('SELECT name FROM customers').all() as { name: string }[]).map((r) => r.name)).toEqual(['Ramesh Kirana']);
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    expect((await t.call('backup.list')).map((b) => b.path)).toEqual([made.path]);

    const chosen = path.join(t.dir, 'my-backup.db');
    const saved = await t.call('backup.create', { path: chosen });
    expect(saved.path).toBe(chosen);
    expect((await t.call('backup.inspect', { path: chosen })).partyCount).toBe(1);
  });

  it('rejects relative, missing and directory paths before touching anything', async () => {
    const t = testCore();
    expect((await t.core.handle('backup.restore', { path: 'backup.db' })).ok).toBe(false);
    expect((await refusal(t, path.join(t.dir, 'nope.db'))).message).toMatch(/not found/);
    expect((await refusal(t, t.dir)).message).toMatch(/not a file/);
    expect((await t.core.handle('backup.create', { path: path.join(t.dir, 'no-such-folder', 'x.db') })).ok).toBe(false);
  });

  it('diagnostics.get reports counts and backups without ledger contents', async () => {
    const t = testCore();
    await t.call('parties.create', { type: 'customer', name: 'Sita' });
    await t.call('backup.create', {});
    const d = await t.call('diagnostics.get');
    expect(d.partyCount).toBe(1);
    expect(d.backupCount).toBe(1);
    expect(d.databaseFile).toBe(path.resolve(t.file));
    expect(JSON.stringify(d)).not.toContain('Sita');
  });
});

describe('restore', () => {
  async function setup() {
    const h = hostedCore();
    await h.t.call('parties.create', { type: 'customer', name: 'Asha' });
    const good = await h.t.call('backup.create', {});
    await h.t.call('parties.create', { type: 'customer', name: 'Bharat' });
    return { ...h, good };
  }

  async function expectLiveIntact(h: Awaited<ReturnType<typeof setup>>) {
    expect(h.state.current).toBe(h.t.core);
    expect(await partyNames(h.t.core)).toEqual(['Asha', 'Bharat']);
    expect(listBackups(h.backupsFolder).filter((b) => b.kind === 'replaced')).toHaveLength(0);
    expect(fs.existsSync(`${h.t.file}.restoring`)).toBe(false);
  }

  it('refuses a truncated backup and leaves the live data intact', async () => {
    const h = await setup();
    const cut = path.join(h.t.dir, 'cut.db');
    const bytes = fs.readFileSync(h.good.path);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2 / 4096) * 4096));
    expect((await refusal(h.t, cut)).message).toMatch(/incomplete|cut short/);
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    expect((await refusal(h.t, cut)).message).toMatch(/incomplete|cut short/);
    await expectLiveIntact(h);
  });

  it('refuses a file that is not SQLite and leaves the live data intact', async () => {
    const h = await setup();
    const notDb = path.join(h.t.dir, 'photo.db');
    fs.writeFileSync(notDb, Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n'), Buffer.alloc(8192, 7)]));
    expect((await refusal(h.t, notDb)).message).toMatch(/not a database/);
    const tiny = path.join(h.t.dir, 'tiny.db');
    fs.writeFileSync(tiny, 'hello');
    expect((await refusal(h.t, tiny)).message).toMatch(/too small/);
    await expectLiveIntact(h);
  });

  it("refuses another app's SQLite database and leaves the live data intact", async () => {
    const h = await setup();
    const other = path.join(h.t.dir, 'other-app.sqlite');
    const db = new Database(other);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');");
    db.close();
    const error = await refusal(h.t, other);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/not a Lenden backup/);
    await expectLiveIntact(h);
  });

  it('refuses a damaged backup (integrity check fails) and leaves the live data intact', async () => {
    const h = await setup();
    const damaged = path.join(h.t.dir, 'damaged.db');
    const bytes = Buffer.from(fs.readFileSync(h.good.path));
    const pageSize = bytes.readUInt16BE(16);
    // Scribble over the b-tree pages after the schema page; the header stays valid.
    for (let page = 2; page * pageSize < bytes.length; page += 2) bytes.fill(0xa5, (page - 1) * pageSize, (page - 1) * pageSize + 64);
    fs.writeFileSync(damaged, bytes);
    expect((await refusal(h.t, damaged)).message).toMatch(/damaged|not a Lenden backup|could not be read/);
    await expectLiveIntact(h);
  });

  it('refuses a backup from a newer app version', async () => {
    const h = await setup();
    const newer = path.join(h.t.dir, 'newer.db');
    fs.copyFileSync(h.good.path, newer);
    const db = new Database(newer);
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', Date.now() + 10 * 365 * 86400_000);
    db.close();
    expect((await refusal(h.t, newer)).message).toMatch(/newer version/);
    await expectLiveIntact(h);
  });

  it('asks for confirmation before restoring another business, then restores it', async () => {
    const h = await setup();
    const other = createTestCore();
    open.push(other);
    await other.call('parties.create', { type: 'customer', name: 'Other Shop Customer' });
    const otherBackup = await other.call('backup.create', {});
    const check = await h.t.call('backup.inspect', { path: otherBackup.path });
    expect(check.otherBusiness).toBe(true);
    const error = await refusal(h.t, otherBackup.path);
    expect(error.code).toBe('CONFLICT');
    await expectLiveIntact(h);

    const ourDevice = h.t.core.deviceId;
    const result = await h.t.call('backup.restore', { path: otherBackup.path, confirmOtherBusiness: true });
    expect(result.businessId).toBe(other.core.businessId);
    expect(h.state.current.businessId).toBe(other.core.businessId);
    // The device keeps its own identity, never the other install's.
    expect(h.state.current.deviceId).toBe(ourDevice);
    expect(h.state.current.deviceId).not.toBe(other.core.deviceId);
    expect(await partyNames(h.state.current)).toEqual(['Other Shop Customer']);
  });

  it('round trip: restores the backup, keeps a copy of the replaced data, keeps the device identity, and the reopened core writes', async () => {
    const h = await setup();
    const deviceId = h.t.core.deviceId;
    const before = h.t.core.clock.snapshot();
    const result = await h.t.call('backup.restore', { path: h.good.path });

    const restored = h.state.current;
    expect(restored).not.toBe(h.t.core);
    expect(h.t.core.db.open).toBe(false);
    expect(await partyNames(restored)).toEqual(['Asha']);
    expect(restored.deviceId).toBe(deviceId);
    const after = restored.clock.snapshot();
    expect(after.millis > before.millis || (after.millis === before.millis && after.counter >= before.counter)).toBe(true);

    const kept = new Database(result.replacedCopy, { readonly: true });
    expect((kept.prepare('SELECT name FROM customers ORDER BY name').all() as { name: string }[]).map((r) => r.name)).toEqual(['Asha', 'Bharat']);
    kept.close();
    expect(listBackups(h.backupsFolder).map((b) => b.kind).sort()).toEqual(['manual', 'replaced']);

    const write = await restored.handle('parties.create', { type: 'customer', name: 'Chandu' });
    expect(write.ok).toBe(true);
    expect(await partyNames(restored)).toEqual(['Asha', 'Chandu']);
    expect(listFolder(h.t.dir).filter((f) => f.includes('.restoring') || f.includes('.partial'))).toEqual([]);
    expect((restored.db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok');
  });

  it('refuses to restore the open database onto itself, and restore is refused without a host', async () => {
    const h = await setup();
    expect((await refusal(h.t, h.t.file)).message).toMatch(/open now/);
    const plain = testCore();
    const made = await plain.call('backup.create', {});
    expect((await refusal(plain, made.path)).code).toBe('FORBIDDEN');
  });

  it('refuses to swap while another connection holds the database, and reopens the untouched data', async () => {
    const h = await setup();
    const other = new Database(h.t.file);
    other.pragma('journal_mode = WAL');
    try {
      const error = await refusal(h.t, h.good.path);
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toMatch(/in use/);
    } finally {
      other.close();
    }
    expect(await partyNames(h.state.current)).toEqual(['Asha', 'Bharat']);
  });

  it('puts the previous database back when the restored one cannot be opened', async () => {
    const h = await setup();
    const clock = manualClock();
    let failNext = true;
    const state = { current: h.t.core };
    setBackupHost(h.t.core.db, {
      backupsFolder: h.backupsFolder,
      close: () => state.current.close(),
      reopen: async () => {
        if (failNext) {
          failNext = false;
          throw new Error('migration failed');
        }
        state.current = new LedgerCore({ file: h.t.file, migrationsFolder: repoMigrationsFolder(), now: clock.now });
        extraCores.push(state.current);
      },
    });
    const error = await refusal(h.t, h.good.path);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/put back/);
    expect(await partyNames(state.current)).toEqual(['Asha', 'Bharat']);
    expect((state.current.db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok');
  });

  it('a second restore while one runs is refused', async () => {
    const h = await setup();
    const [a, b] = await Promise.all([h.t.core.handle('backup.restore', { path: h.good.path }), h.t.core.handle('backup.restore', { path: h.good.path })]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const failed = (a.ok ? b : a) as { ok: false; error: { code: string } };
    expect(failed.error.code).toBe('CONFLICT');
    expect(await partyNames(h.state.current)).toEqual(['Asha']);
  });
});

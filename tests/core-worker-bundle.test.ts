import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CoreThread } from '../src-main/core-thread/client';

// The desktop app starts its core from the built out/main/coreWorker.js (electron.vite.config.ts).
// `npm test` builds before running the tests, so that very bundle is started here in a plain
// Node worker thread: it must open the database, answer, restore and close without Electron.
const mainBundle = path.resolve('out', 'main', 'index.js');
const workerBundle = path.resolve('out', 'main', 'coreWorker.js');
const checkpointBundle = path.resolve('out', 'main', 'checkpointWorker.js');
const built = fs.existsSync(mainBundle) && fs.existsSync(workerBundle) && fs.existsSync(checkpointBundle);

describe.skipIf(!built)('the built core worker bundle', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-bundle-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves the core in a worker thread with its built checkpointer: calls, backup and restore, clean close', async () => {
    const file = path.join(dir, 'lenden.db');
    const core = new CoreThread({
      entry: pathToFileURL(workerBundle),
      config: {
        file,
        migrationsFolder: path.resolve('drizzle'),
        version: '1.2.3',
        backupsFolder: path.join(dir, 'backups'),
        checkpointWorker: pathToFileURL(checkpointBundle).href,
        // Plain JavaScript hooks: the built thread has no TypeScript loader.
        testHooks: pathToFileURL(path.resolve('bench', 'stall-hooks.mjs')).href,
      },
    });
    try {
      await core.start();
      expect(await core.call('app.info', {})).toMatchObject({ ok: true, value: { version: '1.2.3' } });
      // The built checkpointer thread runs beside it.
      expect(await core.runTestHook('checkpointer')).toEqual({ ok: true, value: true });
      expect((await core.call('parties.create', { type: 'customer', name: 'Asha' })).ok).toBe(true);
      const backup = await core.call('backup.create', {});
      expect(backup.ok).toBe(true);
      // The restore closes the core, and with it the checkpointer's connection, before it swaps the file.
      expect(await core.call('backup.restore', { path: backup.ok ? backup.value.path : '' })).toMatchObject({ ok: true });
      expect(await core.call('parties.list', { type: 'customer' })).toMatchObject({ ok: true });
      // The core opened after the restore has its own.
      expect(await core.runTestHook('checkpointer')).toEqual({ ok: true, value: true });
    } finally {
      await core.close();
    }
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('keeps the database out of the main bundle: the window’s process only routes', () => {
    const main = fs.readFileSync(mainBundle, 'utf8');
    expect(main).not.toMatch(/from ["']better-sqlite3["']/);
    expect(main).toContain('coreWorker.js');
    expect(main).toContain('checkpointWorker.js');
    expect(fs.readFileSync(checkpointBundle, 'utf8')).toMatch(/wal_checkpoint\(PASSIVE\)/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { resolveAppPaths } from './appPaths';
import { IPC_INVOKE, type Result } from './contract';
import type { CoreThread } from './core-thread/client';
import { registerCore, type RegisterCoreDeps } from './registerCore';
import { registerIpc, type TrustedOrigin } from './registerIpc';
import { createSecureStore } from './secureStore';
import { SOURCE_CHECKPOINT_WORKER, SOURCE_ENTRY } from './core-thread/source-entry';

// The desktop wiring with a stand-in for Electron (no binary here): IPC through the one sender
// guard, on to the core in its worker thread (run from sources), events back to the window,
// the sign-in store answered on this thread with safeStorage, restore, a dying worker, quit.

const dirs: string[] = [];
const cores: CoreThread[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const fakeCipher = {
  encryptString: (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
};

function desktop(opts: { encryption?: boolean; restarts?: RegisterCoreDeps['restarts'] } = {}) {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-desktop-'));
  dirs.push(userData);
  const paths = resolveAppPaths({ appPath: process.cwd(), userData, logs: path.join(userData, 'logs'), isPackaged: false, resourcesPath: '' });
  const secureStore = createSecureStore({
    file: paths.secureStoreFile,
    safeStorage: { isEncryptionAvailable: () => opts.encryption ?? true, getSelectedStorageBackend: () => 'gnome_libsecret', ...fakeCipher },
    platform: 'linux',
    onMemoryOnly: () => undefined,
  });
  const dialog = { showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })) };
  const log = { error: vi.fn(), warn: vi.fn(), info: vi.fn() };
  const forward = vi.fn();
  const onReplaced = vi.fn();
  const workers: Worker[] = [];
  const core = registerCore({
    entry: SOURCE_ENTRY,
    checkpointWorker: SOURCE_CHECKPOINT_WORKER,
    paths,
    version: '9.9.9',
    secureStore,
    dialog: dialog as unknown as RegisterCoreDeps['dialog'],
    log,
    forward,
    onReplaced,
    restarts: opts.restarts,
    spawn: (entry, options) => {
      const worker = new Worker(entry, options);
      workers.push(worker);
      return worker;
    },
  });
  cores.push(core);

  // registerIpc exactly as index.ts wires it: guard first, then the core.
  const mainContents = { isDestroyed: () => false } as unknown as Electron.WebContents;
  const trust: TrustedOrigin = { mainWebContents: () => mainContents, rendererFile: paths.rendererFile };
  let invoke!: (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => Promise<Result<unknown>>;
  registerIpc(
    { handle: (channel: string, fn: typeof invoke) => (expect(channel).toBe(IPC_INVOKE), (invoke = fn)), removeHandler: () => undefined } as never,
    trust,
    (name, input) => core.handle(name, input),
    log,
  );
  const fromPage = (url: string) => ({ sender: mainContents, senderFrame: { url, parent: null } }) as unknown as Electron.IpcMainInvokeEvent;
  const appPage = pathToFileURL(paths.rendererFile).href;
  return { core, paths, dialog, log, forward, onReplaced, workers, ipc: (name: string, input: unknown, url = appPage) => invoke(fromPage(url), name, input) };
}

describe('the desktop core in its worker thread', () => {
  it('takes IPC only through the sender guard, answers from the thread and forwards its events to the window', async () => {
    const d = desktop();
    await d.core.start();
    expect(await d.ipc('parties.create', { type: 'customer', name: 'Evil' }, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await d.ipc('parties.create', { type: 'customer', name: 'Asha' })).toMatchObject({ ok: true, value: { name: 'Asha' } });
    const list = await d.ipc('parties.list', { type: 'customer' });
    expect(list.ok && (list.value as { items: { name: string }[] }).items.map((p) => p.name)).toEqual(['Asha']);
    expect(await d.ipc('app.info', {})).toMatchObject({ ok: true, value: { version: '9.9.9' } });
    expect(d.forward).toHaveBeenCalledWith('db.changed', { tables: expect.arrayContaining(['customers']) });
    expect(d.forward).toHaveBeenCalledWith('sync.status', expect.objectContaining({ state: 'local-only' }));
  });

  it('answers the core’s sign-in store from safeStorage on this thread', async () => {
    const kept = desktop({ encryption: true });
    expect(await kept.core.call('account.current', {})).toMatchObject({ ok: true, value: { sessionPersistent: true } });
    const memoryOnly = desktop({ encryption: false });
    expect(await memoryOnly.core.call('account.current', {})).toMatchObject({ ok: true, value: { sessionPersistent: false } });
  });

  it('restores a backup inside the thread and asks the window to reload', async () => {
    const d = desktop();
    expect((await d.ipc('parties.create', { type: 'customer', name: 'In the backup' })).ok).toBe(true);
    const backup = await d.core.call('backup.create', {});
    expect(backup.ok && path.dirname(backup.value.path)).toBe(d.paths.backupsFolder);
    expect((await d.ipc('parties.create', { type: 'customer', name: 'After the backup' })).ok).toBe(true);
    const restored = await d.core.call('backup.restore', { path: backup.ok ? backup.value.path : '' });
    expect(restored).toMatchObject({ ok: true });
    expect(d.onReplaced).toHaveBeenCalledTimes(1);
    const list = await d.ipc('parties.list', { type: 'customer' });
    expect(list.ok && (list.value as { items: { name: string }[] }).items.map((p) => p.name)).toEqual(['In the backup']);
  });

  it('tells the user when the worker dies and restarts it; after too many, says to reopen Lenden', async () => {
    const d = desktop({ restarts: { max: 1, withinMs: 60_000, delayMs: 1 } });
    expect((await d.ipc('parties.create', { type: 'customer', name: 'Safe' })).ok).toBe(true);
    await d.workers[0]!.terminate();
    await vi.waitFor(() => expect(d.dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ type: 'warning', message: 'Lenden had a problem and restarted' })));
    const list = await d.ipc('parties.list', { type: 'customer' });
    expect(list.ok && (list.value as { items: { name: string }[] }).items.map((p) => p.name)).toEqual(['Safe']);
    await d.workers[1]!.terminate();
    await vi.waitFor(() => expect(d.dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ type: 'error', detail: expect.stringContaining(d.paths.logsFolder) })));
    expect(await d.ipc('app.info', {})).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
  });

  it('on quit closes the database in the thread: sync stopped, WAL checkpointed', async () => {
    const d = desktop();
    expect((await d.ipc('parties.create', { type: 'customer', name: 'Kept' })).ok).toBe(true);
    expect(fs.existsSync(`${d.paths.databaseFile}-wal`)).toBe(true);
    await d.core.close();
    expect(fs.existsSync(`${d.paths.databaseFile}-wal`)).toBe(false);
    expect(d.log.error).not.toHaveBeenCalled();
  });
});

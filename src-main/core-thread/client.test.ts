import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { repoMigrationsFolder } from '../core/db/paths';
import type { SecureStore } from '../core/sync/secure-store';
import { SOURCE_ENTRY } from './source-entry';
import { CLOSED, CORE_YOUNG_GENERATION_MB, CoreThread, CRASHED, STOPPED, TIMED_OUT, type CoreThreadOptions } from './client';
import { TEST_HOOKS_MODULE } from './test-hooks';

// CoreThread against real worker threads: the real core (run from sources, as the browser
// shell does), and small misbehaving workers written here to show what the routing thread
// does when the other side sends garbage, dies, never starts or never closes.

let dir: string;
const threads: CoreThread[] = [];
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-client-'));
});
afterEach(async () => {
  for (const t of threads.splice(0)) await t.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function thread(opts: Partial<CoreThreadOptions> & { file?: string } = {}) {
  const log = vi.fn();
  const t = new CoreThread({
    entry: SOURCE_ENTRY,
    config: { file: opts.file ?? path.join(fs.mkdtempSync(path.join(dir, 'db-')), 'lenden.db'), migrationsFolder: repoMigrationsFolder(), testHooks: TEST_HOOKS_MODULE },
    log,
    ...opts,
  });
  threads.push(t);
  return { t, log };
}

/** A stand-in worker: `onCall` is the body of a function (message, port) run for each call. */
function fakeWorker(name: string, body: { atStart?: string; onCall?: string; onClose?: string; onPing?: string }): URL {
  const file = path.join(dir, `${name}.mjs`);
  fs.writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';
${body.atStart ?? "parentPort.postMessage({ kind: 'ready' });"}
parentPort.on('message', (message) => {
  if (message.kind === 'call') { ${body.onCall ?? ''} }
  if (message.kind === 'ping') { ${body.onPing ?? "parentPort.postMessage({ kind: 'pong', id: message.id });"} }
  if (message.kind === 'close') { ${body.onClose ?? "parentPort.postMessage({ kind: 'closed' }); parentPort.close();"} }
});
`,
  );
  return pathToFileURL(file);
}

describe('CoreThread with the real core', () => {
  it('answers contract calls, unknown methods and events across the thread', async () => {
    const { t } = thread();
    const changed: string[][] = [];
    t.on('db.changed', (payload) => changed.push(payload.tables));
    await t.start();
    const created = await t.call('parties.create', { type: 'customer', name: 'Asha' });
    expect(created).toMatchObject({ ok: true, value: { name: 'Asha', type: 'customer' } });
    expect(await t.handle('nope.nothing', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await t.handle('parties.create', { type: 'customer', name: 'x'.repeat(5000) })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // A function cannot cross to another thread: refused here, in words.
    expect(await t.handle('parties.create', { type: 'customer', name: 'Asha', sneaky: () => 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/cannot be sent to the core/) } });
    await vi.waitFor(() => expect(changed).toContainEqual(expect.arrayContaining(['customers'])));
    // The browser shell's form: the Result as JSON bytes, serialized in the core's thread.
    const json = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    expect(json(await t.handleJson('parties.list', { type: 'customer' }))).toMatchObject({ ok: true, value: { items: [{ name: 'Asha' }] } });
    expect(json(await t.handleJson('nope.nothing', {}))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await t.close();
    expect(json(await t.handleJson('app.info', {}))).toEqual(CLOSED);
  });

  it('starts the core with its larger young generation', async () => {
    let worker: Worker | undefined;
    const { t } = thread({ spawn: (entry, options) => (worker = new Worker(entry, options)) });
    await t.start();
    // What the running thread's isolate was given (V8 splits it into two semi-spaces and a
    // space for large new objects, a third each: larger than its default semi-space of 16 MB).
    expect(worker!.resourceLimits?.maxYoungGenerationSizeMb).toBe(CORE_YOUNG_GENERATION_MB);
    expect(CORE_YOUNG_GENERATION_MB / 3).toBeGreaterThan(16);
    expect(await t.call('parties.create', { type: 'customer', name: 'Asha' })).toMatchObject({ ok: true });
    await t.close();
  });

  it('the real worker refuses garbage in words and keeps serving', async () => {
    let worker: Worker | undefined;
    const { t, log } = thread({ spawn: (entry, options) => (worker = new Worker(entry, options)) });
    await t.start();
    worker!.postMessage('DROP TABLE customers');
    worker!.postMessage({ kind: 'call', id: 'seven', method: 'app.info' });
    // Garbage that carries an id is answered, so a caller could never wait on it forever.
    worker!.postMessage({ kind: 'secret-answer', id: 99_999 });
    await vi.waitFor(() => {
      expect(log).toHaveBeenCalledWith('warn', 'the core refused a message: a message to the core must be an object with a kind', undefined);
      expect(log).toHaveBeenCalledWith('warn', 'the core refused a message: a call needs a positive whole-number id', undefined);
      expect(log).toHaveBeenCalledWith('warn', 'the core answered a call nobody is waiting for (99999)', undefined);
    });
    expect(await t.call('app.info', {})).toMatchObject({ ok: true });
  });

  it('keeps the sign-in store on the routing thread and the core follows its persistence', async () => {
    const values = new Map<string, string>();
    const store: SecureStore = { persistent: true, get: async (k) => values.get(k) ?? null, set: async (k, v) => void values.set(k, v), delete: async (k) => void values.delete(k) };
    const { t } = thread({ secureStore: store });
    expect(await t.call('account.current', {})).toMatchObject({ ok: true, value: { sessionPersistent: true } });
    expect(await t.runTestHook('secret', { op: 'set', key: 'session', value: 'token-1' })).toEqual({ ok: true, value: { value: null, persistent: true } });
    expect(values.get('session')).toBe('token-1');
    expect(await t.runTestHook('secret', { op: 'get', key: 'session' })).toEqual({ ok: true, value: { value: 'token-1', persistent: true } });
  });

  it('fails a call whose thread dies mid-call, says so, restarts the thread and serves again on the same data', async () => {
    const onCrash = vi.fn();
    const { t, log } = thread({ onCrash, restarts: { max: 3, withinMs: 60_000, delayMs: 10 } });
    expect((await t.call('parties.create', { type: 'customer', name: 'Before the crash' })).ok).toBe(true);
    const crashed = await t.runTestHook('crashMidCall', { message: 'the disk fell off' });
    expect(crashed).toEqual(CRASHED);
    expect(onCrash).toHaveBeenCalledWith({ error: expect.stringContaining('the disk fell off'), restarting: true });
    expect(log).toHaveBeenCalledWith('error', 'the core thread stopped; starting it again', expect.stringContaining('the disk fell off'));
    // Calls made while it restarts wait for it instead of failing.
    const list = await t.call('parties.list', { type: 'customer' });
    expect(list.ok && list.value.items.map((p) => p.name)).toEqual(['Before the crash']);
  });

  it('closes the database cleanly (WAL checkpointed) and refuses calls after', async () => {
    const file = path.join(fs.mkdtempSync(path.join(dir, 'db-')), 'lenden.db');
    const { t } = thread({ file });
    expect((await t.call('parties.create', { type: 'customer', name: 'Chand' })).ok).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    await t.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(await t.call('app.info', {})).toEqual(CLOSED);
    expect(t.stopped).toBe(true);
  });

  it('rejects start with the reason when the database cannot be opened, and does not restart', async () => {
    const file = path.join(fs.mkdtempSync(path.join(dir, 'db-')), 'lenden.db');
    fs.writeFileSync(file, 'these are words, not a database');
    const onCrash = vi.fn();
    const { t } = thread({ file, onCrash });
    await expect(t.start()).rejects.toThrow(/not a database/);
    expect(await t.call('app.info', {})).toEqual(STOPPED);
    expect(onCrash).not.toHaveBeenCalled();
  });
});

describe('CoreThread with a misbehaving worker', () => {
  it('refuses garbage from the thread with a clear log line and still delivers the real answer', async () => {
    const entry = fakeWorker('garbage', {
      onCall: `
        parentPort.postMessage('hello');
        parentPort.postMessage({ kind: 'result', id: 'one', result: { ok: true, value: 1 } });
        parentPort.postMessage({ kind: 'event', event: 'db.dropped', payload: {} });
        parentPort.postMessage({ kind: 'result', id: 9999, result: { ok: true, value: 'nobody asked' } });
        parentPort.postMessage({ kind: 'result', id: message.id, result: { ok: true, value: 'fine' } });`,
    });
    const dropped = vi.fn();
    const { t, log } = thread({ entry });
    t.on('db.changed', dropped);
    expect(await t.handle('app.info', {})).toEqual({ ok: true, value: 'fine' });
    expect(log).toHaveBeenCalledWith('warn', 'refused a message from the core: a message from the core must be an object with a kind', undefined);
    expect(log).toHaveBeenCalledWith('warn', expect.stringMatching(/refused a message from the core: a result needs an id/), undefined);
    expect(log).toHaveBeenCalledWith('warn', 'refused a message from the core: unknown event "db.dropped"', undefined);
    expect(log).toHaveBeenCalledWith('warn', 'the core answered a call nobody is waiting for (9999)', undefined);
    expect(dropped).not.toHaveBeenCalled();
  });

  it('restarts a dying thread a bounded number of times, then answers in plain words and tells the shell', async () => {
    const entry = fakeWorker('crashy', { onCall: "setImmediate(() => { throw new Error('boom'); });" });
    const onCrash = vi.fn();
    const { t } = thread({ entry, onCrash, restarts: { max: 2, withinMs: 60_000, delayMs: 1 } });
    expect(await t.handle('app.info', {})).toEqual(CRASHED);
    expect(await t.handle('app.info', {})).toEqual(CRASHED);
    expect(await t.handle('app.info', {})).toEqual(CRASHED);
    expect(onCrash.mock.calls.map(([c]) => c.restarting)).toEqual([true, true, false]);
    expect(onCrash).toHaveBeenLastCalledWith({ error: expect.stringContaining('boom'), restarting: false });
    expect(await t.handle('app.info', {})).toEqual(STOPPED);
    expect(t.stopped).toBe(true);
  });

  it('gives up on a thread that never says ready, and on one that fails while loading', async () => {
    const silent = thread({ entry: fakeWorker('silent', { atStart: '' }), readyTimeoutMs: 200 });
    await expect(silent.t.start()).rejects.toThrow(/did not open the database within/);
    expect(await silent.t.handle('app.info', {})).toEqual(STOPPED);
    const broken = thread({ entry: fakeWorker('broken', { atStart: "throw new Error('missing piece');" }) });
    await expect(broken.t.start()).rejects.toThrow(/missing piece/);
  });

  it('answers a call that takes too long with TIMED_OUT, keeps a thread that still answers, and drops the late answer quietly', async () => {
    const entry = fakeWorker('slow', { onCall: "setTimeout(() => parentPort.postMessage({ kind: 'result', id: message.id, result: { ok: true, value: 'late' } }), 300);" });
    const onCrash = vi.fn();
    const { t, log } = thread({ entry, onCrash, callTimeoutMs: 100, hungAfterMs: 200 });
    expect(await t.handle('app.info', {})).toEqual(TIMED_OUT);
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith('info', expect.stringMatching(/timed out finished after all/), undefined));
    expect(log).not.toHaveBeenCalledWith('warn', expect.stringMatching(/nobody is waiting/), undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onCrash).not.toHaveBeenCalled();
    expect(t.stopped).toBe(false);
  });

  it('ends a thread that stops answering (a busy loop), fails what waits on it and starts it again', async () => {
    const entry = fakeWorker('spin', {
      onCall: "if (message.method === 'spin') for (;;) {} parentPort.postMessage({ kind: 'result', id: message.id, result: { ok: true, value: 'fine' } });",
    });
    const onCrash = vi.fn();
    const { t } = thread({ entry, onCrash, callTimeoutMs: 100, hungAfterMs: 200, restarts: { max: 3, withinMs: 60_000, delayMs: 1 } });
    await t.start();
    const spinning = t.handle('spin', {});
    const behind = t.handle('app.info', {});
    expect(await spinning).toEqual(TIMED_OUT);
    expect(await behind).toEqual(TIMED_OUT);
    await vi.waitFor(() => expect(onCrash).toHaveBeenCalledWith({ error: expect.stringMatching(/stopped answering \(no reply within 0.2 s\)/), restarting: true }));
    expect(await t.handle('app.info', {})).toEqual({ ok: true, value: 'fine' });
  });

  it('ends a thread that does not close in time, and fails what was still waiting', async () => {
    const entry = fakeWorker('stubborn', { onCall: '', onClose: '' });
    const { t, log } = thread({ entry, closeTimeoutMs: 100 });
    await t.start();
    const waiting = t.handle('app.info', {});
    await t.close();
    expect(await waiting).toEqual(CLOSED);
    expect(log).toHaveBeenCalledWith('error', 'the core did not close its database in time; ending it', undefined);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { repoMigrationsFolder } from '../core/db/paths';
import type { CoreThreadConfig, FromCore } from './protocol';
import { serveCore } from './serve';
import { TEST_HOOKS_MODULE } from './test-hooks';

// The core thread's side of the protocol, run on a MessageChannel in this thread: the same
// code the worker runs (entry.ts only hands it parentPort), with a real core on a real file.

const open: { port: MessagePort; dir: string }[] = [];
afterEach(() => {
  for (const { port, dir } of open.splice(0)) {
    port.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function serve(config: Partial<CoreThreadConfig> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-serve-'));
  const { port1, port2 } = new MessageChannel();
  open.push({ port: port2, dir });
  const inbox: FromCore[] = [];
  const waiters: { match(m: FromCore): boolean; resolve(m: FromCore): void }[] = [];
  port2.on('message', (message: FromCore) => {
    const at = waiters.findIndex((w) => w.match(message));
    if (at >= 0) waiters.splice(at, 1)[0]!.resolve(message);
    else inbox.push(message);
  });
  const served = serveCore(port1, { file: path.join(dir, 'lenden.db'), migrationsFolder: repoMigrationsFolder(), secretsPersistent: false, ...config });
  /** The next message (already received or still to come) that matches. */
  const next = <K extends FromCore['kind']>(kind: K, match: (m: Extract<FromCore, { kind: K }>) => boolean = () => true) =>
    new Promise<Extract<FromCore, { kind: K }>>((resolve) => {
      const test = (m: FromCore) => m.kind === kind && match(m as Extract<FromCore, { kind: K }>);
      const at = inbox.findIndex(test);
      if (at >= 0) return resolve(inbox.splice(at, 1)[0] as Extract<FromCore, { kind: K }>);
      waiters.push({ match: test, resolve: resolve as (m: FromCore) => void });
    });
  let id = 0;
  const call = async (method: unknown, input: unknown = {}) => {
    const mine = ++id;
    port2.postMessage({ kind: 'call', id: mine, method, input });
    return (await next('result', (m) => m.id === mine)).result;
  };
  return { port: port2, dir, served, next, call, inbox };
}

describe('the core thread side', () => {
  it('says ready, answers calls through dispatch and forwards the events of a write', async () => {
    const s = serve();
    await s.next('ready');
    const created = await s.call('parties.create', { type: 'customer', name: 'Asha' });
    expect(created).toMatchObject({ ok: true, value: { name: 'Asha' } });
    expect(await s.next('event', (m) => m.event === 'db.changed')).toEqual({ kind: 'event', event: 'db.changed', payload: { tables: expect.arrayContaining(['customers']) } });
    expect(await s.call('parties.create', { type: 'customer', name: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('warms the documents up after start without holding up calls, and closes cleanly', async () => {
    const s = serve({ warmDocumentsAfterMs: 0 });
    await s.next('ready');
    // Calls keep coming while it warms up: each is answered, and no step fails.
    for (let i = 0; i < 5; i++) {
      expect(await s.call('parties.create', { type: 'customer', name: `Asha ${i}` })).toMatchObject({ ok: true });
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const statement = await s.call('documents.partyStatement', { partyType: 'customer', partyId: ((await s.call('parties.list', { type: 'customer' })) as { value: { items: { id: string }[] } }).value.items[0]!.id, from: '2026-01-01', to: '2026-12-31' });
    expect(statement).toMatchObject({ ok: true, value: { base64: expect.any(String) } });
    s.port.postMessage({ kind: 'close' });
    await s.next('closed');
    await s.served;
    expect(s.inbox.filter((m) => m.kind === 'log' && /warming up/.test(m.message))).toEqual([]);
  });

  it('answers unknown methods with NOT_FOUND, as the core does for every shell', async () => {
    const s = serve();
    expect(await s.call('nope.nothing')).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Unknown method "nope.nothing"' } });
    expect(await s.call('__proto__')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await s.call(12)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Structured clone keeps a Date a Date: dispatch still refuses what is not plain data.
    expect(await s.call('parties.list', new Date())).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Input must be a plain object.' } });
  });

  it('refuses garbage with a clear error: a reply when the message has an id, a warning in the log otherwise', async () => {
    const s = serve();
    await s.next('ready');
    s.port.postMessage({ kind: 'call', id: 'seven', method: 'app.info' });
    expect(await s.next('log', (m) => /whole-number id/.test(m.message))).toMatchObject({ level: 'warn', message: 'the core refused a message: a call needs a positive whole-number id' });
    s.port.postMessage({ kind: 'secret-answer', id: 4 });
    expect(await s.next('result', (m) => m.id === 4)).toEqual({
      kind: 'result',
      id: 4,
      result: { ok: false, error: { code: 'VALIDATION', message: 'The core refused a message: a secret answer needs an id, a result and persistent.' } },
    });
    s.port.postMessage('DROP TABLE customers');
    expect(await s.next('log', (m) => /must be an object/.test(m.message))).toMatchObject({ level: 'warn' });
    // Still serving.
    expect(await s.call('app.info')).toMatchObject({ ok: true });
  });

  it('asks the routing thread for every secret and takes its word on persistence', async () => {
    const s = serve({ testHooks: TEST_HOOKS_MODULE });
    s.port.postMessage({ kind: 'test-hook', id: 900, name: 'secret', arg: { op: 'set', key: 'session', value: 's3cret' } });
    const set = await s.next('secret', (m) => m.op === 'set');
    expect(set).toMatchObject({ op: 'set', key: 'session', value: 's3cret' });
    s.port.postMessage({ kind: 'secret-answer', id: set.id, result: { ok: true, value: null }, persistent: true });
    expect((await s.next('result', (m) => m.id === 900)).result).toEqual({ ok: true, value: { value: null, persistent: true } });

    s.port.postMessage({ kind: 'test-hook', id: 901, name: 'secret', arg: { op: 'get', key: 'session' } });
    const get = await s.next('secret', (m) => m.op === 'get');
    s.port.postMessage({ kind: 'secret-answer', id: get.id, result: { ok: false, error: { code: 'INTERNAL', message: 'keyring locked' } }, persistent: false });
    expect((await s.next('result', (m) => m.id === 901)).result).toMatchObject({ ok: false, error: { message: expect.stringContaining('keyring locked') } });
    // account.current reads persistence synchronously: it follows the last answer.
    expect(await s.call('account.current')).toMatchObject({ ok: true, value: { sessionPersistent: false } });
  });

  it('runs test hooks only when the shell named a hooks module', async () => {
    const s = serve();
    s.port.postMessage({ kind: 'test-hook', id: 5, name: 'sql', arg: { sql: 'DELETE FROM customers', mode: 'run' } });
    expect((await s.next('result', (m) => m.id === 5)).result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Test hooks are not enabled for this core.' } });
    const t = serve({ testHooks: TEST_HOOKS_MODULE });
    t.port.postMessage({ kind: 'test-hook', id: 6, name: 'constructor', arg: {} });
    expect((await t.next('result', (m) => m.id === 6)).result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('on close finishes calls in flight, stops sync, closes the database (WAL checkpointed) and says closed', async () => {
    const s = serve();
    const party = await s.call('parties.create', { type: 'customer', name: 'Bharat' });
    expect(party).toMatchObject({ ok: true });
    expect(fs.existsSync(path.join(s.dir, 'lenden.db-wal'))).toBe(true);
    // A PDF asked for just before closing is finished first, not cut off.
    const partyId = (party as { value: { id: string } }).value.id;
    s.port.postMessage({ kind: 'call', id: 50, method: 'documents.partyStatement', input: { partyType: 'customer', partyId, from: '2026-01-01', to: '2026-12-31' } });
    s.port.postMessage({ kind: 'close' });
    const order: string[] = [];
    const statement = s.next('result', (m) => m.id === 50).then((m) => (order.push('statement'), m.result));
    await s.next('closed').then(() => order.push('closed'));
    expect(await statement).toMatchObject({ ok: true, value: { mimeType: 'application/pdf' } });
    expect(order).toEqual(['statement', 'closed']);
    expect(fs.existsSync(path.join(s.dir, 'lenden.db-wal'))).toBe(false);
    await s.served;
  });

  it('reports a database it cannot open instead of serving', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-serve-bad-'));
    const file = path.join(dir, 'lenden.db');
    fs.writeFileSync(file, 'not a database at all, just some words in a file');
    const s = serve({ file });
    expect(await s.next('open-failed')).toEqual({ kind: 'open-failed', message: expect.stringMatching(/not a database/) });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { METHOD_NAMES } from '../contract';
import { TEST_HOOKS_MODULE } from '../core-thread/test-hooks';
import { startWebHost, type WebHost } from './host';

let host: WebHost;
let dir: string;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-web-'));
  const renderer = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  host = await startWebHost({ dataDir: path.join(dir, 'data'), rendererDir: renderer });
  base = new URL(host.url).origin;
});

afterAll(async () => {
  await host.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const bridgeUrl = (token: string) => `${base.replace('http', 'ws')}/bridge?token=${encodeURIComponent(token)}`;

/** Resolves with the socket once open, or with the HTTP status of a refused upgrade. */
function connect(token: string, origin: string | null = base): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(bridgeUrl(token), origin ? { origin } : {});
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.on('error', () => resolve({ status: -1 }));
  });
}

function nextMessage(ws: WebSocket): Promise<{ id?: unknown; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } }; event?: string; payload?: unknown }> {
  // Skips pushed events: a write's db.changed can arrive before its reply.
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data));
      if (message.event) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
  });
}

describe('web host bridge', () => {
  it('refuses a connection without the token or with a wrong one', async () => {
    expect((await connect('')).status).toBe(401);
    expect((await connect(host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A'))).status).toBe(401);
    expect((await connect(host.token + 'x')).status).toBe(401);
  });

  it('refuses a connection from another origin or with no origin, even with the token', async () => {
    expect((await connect(host.token, 'http://evil.example')).status).toBe(403);
    expect((await connect(host.token, 'http://localhost:' + new URL(base).port)).status).toBe(403);
    expect((await connect(host.token, null)).status).toBe(403);
  });

  it('answers contract calls and pushes db.changed', async () => {
    const { ws } = await connect(host.token);
    expect(ws).toBeDefined();
    const events: string[] = [];
    ws!.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.event) events.push(m.event + ':' + m.payload.tables.join(','));
    });
    ws!.send(JSON.stringify({ id: 1, method: 'parties.create', input: { type: 'customer', name: 'Ramesh' } }));
    const reply = await nextMessage(ws!);
    expect(reply.id).toBe(1);
    expect(reply.result?.ok).toBe(true);
    expect((reply.result?.value as { name: string }).name).toBe('Ramesh');
    await new Promise((r) => setTimeout(r, 50));
    expect(events.some((e) => e.startsWith('db.changed:') && e.includes('customers'))).toBe(true);
    ws!.send(JSON.stringify({ id: 2, method: 'parties.create', input: { type: 'customer', name: '' } }));
    const invalid = await nextMessage(ws!);
    expect(invalid.result?.ok).toBe(false);
    expect(invalid.result?.error?.code).toBe('VALIDATION');
    ws!.close();
  });

  it('answers garbage with an error result and keeps serving', async () => {
    const { ws } = await connect(host.token);
    const sock = ws!;
    sock.send('not json {');
    expect((await nextMessage(sock)).result?.error?.code).toBe('VALIDATION');
    sock.send('[1,2,3]');
    expect((await nextMessage(sock)).result?.error?.code).toBe('VALIDATION');
    sock.send(JSON.stringify({ id: 7, method: 'nope.nothing', input: {} }));
    const unknown = await nextMessage(sock);
    expect(unknown.id).toBe(7);
    expect(unknown.result?.error?.code).toBe('NOT_FOUND');
    sock.send(JSON.stringify({ id: 8, method: '__proto__', input: {} }));
    expect((await nextMessage(sock)).result?.error?.code).toBe('NOT_FOUND');
    sock.send(Buffer.from([0, 1, 2]), { binary: true });
    expect((await nextMessage(sock)).result?.error?.code).toBe('VALIDATION');
    sock.send('x'.repeat(5 * 1024 * 1024));
    const huge = await nextMessage(sock);
    expect(huge.result?.error?.message).toMatch(/too large/);
    sock.send(JSON.stringify({ id: 9, method: 'app.info' }));
    expect((await nextMessage(sock)).result?.ok).toBe(true);
    sock.close();
  });

  it('closes (not crashes) on a frame beyond the hard cap, and still serves others', async () => {
    const { ws } = await connect(host.token);
    const closed = new Promise<number>((resolve) => ws!.on('close', (code) => resolve(code)));
    ws!.send(Buffer.alloc(17 * 1024 * 1024, 0x61));
    expect(await closed).toBe(1009);
    const { ws: again } = await connect(host.token);
    again!.send(JSON.stringify({ id: 1, method: 'app.info', input: {} }));
    expect((await nextMessage(again!)).result?.ok).toBe(true);
    again!.close();
  });
});

describe('web host http', () => {
  it('serves index.html with the bridge script and a strict CSP', async () => {
    const res = await fetch(base + '/');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(await res.text()).toContain('<script src="./lenden-bridge.js"></script>');
    expect((await fetch(base + '/assets/app.js')).status).toBe(200);
  });

  it('serves a bridge script naming exactly the contract methods and no token', async () => {
    const js = await (await fetch(base + '/lenden-bridge.js')).text();
    const methods = JSON.parse(/const METHODS = (\[.*?\]);/.exec(js)![1]!);
    expect(methods).toEqual([...METHOD_NAMES]);
    expect(js).not.toContain(host.token);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt']) {
      expect((await fetch(base + p)).status).toBe(404);
    }
  });
});

describe('web host lifecycle', () => {
  it('runs the core in its own thread, starts its sync loop, and has closed the database cleanly once stop resolves', async () => {
    const dataDir = path.join(dir, 'lifecycle');
    const own = await startWebHost({ dataDir, rendererDir: path.join(dir, 'renderer'), testHooks: TEST_HOOKS_MODULE });
    // Not signed in yet: the restored loop reports local-only.
    expect(await own.core.call('sync.status', {})).toEqual({ ok: true, value: { state: 'local-only', pending: 0 } });
    expect((await own.core.call('parties.create', { type: 'customer', name: 'Asha' })).ok).toBe(true);
    // The database is open in the core's thread, not in this one.
    const inCore = await own.core.runTestHook('sql', { sql: 'PRAGMA journal_mode', mode: 'get' });
    expect(inCore).toEqual({ ok: true, value: { journal_mode: 'wal' } });
    // Its checkpointer thread is running: the core leaves copying the log to it.
    expect(await own.core.runTestHook('checkpointer')).toEqual({ ok: true, value: true });
    expect(await own.core.runTestHook('sql', { sql: 'PRAGMA wal_autocheckpoint', mode: 'get' })).toEqual({ ok: true, value: { wal_autocheckpoint: 16_384 } });
    expect(fs.existsSync(path.join(dataDir, 'lenden.db-wal'))).toBe(true);
    await own.stop();
    // Closing the last connection checkpoints the WAL into the file and removes it.
    expect(fs.existsSync(path.join(dataDir, 'lenden.db-wal'))).toBe(false);
    expect(own.core.stopped).toBe(true);
    expect(await own.core.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    const db = new Database(path.join(dataDir, 'lenden.db'), { readonly: true });
    expect(db.prepare('SELECT name FROM customers').all()).toEqual([{ name: 'Asha' }]);
    db.close();
  });

  it('starts the core thread from the entry it is given (the bench gives the built out/main/coreWorker.js), and sends big answers whole', async () => {
    const entry = path.join(dir, 'given-core.mjs');
    fs.writeFileSync(
      entry,
      `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (m) => {
        const result = { ok: true, value: { from: 'the given entry', method: m.method, big: m.method === 'big' ? 'ख'.repeat(1_500_000) + '"\\n' : undefined } };
        if (m.kind === 'call' && m.json) {
          const json = new TextEncoder().encode(JSON.stringify(result));
          parentPort.postMessage({ kind: 'result-json', id: m.id, json }, [json.buffer]);
        } else if (m.kind === 'call') parentPort.postMessage({ kind: 'result', id: m.id, result });
        if (m.kind === 'close') parentPort.postMessage({ kind: 'closed' });
      });
      parentPort.postMessage({ kind: 'ready' });`,
    );
    const own = await startWebHost({ dataDir: path.join(dir, 'given'), rendererDir: path.join(dir, 'renderer'), coreEntry: entry });
    expect(await own.core.call('app.info', {})).toEqual({ ok: true, value: { from: 'the given entry', method: 'app.info' } });
    // A 4.5 MB answer goes out as fragments of one text message: the page gets it whole, byte for byte.
    const origin = new URL(own.url).origin;
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/bridge?token=${encodeURIComponent(own.token)}`, { origin });
    await new Promise((resolve) => ws.once('open', resolve));
    const frames: { data: string; isBinary: boolean }[] = [];
    const got = new Promise<void>((resolve) => ws.on('message', (data, isBinary) => (frames.push({ data: String(data), isBinary }), frames.length === 2 && resolve())));
    ws.send(JSON.stringify({ id: 7, method: 'big', input: {} }));
    ws.send(JSON.stringify({ id: 8, method: 'small', input: {} }));
    await got;
    expect(frames.map((f) => f.isBinary)).toEqual([false, false]);
    const big = { ok: true, value: { from: 'the given entry', method: 'big', big: 'ख'.repeat(1_500_000) + '"\n' } };
    expect(frames[0]!.data).toBe(`{"id":7,"result":${JSON.stringify(big)}}`);
    expect(JSON.parse(frames[1]!.data)).toEqual({ id: 8, result: { ok: true, value: { from: 'the given entry', method: 'small' } } });
    ws.close();
    await own.stop();
  });

  it('refuses to start, with the reason, when the database cannot be opened', async () => {
    const dataDir = path.join(dir, 'broken');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'lenden.db'), 'this is not a database, it only has the name of one');
    await expect(startWebHost({ dataDir, rendererDir: path.join(dir, 'renderer'), log: () => undefined })).rejects.toThrow(/not a database/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { METHOD_NAMES } from '../contract';
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
  it('starts the sync loop of the core it opens and has closed the database once stop resolves', async () => {
    const own = await startWebHost({ dataDir: path.join(dir, 'lifecycle'), rendererDir: path.join(dir, 'renderer') });
    // Not signed in yet: the restored loop reports local-only.
    expect(own.core.sync.status()).toEqual({ state: 'local-only', pending: 0 });
    expect((await own.core.handle('account.current', {})).ok).toBe(true);
    await own.stop();
    expect(own.core.db.open).toBe(false);
  });

  it('leaves a core it was given open for its owner', async () => {
    const other = await startWebHost({ dataDir: path.join(dir, 'given'), rendererDir: path.join(dir, 'renderer'), core: host.core });
    await other.stop();
    expect(host.core.db.open).toBe(true);
  });
});

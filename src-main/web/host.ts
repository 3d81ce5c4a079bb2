import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { EVENT_NAMES } from '../contract';
import { repoMigrationsFolder } from '../core/db/paths';
import type { SecureStore } from '../core/sync/secure-store';
import { CoreThread } from '../core-thread/client';
import { WARM_DOCUMENTS_AFTER_MS, type SyncTuning } from '../core-thread/protocol';
import { SOURCE_CHECKPOINT_WORKER, SOURCE_ENTRY } from '../core-thread/source-entry';
import { bridgeScript } from './bridge-script';
import { Outgoing } from './outgoing';
import { readStatic } from './static-files';

/** Frames above this get an error result without being parsed (same cap as dispatch). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
const REPLY_END = Buffer.from('}');
/** Frames above this are not even buffered: the socket is closed with 1009 (too big). */
const HARD_FRAME_BYTES = 16 * 1024 * 1024;

export interface WebHostOptions {
  dataDir: string;
  port?: number;
  /** The built renderer (default out/renderer at the repository root). */
  rendererDir?: string;
  /** Sync tuning for the core; Realtime uses the `ws` package (Node 20 has no WebSocket). */
  sync?: SyncTuning;
  /** Where the signed-in session is kept. Default: memory only, so a restart asks to sign in again. */
  secureStore?: SecureStore;
  log?: (message: string, detail?: string) => void;
  /** Tests and benchmarks only: a module of functions that may run inside the core thread (core-thread/test-hooks.ts). */
  testHooks?: string;
  /**
   * The core thread's entry. Default: the TypeScript sources through tsx (dev-entry.mjs). The
   * built out/main/coreWorker.js is what the desktop app runs: no tsx loader in the thread.
   */
  coreEntry?: URL | string;
}

export interface WebHost {
  /** Open this in a browser: it carries the token in the fragment. */
  url: string;
  token: string;
  /** The core, running in its own thread: this host only routes messages to and from it. */
  core: CoreThread;
  stop(): Promise<void>;
}

export function repoRendererDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'out', 'renderer');
    dir = path.dirname(dir);
  }
  return path.resolve('out', 'renderer');
}

const digest = (value: string) => createHash('sha256').update(value).digest();
/** Constant time: both sides are hashed to 32 bytes first so lengths never leak either. */
export const tokenMatches = (given: string | null | undefined, expected: string) =>
  typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));

function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ws://127.0.0.1:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const asFileUrl = (entry: URL | string): URL => (entry instanceof URL ? entry : entry.startsWith('file:') ? new URL(entry) : pathToFileURL(entry));

/** The core in its own worker thread, the same one the desktop app starts (DESIGN.md section 1). */
function openCore(opts: WebHostOptions): CoreThread {
  const log = opts.log ?? ((message: string, detail?: string) => console.error(message, detail ?? ''));
  // A built core thread has its checkpointer built beside it (out/main/checkpointWorker.js).
  const checkpointWorker = opts.coreEntry ? new URL('./checkpointWorker.js', asFileUrl(opts.coreEntry)) : SOURCE_CHECKPOINT_WORKER;
  return new CoreThread({
    entry: opts.coreEntry ?? SOURCE_ENTRY,
    config: {
      file: path.join(opts.dataDir, 'lenden.db'),
      migrationsFolder: repoMigrationsFolder(),
      nodeWebSocket: true,
      sync: opts.sync,
      testHooks: opts.testHooks,
      warmDocumentsAfterMs: WARM_DOCUMENTS_AFTER_MS,
      checkpointWorker: checkpointWorker.href,
    },
    secureStore: opts.secureStore,
    log: (level, message, detail) => level !== 'info' && log(message, detail),
    onCrash: (crash) => log(crash.restarting ? 'The Lenden core stopped; starting it again.' : 'The Lenden core stopped and was not restarted.', crash.error),
  });
}

/**
 * The browser shell (DESIGN.md section 6): a loopback HTTP server that serves the built
 * renderer and answers the contract over a token-guarded WebSocket. The real core runs in its
 * own thread (core-thread/), so this thread only routes frames and never blocks on a sync,
 * a PDF or an export.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const core = openCore(opts);
  try {
    await core.start();
  } catch (error) {
    await core.close();
    throw error;
  }
  const rendererDir = opts.rendererDir ?? repoRendererDir();
  const token = randomBytes(32).toString('base64url');
  const script = bridgeScript();
  let port = 0;
  const origin = () => `http://127.0.0.1:${port}`;
  // Host checks stop DNS-rebinding pages (evil.example resolving to 127.0.0.1) reaching us.
  const hostOk = (host: string | undefined) => host === `127.0.0.1:${port}`;

  const server = http.createServer((req, res) => {
    void serveHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function serveHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const headers = {
      'Content-Security-Policy': contentSecurityPolicy(port),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    if (!hostOk(req.headers.host)) {
      res.writeHead(421, headers).end('Wrong host');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    const urlPath = new URL(req.url ?? '/', origin()).pathname;
    if (urlPath === '/lenden-bridge.js') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
      return;
    }
    if (urlPath === '/favicon.ico') {
      res.writeHead(204, headers).end();
      return;
    }
    const wanted = urlPath === '/' ? '/index.html' : urlPath;
    const file = await readStatic(rendererDir, wanted);
    if (!file) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    let body = file.body;
    if (wanted === '/index.html') {
      // The bridge must exist before the app's module script runs; classic scripts run first.
      body = Buffer.from(body.toString('utf8').replace('<head>', '<head>\n    <script src="./lenden-bridge.js"></script>'));
    }
    res.writeHead(200, { ...headers, 'Content-Type': file.type });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_BYTES });
  /** Each open page's socket, and what it sends (in order; big replies in pieces). */
  const sockets = new Map<WebSocket, Outgoing>();

  server.on('upgrade', (req, socket: Duplex, head) => {
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', origin());
    if (url.pathname !== '/bridge' || !hostOk(req.headers.host)) return refuse(404, 'Not Found');
    if (req.headers.origin !== origin()) return refuse(403, 'Forbidden');
    if (!tokenMatches(url.searchParams.get('token'), token)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const out = new Outgoing(ws);
      sockets.set(ws, out);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => ws.terminate());
      ws.on('message', (data, isBinary) => void answer(ws, out, data, isBinary));
    });
  });

  async function answer(ws: WebSocket, out: Outgoing, data: RawData, isBinary: boolean): Promise<void> {
    const reply = (id: unknown, result: unknown) => out.send(JSON.stringify({ id, result }));
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (isBinary || size > MAX_FRAME_BYTES) {
      return reply(null, { ok: false, error: { code: 'VALIDATION', message: isBinary ? 'Binary frames are not accepted.' : 'The request is too large.' } });
    }
    let message: unknown;
    try {
      message = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'));
    } catch {
      return reply(null, { ok: false, error: { code: 'VALIDATION', message: 'The request is not valid JSON.' } });
    }
    if (!message || typeof message !== 'object' || Array.isArray(message)) {
      return reply(null, { ok: false, error: { code: 'VALIDATION', message: 'The request must be an object {id, method, input}.' } });
    }
    const { id, method, input } = message as { id?: unknown; method?: unknown; input?: unknown };
    const safeId = typeof id === 'number' || (typeof id === 'string' && id.length <= 100) ? id : null;
    try {
      // The core's thread made the Result's JSON. It goes out as the middle of one text message,
      // between the id and the closing brace: no copy of a multi-megabyte export here (each copy
      // is memory this thread's collector must then account for), and in pieces (outgoing.ts).
      const result = await core.handleJson(method, input);
      if (ws.readyState !== ws.OPEN) return;
      await out.reply(Buffer.from(`{"id":${JSON.stringify(safeId)},"result":`), result, REPLY_END);
    } catch {
      // dispatch already turns failures into data; this guards the host against the unexpected.
      reply(safeId, { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Lenden.' } });
    }
  }

  const unsubscribe = EVENT_NAMES.map((event) =>
    core.on(event, (payload) => {
      const frame = JSON.stringify({ event, payload });
      for (const out of sockets.values()) out.send(frame);
    }),
  );

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await core.close();
    throw error;
  }
  port = (server.address() as { port: number }).port;

  let stopped: Promise<void> | null = null;
  return {
    url: `${origin()}/#token=${token}`,
    token,
    core,
    stop() {
      stopped ??= (async () => {
        for (const off of unsubscribe) off();
        for (const ws of sockets.keys()) ws.terminate();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await core.close();
      })();
      return stopped;
    },
  };
}

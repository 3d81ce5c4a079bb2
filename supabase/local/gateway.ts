// The one HTTP address clients are given, like a hosted project's URL: it checks the API key as
// hosted Supabase's API gateway does, proxies /rest/v1 to PostgREST, answers /auth/v1 (auth.ts)
// and hands /realtime/v1/websocket upgrades to realtime.ts. Tests flip its faults at run time
// to simulate a flaky network or server.
import type pg from 'pg';
import http from 'node:http';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { createAuth } from './auth';
import { createRealtime } from './realtime';
import { HttpError, sendJson, sleep, type Log } from './util';

export interface GatewayFaults {
  /** Realtime pokes are not delivered. */
  dropPokes: boolean;
  /** Every HTTP request has its socket destroyed without an answer; websockets are closed and refused. */
  offline: boolean;
  /** The next N `/rest/v1/rpc/*` calls answer 503 without reaching PostgREST. */
  failNextRpc: number;
  /** Every HTTP request is delayed by this many milliseconds. */
  delayMs: number;
  /** The next N `/rest/v1/rpc/*` calls reach PostgREST (and commit), then the client socket is destroyed unanswered. */
  dropResponseAfterCommit: number;
}

export interface Gateway {
  server: http.Server;
  faults: GatewayFaults;
  close(): Promise<void>;
  startListener(): Promise<void>;
  createUser(email: string, password: string): Promise<{ id: string }>;
  setIssuer(iss: string): void;
}

// Hosted Supabase's API gateway answers a missing or unknown API key with exactly these bodies
// (HTTP 401), before any service sees the request; clients tell them from an expired session by
// the message.
export const NO_API_KEY = { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' };
export const INVALID_API_KEY = { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' };

export function createGateway(deps: {
  pool: pg.Pool;
  databaseUrl: string;
  pgrstPort: number;
  jwtSecret: string;
  jwtExpiry: number;
  anonKey: string;
  serviceRoleKey: string;
  log: Log;
}): Gateway {
  const { pool, jwtSecret, anonKey, serviceRoleKey, log } = deps;
  const sockets = new Set<net.Socket>();
  let closing = false;
  // Plain fields the services read at each request; only going offline acts at once.
  let offline = false;
  const faults: GatewayFaults = {
    dropPokes: false,
    failNextRpc: 0,
    delayMs: 0,
    dropResponseAfterCommit: 0,
    get offline() {
      return offline;
    },
    set offline(v: boolean) {
      offline = v;
      if (v) {
        realtime.terminateAll();
        for (const s of sockets) s.destroy();
      }
    },
  };
  const auth = createAuth({ pool, jwtSecret, jwtExpiry: deps.jwtExpiry });
  const realtime = createRealtime({ pool, databaseUrl: deps.databaseUrl, jwtSecret, faults, log });

  /** The API key of a request (header, or the `apikey` URL parameter), or the gateway's 401 answer. */
  function apiKeyOf(req: http.IncomingMessage, query: URLSearchParams): { key: string } | { refusal: typeof NO_API_KEY } {
    const key = (typeof req.headers.apikey === 'string' ? req.headers.apikey : undefined) ?? query.get('apikey') ?? undefined;
    if (!key) return { refusal: NO_API_KEY };
    if (key !== anonKey && key !== serviceRoleKey) return { refusal: INVALID_API_KEY };
    return { key };
  }

  function proxyRest(req: http.IncomingMessage, res: http.ServerResponse, restPath: string, search: string, apikey: string): void {
    const isRpc = restPath.startsWith('/rpc/');
    if (isRpc && faults.failNextRpc > 0) {
      faults.failNextRpc -= 1;
      req.resume();
      sendJson(res, 503, { message: 'Service Unavailable (fault injection: failNextRpc)' });
      return;
    }
    const drop = isRpc && faults.dropResponseAfterCommit > 0;
    if (drop) faults.dropResponseAfterCommit -= 1;
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    // As hosted: without a user's token, PostgREST sees the API key's role.
    if (!headers.authorization) headers.authorization = `Bearer ${apikey}`;
    const up = http.request({ host: '127.0.0.1', port: deps.pgrstPort, method: req.method, path: restPath + search, headers }, (upRes) => {
      if (drop) {
        upRes.resume();
        upRes.on('end', () => {
          log('[gateway] fault: dropped the response of a committed rpc call');
          req.socket.destroy();
        });
        return;
      }
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', (err) => {
      if (!res.headersSent) sendJson(res, 502, { message: `PostgREST unreachable: ${err.message}` });
      else res.destroy();
    });
    req.pipe(up);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      if (faults.offline) {
        req.socket.destroy();
        return;
      }
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', 'Content-Range, X-Supabase-Api-Version');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
          'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? '*'),
          'Access-Control-Max-Age': '600',
        });
        res.end();
        return;
      }
      if (faults.delayMs > 0) await sleep(faults.delayMs);
      if (faults.offline) {
        req.socket.destroy();
        return;
      }
      const u = new URL(req.url ?? '/', 'http://gateway');
      const isRest = u.pathname.startsWith('/rest/v1');
      if (isRest || u.pathname.startsWith('/auth/v1/')) {
        const checked = apiKeyOf(req, u.searchParams);
        if ('refusal' in checked) {
          req.resume();
          sendJson(res, 401, checked.refusal);
          return;
        }
        if (isRest) proxyRest(req, res, u.pathname.slice('/rest/v1'.length) || '/', u.search, checked.key);
        else await auth.handle(req, res, u.pathname.slice('/auth/v1'.length), u.searchParams);
        return;
      }
      if (u.pathname === '/' || u.pathname === '/health') {
        sendJson(res, 200, { ok: true, service: 'lenden local supabase' });
        return;
      }
      throw new HttpError(404, 'not_found', `no route ${u.pathname}`);
    } catch (err) {
      if (err instanceof HttpError) {
        if (!res.headersSent) sendJson(res, err.status, { code: err.code, error_code: err.code, msg: err.message, message: err.message });
        return;
      }
      log(`[gateway] ${req.method ?? ''} ${req.url ?? ''} failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { code: 'unexpected_failure', msg: 'Internal error', message: 'Internal error' });
      else res.destroy();
    }
  }

  /** A plain HTTP answer on a socket that asked to upgrade (the websocket is refused). */
  function refuseUpgrade(socket: Duplex, status: string, body: unknown): void {
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    if (faults.offline) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    if (faults.offline || closing) {
      socket.destroy();
      return;
    }
    const u = new URL(req.url ?? '/', 'http://gateway');
    if (u.pathname !== '/realtime/v1/websocket') {
      refuseUpgrade(socket, '404 Not Found', { message: 'no route' });
      return;
    }
    const checked = apiKeyOf(req, u.searchParams);
    if ('refusal' in checked) {
      refuseUpgrade(socket, '401 Unauthorized', checked.refusal);
      return;
    }
    realtime.accept(req, socket, head, checked.key, u.searchParams.get('vsn') ?? '1.0.0');
  });

  return {
    server,
    faults,
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const realtimeClosed = realtime.close();
      for (const s of sockets) s.destroy();
      await Promise.race([closed, sleep(3000)]);
      await realtimeClosed;
    },
    startListener: () => realtime.startListener(),
    createUser: (email, password) => auth.createUser(email, password),
    setIssuer: (iss) => auth.setIssuer(iss),
  };
}

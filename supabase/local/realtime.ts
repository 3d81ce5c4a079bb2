// Realtime, shaped like Supabase Realtime as supabase-js uses it: the Phoenix v2 websocket
// protocol (join, heartbeat, access_token, leave) and broadcasts sent from SQL with
// realtime.send(), which bootstrap.ts turns into a pg_notify delivered here on commit.
//
// Authorization works like hosted Realtime's: a private topic is readable when a probe row of
// realtime.messages passes that table's RLS policies as the user. Hosted Realtime checks at
// join and again when the access token is refreshed. This stand-in is stricter: it checks again
// before delivering a broadcast (a verdict is reused for at most AUTH_CACHE_MS), so a member
// removed from a business stops hearing it at once, without reconnecting, and its channel is
// closed with the same error a refused join gets.
import pg from 'pg';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { REALTIME_CHANNEL } from './bootstrap';
import { verifyJwt, type JwtClaims } from './jwt';
import type { Log } from './util';

/** How long an authorization verdict is reused before a delivery checks again. */
export const AUTH_CACHE_MS = 1000;

interface Subscription {
  topic: string; // full Phoenix topic, e.g. realtime:business:<id>
  subtopic: string; // what realtime.topic() returns, e.g. business:<id>
  joinRef: string | null;
  isPrivate: boolean;
  claims: JwtClaims;
  /** The last authorization check: its answer and when it started (performance.now()). */
  verdict?: { allowed: boolean; at: number };
}

interface ConnState {
  apikey: string;
  json: 'array' | 'object';
  subs: Map<string, Subscription>;
  /** Deliveries to this socket, one after another, so they keep commit order. */
  queue: Promise<void>;
}

type PhxMessage = { join_ref: string | null; ref: string | null; topic: string; event: string; payload: unknown };

export interface Realtime {
  /** Takes over an upgrade request the gateway has already checked (path and API key). */
  accept(req: http.IncomingMessage, socket: Duplex, head: Buffer, apikey: string, vsn: string): void;
  /** Closes every websocket at once (the gateway's offline fault). */
  terminateAll(): void;
  startListener(): Promise<void>;
  close(): Promise<void>;
}

export function createRealtime(deps: {
  pool: pg.Pool;
  databaseUrl: string;
  jwtSecret: string;
  faults: { readonly dropPokes: boolean; readonly offline: boolean };
  log: Log;
}): Realtime {
  const { pool, jwtSecret, faults, log } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const conns = new Map<WebSocket, ConnState>();
  let listener: pg.Client | undefined;

  function sendPhx(ws: WebSocket, conn: ConnState, m: PhxMessage): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    const frame = conn.json === 'array' ? [m.join_ref, m.ref, m.topic, m.event, m.payload] : m;
    ws.send(JSON.stringify(frame));
  }

  function reply(ws: WebSocket, conn: ConnState, m: PhxMessage, status: 'ok' | 'error', response: unknown): void {
    sendPhx(ws, conn, { join_ref: m.join_ref, ref: m.ref, topic: m.topic, event: 'phx_reply', payload: { status, response } });
  }

  /** Ends a subscription the way hosted Realtime does when it stops authorizing one. */
  function closeSubscription(ws: WebSocket, conn: ConnState, sub: Subscription, message: string): void {
    conn.subs.delete(sub.topic);
    sendPhx(ws, conn, { join_ref: sub.joinRef, ref: null, topic: sub.topic, event: 'system', payload: { status: 'error', extension: 'system', message } });
    sendPhx(ws, conn, { join_ref: sub.joinRef, ref: null, topic: sub.topic, event: 'phx_close', payload: {} });
  }

  const unauthorized = (subtopic: string): string => `Unauthorized: You do not have permissions to read from this Channel topic: ${subtopic}`;

  async function canReadTopic(claims: JwtClaims, subtopic: string): Promise<boolean> {
    // Authorize like hosted Realtime: a probe message checked against the RLS policies of
    // realtime.messages as the caller, inside a transaction that is rolled back.
    const client = await pool.connect();
    try {
      await client.query('begin');
      const ins = await client.query<{ id: string }>(
        `insert into realtime.messages (topic, extension, event, payload, private) values ($1, 'broadcast', 'phx_join', '{}', true) returning id`,
        [subtopic],
      );
      await client.query(`select set_config('request.jwt.claims', $1, true), set_config('realtime.topic', $2, true)`, [
        JSON.stringify(claims),
        subtopic,
      ]);
      await client.query('set local role authenticated');
      const r = await client.query('select 1 from realtime.messages where id = $1', [ins.rows[0]!.id]);
      return (r.rowCount ?? 0) > 0;
    } finally {
      await client.query('rollback').catch(() => {});
      client.release();
    }
  }

  /** Checks (or reuses a fresh verdict) whether the subscriber may still read its topic; undefined if the check failed. */
  async function authorize(sub: Subscription): Promise<boolean | undefined> {
    if (!sub.isPrivate || sub.claims.role === 'service_role') return true;
    if (sub.claims.role !== 'authenticated') return false;
    const at = performance.now();
    if (sub.verdict && at - sub.verdict.at < AUTH_CACHE_MS) return sub.verdict.allowed;
    try {
      const allowed = await canReadTopic(sub.claims, sub.subtopic);
      sub.verdict = { allowed, at };
      return allowed;
    } catch (err) {
      log(`[realtime] authorization check failed: ${String(err)}`);
      return undefined;
    }
  }

  function parse(data: RawData): PhxMessage | undefined {
    try {
      const parsed: unknown = JSON.parse(data.toString());
      if (Array.isArray(parsed)) {
        const [join_ref, ref, topic, event, payload] = parsed as [string | null, string | null, string, string, unknown];
        return { join_ref: join_ref ?? null, ref: ref ?? null, topic, event, payload };
      }
      const o = parsed as Partial<PhxMessage>;
      return { join_ref: o.join_ref ?? null, ref: o.ref ?? null, topic: String(o.topic), event: String(o.event), payload: o.payload };
    } catch {
      return undefined;
    }
  }

  async function join(ws: WebSocket, conn: ConnState, m: PhxMessage, payload: Record<string, unknown>): Promise<void> {
    const config = (payload.config && typeof payload.config === 'object' ? payload.config : {}) as { private?: boolean };
    const token = typeof payload.access_token === 'string' ? payload.access_token : conn.apikey;
    let claims: JwtClaims;
    try {
      claims = verifyJwt(token, jwtSecret);
    } catch (err) {
      reply(ws, conn, m, 'error', { reason: `Invalid token: ${(err as Error).message}` });
      return;
    }
    const subtopic = m.topic.startsWith('realtime:') ? m.topic.slice('realtime:'.length) : m.topic;
    const sub: Subscription = { topic: m.topic, subtopic, joinRef: m.join_ref ?? m.ref, isPrivate: config.private === true, claims };
    if ((await authorize(sub)) !== true) {
      reply(ws, conn, m, 'error', { reason: unauthorized(subtopic) });
      return;
    }
    conn.subs.set(m.topic, sub);
    reply(ws, conn, m, 'ok', { postgres_changes: [] });
  }

  async function refreshToken(ws: WebSocket, conn: ConnState, m: PhxMessage, payload: Record<string, unknown>): Promise<void> {
    const sub = conn.subs.get(m.topic);
    if (!sub) return;
    const token = typeof payload.access_token === 'string' ? payload.access_token : '';
    let claims: JwtClaims;
    try {
      claims = verifyJwt(token, jwtSecret);
      if (claims.sub !== sub.claims.sub) throw new Error('token belongs to another user');
    } catch (err) {
      closeSubscription(ws, conn, sub, `Invalid token: ${(err as Error).message}`);
      return;
    }
    // Like hosted Realtime, a new token re-evaluates the topic's policies.
    sub.claims = claims;
    sub.verdict = undefined;
    if ((await authorize(sub)) === false) {
      closeSubscription(ws, conn, sub, unauthorized(sub.subtopic));
      return;
    }
    reply(ws, conn, m, 'ok', {});
  }

  async function onMessage(ws: WebSocket, conn: ConnState, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return; // client broadcast pushes are not used by Lenden
    const m = parse(data);
    if (!m) return;
    if (m.topic === 'phoenix' && m.event === 'heartbeat') {
      reply(ws, conn, m, 'ok', {});
      return;
    }
    const payload = (m.payload && typeof m.payload === 'object' ? m.payload : {}) as Record<string, unknown>;
    if (m.event === 'phx_join') return join(ws, conn, m, payload);
    if (m.event === 'access_token') return refreshToken(ws, conn, m, payload);
    if (m.event === 'phx_leave') {
      conn.subs.delete(m.topic);
      reply(ws, conn, m, 'ok', {});
      return;
    }
    if (m.ref) reply(ws, conn, m, 'ok', {});
  }

  async function deliverTo(ws: WebSocket, conn: ConnState, sub: Subscription, event: string, payload: unknown): Promise<void> {
    if (conn.subs.get(sub.topic) !== sub) return; // left (or joined again) meanwhile
    if (typeof sub.claims.exp === 'number' && sub.claims.exp <= Math.floor(Date.now() / 1000)) return;
    const allowed = await authorize(sub);
    if (allowed === undefined || conn.subs.get(sub.topic) !== sub) return;
    if (!allowed) {
      closeSubscription(ws, conn, sub, unauthorized(sub.subtopic));
      return;
    }
    sendPhx(ws, conn, { join_ref: null, ref: null, topic: sub.topic, event: 'broadcast', payload: { type: 'broadcast', event, payload } });
  }

  function deliver(notification: { topic?: unknown; event?: unknown; payload?: unknown; private?: unknown }): void {
    if (faults.dropPokes || faults.offline) return;
    if (typeof notification.topic !== 'string' || typeof notification.event !== 'string') return;
    const topic = `realtime:${notification.topic}`;
    const isPrivate = notification.private !== false;
    const event = notification.event;
    const payload = notification.payload ?? {};
    for (const [ws, conn] of conns) {
      const sub = conn.subs.get(topic);
      if (!sub || sub.isPrivate !== isPrivate) continue;
      conn.queue = conn.queue
        .then(() => deliverTo(ws, conn, sub, event, payload))
        .catch((err: unknown) => log(`[realtime] delivery failed: ${String(err)}`));
    }
  }

  return {
    accept(req, socket, head, apikey, vsn) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const conn: ConnState = { apikey, json: vsn.startsWith('2') ? 'array' : 'object', subs: new Map(), queue: Promise.resolve() };
        conns.set(ws, conn);
        ws.on('message', (data, isBinary) => {
          void onMessage(ws, conn, data, isBinary).catch((err: unknown) => log(`[realtime] ${String(err)}`));
        });
        ws.on('close', () => conns.delete(ws));
        ws.on('error', () => conns.delete(ws));
      });
    },
    terminateAll() {
      for (const ws of conns.keys()) ws.terminate();
    },
    async startListener() {
      const client = new pg.Client({ connectionString: deps.databaseUrl });
      client.on('error', (err) => log(`[realtime] listener error: ${err.message}`));
      // Messages are delivered in the order they were sent: one too large for a notification
      // is read from realtime.messages (bootstrap.ts) before the ones after it go out.
      let inOrder = Promise.resolve();
      client.on('notification', (n) => {
        if (n.channel !== REALTIME_CHANNEL || !n.payload) return;
        const text = n.payload;
        inOrder = inOrder
          .then(async () => {
            const message = JSON.parse(text) as Record<string, unknown>;
            if (message.message_id === undefined) return deliver(message);
            const { rows } = await pool.query('select topic, event, payload, private from realtime.messages where id = $1', [message.message_id]);
            if (rows[0]) deliver(rows[0] as Record<string, unknown>);
          })
          .catch((err: unknown) => log(`[realtime] bad notification: ${String(err)}`));
      });
      await client.connect();
      await client.query(`listen ${REALTIME_CHANNEL}`);
      listener = client;
    },
    async close() {
      for (const ws of conns.keys()) ws.terminate();
      conns.clear();
      wss.close();
      if (listener) await listener.end().catch(() => {});
    },
  };
}

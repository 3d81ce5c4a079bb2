import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalSupabase, type LocalSupabase } from './index';

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/**
 * A local server at the schema just before `migration` (every earlier file applied), for a test
 * that puts data in and then upgrades it with `upgrade()`. `stop()` removes its temp folder.
 */
export async function serverBefore(migration: string): Promise<{ sb: LocalSupabase; upgrade: () => Promise<void>; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-mig-'));
  for (const f of fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql') && f < migration)) fs.copyFileSync(path.join(MIGRATIONS, f), path.join(dir, f));
  const sb = await startLocalSupabase({ migrationsDir: dir });
  return {
    sb,
    upgrade: async () => {
      await sb.sql(fs.readFileSync(path.join(MIGRATIONS, migration), 'utf8'));
      await sb.sql(`notify pgrst, 'reload schema'`);
    },
    stop: async () => {
      await sb.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PostgREST reloads its schema cache asynchronously after NOTIFY: retry until the call answers. */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

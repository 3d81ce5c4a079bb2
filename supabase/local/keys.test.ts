import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSupabase } from './index';
import { verifyJwt } from './jwt';
import { makeClient, newId } from './testkit';

// A kept data folder keeps the project's keys: a device set up with the anon key goes on
// syncing after `npm run backend` restarts on the same LENDEN_BACKEND_DATA.
describe('API keys of a kept data folder', () => {
  let base: string;

  beforeAll(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-keys-'));
    // Postgres runs as the `postgres` user when the tests run as root: it must reach the folder.
    fs.chmodSync(base, 0o777);
  });

  afterAll(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('are the same after a restart on the same folder, and new in a fresh folder', async () => {
    const dataDir = path.join(base, 'kept');
    const first = await startLocalSupabase({ dataDir });
    const keys = { anonKey: first.anonKey, serviceRoleKey: first.serviceRoleKey, jwtSecret: first.jwtSecret };
    await first.stop();

    const again = await startLocalSupabase({ dataDir });
    try {
      expect({ anonKey: again.anonKey, serviceRoleKey: again.serviceRoleKey, jwtSecret: again.jwtSecret }).toEqual(keys);
      expect(verifyJwt(again.anonKey, again.jwtSecret).role).toBe('anon');
      expect(verifyJwt(again.serviceRoleKey, again.jwtSecret).role).toBe('service_role');
      // A client configured against the first run still works.
      const device = makeClient({ url: again.url, anonKey: keys.anonKey });
      const up = await device.auth.signUp({ email: `kept-${newId().slice(0, 8)}@example.com`, password: 'secret-password' });
      expect(up.error).toBeNull();
      const mine = await device.rpc('sync_my_businesses');
      expect(mine.error).toBeNull();
      expect(mine.data).toEqual([]);
    } finally {
      await again.stop();
    }

    const fresh = await startLocalSupabase({ dataDir: path.join(base, 'fresh') });
    try {
      expect(fresh.anonKey).not.toBe(keys.anonKey);
      expect(fresh.jwtSecret).not.toBe(keys.jwtSecret);
    } finally {
      await fresh.stop();
    }
  }, 120_000);

  it('a given jwtSecret signs the keys of that run', async () => {
    const jwtSecret = 'a-given-secret-of-at-least-32-characters!';
    const sb = await startLocalSupabase({ dataDir: path.join(base, 'kept'), jwtSecret });
    try {
      expect(sb.jwtSecret).toBe(jwtSecret);
      expect(verifyJwt(sb.anonKey, jwtSecret).role).toBe('anon');
    } finally {
      await sb.stop();
    }
  }, 60_000);
});

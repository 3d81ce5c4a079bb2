import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLocalSupabase, type LocalSupabase } from './index';
import { signJwt, verifyJwt } from './jwt';
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

// Hosted Supabase's API gateway refuses a wrong or missing API key itself, with HTTP 401 and
// these bodies, on every service. Clients tell "the settings are wrong" from "the session
// expired" by them, so the stand-in answers the same.
describe('requests with a wrong or missing API key', () => {
  let sb: LocalSupabase;
  const invalid = { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' };
  const missing = { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' };

  beforeAll(async () => {
    sb = await startLocalSupabase();
  });

  afterAll(async () => {
    await sb?.stop();
  });

  async function answer(pathname: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${sb.url}${pathname}`, init);
    return { status: res.status, body: await res.json() };
  }

  it('REST and Auth answer 401 Invalid API key, with or without a user token', async () => {
    // An anon key of another project (signed with another secret) is as wrong as garbage.
    const now = Math.floor(Date.now() / 1000);
    const otherProject = signJwt({ iss: 'supabase-demo', role: 'anon', iat: now, exp: now + 3600 }, 'another-project-secret-of-32-characters');
    for (const key of ['not-a-key', otherProject]) {
      expect(await answer('/rest/v1/customers?select=id', { headers: { apikey: key } })).toEqual({ status: 401, body: invalid });
      expect(
        await answer('/rest/v1/rpc/sync_my_businesses', {
          method: 'POST',
          headers: { apikey: key, Authorization: `Bearer ${sb.anonKey}`, 'Content-Type': 'application/json' },
          body: '{}',
        }),
      ).toEqual({ status: 401, body: invalid });
      expect(await answer('/auth/v1/user', { headers: { apikey: key, Authorization: `Bearer ${sb.anonKey}` } })).toEqual({ status: 401, body: invalid });
      expect(
        await answer('/auth/v1/token?grant_type=password', {
          method: 'POST',
          headers: { apikey: key, 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'a@example.com', password: 'secret-password' }),
        }),
      ).toEqual({ status: 401, body: invalid });
      expect(await answer(`/rest/v1/customers?apikey=${encodeURIComponent(key)}`)).toEqual({ status: 401, body: invalid });
    }
  });

  it('REST and Auth answer 401 No API key found without one', async () => {
    expect(await answer('/rest/v1/customers')).toEqual({ status: 401, body: missing });
    expect(await answer('/auth/v1/health')).toEqual({ status: 401, body: missing });
  });

  it('supabase-js sees the same error', async () => {
    const wrong = makeClient({ url: sb.url, anonKey: 'not-a-key' });
    const rpc = await wrong.rpc('sync_my_businesses');
    expect(rpc.status).toBe(401);
    expect(rpc.error).toMatchObject(invalid);
    const signIn = await wrong.auth.signInWithPassword({ email: 'a@example.com', password: 'secret-password' });
    expect(signIn.error?.status).toBe(401);
    expect(signIn.error?.message).toBe('Invalid API key');
  });

  it('the realtime websocket is refused with the same 401 answer', async () => {
    const refusal = (key: string | null) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const query = key === null ? 'vsn=2.0.0' : `apikey=${encodeURIComponent(key)}&vsn=2.0.0`;
        const ws = new WebSocket(`${sb.url.replace('http', 'ws')}/realtime/v1/websocket?${query}`);
        ws.on('unexpected-response', (_req, res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => {
            try {
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
            } catch {
              reject(new Error(`not a JSON answer: ${res.statusCode} ${JSON.stringify(text)}`));
            }
          });
        });
        ws.on('open', () => {
          ws.close();
          reject(new Error('the websocket was accepted'));
        });
        ws.on('error', () => undefined);
      });
    expect(await refusal('not-a-key')).toEqual({ status: 401, body: invalid });
    expect(await refusal(null)).toEqual({ status: 401, body: missing });
    // The right key still connects.
    const ok = new WebSocket(`${sb.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${encodeURIComponent(sb.anonKey)}&vsn=2.0.0`);
    await new Promise<void>((resolve, reject) => {
      ok.on('open', () => resolve());
      ok.on('error', reject);
    });
    ok.close();
  });
});

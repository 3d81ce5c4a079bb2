import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSupabase, type LocalSupabase } from '../../supabase/local/index';
import { newEmail, settle, startDevice, waitFor, type Device } from './harness';

// Access tokens that live 3 seconds: sync must keep going across expiry by refreshing the
// session (supabase-js refreshes on demand; a 401 makes the engine refresh and retry).
let sb: LocalSupabase;
const devices: Device[] = [];

beforeAll(async () => {
  sb = await startLocalSupabase({ jwtExpirySeconds: 3 });
}, 120_000);

afterAll(async () => {
  for (const d of devices) await d.close();
  await sb?.stop();
});

describe('session expiry', () => {
  it('an expired access token does not stop sync or lose ops', async () => {
    const a = await startDevice(sb, { name: 'A', email: newEmail(), signUp: true });
    devices.push(a);
    await settle([a]);
    // Stop the background refresh so the token really expires before the next push.
    const client = a.core.sync.session.client!;
    await client.auth.stopAutoRefresh();
    const before = (await client.auth.getSession()).data.session?.access_token;
    await new Promise((r) => setTimeout(r, 4_000));
    a.core.sync.pause();
    const p = await a.call('parties.create', { type: 'customer', name: 'After Expiry' });
    a.core.sync.resume();
    await waitFor(async () => (await sb.sql('SELECT 1 FROM customers WHERE id = $1', [p.id])).length === 1, 'the push after expiry', 20_000);
    await waitFor(() => a.core.sync.status().state === 'synced', 'synced status');
    const after = (await client.auth.getSession()).data.session?.access_token;
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    expect(a.core.sync.problems(true)).toEqual([]);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { startLocalSupabase } from '../../supabase/local/index';
import { newEmail, settle, startDevice, waitFor, serverForFile } from './harness';

// Access tokens that live 3 seconds: sync must keep going across expiry by refreshing the
// session (supabase-js refreshes on demand; a 401 makes the engine refresh and retry).
const standIn = serverForFile(() => startLocalSupabase({ jwtExpirySeconds: 3 }));
const devices = standIn.devices;

describe('session expiry', () => {
  it('an expired access token does not stop sync or lose ops', async () => {
    const a = await startDevice(standIn.sb, { name: 'A', email: newEmail(), signUp: true });
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
    await waitFor(async () => (await standIn.sb.sql('SELECT 1 FROM customers WHERE id = $1', [p.id])).length === 1, 'the push after expiry', 20_000);
    await waitFor(() => a.core.sync.status().state === 'synced', 'synced status');
    const after = (await client.auth.getSession()).data.session?.access_token;
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    expect(a.core.sync.problems(true)).toEqual([]);
  }, 60_000);
});

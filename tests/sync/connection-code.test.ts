import { describe, expect, it } from 'vitest';
import { expectConverged, newComputer, newEmail, PASSWORD, settle, startDevice, type Device, serverForFile } from './harness';

const standIn = serverForFile();

const freshComputer = () => {
  const t = newComputer();
  standIn.afterFile(() => t.close());
  return t;
};

// The owner's computer shows a connection code; a new computer pastes it instead of a server
// address and key, signs in with the owner's email and joins the same shop.
describe('joining a shop with the connection code', () => {
  it('a new computer connects with the code the owner’s computer shows, and joins the shop', async () => {
    const email = newEmail();
    const owner = await startDevice(standIn.sb, { name: 'owner', email, signUp: true });
    standIn.afterFile(() => owner.close());
    await owner.call('settings.update', { name: 'Gupta Kirana' });
    const ramesh = await owner.call('parties.create', { type: 'customer', name: 'Ramesh' });
    await owner.call('entries.add', { partyType: 'customer', partyId: ramesh.id, direction: 'gave', amountPaise: 250_00 });

    const { code, qrSvg } = await owner.call('account.connectionCode', {});
    expect(code).toMatch(/^LDN1\./);
    expect(code).not.toContain(standIn.sb.anonKey);
    expect(qrSvg).toMatch(/^<svg/);

    const counter = freshComputer();
    // Sync is off on a fresh computer: it has no code to show.
    await expect(counter.call('account.connectionCode', {})).rejects.toThrow(/not turned on/);
    await expect(counter.call('account.connect', { code: code.slice(0, -2) })).rejects.toThrow(/incomplete or changed/);
    expect((await counter.call('account.current', {})).configured).toBe(false);

    const connected = await counter.call('account.connect', { code });
    expect(connected).toMatchObject({ configured: true, serverUrl: standIn.sb.url.replace(/\/+$/, ''), signedIn: false });
    await counter.call('account.signIn', { email, password: PASSWORD });
    const device = Object.assign(counter, { name: 'counter' }) as Device;
    await settle([owner, device]);
    expect(counter.core.businessId).toBe(owner.core.businessId);
    expect((await counter.call('settings.get', {})).name).toBe('Gupta Kirana');
    const list = await counter.call('parties.list', { type: 'customer' });
    expect(list.items.map((p) => [p.name, p.balancePaise])).toEqual([['Ramesh', 250_00]]);
    expectConverged([owner, device]);
    // The joined computer can pass the same code on.
    expect((await counter.call('account.connectionCode', {})).code).toBe(code);
  });
});

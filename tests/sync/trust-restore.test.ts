import path from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { LedgerCore } from '../../src-main/core/core';
import { repoMigrationsFolder } from '../../src-main/core/db/paths';
import { latestMigrationAt, setBackupHost } from '../../src-main/core/backup';
import { createTestCore, type TestCore } from '../../src-main/core/testing';
import { MemorySecureStore } from '../../src-main/core/sync/secure-store';
import type { MethodInput, MethodName, MethodResult } from '../../src-main/contract';
import { expectConverged, newEmail, PASSWORD, settle, startDevice, type Device, serverForFile } from './harness';

/**
 * Sync-trust scenario 4: a restore never reuses an invoice number and never drops a saved
 * bill. The restored device keeps its series ahead of every number it issued (the replaced
 * database and the server both know them); its unsent changes are sent again (sync on) or
 * counted and kept in the replaced copy (sync off); a number clash that still reaches the
 * server renumbers the bill and tells the user.
 */
const standIn = serverForFile();

/** A device whose restore closes and reopens its core, with sync, as the Electron shell does. */
function hostedDevice() {
  const store = new MemorySecureStore();
  const sync = { webSocket: WebSocket as never, safetyPullMs: 1_500, digestEveryMs: 0, random: () => 0, log: () => undefined };
  const first = createTestCore({ secureStore: store, sync });
  const state = { core: first.core };
  const register = (core: LedgerCore) =>
    setBackupHost(core.db, {
      backupsFolder: path.join(first.dir, 'backups'),
      latestMigrationAt: latestMigrationAt(repoMigrationsFolder()),
      close: () => state.core.close(),
      reopen: async () => {
        state.core = new LedgerCore({ file: first.file, migrationsFolder: repoMigrationsFolder(), secureStore: store, sync });
        register(state.core);
        await state.core.sync.start();
      },
    });
  register(first.core);
  const call = async <M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodResult<M>> => {
    const r = await state.core.handle(method, input);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as MethodResult<M>;
  };
  standIn.afterFile(async () => {
    await state.core.close();
    await first.close().catch(() => undefined);
  });
  return { state, call, dir: first.dir, get core() {
    return state.core;
  } };
}

const lines = [{ name: 'Atta 10kg', qtyMilli: 1000, ratePaise: 45_000, gstRateBp: 0 }];

describe('4. restore never reuses an invoice number or drops a saved bill', () => {
  it('on the same PC: numbering continues after every number issued; unsent bills are sent again', async () => {
    const email = newEmail();
    const a = hostedDevice();
    await a.call('account.configure', { url: standIn.sb.url, anonKey: standIn.sb.anonKey });
    await a.call('account.signUp', { email, password: PASSWORD });
    const p = await a.call('parties.create', { type: 'customer', name: 'Kiran' });
    for (let i = 0; i < 3; i++) await a.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines });
    await a.core.sync.syncNow();
    const backup = await a.call('backup.create', {});
    // After the backup: two bills that reach the server, then one saved while offline.
    await a.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines });
    await a.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines });
    await a.core.sync.syncNow();
    a.core.sync.pause();
    const offline = await a.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines });
    expect(offline.invoiceNumber).toBe('INV-1-0006');
    await a.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'got', amountPaise: 10_000 });

    const check = await a.call('backup.inspect', { path: backup.path });
    expect(check.unsentChanges).toEqual({ count: expect.any(Number), resend: true });
    const result = await a.call('backup.restore', { path: backup.path });
    expect(result.resent).toBeGreaterThanOrEqual(3);
    // Before any sync: the unsent bill is on screen and numbering continues after INV-1-0006.
    expect((await a.call('bills.get', { id: offline.id })).invoiceNumber).toBe('INV-1-0006');
    a.core.sync.pause();
    const next = await a.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines });
    expect(next.invoiceNumber).toBe('INV-1-0007');
    a.core.sync.resume();
    await settle([{ ...a, core: a.core, name: 'A' } as unknown as Device]);
    const server = await standIn.sb.sql<{ invoice_number: string }>('select invoice_number from bills where business_id = $1 order by invoice_number', [a.core.businessId]);
    expect(server.map((r) => r.invoice_number)).toEqual(['INV-1-0001', 'INV-1-0002', 'INV-1-0003', 'INV-1-0004', 'INV-1-0005', 'INV-1-0006', 'INV-1-0007']);
    expect((await a.call('bills.list', {})).items.map((b) => b.invoiceNumber).sort()).toEqual(server.map((r) => r.invoice_number));
    expect(a.core.sync.problems(false)).toEqual([]);
    // A second device agrees on everything, balances included.
    const b = await startDevice(standIn.sb, { name: 'B', email });
    standIn.afterFile(() => b.close());
    const device = { ...a, name: 'A', core: a.core } as unknown as Device;
    await settle([device, b]);
    expectConverged([device, b]);
  });

  it('on a new PC: a bill numbered in another device’s series is renumbered into its own, never deleted, and the user is told', async () => {
    const email = newEmail();
    const a = await startDevice(standIn.sb, { name: 'A', email, signUp: true });
    standIn.afterFile(() => a.close());
    const p = await a.call('parties.create', { type: 'customer', name: 'Meena' });
    for (let i = 0; i < 3; i++) await a.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines });
    await settle([a]);
    const backup = await a.call('backup.create', {});
    await a.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines }); // INV-1-0004 on A
    await settle([a]);

    // A new PC, local-only, restores A's backup (another business than its own first-run one).
    const c = hostedDevice();
    const first = await c.call('backup.inspect', { path: backup.path });
    expect(first.otherBusiness).toBe(true);
    await c.call('backup.restore', { path: backup.path, confirmOtherBusiness: true });
    const onC = await c.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines });
    expect(onC.invoiceNumber).toBe('INV-1-0004'); // the clash waiting to happen
    await c.call('account.configure', { url: standIn.sb.url, anonKey: standIn.sb.anonKey });
    await c.call('account.signIn', { email, password: PASSWORD });
    const cDevice = { ...c, name: 'C', core: c.core } as unknown as Device;
    await settle([a, cDevice]);
    const renamed = await c.call('bills.get', { id: onC.id });
    expect(renamed.invoiceNumber).toMatch(/^INV-2-000[1-9]$/);
    expect(renamed.deletedAt).toBeNull();
    const problems = c.core.sync.problems(false);
    expect(problems.map((x) => [x.code, x.reason, x.detail?.from, x.detail?.to])).toEqual([['RENUMBERED', 'renumbered', 'INV-1-0004', renamed.invoiceNumber]]);
    // The party owes both bills everywhere, and both devices agree.
    const onA = await a.call('bills.get', { id: onC.id });
    expect(onA.invoiceNumber).toBe(renamed.invoiceNumber);
    const entries = await standIn.sb.sql('select 1 from transactions where bill_id = $1 and deleted_at is null', [onC.id]);
    expect(entries).toHaveLength(1);
    expectConverged([a, cDevice]);
  });

  it('without sync: changes not in the backup are counted before the restore and kept in the replaced copy', async () => {
    const d = hostedDevice();
    const p = await d.call('parties.create', { type: 'customer', name: 'Local' });
    const backup = await d.call('backup.create', {});
    await d.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 5_000 });
    await d.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines });
    const check = await d.call('backup.inspect', { path: backup.path });
    expect(check.unsentChanges).toEqual({ count: 3, resend: false });
    const result = await d.call('backup.restore', { path: backup.path });
    expect(result.setAside).toBe(3);
    expect(result.replacedCopy).toMatch(/replaced/);
    // Numbering still continues after the bill that is only in the replaced copy.
    const next = await d.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: p.id, lines });
    expect(next.invoiceNumber).toBe('INV-1-0002');
  });
});

export type { TestCore };

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLocalSupabase, type LocalSupabase } from '../../supabase/local/index';
import { startWebHost, type WebHost } from '../../src-main/web/host';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath, type Harness } from './harness';
import { eventually } from './eventually';

const PASSWORD = 'correct horse battery';

/**
 * Membership by consent and a safe sign-out, through the UI of two browser shells: the owner
 * invites by email, the staff member's new computer waits and accepts, the owner sees them;
 * signing out with changes waiting asks first.
 */
describe.skipIf(!chromiumAvailable || !rendererBuilt)('people and sign-out in the UI', () => {
  let sb: LocalSupabase;
  const dirs: string[] = [];
  const hosts: WebHost[] = [];
  let owner: Harness;
  let staff: Harness;
  const ownerEmail = `owner-${randomUUID().slice(0, 8)}@example.com`;
  const staffEmail = `staff-${randomUUID().slice(0, 8)}@example.com`;

  const startHost = async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-e2e-trust-'));
    dirs.push(dir);
    const host = await startWebHost({ dataDir: dir, log: () => undefined });
    hosts.push(host);
    return host;
  };

  beforeAll(async () => {
    sb = await startLocalSupabase({});
    owner = await openHarness({ host: await startHost() });
    staff = await openHarness({ host: await startHost() });
  }, 120_000);

  afterAll(async () => {
    if (sb) sb.faults.offline = false;
    await owner?.close();
    await staff?.close();
    for (const host of hosts) await host.stop();
    await sb?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function connect(page: Page, email: string, how: 'signup' | 'signin'): Promise<void> {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('account-first-setup').locator('summary').click();
    await page.getByTestId('account-url').fill(sb.url);
    await page.getByTestId('account-key').fill(sb.anonKey);
    await page.getByTestId('account-connect').click();
    await page.getByTestId('account-email').fill(email);
    await page.getByTestId('account-password').fill(PASSWORD);
    await page.getByTestId(`account-${how}`).click();
    await eventually(() => page.getByTestId('account-who').textContent()).toContain(email);
  }

  const syncState = (page: Page) => page.getByTestId('sync-indicator').getAttribute('data-state');

  it('the owner invites by email; the new computer waits for the answer, accepts and joins', async () => {
    await connect(owner.page, ownerEmail, 'signup');
    await eventually(() => syncState(owner.page)).toBe('synced');
    await owner.page.getByTestId('member-invite-email').fill(staffEmail);
    await owner.page.getByTestId('member-invite-send').click();
    await eventually(() => owner.page.getByTestId('members-message').textContent()).toContain(staffEmail);
    await eventually(() => owner.page.getByTestId('member-invited').count()).toBe(1);
    await owner.page.getByTestId('members').screenshot({ path: screenshotPath('members-owner-en') });

    await connect(staff.page, staffEmail, 'signup');
    await eventually(() => staff.page.getByTestId('invitation').count()).toBe(1);
    await eventually(() => syncState(staff.page)).toBe('error');
    await staff.page.getByTestId('sync-open').click();
    await eventually(() => staff.page.getByTestId('sync-status-problem').getAttribute('data-reason')).toBe('invited');
    await staff.page.getByTestId('sync-open-account').click();
    await staff.page.getByTestId('invitation').screenshot({ path: screenshotPath('invitation-en') });
    await staff.page.getByTestId('invitation-accept').click();
    await eventually(() => staff.page.getByTestId('invitation-done').textContent()).toMatch(/You joined/);
    await eventually(() => staff.page.getByTestId('account-role').getAttribute('data-role')).toBe('staff');
    await eventually(() => syncState(staff.page)).toBe('synced');
    expect(await overflow(staff.page)).toEqual([]);

    await owner.page.getByTestId('nav-dashboard').click();
    await owner.page.getByTestId('nav-settings').click();
    await eventually(() => owner.page.getByTestId('member').count()).toBe(2);
    expect(await owner.page.getByTestId('member').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(staffEmail)]));
    expect(owner.pageErrors).toEqual([]);
    expect(staff.pageErrors).toEqual([]);
  });

  it('signing out with changes waiting asks first and keeps them for this account', async () => {
    sb.faults.offline = true;
    await owner.page.getByTestId('nav-customers').click();
    await owner.page.keyboard.press('n');
    await owner.page.getByTestId('party-name').fill('Added offline');
    await owner.page.getByTestId('party-save').click();
    await eventually(() => owner.page.getByTestId('sync-indicator').getAttribute('data-pending')).toBe('1');
    await owner.page.getByTestId('sync-open').click();
    await eventually(() => owner.page.getByTestId('sync-oldest').count()).toBe(1);
    await owner.page.getByTestId('sync-panel').screenshot({ path: screenshotPath('sync-panel-waiting-en') });
    await owner.page.getByTestId('sync-panel-close').click();

    await owner.page.getByTestId('nav-settings').click();
    await owner.page.getByTestId('account-signout').click();
    await expect.poll(() => owner.page.getByTestId('signout-pending').count(), { timeout: 30_000, interval: 100 }).toBe(1);
    expect(await owner.page.getByTestId('account-who').count()).toBe(1);
    await owner.page.getByTestId('account-section').screenshot({ path: screenshotPath('signout-pending-en') });
    await owner.page.getByTestId('account-signout-anyway').click();
    await eventually(() => owner.page.getByTestId('account-signin-form').count()).toBe(1);
    sb.faults.offline = false;
  }, 60_000);
});

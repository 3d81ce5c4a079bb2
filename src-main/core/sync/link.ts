import { LendenError } from '../../contract/errors';
import { SYNCED_TABLES } from '../db/schema';
import { raiseSeriesFloor } from '../ledger/bills/numbering';
import type { Round, SyncContext } from './context';
import type { DeviceSeries } from './wire';

/** Where this device's business came from: made here on first run, or joined from the server. */
export const BUSINESS_ORIGIN_KEY = 'business_origin';
/** The name of a joined business, shown until its settings arrive with the first pull. */
export const JOINED_NAME_KEY = 'joined_business_name';

export type LinkOutcome = 'linked' | 'invited';

/**
 * Make sure the server knows this business and this device (and the device's invoice
 * series, with the highest number the server holds in it). A device whose account has no
 * business claims its own — unless an invitation waits, which the user answers first. A
 * device with nothing of its own joins the account's business; one with records of its own
 * never joins another (nothing is overwritten).
 */
export async function linkBusiness(ctx: SyncContext, round?: Round): Promise<LinkOutcome> {
  const { core } = ctx;
  const transport = ctx.transport();
  const opts = { signal: round?.signal };
  if (core.state.get('linked_business') === core.businessId) return 'linked';
  const mine = await transport.myBusinesses(opts);
  round?.check();
  const local = core.businessId;
  const known = mine.find((b) => b.business_id === local);
  if (known) {
    const series = await transport.registerDevice(local, core.deviceId, opts);
    round?.check();
    saveLink(ctx, known.role, series);
    return 'linked';
  }
  if (mine.length === 0) {
    if (isPristine(ctx) && core.state.get(BUSINESS_ORIGIN_KEY) !== 'claimed') {
      // A new device of someone who was invited: let them accept before making a shop of its own.
      const invitations = await transport.myInvitations(opts);
      round?.check();
      if (invitations.length && core.state.get('invitations_declined') !== '1') return 'invited';
    }
    const name = (core.db.prepare('SELECT name FROM business_settings WHERE id = ?').get(local) as { name: string } | undefined)?.name ?? 'My Shop';
    const claimed = await transport.claimBusiness(local, name, core.deviceId, opts);
    round?.check();
    core.state.set(BUSINESS_ORIGIN_KEY, 'claimed');
    saveLink(ctx, claimed.role, claimed);
    return 'linked';
  }
  const remote = mine.find((b) => b.role === 'owner') ?? mine[0]!;
  if (!isPristine(ctx)) {
    throw new LendenError(
      'CONFLICT',
      'This account already has a business, and this device has its own records. Back them up, then use a fresh Lenden install to join the account.',
    );
  }
  // Get this device's own invoice series before switching, so no bill is ever numbered in
  // another device's series, then switch business, role and series at once.
  const series = await transport.registerDevice(remote.business_id, core.deviceId, opts);
  round?.check();
  adoptBusiness(ctx, remote, series);
  return 'linked';
}

function saveLink(ctx: SyncContext, role: string, series: DeviceSeries): void {
  const { core } = ctx;
  core.db.transaction(() => {
    core.state.set('role', role);
    core.state.set('invoice_series', String(series.invoice_series));
    raiseSeriesFloor(core.db, series.invoice_series, series.last_invoice_seq);
    core.state.set('linked_business', core.businessId);
  })();
}

/** A device that has written nothing but its first-run business row may join another business. */
export function isPristine(ctx: SyncContext): boolean {
  for (const table of SYNCED_TABLES) {
    if (table === 'business_settings' || table === 'profiles') continue;
    if (ctx.core.db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get()) return false;
  }
  return true;
}

/**
 * Switch this (pristine) device to a business from the server. Its own first-run settings
 * go; the business's real ones arrive with the first pull, and until then this device
 * never writes settings of its own for it (not even after a restart): it is marked as joined.
 */
export function adoptBusiness(ctx: SyncContext, remote: { business_id: string; name: string; role: string }, series: DeviceSeries): void {
  const { core } = ctx;
  core.db.transaction(() => {
    if (!isPristine(ctx)) throw new LendenError('CONFLICT', 'This device has its own records; it cannot join another business.');
    core.state.set('role', remote.role);
    core.state.set('invoice_series', String(series.invoice_series));
    core.db.prepare("DELETE FROM outbox WHERE table_name IN ('business_settings', 'profiles')").run();
    core.db.prepare('DELETE FROM business_settings').run();
    core.db.prepare('DELETE FROM profiles').run();
    core.state.set('business_id', remote.business_id);
    core.state.set(BUSINESS_ORIGIN_KEY, 'joined');
    core.state.set(JOINED_NAME_KEY, remote.name);
    raiseSeriesFloor(core.db, series.invoice_series, series.last_invoice_seq);
    core.state.set('linked_business', remote.business_id);
    core.state.set('pull_cursor', '0');
  })();
  core.notifyChanged(['business_settings']);
}

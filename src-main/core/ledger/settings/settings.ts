import { LendenError } from '../../../contract/errors';
import type { BusinessSettings, Profile } from '../../../contract/settings';
import type { LedgerContext } from '../context';
import type { Fields } from '../../db/writer';
import { requireOwner } from '../permissions';

interface SettingsRow {
  id: string;
  name: string;
  owner_name: string | null;
  phone: string | null;
  address: string | null;
  gstin: string | null;
  state_code: string | null;
  invoice_prefix: string;
  fy_start_month: number;
  timezone: string;
  upi_id: string | null;
  bank_name: string | null;
  bank_account: string | null;
  bank_ifsc: string | null;
}

export function readSettingsRow(ctx: Pick<LedgerContext, 'writer' | 'businessId'>): SettingsRow | undefined {
  return ctx.writer.prepare('SELECT * FROM business_settings WHERE id = ?').get(ctx.businessId()) as SettingsRow | undefined;
}

/** Said when a device that joined a shop is asked for settings it has not received yet. */
export const SETTINGS_ARRIVING = 'The shop’s settings have not arrived on this computer yet. Wait for the first sync to finish, then try again.';

/** The settings row, or a clear refusal: on a device that joined, they may still be on their way. */
export function requireSettingsRow(ctx: Pick<LedgerContext, 'writer' | 'businessId'>): SettingsRow {
  const r = readSettingsRow(ctx);
  if (r) return r;
  if (joinedName(ctx) !== null) throw new LendenError('CONFLICT', SETTINGS_ARRIVING);
  throw new LendenError('NOT_FOUND', 'Business settings are missing.');
}

function joinedName(ctx: Pick<LedgerContext, 'writer'>): string | null {
  const origin = ctx.writer.prepare("SELECT value FROM sync_state WHERE key = 'business_origin'").get() as { value: string } | undefined;
  if (origin?.value !== 'joined') return null;
  return (ctx.writer.prepare("SELECT value FROM sync_state WHERE key = 'joined_business_name'").get() as { value: string } | undefined)?.value ?? '';
}

export function getSettings(ctx: LedgerContext): BusinessSettings {
  const r = readSettingsRow(ctx);
  if (!r) {
    const name = joinedName(ctx);
    if (name === null) throw new LendenError('NOT_FOUND', 'Business settings are missing.');
    // Shown, never written: the shop's real settings are on their way with the first pull.
    return {
      businessId: ctx.businessId(),
      name,
      ownerName: null,
      phone: null,
      address: null,
      gstin: null,
      stateCode: null,
      invoicePrefix: 'INV-',
      fyStartMonth: 4,
      timezone: 'Asia/Kolkata',
      upiId: null,
      bankName: null,
      bankAccount: null,
      bankIfsc: null,
      invoiceSeries: ctx.invoiceSeries(),
      arriving: true,
    };
  }
  return {
    businessId: r.id,
    name: r.name,
    ownerName: r.owner_name,
    phone: r.phone,
    address: r.address,
    gstin: r.gstin,
    stateCode: r.state_code,
    invoicePrefix: r.invoice_prefix,
    fyStartMonth: r.fy_start_month,
    timezone: r.timezone,
    upiId: r.upi_id,
    bankName: r.bank_name,
    bankAccount: r.bank_account,
    bankIfsc: r.bank_ifsc,
    invoiceSeries: ctx.invoiceSeries(),
    setupPending: setupPending(ctx),
  };
}

const SETUP_DONE_KEY = 'setup_done';

/** A shop that is new on this computer: setup neither finished nor skipped, nothing recorded yet, not joined. */
function setupPending(ctx: Pick<LedgerContext, 'writer'>): boolean {
  const q = (sql: string, ...args: unknown[]) => ctx.writer.prepare(sql).get(...args) !== undefined;
  if (q('SELECT 1 FROM sync_state WHERE key = ?', SETUP_DONE_KEY)) return false;
  if (joinedName(ctx) !== null) return false;
  return !q('SELECT 1 FROM customers LIMIT 1') && !q('SELECT 1 FROM suppliers LIMIT 1');
}

export function updateSettings(
  ctx: LedgerContext,
  patch: Partial<Omit<BusinessSettings, 'businessId' | 'invoiceSeries' | 'stateCode' | 'arriving' | 'setupPending'>> & { stateCode?: string | null; setupDone?: true },
): BusinessSettings {
  requireOwner(ctx, 'change the business settings');
  return ctx.transact(() => {
    requireSettingsRow(ctx);
    const current = getSettings(ctx);
    const gstin = patch.gstin !== undefined ? patch.gstin : current.gstin;
    let stateCode = patch.stateCode !== undefined ? patch.stateCode : current.stateCode;
    if (gstin && !stateCode) stateCode = gstin.slice(0, 2);
    if (gstin && stateCode && gstin.slice(0, 2) !== stateCode) {
      throw new LendenError('VALIDATION', 'The GSTIN belongs to another state than the one chosen.', { gstin: 'GSTIN state does not match.' });
    }
    const columns: Fields = {};
    if (patch.name !== undefined) columns.name = patch.name;
    if (patch.ownerName !== undefined) columns.owner_name = patch.ownerName;
    if (patch.phone !== undefined) columns.phone = patch.phone;
    if (patch.address !== undefined) columns.address = patch.address;
    if (patch.gstin !== undefined) columns.gstin = patch.gstin;
    if (stateCode !== current.stateCode) columns.state_code = stateCode;
    if (patch.invoicePrefix !== undefined) columns.invoice_prefix = patch.invoicePrefix;
    if (patch.fyStartMonth !== undefined) columns.fy_start_month = patch.fyStartMonth;
    if (patch.timezone !== undefined) columns.timezone = patch.timezone;
    if (patch.upiId !== undefined) columns.upi_id = patch.upiId;
    if (patch.bankName !== undefined) columns.bank_name = patch.bankName;
    if (patch.bankAccount !== undefined) columns.bank_account = patch.bankAccount;
    if (patch.bankIfsc !== undefined) columns.bank_ifsc = patch.bankIfsc;
    if (Object.keys(columns).length) ctx.writer.update('business_settings', ctx.businessId(), columns);
    if (patch.setupDone) {
      ctx.writer.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING').run(SETUP_DONE_KEY, new Date().toISOString());
      ctx.writer.touch('business_settings');
    }
    return getSettings(ctx);
  });
}

interface ProfileRow {
  id: string;
  name: string | null;
  phone: string | null;
  language: 'en' | 'hi';
}

/** Before sign-in the profile (name, language) belongs to this device only and is not synced. */
const LOCAL_PROFILE_KEY = 'local_profile';

function readLocalProfile(ctx: LedgerContext): Profile | null {
  const row = ctx.writer.prepare('SELECT value FROM sync_state WHERE key = ?').get(LOCAL_PROFILE_KEY) as { value: string } | undefined;
  return row ? ({ id: ctx.deviceId(), ...(JSON.parse(row.value) as Omit<Profile, 'id'>) } as Profile) : null;
}

export function getProfile(ctx: LedgerContext): Profile | null {
  const userId = ctx.userId();
  if (userId) {
    const r = ctx.writer.prepare('SELECT * FROM profiles WHERE id = ?').get(userId) as ProfileRow | undefined;
    if (r) return { id: r.id, name: r.name, phone: r.phone, language: r.language };
  }
  return readLocalProfile(ctx);
}

/**
 * The profile of whoever uses this device. Signed in, it is the account's profile row (synced;
 * the server lets each user write only their own). Before sign-in it is kept on this device.
 */
export function updateProfile(ctx: LedgerContext, patch: { name?: string | null; phone?: string | null; language?: 'en' | 'hi' }): Profile {
  return ctx.transact(() => {
    const userId = ctx.userId();
    const current = getProfile(ctx) ?? { id: userId ?? ctx.deviceId(), name: null, phone: null, language: 'en' as const };
    const next = { name: current.name, phone: current.phone, language: current.language, ...patch };
    if (!userId) {
      ctx.writer
        .prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
        .run(LOCAL_PROFILE_KEY, JSON.stringify(next));
      ctx.writer.touch('profiles');
      return { id: ctx.deviceId(), ...next };
    }
    const columns: Fields = { name: next.name, phone: next.phone, language: next.language };
    if (ctx.writer.get('profiles', userId)) ctx.writer.update('profiles', userId, columns);
    else ctx.writer.insert('profiles', columns, userId);
    return getProfile(ctx)!;
  });
}

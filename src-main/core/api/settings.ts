import type { Handlers } from '../../contract';
import type { settingsContract } from '../../contract/settings';
import type { LedgerContext } from '../ledger/context';
import { getProfile, getSettings, updateProfile, updateSettings } from '../ledger/settings/settings';

export const settingsHandlers = (ctx: LedgerContext, version: string): Pick<Handlers, keyof typeof settingsContract> => ({
  'settings.get': () => getSettings(ctx),
  'settings.update': (input) => updateSettings(ctx, input),
  'profile.get': () => getProfile(ctx),
  'profile.update': (input) => updateProfile(ctx, input),
  'app.info': () => ({ deviceId: ctx.deviceId(), businessId: ctx.businessId(), today: ctx.today(), version }),
});

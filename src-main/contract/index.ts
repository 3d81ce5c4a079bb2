import type { z } from 'zod';
import type { InputOf, MethodDef, ResultOf } from './define';
import { partiesContract } from './parties';
import { entriesContract } from './entries';
import { settingsContract } from './settings';
import { billsContract } from './bills';
import { cashbookContract } from './cashbook';
import { staffContract } from './staff';
import { staffMoneyContract } from './staff-money';
import { reportsContract } from './reports';
import { documentsContract } from './documents';
import { auditContract } from './audit';
import { historyContract } from './history';
import { syncContract } from './sync';
import { backupContract } from './backup';
import { itemsContract } from './items';
import { printingContract } from './printing';
import { returnsContract } from './returns';
import { collectionsContract } from './collections';
import type { Result } from './errors';

export * from './errors';
export * from './events';
export * from './sync-status';
export type { Party, PartyPage } from './parties';
export type { Entry, LedgerRow, LedgerPage, LedgerCursor, RecentEntry } from './entries';
export type { BusinessSettings, Profile, AppInfo } from './settings';
export type * from './bills';
export type * from './cashbook';
export type * from './staff';
export type * from './staff-money';
export type * from './reports';
export type * from './documents';
export type * from './audit';
export type * from './history';
export type * from './sync';
export type * from './backup';
export type * from './items';
export type * from './printing';
export type * from './payments';
export type * from './returns';
export type * from './collections';

/**
 * The one contract (DESIGN.md section 1): method name -> input schema + result type. Main
 * registers handlers from an object that `satisfies Handlers`, the preload exposes exactly
 * these names, and the renderer's client is typed from here.
 */
export const contract = {
  ...partiesContract,
  ...entriesContract,
  ...billsContract,
  ...cashbookContract,
  ...staffContract,
  ...staffMoneyContract,
  ...settingsContract,
  ...reportsContract,
  ...documentsContract,
  ...auditContract,
  ...historyContract,
  ...syncContract,
  ...backupContract,
  ...itemsContract,
  ...printingContract,
  ...returnsContract,
  ...collectionsContract,
} satisfies Record<string, MethodDef>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export const METHOD_NAMES = Object.freeze(Object.keys(contract)) as readonly MethodName[];

export type MethodInput<M extends MethodName> = InputOf<Contract[M]>;
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodResult<M extends MethodName> = ResultOf<Contract[M]>;

/** What the core implements: one function per method, given the validated input. */
export type Handlers = { [M in MethodName]: (input: MethodParsedInput<M>) => MethodResult<M> | Promise<MethodResult<M>> };

/** What the preload exposes as window.lenden and the browser shell's init script mirrors. */
export type LendenBridge = { [M in MethodName]: (input?: MethodInput<M>) => Promise<Result<MethodResult<M>>> } & {
  on<E extends import('./events').EventName>(event: E, listener: (payload: import('./events').EventPayload<E>) => void): () => void;
};

export const isMethodName = (name: unknown): name is MethodName => typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);

/** The IPC channels: one for calls, one for events. */
export const IPC_INVOKE = 'lenden:invoke';
export const IPC_EVENT = 'lenden:event';

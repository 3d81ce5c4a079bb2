import type { SyncStatus } from './sync-status';

/** Events the core pushes to the renderer. */
export interface EventMap {
  /** After every committed write, local or merged from sync: which tables changed. */
  'db.changed': { tables: string[] };
  'sync.status': SyncStatus;
}
export type EventName = keyof EventMap;
export type EventPayload<E extends EventName> = EventMap[E];
export const EVENT_NAMES: readonly EventName[] = ['db.changed', 'sync.status'];

import { EVENT_NAMES, IPC_EVENT, IPC_INVOKE, METHOD_NAMES, type EventName, type LendenBridge, type Result } from '../src-main/contract';

/** The slice of ipcRenderer the bridge uses. It never leaves this module. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const isEventName = (name: unknown): name is EventName => typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);

/**
 * window.lenden: exactly one function per contract method (each an invoke on the one IPC
 * channel) plus `on` for contract events. The renderer never sees ipcRenderer or the IPC
 * event object (whose `sender` is ipcRenderer): listeners get the payload only.
 */
export function createBridge(ipc: BridgeIpc): LendenBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) {
    bridge[name] = async (input?: unknown): Promise<Result<unknown>> => {
      try {
        return (await ipc.invoke(IPC_INVOKE, name, input)) as Result<unknown>;
      } catch (error) {
        return { ok: false, error: { code: 'INTERNAL', message: `Lenden could not reach its data (${error instanceof Error ? error.message : 'IPC failed'}).` } };
      }
    };
  }

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let attached = false;
  const onIpcEvent = (_event: unknown, name: unknown, payload: unknown) => {
    if (!isEventName(name)) return;
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`lenden: a "${name}" listener failed`, error);
      }
    }
  };

  bridge.on = (event: unknown, listener: unknown): (() => void) => {
    if (!isEventName(event)) throw new TypeError(`Unknown Lenden event "${String(event)}".`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    const fn = listener as (payload: unknown) => void;
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(fn);
    if (!attached) {
      ipc.on(IPC_EVENT, onIpcEvent as (event: unknown, ...args: unknown[]) => void);
      attached = true;
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      set.delete(fn);
      const total = [...listeners.values()].reduce((n, s) => n + s.size, 0);
      if (total === 0 && attached) {
        ipc.removeListener(IPC_EVENT, onIpcEvent as (event: unknown, ...args: unknown[]) => void);
        attached = false;
      }
    };
  };

  return Object.freeze(bridge) as LendenBridge;
}

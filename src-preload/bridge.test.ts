import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'v' }) as unknown), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() },
}));
vi.mock('electron', () => electron);

import { EVENT_NAMES, IPC_EVENT, IPC_INVOKE, METHOD_NAMES } from '../src-main/contract';
import './index';

const exposed = () => {
  // window.lenden (the contract) and window.lendenPrinter (the shell's printing), nothing else.
  expect(electron.contextBridge.exposeInMainWorld.mock.calls.map((c) => c[0])).toEqual(['lenden', 'lendenPrinter']);
  const [, printer] = electron.contextBridge.exposeInMainWorld.mock.calls[1]!;
  expect(Object.keys(printer as object).sort()).toEqual(['print', 'printers']);
  const [, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
  return api as Record<string, (...a: unknown[]) => unknown>;
};

describe('preload bridge', () => {
  it('exposes exactly one function per contract method plus on', () => {
    const api = exposed();
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'on'].sort());
    for (const key of Object.keys(api)) expect(typeof api[key]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('each method invokes the one channel with its name and input', async () => {
    const api = exposed();
    for (const name of METHOD_NAMES) {
      electron.ipcRenderer.invoke.mockClear();
      expect(await api[name]!({ a: 1 })).toEqual({ ok: true, value: 'v' });
      expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_INVOKE, name, { a: 1 });
    }
  });

  it('a failed invoke comes back as an error result, not a throw', async () => {
    const api = exposed();
    electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error('boom'));
    expect(await api['parties.list']!({})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('never exposes ipcRenderer: not as a value, not through an event', () => {
    const api = exposed();
    for (const value of Object.values(api)) expect(value).not.toBe(electron.ipcRenderer);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|send|invoke/i);
    const cb = vi.fn();
    const off = api.on!('db.changed', cb) as () => void;
    const listener = electron.ipcRenderer.on.mock.calls.at(-1)![1] as (e: unknown, ...a: unknown[]) => void;
    listener({ sender: electron.ipcRenderer }, 'db.changed', { tables: ['customers'] });
    expect(cb).toHaveBeenCalledWith({ tables: ['customers'] });
    expect(cb.mock.calls[0]).toHaveLength(1);
    off();
  });

  it('on accepts only contract events and returns an unsubscribe', () => {
    const api = exposed();
    expect(() => api.on!('ipc.raw', vi.fn())).toThrow(/Unknown Lenden event/);
    expect(() => api.on!('db.changed', 'not a function')).toThrow();
    electron.ipcRenderer.on.mockClear();
    electron.ipcRenderer.removeListener.mockClear();
    const a = vi.fn();
    const b = vi.fn();
    const offA = api.on!(EVENT_NAMES[0]!, a) as () => void;
    const offB = api.on!('sync.status', b) as () => void;
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith(IPC_EVENT, expect.any(Function));
    const listener = electron.ipcRenderer.on.mock.calls[0]![1] as (e: unknown, ...a: unknown[]) => void;
    listener({}, 'sync.status', { state: 'synced', pending: 0, lastSyncedAt: null });
    listener({}, 'not.an.event', {});
    expect(b).toHaveBeenCalledTimes(1);
    expect(a).not.toHaveBeenCalled();
    offB();
    listener({}, 'sync.status', { state: 'synced', pending: 0, lastSyncedAt: null });
    expect(b).toHaveBeenCalledTimes(1);
    expect(electron.ipcRenderer.removeListener).not.toHaveBeenCalled();
    offA();
    offA();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledTimes(1);
  });
});

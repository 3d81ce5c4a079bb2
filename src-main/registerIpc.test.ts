import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { IPC_INVOKE } from './contract';
import { FORBIDDEN_RESULT, isAppUrl, isTrustedSender, registerIpc, type TrustedOrigin } from './registerIpc';

const rendererFile = path.resolve('/opt/Lenden/resources/app.asar/out/renderer/index.html');
const appUrl = pathToFileURL(rendererFile).href;

function fakeContents() {
  return { isDestroyed: () => false } as unknown as Electron.WebContents;
}
const mainContents = fakeContents();
const prodTrust: TrustedOrigin = { mainWebContents: () => mainContents, rendererFile };
const devTrust: TrustedOrigin = { mainWebContents: () => mainContents, rendererFile, rendererUrl: 'http://localhost:5173' };

const event = (url: string | null, sender = mainContents, parent: unknown = null) =>
  ({ sender, senderFrame: url === null ? null : { url, parent } }) as unknown as Electron.IpcMainInvokeEvent;

function setup(trust: TrustedOrigin) {
  let registered: ((e: Electron.IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>) | undefined;
  const ipcMain = {
    handle: vi.fn((channel: string, fn: typeof registered) => {
      expect(channel).toBe(IPC_INVOKE);
      registered = fn;
    }),
    removeHandler: vi.fn(),
  };
  const handle = vi.fn(async () => ({ ok: true as const, value: 'handled' }));
  const log = { warn: vi.fn() };
  registerIpc(ipcMain, trust, handle, log);
  return { invoke: (e: Electron.IpcMainInvokeEvent, ...args: unknown[]) => registered!(e, ...args), handle, log };
}

describe('IPC sender guard', () => {
  it('passes our own page in our window to core.handle with name and input', async () => {
    const s = setup(prodTrust);
    expect(await s.invoke(event(`${appUrl}#/parties`), 'parties.list', { type: 'customer' })).toEqual({ ok: true, value: 'handled' });
    expect(s.handle).toHaveBeenCalledWith('parties.list', { type: 'customer' });
  });

  it.each([
    ['a foreign origin', event('https://evil.example/index.html')],
    ['another file:// page', event(pathToFileURL(path.resolve('/tmp/evil/index.html')).href)],
    ['a file:// page on another host', event(`file://evil-host${pathToFileURL(rendererFile).pathname}`)],
    ['the dev server origin in production', event('http://localhost:5173/')],
    ['another webContents', event(appUrl, fakeContents())],
    ['a missing frame (navigated away or destroyed)', event(null)],
    ['a subframe of our page', event(appUrl, mainContents, { url: appUrl })],
  ])('refuses %s without calling the handler', async (_label, e) => {
    const s = setup(prodTrust);
    expect(await s.invoke(e, 'parties.delete', { type: 'customer', id: 'x' })).toEqual(FORBIDDEN_RESULT);
    expect(s.handle).not.toHaveBeenCalled();
    expect(s.log.warn).toHaveBeenCalled();
  });

  it('refuses everything when the main window is gone', async () => {
    const s = setup({ mainWebContents: () => null, rendererFile });
    expect(await s.invoke(event(appUrl), 'parties.list', {})).toEqual(FORBIDDEN_RESULT);
    const destroyed = { isDestroyed: () => true } as unknown as Electron.WebContents;
    expect(isTrustedSender(event(appUrl, destroyed), { mainWebContents: () => destroyed, rendererFile })).toBe(false);
    expect(s.handle).not.toHaveBeenCalled();
  });

  it('in development trusts only the dev server origin', async () => {
    const s = setup(devTrust);
    expect(await s.invoke(event('http://localhost:5173/#/bills'), 'bills.list', {})).toEqual({ ok: true, value: 'handled' });
    expect(await s.invoke(event('http://localhost:5174/'), 'bills.list', {})).toEqual(FORBIDDEN_RESULT);
    expect(await s.invoke(event(appUrl), 'bills.list', {})).toEqual(FORBIDDEN_RESULT);
    expect(s.handle).toHaveBeenCalledTimes(1);
  });

  it('isAppUrl ignores query and hash but not the path, and rejects garbage', () => {
    expect(isAppUrl(`${appUrl}?x=1#/a`, prodTrust)).toBe(true);
    expect(isAppUrl(appUrl.replace('index.html', 'other.html'), prodTrust)).toBe(false);
    expect(isAppUrl('not a url', prodTrust)).toBe(false);
    expect(isAppUrl('javascript:alert(1)', devTrust)).toBe(false);
  });
});

import { pathToFileURL } from 'node:url';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_INVOKE, type Result } from './contract';

export interface TrustedOrigin {
  /** The main window's webContents; IPC from any other webContents is refused. */
  mainWebContents(): WebContents | null;
  /** Dev server URL (ELECTRON_RENDERER_URL) in development; undefined when packaged. */
  rendererUrl?: string;
  /** out/renderer/index.html, loaded over file:// in production. */
  rendererFile: string;
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/** Is this URL the app's own page: the dev server's origin in development, exactly our index.html over file:// when packaged. */
export function isAppUrl(raw: string, trust: Pick<TrustedOrigin, 'rendererUrl' | 'rendererFile'>): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (trust.rendererUrl) {
    const dev = new URL(trust.rendererUrl);
    return url.origin === dev.origin && (url.protocol === 'http:' || url.protocol === 'https:');
  }
  const expected = pathToFileURL(trust.rendererFile);
  if (url.protocol !== 'file:' || url.host.toLowerCase() !== expected.host.toLowerCase()) return false;
  const norm = (p: string) => decodeURIComponent(p).replace(/\\/g, '/');
  const same = process.platform === 'win32' || process.platform === 'darwin' ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;
  return same(norm(url.pathname), norm(expected.pathname));
}

/**
 * The one sender check every IPC message goes through (DESIGN.md section 5): a main frame
 * (not an iframe), showing the app's own page, in our main window's webContents.
 */
export function isTrustedSender(event: SenderEvent, trust: TrustedOrigin): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  const main = trust.mainWebContents();
  if (!main || main.isDestroyed() || event.sender !== main) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url, trust);
}

export const FORBIDDEN_RESULT: Result<never> = { ok: false, error: { code: 'FORBIDDEN', message: 'This request did not come from the Lenden window.' } };

/** Guard a handler: untrusted senders get FORBIDDEN and the handler never runs. */
export function guarded<A extends unknown[], R>(
  trust: TrustedOrigin,
  handler: (event: IpcMainInvokeEvent, ...args: A) => Promise<R> | R,
  onRefused: (event: IpcMainInvokeEvent) => void,
): (event: IpcMainInvokeEvent, ...args: A) => Promise<R | Result<never>> {
  return async (event, ...args) => {
    if (!isTrustedSender(event, trust)) {
      onRefused(event);
      return FORBIDDEN_RESULT;
    }
    return handler(event, ...args);
  };
}

/** The single IPC channel: every contract call from the renderer goes to core.handle (validation happens there). */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  trust: TrustedOrigin,
  handle: (name: unknown, input: unknown) => Promise<Result<unknown>>,
  log: { warn(...args: unknown[]): void },
): () => void {
  ipcMain.handle(
    IPC_INVOKE,
    guarded(trust, (_event, name: unknown, input: unknown) => handle(name, input), (event) =>
      log.warn('refused IPC from an untrusted sender', event.senderFrame?.url ?? '(no frame)'),
    ),
  );
  return () => ipcMain.removeHandler(IPC_INVOKE);
}

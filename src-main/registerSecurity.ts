import type { App, Session, Shell, WebContents } from 'electron';
import { isSafeExternalUrl } from './links';

/**
 * The Content-Security-Policy sent with every response the renderer loads. The renderer's
 * index.html carries the same policy as a <meta> tag, which is what applies over file://.
 * Development adds only what Vite's dev server needs (its HMR websocket and inline preamble).
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  const dev = devServerUrl ? new URL(devServerUrl) : null;
  const directives: Record<string, string> = {
    'default-src': "'self'",
    'script-src': dev ? "'self' 'unsafe-inline'" : "'self'",
    'style-src': "'self' 'unsafe-inline'",
    'img-src': "'self' data: blob:",
    'font-src': "'self' data:",
    'connect-src': dev ? `'self' ws://${dev.host} ${dev.origin}` : "'self'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-src': "'none'",
    'frame-ancestors': "'none'",
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}

export interface SecurityDeps {
  app: Pick<App, 'on'>;
  session: Pick<Session, 'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'on'>;
  shell: Pick<Shell, 'openExternal'>;
  /** Is this URL the app's own page (see registerIpc.isAppUrl)? */
  isAppUrl(url: string): boolean;
  devServerUrl?: string;
  log: { warn(...args: unknown[]): void };
}

/** Open a link in the user's browser or mail app, only when it passes the allowlist. */
export function openExternalIfSafe(shell: Pick<Shell, 'openExternal'>, url: string, log: SecurityDeps['log']): boolean {
  if (!isSafeExternalUrl(url)) {
    log.warn('refused to open link', url.slice(0, 200));
    return false;
  }
  void shell.openExternal(url).catch((error: unknown) => log.warn('could not open link', error));
  return true;
}

/** Lock down every webContents the app ever creates (DESIGN.md section 5). */
export function hardenWebContents(contents: WebContents, deps: Pick<SecurityDeps, 'shell' | 'log'>): void {
  // Nothing inside the window may navigate it away from the app; a vetted link opens outside instead.
  const blockNavigation = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    openExternalIfSafe(deps.shell, url, deps.log);
  };
  contents.on('will-navigate', blockNavigation);
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfSafe(deps.shell, url, deps.log);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function registerSecurity(deps: SecurityDeps): void {
  const csp = contentSecurityPolicy(deps.devServerUrl);
  deps.session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
  // The app needs no camera, microphone, location, notifications-by-prompt, or anything else a site could ask for.
  deps.session.setPermissionRequestHandler((_contents, permission, callback) => {
    deps.log.warn('denied permission request', permission);
    callback(false);
  });
  // Copy buttons write to the clipboard; that is the only capability our own page gets.
  deps.session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permission === 'clipboard-sanitized-write' && details.isMainFrame === true && deps.isAppUrl(details.requestingUrl ?? requestingOrigin),
  );
  // Statements, invoices and exports reach the disk only as downloads of blobs our own page
  // made, through the system save dialog; any other download is refused.
  deps.session.on('will-download', (event, item) => {
    if (!isAllowedDownload(item.getURL())) {
      deps.log.warn('refused download', item.getURL());
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions({ title: 'Save', defaultPath: item.getFilename() });
  });
  deps.app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, deps));
}

/** Only blob: URLs (documents the renderer built from the core's bytes) may be saved. */
export function isAllowedDownload(url: string): boolean {
  return url.startsWith('blob:');
}

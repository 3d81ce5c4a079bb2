import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { contentSecurityPolicy, hardenWebContents, registerSecurity } from './registerSecurity';

function fakeContents() {
  const handlers = new Map<string, (...a: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: vi.fn((name: string, fn: (...a: unknown[]) => void) => handlers.set(name, fn)),
    setWindowOpenHandler: vi.fn((fn: typeof openHandler) => (openHandler = fn)),
  };
  return { contents: contents as unknown as Electron.WebContents, fire: (name: string, ...a: unknown[]) => handlers.get(name)!(...a), open: (url: string) => openHandler!({ url }) };
}

const deps = () => ({ shell: { openExternal: vi.fn(async () => undefined) }, log: { warn: vi.fn() } });

describe('web contents hardening', () => {
  it('blocks every navigation; a vetted link opens in the browser instead', () => {
    const d = deps();
    const c = fakeContents();
    hardenWebContents(c.contents, d);
    const nav = { preventDefault: vi.fn() };
    c.fire('will-navigate', nav, 'https://example.com/help');
    expect(nav.preventDefault).toHaveBeenCalled();
    expect(d.shell.openExternal).toHaveBeenCalledWith('https://example.com/help');
    const evil = { preventDefault: vi.fn() };
    c.fire('will-navigate', evil, 'file:///etc/passwd');
    expect(evil.preventDefault).toHaveBeenCalled();
    expect(d.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('denies window.open, opening only allowlisted links externally', () => {
    const d = deps();
    const c = fakeContents();
    hardenWebContents(c.contents, d);
    expect(c.open('https://wa.me/919876543210?text=Namaste')).toEqual({ action: 'deny' });
    expect(c.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(c.open('http://example.com')).toEqual({ action: 'deny' });
    expect(c.open('mailto:shop@example.com')).toEqual({ action: 'deny' });
    expect(d.shell.openExternal.mock.calls.map((call) => (call as unknown[])[0])).toEqual(['https://wa.me/919876543210?text=Namaste', 'mailto:shop@example.com']);
  });

  it('blocks <webview>, redirects and subframe navigation', () => {
    const c = fakeContents();
    hardenWebContents(c.contents, deps());
    const attach = { preventDefault: vi.fn() };
    c.fire('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    c.fire('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const frame = { preventDefault: vi.fn(), isMainFrame: false };
    c.fire('will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalled();
  });
});

let setupForDownloads: () => { download: (e: { preventDefault(): void }, item: { getURL(): string; getFilename(): string; setSaveDialogOptions(o: object): void }) => void };

describe('registerSecurity', () => {
  setupForDownloads = () => setup();
  function setup(devServerUrl?: string) {
    let headersHook: ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined;
    let requestHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
    let checkHandler: ((wc: unknown, permission: string, origin: string, details: object) => boolean) | undefined;
    let created: ((e: unknown, wc: Electron.WebContents) => void) | undefined;
    let download: ((e: { preventDefault(): void }, item: { getURL(): string; getFilename(): string; setSaveDialogOptions(o: object): void }) => void) | undefined;
    const session = {
      webRequest: { onHeadersReceived: vi.fn((fn: typeof headersHook) => (headersHook = fn)) },
      setPermissionRequestHandler: vi.fn((fn: typeof requestHandler) => (requestHandler = fn)),
      setPermissionCheckHandler: vi.fn((fn: typeof checkHandler) => (checkHandler = fn)),
      on: vi.fn((_name: string, fn: typeof download) => (download = fn)),
    };
    const app = { on: vi.fn((_name: string, fn: typeof created) => (created = fn)) };
    const d = deps();
    registerSecurity({ app: app as never, session: session as never, shell: d.shell, log: d.log, devServerUrl, isAppUrl: (u) => u.startsWith('file:///app/') });
    return { headersHook: headersHook!, requestHandler: requestHandler!, checkHandler: checkHandler!, created: created!, app, download: download! };
  }

  it('replaces any CSP header with the strict policy', () => {
    const s = setup();
    const cb = vi.fn();
    s.headersHook({ responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, cb);
    const headers = (cb.mock.calls[0]![0] as { responseHeaders: Record<string, string[]> }).responseHeaders;
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Security-Policy']).toEqual([contentSecurityPolicy()]);
    expect(headers['X-Other']).toEqual(['1']);
  });

  it('the production policy allows only the app itself', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(contentSecurityPolicy('http://localhost:5173')).toContain('ws://localhost:5173');
  });

  it('denies every permission request', () => {
    const s = setup();
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen']) {
      const cb = vi.fn();
      s.requestHandler({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(s.checkHandler({}, 'media', 'file:///app/', { isMainFrame: true, requestingUrl: 'file:///app/index.html' })).toBe(false);
    expect(s.checkHandler({}, 'clipboard-sanitized-write', 'https://evil', { isMainFrame: true, requestingUrl: 'https://evil/' })).toBe(false);
    expect(s.checkHandler({}, 'clipboard-sanitized-write', 'file:///app/', { isMainFrame: true, requestingUrl: 'file:///app/index.html' })).toBe(true);
  });

  it('hardens every webContents the app creates', () => {
    const s = setup();
    expect(s.app.on).toHaveBeenCalledWith('web-contents-created', expect.any(Function));
    const c = fakeContents();
    s.created({}, c.contents);
    expect(c.open('https://example.com')).toEqual({ action: 'deny' });
  });
});

describe('downloads', () => {
  it('shows the save dialog for a blob document and refuses other downloads', () => {
    const { download } = setupForDownloads();
    const ok = { preventDefault: vi.fn() };
    const item = { getURL: () => 'blob:file:///abc', getFilename: () => 'statement.pdf', setSaveDialogOptions: vi.fn() };
    download(ok, item);
    expect(ok.preventDefault).not.toHaveBeenCalled();
    expect(item.setSaveDialogOptions).toHaveBeenCalledWith({ title: 'Save', defaultPath: 'statement.pdf' });
    const bad = { preventDefault: vi.fn() };
    download(bad, { ...item, getURL: () => 'https://evil.example/x.exe', setSaveDialogOptions: vi.fn() });
    expect(bad.preventDefault).toHaveBeenCalled();
  });

  it('lets only blob: documents made by the page reach the save dialog', async () => {
    const { isAllowedDownload } = await import('./registerSecurity');
    expect(isAllowedDownload('blob:file:///5d1f0c2e-1111-4a4a-9b9b-000000000000')).toBe(true);
    for (const url of ['https://evil.example/x.exe', 'file:///etc/passwd', 'data:application/pdf;base64,JVBERi0=', 'http://127.0.0.1/x']) {
      expect(isAllowedDownload(url), url).toBe(false);
    }
  });
});

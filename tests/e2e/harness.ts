import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/web/host';

export const CHROMIUM = process.env.LENDEN_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const SCREENSHOTS = path.resolve('test-results', 'screenshots');

export interface Harness {
  host: WebHost;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Problems the page reported (console errors, uncaught exceptions, CSP violations). */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * A real browser shell on a temp data folder and a fresh Chromium page opened on it. The
 * renderer must be built (`npx electron-vite build`) before.
 */
export async function openHarness(opts: { width?: number; height?: number; host?: WebHost; locale?: string; timezoneId?: string; /** Stay on the first-run setup of a brand-new shop instead of skipping it. */ setup?: boolean } = {}): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-e2e-'));
  const host = opts.host ?? (await startWebHost({ dataDir }));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1366, height: opts.height ?? 768 }, locale: opts.locale, timezoneId: opts.timezoneId });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  await page.goto(host.url);
  await page.locator('[data-testid="nav-dashboard"], [data-testid="setup"]').first().waitFor();
  if (!opts.setup && (await page.getByTestId('setup').count())) await page.getByTestId('setup-skip').click();
  if (!opts.setup) await page.getByTestId('nav-dashboard').waitFor();
  return {
    host,
    browser,
    context,
    page,
    pageErrors,
    async close() {
      await browser.close().catch(() => undefined);
      if (!opts.host) {
        await host.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}

export const chromiumAvailable = fs.existsSync(CHROMIUM);
export const rendererBuilt = fs.existsSync(path.resolve('out', 'renderer', 'index.html'));

/** The page must never scroll sideways; a screen may only scroll inside its own lists. */
export async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) problems.push(`page ${doc.scrollWidth} > ${window.innerWidth}`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.screen, .screen-header, .toolbar, .quick-entry, .cards, .sidebar, .modal'))) {
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return problems;
  });
}

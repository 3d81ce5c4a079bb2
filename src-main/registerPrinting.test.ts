import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { FORBIDDEN_RESULT, type TrustedOrigin } from './registerIpc';
import { PRINT_CHANNEL, PRINTERS_CHANNEL } from '../src-preload/print';
import { IPC_PRINT, IPC_PRINTERS, parsePrintRequest, printOptions, registerPrinting, type PrintRequest } from './registerPrinting';

const rendererFile = path.resolve('/opt/Lenden/resources/app.asar/out/renderer/index.html');
const appUrl = pathToFileURL(rendererFile).href;
const printers = [
  { name: 'TVS_RP3160', displayName: 'TVS RP3160 Gold', isDefault: false },
  { name: 'HP_LaserJet', displayName: '', isDefault: true },
];
const mainContents = { isDestroyed: () => false, getPrintersAsync: async () => printers } as unknown as Electron.WebContents;
const trust: TrustedOrigin = { mainWebContents: () => mainContents, rendererFile };
const event = (url: string) => ({ sender: mainContents, senderFrame: { url, parent: null } }) as unknown as Electron.IpcMainInvokeEvent;

const pdf = Buffer.from('%PDF-1.3\n1 0 obj << /Type /Page /MediaBox [0 0 226.77 512.4] >> endobj\n%%EOF');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A stand-in for BrowserWindow that records what the shell asked of it. */
function fakeWindows(outcome: { success: boolean; reason: string } = { success: true, reason: '' }) {
  const made: { options: Electron.BrowserWindowConstructorOptions; loaded: string | null; fileExisted: boolean; printed: Electron.WebContentsPrintOptions | null; destroyed: boolean }[] = [];
  const createWindow = (options: Electron.BrowserWindowConstructorOptions) => {
    const record = { options, loaded: null as string | null, fileExisted: false, printed: null as Electron.WebContentsPrintOptions | null, destroyed: false };
    made.push(record);
    return {
      loadFile: async (file: string) => {
        record.loaded = file;
        record.fileExisted = fs.readFileSync(file).equals(pdf);
      },
      isDestroyed: () => record.destroyed,
      destroy: () => {
        record.destroyed = true;
      },
      webContents: {
        print: (options: Electron.WebContentsPrintOptions, cb: (success: boolean, reason: string) => void) => {
          record.printed = options;
          cb(outcome.success, outcome.reason);
        },
      },
    } as unknown as Electron.BrowserWindow;
  };
  return { made, createWindow };
}

function setup(outcome?: { success: boolean; reason: string }) {
  const handlers = new Map<string, (e: Electron.IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain = { handle: vi.fn((channel: string, fn: never) => handlers.set(channel, fn)), removeHandler: vi.fn((c: string) => handlers.delete(c)) };
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-print-test-'));
  dirs.push(tempDir);
  const windows = fakeWindows(outcome);
  const log = { warn: vi.fn(), error: vi.fn() };
  const dispose = registerPrinting({ ipcMain, trust, createWindow: windows.createWindow, tempDir, log, settleMs: 0 });
  const invoke = (channel: string, e: Electron.IpcMainInvokeEvent, ...args: unknown[]) => handlers.get(channel)!(e, ...args);
  return { invoke, windows, tempDir, log, dispose, handlers };
}

const request = (over: Partial<PrintRequest> = {}): PrintRequest => ({ base64: pdf.toString('base64'), paper: '80mm', printerName: 'TVS_RP3160', silent: true, ...over });

describe('printing in the Electron shell', () => {
  it('the preload uses the same channels', () => {
    expect([PRINT_CHANNEL, PRINTERS_CHANNEL]).toEqual([IPC_PRINT, IPC_PRINTERS]);
  });

  it('lists the installed printers for the settings screen', async () => {
    const s = setup();
    expect(await s.invoke(IPC_PRINTERS, event(appUrl))).toEqual([
      { name: 'TVS_RP3160', displayName: 'TVS RP3160 Gold', isDefault: false },
      { name: 'HP_LaserJet', displayName: 'HP_LaserJet', isDefault: true },
    ]);
  });

  it('prints a receipt silently to the chosen printer on roll paper, in a hidden sandboxed window, and cleans up', async () => {
    const s = setup();
    expect(await s.invoke(IPC_PRINT, event(appUrl), request())).toEqual({ ok: true });
    const [w] = s.windows.made;
    expect(w!.options.show).toBe(false);
    expect(w!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, partition: 'lenden-print' });
    expect(w!.options.webPreferences?.preload).toBeUndefined();
    expect(w!.fileExisted).toBe(true);
    expect(w!.printed).toEqual({ silent: true, printBackground: true, deviceName: 'TVS_RP3160', pageSize: { width: 80_000, height: Math.ceil(512.4 * (25_400 / 72)) }, margins: { marginType: 'none' } });
    expect(w!.destroyed).toBe(true);
    expect(fs.readdirSync(s.tempDir)).toEqual([]);
  });

  it('an A4 invoice goes through the print dialog (not silent) when the user has not opted in', async () => {
    const s = setup();
    await s.invoke(IPC_PRINT, event(appUrl), request({ paper: 'a4', silent: false, printerName: null }));
    expect(s.windows.made[0]!.printed).toEqual({ silent: false, printBackground: true, pageSize: 'A4' });
  });

  it('never prints silently to an unnamed printer', () => {
    const parsed = parsePrintRequest(request({ printerName: '  ', silent: true }));
    expect('request' in parsed && parsed.request).toMatchObject({ printerName: null, silent: false });
    expect(printOptions({ ...request(), paper: 'a5', printerName: null, silent: false }, pdf)).toEqual({ silent: false, printBackground: true, pageSize: 'A5' });
  });

  it('reports a printer failure and still cleans up; a cancelled dialog is no error', async () => {
    const failed = setup({ success: false, reason: 'Printer offline' });
    expect(await failed.invoke(IPC_PRINT, event(appUrl), request())).toEqual({ ok: false, error: { code: 'PRINT_FAILED', message: 'The printer did not take the document (Printer offline).' } });
    expect(failed.windows.made[0]!.destroyed).toBe(true);
    expect(fs.readdirSync(failed.tempDir)).toEqual([]);
    const cancelled = setup({ success: false, reason: 'Print job canceled' });
    expect(await cancelled.invoke(IPC_PRINT, event(appUrl), request({ silent: false }))).toEqual({ ok: true });
  });

  it.each([
    ['not an object', 'x'],
    ['not a PDF', { ...request(), base64: Buffer.from('<html>').toString('base64') }],
    ['an unknown paper', { ...request(), paper: 'a3' }],
    ['a printer name that is not text', { ...request(), printerName: 42 }],
    ['silent that is not a boolean', { ...request(), silent: 'yes' }],
  ])('refuses %s without opening a window', async (_label, body) => {
    const s = setup();
    const result = (await s.invoke(IPC_PRINT, event(appUrl), body)) as { ok: boolean; error: { code: string } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('VALIDATION');
    expect(s.windows.made).toHaveLength(0);
  });

  it('refuses requests from any page but our own', async () => {
    const s = setup();
    expect(await s.invoke(IPC_PRINT, event('https://evil.example/'), request())).toEqual(FORBIDDEN_RESULT);
    expect(await s.invoke(IPC_PRINTERS, event('https://evil.example/'))).toEqual(FORBIDDEN_RESULT);
    expect(s.windows.made).toHaveLength(0);
    expect(s.log.warn).toHaveBeenCalled();
    s.dispose();
    expect(s.handlers.size).toBe(0);
  });
});

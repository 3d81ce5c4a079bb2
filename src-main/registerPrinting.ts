import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, BrowserWindowConstructorOptions, IpcMain, WebContentsPrintOptions } from 'electron';
import { PAPERS, type Paper } from './contract/printing';
import { guarded, type TrustedOrigin } from './registerIpc';

export const IPC_PRINT = 'lenden:print';
export const IPC_PRINTERS = 'lenden:printers';

export interface PrinterInfo {
  name: string;
  displayName: string;
  isDefault: boolean;
}

export interface PrintRequest {
  /** The PDF the core made (documents.billPrint), base64. */
  base64: string;
  paper: Paper;
  /** null: the system default printer. */
  printerName: string | null;
  /** Print without the dialog; only to a named printer. */
  silent: boolean;
}

export type PrintResult = { ok: true } | { ok: false; error: { code: 'VALIDATION' | 'PRINT_FAILED'; message: string } };

const MAX_PDF_BYTES = 20 * 1024 * 1024;
const MICRONS_PER_POINT = 25_400 / 72;

/** Checks a request from the page; returns the PDF bytes or a message. */
export function parsePrintRequest(raw: unknown): { request: PrintRequest; pdf: Buffer } | { error: string } {
  if (!raw || typeof raw !== 'object') return { error: 'A print request must be an object.' };
  const r = raw as Record<string, unknown>;
  if (typeof r.base64 !== 'string' || r.base64.length > (MAX_PDF_BYTES * 4) / 3 + 4) return { error: 'The document is missing or too large.' };
  const pdf = Buffer.from(r.base64, 'base64');
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return { error: 'Only PDF documents can be printed.' };
  if (!(PAPERS as readonly unknown[]).includes(r.paper)) return { error: 'Paper must be a4, a5, 80mm or 58mm.' };
  if (r.printerName !== null && (typeof r.printerName !== 'string' || r.printerName.length > 200)) return { error: 'Printer name must be text.' };
  if (typeof r.silent !== 'boolean') return { error: 'Silent must be true or false.' };
  const printerName = (r.printerName as string | null)?.trim() || null;
  return { request: { base64: r.base64, paper: r.paper as Paper, printerName, silent: r.silent && printerName !== null }, pdf };
}

/** Page height of a receipt PDF (pdfkit writes `/MediaBox [0 0 w h]`), in points. */
export function pdfPageHeight(pdf: Buffer): number | null {
  const m = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
  return m ? Number(m[2]) : null;
}

/** What Chromium's print pipeline is told: the paper and no margins of its own for a roll. */
export function printOptions(request: PrintRequest, pdf: Buffer): WebContentsPrintOptions {
  const options: WebContentsPrintOptions = { silent: request.silent, printBackground: true };
  if (request.printerName) options.deviceName = request.printerName;
  if (request.paper === 'a4') options.pageSize = 'A4';
  else if (request.paper === 'a5') options.pageSize = 'A5';
  else {
    const height = pdfPageHeight(pdf) ?? 800;
    options.pageSize = { width: request.paper === '80mm' ? 80_000 : 58_000, height: Math.ceil(height * MICRONS_PER_POINT) };
    options.margins = { marginType: 'none' };
  }
  return options;
}

export interface PrintingDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  trust: TrustedOrigin;
  /** BrowserWindow, injected so tests can stand in for it. */
  createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  tempDir: string;
  log: { warn(...args: unknown[]): void; error(...args: unknown[]): void };
  /** Time for the PDF viewer to lay the pages out after loading, before printing. */
  settleMs?: number;
}

/**
 * Printing for the Electron shell: the page asks with a PDF the core made; it is shown in a
 * hidden window of its own (its own session, no preload, sandboxed) and printed through
 * Chromium's print dialog, or silently to the chosen printer when the user opted in. The page
 * learns the installed printers to choose one in settings.
 */
export function registerPrinting(deps: PrintingDeps): () => void {
  const refused = (event: Electron.IpcMainInvokeEvent) => deps.log.warn('refused a print request from an untrusted sender', event.senderFrame?.url ?? '(no frame)');

  deps.ipcMain.handle(
    IPC_PRINTERS,
    guarded(
      deps.trust,
      async (): Promise<PrinterInfo[]> => {
        const contents = deps.trust.mainWebContents();
        if (!contents) return [];
        const printers = await contents.getPrintersAsync();
        return printers.map((p) => ({ name: p.name, displayName: p.displayName || p.name, isDefault: Boolean((p as { isDefault?: boolean }).isDefault) }));
      },
      refused,
    ),
  );

  deps.ipcMain.handle(
    IPC_PRINT,
    guarded(
      deps.trust,
      async (_event, raw: unknown): Promise<PrintResult> => {
        const parsed = parsePrintRequest(raw);
        if ('error' in parsed) return { ok: false, error: { code: 'VALIDATION', message: parsed.error } };
        return printPdf(deps, parsed.request, parsed.pdf);
      },
      refused,
    ),
  );
  return () => {
    deps.ipcMain.removeHandler(IPC_PRINT);
    deps.ipcMain.removeHandler(IPC_PRINTERS);
  };
}

async function printPdf(deps: PrintingDeps, request: PrintRequest, pdf: Buffer): Promise<PrintResult> {
  const file = path.join(deps.tempDir, `lenden-print-${randomUUID()}.pdf`);
  fs.writeFileSync(file, pdf);
  const win = deps.createWindow({
    show: false,
    width: 900,
    height: 1200,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true, partition: 'lenden-print', javascript: true },
  });
  try {
    await win.loadFile(file);
    await new Promise((r) => setTimeout(r, deps.settleMs ?? 400));
    const result = await new Promise<PrintResult>((resolve) => {
      win.webContents.print(printOptions(request, pdf), (success, failureReason) => {
        // A cancelled dialog is the user's choice, not a failure worth an error message.
        if (success || failureReason === 'Print job canceled' || failureReason === 'cancelled') resolve({ ok: true });
        else resolve({ ok: false, error: { code: 'PRINT_FAILED', message: `The printer did not take the document (${failureReason || 'unknown reason'}).` } });
      });
    });
    if (!result.ok) deps.log.error('printing failed', result.error.message);
    return result;
  } catch (error) {
    deps.log.error('printing failed', error);
    return { ok: false, error: { code: 'PRINT_FAILED', message: `Could not print: ${error instanceof Error ? error.message : String(error)}` } };
  } finally {
    if (!win.isDestroyed()) win.destroy();
    fs.rmSync(file, { force: true });
  }
}

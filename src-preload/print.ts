import type { PrintRequest, PrintResult, PrinterInfo } from '../src-main/registerPrinting';
import type { BridgeIpc } from './bridge';

// Channel names repeated here (not imported) so the sandboxed preload bundle stays free of the
// shell's node imports; registerPrinting.test checks they match.
export const PRINT_CHANNEL = 'lenden:print';
export const PRINTERS_CHANNEL = 'lenden:printers';

export interface LendenPrinter {
  printers(): Promise<PrinterInfo[]>;
  print(request: PrintRequest): Promise<PrintResult>;
}

/** window.lendenPrinter: the Electron shell's printing, two invokes and nothing else. */
export function createPrintBridge(ipc: Pick<BridgeIpc, 'invoke'>): LendenPrinter {
  return Object.freeze({
    printers: async () => (await ipc.invoke(PRINTERS_CHANNEL)) as PrinterInfo[],
    print: async (request: PrintRequest) => {
      try {
        return (await ipc.invoke(PRINT_CHANNEL, request)) as PrintResult;
      } catch (error) {
        return { ok: false, error: { code: 'PRINT_FAILED', message: error instanceof Error ? error.message : 'Printing failed.' } } as PrintResult;
      }
    },
  });
}

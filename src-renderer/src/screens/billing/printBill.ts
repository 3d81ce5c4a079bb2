import { call, saveFile } from '../../api/client';

/**
 * Print a bill the way this device is set up (paper, printer, silent). In the Electron shell
 * it goes to the print dialog or the chosen printer; the browser shell has no printer access,
 * so the same layout is handed over as a PDF.
 */
export async function printBill(billId: string, language: 'en' | 'hi'): Promise<'printed' | 'saved'> {
  const settings = await call('printing.settings', {});
  const doc = await call('documents.billPrint', { billId, language, paper: settings.paper });
  const printer = window.lendenPrinter;
  if (printer) {
    const result = await printer.print({ base64: doc.base64, paper: settings.paper, printerName: settings.printerName, silent: settings.silent });
    if (!result.ok) throw new Error(result.error.message);
    return 'printed';
  }
  await saveFile(doc);
  return 'saved';
}

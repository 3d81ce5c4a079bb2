import { z } from 'zod';
import { method } from './define';

/** Bill layouts: a GST invoice on A4 or A5 paper, or a receipt for an 80 mm or 58 mm thermal roll. */
export const PAPERS = ['a4', 'a5', '80mm', '58mm'] as const;
export type Paper = (typeof PAPERS)[number];
export const paper = z.enum(PAPERS, { message: 'Paper must be a4, a5, 80mm or 58mm.' });

/** This device's printing choices (a counter PC has its own printer): never synced. */
export interface PrintSettings {
  paper: Paper;
  /** The printer chosen in settings; null = the system default. */
  printerName: string | null;
  /** Print without the dialog (the user opted in); only with a chosen printer. */
  silent: boolean;
}

export const printingContract = {
  'printing.settings': method(z.object({}).strict().optional().default({})).returns<PrintSettings>(),
  'printing.updateSettings': method(
    z
      .object({
        paper: paper.optional(),
        printerName: z.string().max(200, { message: 'Printer name is too long.' }).nullish(),
        silent: z.boolean({ message: 'Silent printing must be true or false.' }).optional(),
      })
      .strict(),
  ).returns<PrintSettings>(),
};

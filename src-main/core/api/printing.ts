import type { Handlers } from '../../contract';
import type { printingContract } from '../../contract/printing';
import type { LedgerContext } from '../ledger/context';
import { getPrintSettings, updatePrintSettings } from '../ledger/printing/settings';

export const printingHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof printingContract> => ({
  'printing.settings': () => getPrintSettings(ctx),
  'printing.updateSettings': (input) => updatePrintSettings(ctx, input),
});

import type { PrintSettings } from '../../../contract/printing';
import type { LedgerContext } from '../context';

// Printing belongs to the device (the counter PC has the thermal printer, the office an A4
// one): kept in sync_state, never synced.
const KEY = 'print_settings';
const DEFAULTS: PrintSettings = { paper: 'a4', printerName: null, silent: false };

export function getPrintSettings(ctx: LedgerContext): PrintSettings {
  const row = ctx.writer.prepare('SELECT value FROM sync_state WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return { ...DEFAULTS };
  try {
    return { ...DEFAULTS, ...(JSON.parse(row.value) as Partial<PrintSettings>) };
  } catch {
    return { ...DEFAULTS };
  }
}

export function updatePrintSettings(ctx: LedgerContext, patch: { paper?: PrintSettings['paper']; printerName?: string | null; silent?: boolean }): PrintSettings {
  return ctx.transact(() => {
    const current = getPrintSettings(ctx);
    const next: PrintSettings = {
      paper: patch.paper ?? current.paper,
      printerName: patch.printerName !== undefined ? patch.printerName?.trim() || null : current.printerName,
      silent: patch.silent ?? current.silent,
    };
    // Silent printing goes to a named printer only: never to whatever happens to be the default.
    if (!next.printerName) next.silent = false;
    ctx.writer.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(next));
    ctx.writer.touch('print_settings');
    return next;
  });
}

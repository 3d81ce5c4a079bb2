import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Paper } from '../../../../src-main/contract';
import { PAPERS } from '../../../../src-main/contract/printing';
import { call } from '../../api/client';
import { errorMessage } from '../../i18n/errors';

/**
 * This computer's printing: the bill layout (A4 / A5 invoice, 80 / 58 mm receipt), the printer
 * (remembered) and whether to print without the dialog. The printer list comes from the
 * Electron shell; the browser shell saves the same layout as a PDF instead.
 */
export function PrintSettingsPanel() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: ['printing'], queryFn: () => call('printing.settings', {}) });
  const printer = window.lendenPrinter;
  const [printers, setPrinters] = useState<{ name: string; displayName: string; isDefault: boolean }[]>([]);
  useEffect(() => {
    if (printer) void printer.printers().then(setPrinters, () => setPrinters([]));
  }, [printer]);
  const update = useMutation({ mutationFn: (patch: { paper?: Paper; printerName?: string | null; silent?: boolean }) => call('printing.updateSettings', patch) });
  const s = settings.data;

  return (
    <div className="panel" data-testid="print-settings">
      <h2 className="section-title">{t('print.title')}</h2>
      <label className="field">
        <span>{t('print.paper')}</span>
        <select value={s?.paper ?? 'a4'} onChange={(e) => update.mutate({ paper: e.target.value as Paper })} data-testid="print-paper">
          {PAPERS.map((p) => (
            <option key={p} value={p}>
              {t(`print.papers.${p}`)}
            </option>
          ))}
        </select>
      </label>
      {printer ? (
        <>
          <label className="field">
            <span>{t('print.printer')}</span>
            <select value={s?.printerName ?? ''} onChange={(e) => update.mutate({ printerName: e.target.value || null })} data-testid="print-printer">
              <option value="">{t('print.systemDefault')}</option>
              {printers.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.displayName}
                  {p.isDefault ? ` (${t('print.default')})` : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={s?.silent ?? false} disabled={!s?.printerName} onChange={(e) => update.mutate({ silent: e.target.checked })} data-testid="print-silent" />
            <span>{t('print.silent')}</span>
          </label>
        </>
      ) : (
        <p className="muted">{t('print.browserShell')}</p>
      )}
      {update.error && (
        <p className="error-text" role="alert">
          {errorMessage(update.error)}
        </p>
      )}
    </div>
  );
}

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ErrorText } from '../../ui/ErrorText';
import { lastMonth, monthRange, useDownload } from './useDownload';
import { DateInput } from '../../ui/DateInput';

/** What the Tally file for a date range holds, the file itself, and how to import it. */
export function TallyExport({ today }: { today: string }) {
  const { t } = useTranslation();
  const [range, setRange] = useState(() => monthRange(lastMonth(today)));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(range.from) && /^\d{4}-\d{2}-\d{2}$/.test(range.to);
  const summary = useQuery({ queryKey: ['reports', 'tally', range.from, range.to], queryFn: () => call('returns.tallySummary', range), enabled: valid });
  const files = useDownload();
  const s = summary.data;
  const figures: [string, number | undefined][] = [
    ['ledgers', s?.ledgers],
    ['stockItems', s?.stockItems],
    ['sales', s?.vouchers.sales],
    ['purchase', s?.vouchers.purchase],
    ['receipt', s?.vouchers.receipt],
    ['payment', s?.vouchers.payment],
  ];
  return (
    <div data-testid="tally-export">
      <div className="toolbar">
        <label className="inline-field">
          <span>{t('monthEnd.from')}</span>
          <DateInput value={range.from} onChange={(from) => setRange({ ...range, from })} testId="tally-from" />
        </label>
        <label className="inline-field">
          <span>{t('monthEnd.to')}</span>
          <DateInput value={range.to} onChange={(to) => setRange({ ...range, to })} testId="tally-to" />
        </label>
        <button type="button" className="btn btn-primary" disabled={files.busy !== null || !s} onClick={() => void files.run('xml', () => call('returns.export', { what: 'tally', range }))} data-testid="tally-xml">
          {t('monthEnd.tally.download')}
        </button>
        {files.saved && (
          <span className="muted" role="status" data-testid="tally-saved">
            {t('monthEnd.saved', { file: files.saved })}
          </span>
        )}
      </div>
      <ErrorText error={summary.error ?? files.error} />
      <section className="panel">
        <h2 className="section-title">{t('monthEnd.tally.title')}</h2>
        <p>{t('monthEnd.tally.intro')}</p>
        <div className="me-figures">
          {figures.map(([key, value]) => (
            <div className="card" key={key} data-testid={`tally-${key}`}>
              <span className="card-label">{t(`monthEnd.tally.${key}`)}</span>
              <span className="card-figure">{value ?? '–'}</span>
            </div>
          ))}
        </div>
        <p className="me-note" style={{ marginTop: 12 }}>
          {t('monthEnd.tally.how')}
        </p>
      </section>
    </div>
  );
}

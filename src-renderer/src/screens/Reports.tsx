import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { Money } from '../ui/Money';
import { ErrorText } from '../ui/ErrorText';
import { DateInput } from '../ui/DateInput';
import { MonthInput } from '../ui/MonthInput';
import { noteText } from '../format/notes';
import { GstReturns } from './monthend/GstReturns';
import { ProfitLoss } from './monthend/ProfitLoss';
import { TallyExport } from './monthend/TallyExport';
import './monthend/monthend.css';

const TABS = ['dayBook', 'balances', 'gst', 'returns', 'profit', 'tally'] as const;
type Tab = (typeof TABS)[number];

/**
 * Reports as the core computes them: the day book, who owes what by age, GST by rate; and the
 * month-end work: GST returns with their checks, profit and loss with cash flow, Tally export.
 */
export function ReportsScreen() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('dayBook');
  return (
    <section className="screen" data-testid="screen-reports">
      <header className="screen-header">
        <h1>{t('nav.reports')}</h1>
        <div className="segmented" role="tablist" aria-label={t('nav.reports')}>
          {TABS.map((name) => (
            <button key={name} type="button" role="tab" aria-selected={tab === name} className="seg" onClick={() => setTab(name)} data-testid={`report-${name}`}>
              {name === 'returns' || name === 'profit' || name === 'tally' ? t(`monthEnd.tabs.${name}`) : t(`reports.${name}`)}
            </button>
          ))}
        </div>
      </header>
      {tab === 'dayBook' && <DayBookReport />}
      {tab === 'balances' && <BalancesReport />}
      {tab === 'gst' && <GstReport />}
      <MonthEnd tab={tab} />
    </section>
  );
}

/** The month-end tabs, once today's date (in the business's time zone) is known. */
function MonthEnd({ tab }: { tab: Tab }) {
  const today = useToday();
  if (!today) return null;
  if (tab === 'returns') return <GstReturns today={today} />;
  if (tab === 'profit') return <ProfitLoss today={today} />;
  if (tab === 'tally') return <TallyExport today={today} />;
  return null;
}

function useToday() {
  return useQuery({ queryKey: ['appInfo'], queryFn: () => call('app.info', {}) }).data?.today ?? null;
}

function DayBookReport() {
  const { t } = useTranslation();
  const today = useToday();
  const [picked, setPicked] = useState<string | null>(null);
  const date = picked ?? today;
  const report = useQuery({ queryKey: ['reports', 'dayBook', date], queryFn: () => call('reports.dayBook', { date: date! }), enabled: !!date });
  const totals = report.data?.totals;
  return (
    <>
      <div className="toolbar">
        <label className="inline-field">
          <span>{t('entry.date')}</span>
          <DateInput value={date ?? ''} onChange={(iso) => setPicked(iso || null)} testId="daybook-date" />
        </label>
      </div>
      <ErrorText error={report.error} />
      <div className="cards">
        {(['gavePaise', 'gotPaise', 'salesPaise', 'purchasesPaise', 'cashInPaise', 'cashOutPaise'] as const).map((k) => (
          <div className="card" key={k}>
            <span className="card-label">{t(`reports.totals.${k}`)}</span>
            <Money paise={totals?.[k] ?? 0} tone={k === 'gavePaise' || k === 'cashOutPaise' ? 'gave' : k === 'gotPaise' || k === 'cashInPaise' ? 'got' : 'neutral'} />
          </div>
        ))}
      </div>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('party.col.name')}</th>
              <th>{t('entry.col.note')}</th>
              <th className="num">{t('entry.col.gave')}</th>
              <th className="num">{t('entry.col.got')}</th>
            </tr>
          </thead>
          <tbody>
            {(report.data?.entries ?? []).map((e) => (
              <tr key={e.id}>
                <td className="truncate">{e.partyName}</td>
                <td className="truncate">{noteText(e.note, t)}</td>
                <td className="num">{e.direction === 'gave' ? <Money paise={e.amountPaise} tone="gave" /> : ''}</td>
                <td className="num">{e.direction === 'got' ? <Money paise={e.amountPaise} tone="got" /> : ''}</td>
              </tr>
            ))}
            {report.data?.entries.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {t('dashboard.noRecent')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

function BalancesReport() {
  const { t } = useTranslation();
  const [type, setType] = useState<'customer' | 'supplier'>('customer');
  const report = useQuery({ queryKey: ['reports', 'balances', type], queryFn: () => call('reports.partyBalances', { type }) });
  return (
    <>
      <div className="toolbar">
        <label className="inline-field">
          <span>{t('reports.partyType')}</span>
          <select value={type} onChange={(e) => setType(e.target.value as 'customer' | 'supplier')}>
            <option value="customer">{t('nav.customers')}</option>
            <option value="supplier">{t('nav.suppliers')}</option>
          </select>
        </label>
      </div>
      <ErrorText error={report.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('party.col.name')}</th>
              <th className="num">{t('party.col.balance')}</th>
              <th className="num">0–30</th>
              <th className="num">31–60</th>
              <th className="num">61–90</th>
              <th className="num">90+</th>
            </tr>
          </thead>
          <tbody>
            {(report.data?.parties ?? []).map((p) => (
              <tr key={p.partyId}>
                <td className="truncate">{p.name}</td>
                <td className="num">
                  <Money paise={Math.abs(p.balancePaise)} tone={p.balancePaise > 0 ? 'gave' : p.balancePaise < 0 ? 'got' : 'neutral'} />
                </td>
                <td className="num"><Money paise={p.buckets.d0to30Paise} /></td>
                <td className="num"><Money paise={p.buckets.d31to60Paise} /></td>
                <td className="num"><Money paise={p.buckets.d61to90Paise} /></td>
                <td className="num"><Money paise={p.buckets.over90Paise} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function GstReport() {
  const { t } = useTranslation();
  const today = useToday();
  const [picked, setPicked] = useState<string | null>(null);
  const month = picked ?? today?.slice(0, 7) ?? null;
  const report = useQuery({ queryKey: ['reports', 'gst', month], queryFn: () => call('reports.gstSummary', { month: month! }), enabled: !!month });
  const rows = (label: string, list: NonNullable<typeof report.data>['output']) => (
    <>
      <h2 className="section-title">{label}</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('bills.gst')}</th>
              <th className="num">{t('bills.taxable')}</th>
              <th className="num">CGST</th>
              <th className="num">SGST</th>
              <th className="num">IGST</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.gstRateBp}>
                <td>{r.gstRateBp / 100}%</td>
                <td className="num"><Money paise={r.taxablePaise} /></td>
                <td className="num"><Money paise={r.cgstPaise} /></td>
                <td className="num"><Money paise={r.sgstPaise} /></td>
                <td className="num"><Money paise={r.igstPaise} /></td>
              </tr>
            ))}
            {list.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">{t('bills.empty')}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
  return (
    <>
      <div className="toolbar">
        <label className="inline-field">
          <span>{t('staff.month')}</span>
          <MonthInput value={month ?? ''} onChange={setPicked} testId="gst-summary-month" />
        </label>
      </div>
      <ErrorText error={report.error} />
      {report.data && rows(t('reports.gstOutput'), report.data.output)}
      {report.data && rows(t('reports.gstInput'), report.data.input)}
    </>
  );
}

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ErrorText } from '../../ui/ErrorText';
import { Money } from '../../ui/Money';
import { lastMonth, monthRange, useDownload } from './useDownload';
import { DateInput } from '../../ui/DateInput';

/** Profit and loss and cash flow by mode for a period, as the core computes them; PDF and Excel. */
export function ProfitLoss({ today }: { today: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'hi' ? 'hi' : 'en';
  const [range, setRange] = useState(() => monthRange(lastMonth(today)));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(range.from) && /^\d{4}-\d{2}-\d{2}$/.test(range.to);
  const pnl = useQuery({ queryKey: ['reports', 'profitLoss', range.from, range.to], queryFn: () => call('returns.profitLoss', range), enabled: valid });
  const flow = useQuery({ queryKey: ['reports', 'cashFlowByMode', range.from, range.to], queryFn: () => call('returns.cashFlowByMode', range), enabled: valid });
  const files = useDownload();
  const p = pnl.data;
  const c = flow.data;
  const row = (label: string, paise: number, opts: { testId?: string; total?: boolean; indent?: boolean } = {}) => (
    <tr className={opts.total ? 'me-total' : undefined} data-testid={opts.testId}>
      <td style={opts.indent ? { paddingLeft: 24 } : undefined}>{label}</td>
      <td className="num">
        <Money paise={paise} />
      </td>
    </tr>
  );

  return (
    <div data-testid="profit-loss">
      <div className="toolbar">
        <label className="inline-field">
          <span>{t('monthEnd.from')}</span>
          <DateInput value={range.from} onChange={(from) => setRange({ ...range, from })} testId="pnl-from" />
        </label>
        <label className="inline-field">
          <span>{t('monthEnd.to')}</span>
          <DateInput value={range.to} onChange={(to) => setRange({ ...range, to })} testId="pnl-to" />
        </label>
        <button type="button" className="btn" disabled={files.busy !== null} onClick={() => void files.run('pdf', () => call('returns.export', { what: 'profitLoss', format: 'pdf', range, language: lang }))} data-testid="pnl-pdf">
          {t('monthEnd.pnl.pdf')}
        </button>
        <button type="button" className="btn" disabled={files.busy !== null} onClick={() => void files.run('xlsx', () => call('returns.export', { what: 'profitLoss', format: 'xlsx', range, language: lang }))} data-testid="pnl-xlsx">
          {t('monthEnd.pnl.xlsx')}
        </button>
        {files.saved && (
          <span className="muted" role="status" data-testid="pnl-saved">
            {t('monthEnd.saved', { file: files.saved })}
          </span>
        )}
      </div>
      <ErrorText error={pnl.error ?? flow.error ?? files.error} />
      <div className="me-grid">
        <section className="panel">
          <h2 className="section-title">{t('monthEnd.pnl.title')}</h2>
          {p && (
            <table className="table me-table" data-testid="pnl-table">
              <tbody>
                {row(t('monthEnd.pnl.sales'), p.salesPaise)}
                {row(t('monthEnd.pnl.openingStock'), p.openingStockPaise, { indent: true })}
                {row(t('monthEnd.pnl.purchases'), p.purchasesPaise, { indent: true })}
                {row(t('monthEnd.pnl.closingStock'), p.closingStockPaise, { indent: true })}
                {row(t('monthEnd.pnl.cogs'), p.costOfGoodsSoldPaise)}
                {row(t('monthEnd.pnl.grossProfit'), p.grossProfitPaise, { total: true, testId: 'pnl-gross' })}
                {row(t('monthEnd.pnl.otherIncome'), p.otherIncomePaise)}
                {p.expenses.map((e) => (
                  <tr key={e.category}>
                    <td style={{ paddingLeft: 24 }}>{t(`monthEnd.pnl.category.${e.category}`)}</td>
                    <td className="num">
                      <Money paise={e.amountPaise} tone="gave" />
                    </td>
                  </tr>
                ))}
                {row(t('monthEnd.pnl.totalExpenses'), p.expensesPaise)}
                <tr className="me-total" data-testid="pnl-net">
                  <td>{t(p.netProfitPaise >= 0 ? 'monthEnd.pnl.netProfit' : 'monthEnd.pnl.netLoss')}</td>
                  <td className="num">
                    <Money paise={Math.abs(p.netProfitPaise)} tone={p.netProfitPaise >= 0 ? 'got' : 'gave'} />
                  </td>
                </tr>
              </tbody>
            </table>
          )}
          <p className="me-note">{t('monthEnd.pnl.stockNote')}</p>
        </section>
        <section className="panel">
          <h2 className="section-title">{t('monthEnd.cashflow.title')}</h2>
          {c && (
            <>
              <table className="table me-table" data-testid="cashflow-modes">
                <thead>
                  <tr>
                    <th>{t('monthEnd.cashflow.mode')}</th>
                    <th className="num">{t('monthEnd.cashflow.in')}</th>
                    <th className="num">{t('monthEnd.cashflow.out')}</th>
                    <th className="num">{t('monthEnd.cashflow.net')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.modes.map((m) => (
                    <tr key={m.mode} data-testid={`cashflow-${m.mode}`}>
                      <td>{t(`monthEnd.cashflow.modes.${m.mode}`)}</td>
                      <td className="num"><Money paise={m.inPaise} tone="got" /></td>
                      <td className="num"><Money paise={m.outPaise} tone="gave" /></td>
                      <td className="num"><Money paise={m.netPaise} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table className="table me-table" data-testid="cashflow-balances" style={{ marginTop: 10 }}>
                <thead>
                  <tr>
                    <th />
                    <th className="num">{t('monthEnd.cashflow.opening')}</th>
                    <th className="num">{t('monthEnd.cashflow.in')}</th>
                    <th className="num">{t('monthEnd.cashflow.out')}</th>
                    <th className="num">{t('monthEnd.cashflow.closing')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(['cash', 'online', 'totals'] as const).map((k) => (
                    <tr key={k} className={k === 'totals' ? 'me-total' : undefined}>
                      <td>{t(`monthEnd.cashflow.${k === 'totals' ? 'total' : k}`)}</td>
                      <td className="num"><Money paise={c[k].openingPaise} /></td>
                      <td className="num"><Money paise={c[k].inPaise} /></td>
                      <td className="num"><Money paise={c[k].outPaise} /></td>
                      <td className="num"><Money paise={c[k].closingPaise} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      </div>
    </div>
  );
}

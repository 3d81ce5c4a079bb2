import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Gstr3bHeads } from '../../../../src-main/contract';
import { stateLabel } from '../../../../src-main/contract/states';
import { call } from '../../api/client';
import { formatDate } from '../../format/date';
import { ErrorText } from '../../ui/ErrorText';
import { Money } from '../../ui/Money';
import { MonthInput } from '../../ui/MonthInput';
import { BillFixer } from './BillFixer';
import { ProblemList } from './ProblemList';
import { lastMonth, useDownload } from './useDownload';

/**
 * GSTR-1 and GSTR-3B of a month or quarter as the core computes them, the checks before filing
 * (each problem opens its bill), and the files: portal JSON, CSV, Excel, PDF, e-invoice JSON.
 */
export function GstReturns({ today }: { today: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'hi' ? 'hi' : 'en';
  const [month, setMonth] = useState(() => lastMonth(today));
  const [quarterly, setQuarterly] = useState(false);
  const [openBill, setOpenBill] = useState<string | null>(null);
  const period = { month, quarterly };
  const valid = /^\d{4}-\d{2}$/.test(month);
  const gstr1 = useQuery({ queryKey: ['reports', 'gstr1', month, quarterly], queryFn: () => call('returns.gstr1', period), enabled: valid });
  const gstr3b = useQuery({ queryKey: ['reports', 'gstr3b', month, quarterly], queryFn: () => call('returns.gstr3b', period), enabled: valid });
  const files = useDownload();
  const r1 = gstr1.data;
  const r3 = gstr3b.data;
  const heads = (h: Gstr3bHeads) => (['igstPaise', 'cgstPaise', 'sgstPaise'] as const).map((k) => (
    <td key={k} className="num">
      <Money paise={h[k]} />
    </td>
  ));

  return (
    <div data-testid="gst-returns">
      <div className="toolbar">
        <label className="inline-field">
          <span>{t('monthEnd.month')}</span>
          <MonthInput value={month} onChange={setMonth} testId="gst-month" />
        </label>
        <label className="inline-field">
          <input type="checkbox" checked={quarterly} onChange={(e) => setQuarterly(e.target.checked)} data-testid="gst-quarterly" />
          <span>{t('monthEnd.quarterly')}</span>
        </label>
        {r1 && (
          <span className="muted" data-testid="gst-period">
            {formatDate(r1.period.from)} – {formatDate(r1.period.to)}
          </span>
        )}
      </div>
      <ErrorText error={gstr1.error ?? gstr3b.error} />
      {r1 && <ProblemList problems={r1.problems} billCount={r1.counts.bills - r1.counts.deleted} onOpenBill={setOpenBill} />}
      <div className="me-actions">
        <button type="button" className="btn btn-primary" disabled={!r1?.ready || files.busy !== null} onClick={() => void files.run('gstr1-json', () => call('returns.export', { what: 'gstr1', format: 'json', period }))} data-testid="gstr1-json">
          {t('monthEnd.gstr1.json')}
        </button>
        <button type="button" className="btn" disabled={files.busy !== null} onClick={() => void files.run('gstr1-xlsx', () => call('returns.export', { what: 'gstr1', format: 'xlsx', period }))} data-testid="gstr1-xlsx">
          {t('monthEnd.gstr1.name')} {t('monthEnd.gstr1.xlsx')}
        </button>
        <button type="button" className="btn" disabled={files.busy !== null} onClick={() => void files.run('gstr1-csv', () => call('returns.export', { what: 'gstr1', format: 'csv', period }))} data-testid="gstr1-csv">
          {t('monthEnd.gstr1.name')} {t('monthEnd.gstr1.csv')}
        </button>
        <button type="button" className="btn" disabled={!r3?.ready || files.busy !== null} onClick={() => void files.run('gstr3b-json', () => call('returns.export', { what: 'gstr3b', format: 'json', period }))} data-testid="gstr3b-json">
          {t('monthEnd.gstr3b.json')}
        </button>
        <button type="button" className="btn" disabled={files.busy !== null} onClick={() => void files.run('gstr3b-pdf', () => call('returns.export', { what: 'gstr3b', format: 'pdf', period, language: lang }))} data-testid="gstr3b-pdf">
          {t('monthEnd.gstr3b.pdf')}
        </button>
        {r1 && !r1.ready && <span className="me-note">{t('monthEnd.gstr1.blocked')}</span>}
        {files.saved && (
          <span className="muted" role="status" data-testid="gst-saved">
            {t('monthEnd.saved', { file: files.saved })}
          </span>
        )}
      </div>
      <ErrorText error={files.error} />
      <div className="me-grid">
        <section className="panel">
          <h2 className="section-title">{t('monthEnd.gstr1.title')}</h2>
          <div className="table-wrap">
            <table className="table me-table" data-testid="gstr1-sections">
              <TaxHead first={[t('monthEnd.gstr1.section'), t('monthEnd.gstr1.count')]} />
              <tbody>
                {(r1?.sections ?? []).map((s) => (
                  <tr key={s.section} data-testid={`gstr1-${s.section}`}>
                    <td>{t(`monthEnd.gstr1.sections.${s.section}`)}</td>
                    <td className="num">{s.count}</td>
                    <td className="num">{s.section === 'doc_issue' ? '' : <Money paise={s.section === 'nil' ? s.valuePaise : s.taxablePaise} />}</td>
                    <td className="num">{s.section === 'doc_issue' || s.section === 'nil' ? '' : <Money paise={s.igstPaise} />}</td>
                    <td className="num">{s.section === 'doc_issue' || s.section === 'nil' ? '' : <Money paise={s.cgstPaise} />}</td>
                    <td className="num">{s.section === 'doc_issue' || s.section === 'nil' ? '' : <Money paise={s.sgstPaise} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {r1 && (
            <>
              <p className="me-note">{t('monthEnd.gstr1.b2clLimit', { limit: `₹${(r1.b2clLimitPaise / 100).toLocaleString('en-IN')}` })}</p>
              {r1.counts.deleted > 0 && <p className="me-note">{t('monthEnd.gstr1.deleted', { deleted: r1.counts.deleted, bills: r1.counts.bills })}</p>}
              <p className="me-note">{t('monthEnd.gstr1.noNotes')}</p>
            </>
          )}
        </section>
        <section className="panel">
          <h2 className="section-title">{t('monthEnd.gstr3b.title')}</h2>
          {r3 && (
            <div className="table-wrap">
              <table className="table me-table" data-testid="gstr3b-table">
                <TaxHead first={[t('monthEnd.gstr3b.head')]} />
                <tbody>
                  <tr>
                    <td>{t('monthEnd.gstr3b.outward')}</td>
                    <td className="num"><Money paise={r3.outwardTaxable.taxablePaise} /></td>
                    {heads({ ...r3.outwardTaxable })}
                  </tr>
                  <tr>
                    <td>{t('monthEnd.gstr3b.nil')}</td>
                    <td className="num"><Money paise={r3.outwardNilExempt.taxablePaise} /></td>
                    <td colSpan={3} />
                  </tr>
                  {r3.interStateUnregistered.map((u) => (
                    <tr key={u.placeOfSupply}>
                      <td>{t('monthEnd.gstr3b.interState')}: {stateLabel(u.placeOfSupply, lang)}</td>
                      <td className="num"><Money paise={u.taxablePaise} /></td>
                      <td className="num"><Money paise={u.igstPaise} /></td>
                      <td colSpan={2} />
                    </tr>
                  ))}
                  <tr>
                    <td>{t('monthEnd.gstr3b.itc')}</td>
                    <td />
                    {heads(r3.itcAvailable)}
                  </tr>
                  {(r3.itcIneligible.igstPaise > 0 || r3.itcIneligible.cgstPaise > 0 || r3.itcIneligible.sgstPaise > 0) && (
                    <tr>
                      <td className="muted">{t('monthEnd.gstr3b.itcIneligible')}</td>
                      <td />
                      {heads(r3.itcIneligible)}
                    </tr>
                  )}
                  <tr className="me-total" data-testid="gstr3b-payable">
                    <td>{t('monthEnd.gstr3b.payable')}</td>
                    <td />
                    {heads(r3.payableInCash)}
                  </tr>
                  {(r3.creditCarriedForward.igstPaise > 0 || r3.creditCarriedForward.cgstPaise > 0 || r3.creditCarriedForward.sgstPaise > 0) && (
                    <tr>
                      <td>{t('monthEnd.gstr3b.carried')}</td>
                      <td />
                      {heads(r3.creditCarriedForward)}
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
      <section className="panel" style={{ marginTop: 14 }}>
        <h2 className="section-title">{t('monthEnd.b2b.title')}</h2>
        <div className="table-wrap">
          <table className="table me-table" data-testid="b2b-invoices">
            <thead>
              <tr>
                <th>{t('monthEnd.b2b.invoice')}</th>
                <th>{t('monthEnd.b2b.party')}</th>
                <th>{t('monthEnd.b2b.gstin')}</th>
                <th className="num">{t('monthEnd.gstr1.value')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(r1?.b2b ?? []).map((b) => (
                <tr key={b.billId}>
                  <td>
                    {b.invoiceNumber} <span className="muted">{formatDate(b.date)}</span>
                  </td>
                  <td className="truncate">{b.partyName}</td>
                  <td>{b.gstin}</td>
                  <td className="num"><Money paise={b.valuePaise} /></td>
                  <td className="num">
                    <button type="button" className="btn btn-small" disabled={files.busy !== null} onClick={() => void files.run(`einv-${b.billId}`, () => call('returns.export', { what: 'einvoice', billId: b.billId }))} data-testid="einvoice-json">
                      {t('monthEnd.b2b.einvoice')}
                    </button>
                  </td>
                </tr>
              ))}
              {r1 && r1.b2b.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">{t('monthEnd.b2b.none')}</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
      {openBill && <BillFixer billId={openBill} onClose={() => setOpenBill(null)} />}
    </div>
  );
}

/** Column heads of a tax table: the given first columns, then taxable value and the three taxes. */
function TaxHead({ first }: { first: string[] }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        {first.map((label, i) => (
          <th key={label} className={i === 0 ? undefined : 'num'}>
            {label}
          </th>
        ))}
        <th className="num">{t('monthEnd.gstr1.taxable')}</th>
        <th className="num">IGST</th>
        <th className="num">CGST</th>
        <th className="num">SGST</th>
      </tr>
    </thead>
  );
}

import { useTranslation } from 'react-i18next';
import type { GstProblem } from '../../../../src-main/contract';

/**
 * The checks a return must pass, each in the UI language with a button that opens the bill to
 * fix (problems of the shop's own settings say where to fix them instead).
 */
export function ProblemList({ problems, billCount, onOpenBill }: { problems: GstProblem[]; billCount: number; onOpenBill: (billId: string) => void }) {
  const { t } = useTranslation();
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <section className="panel me-checks" aria-labelledby="me-checks-title" data-testid="gst-checks">
      <h2 id="me-checks-title" className="section-title">
        {t('monthEnd.checks.title')}
      </h2>
      {problems.length === 0 && (
        <p className="me-ok" data-testid="gst-ready">
          {t('monthEnd.checks.ready', { count: billCount })}
        </p>
      )}
      {errors > 0 && (
        <p className="error-text" data-testid="gst-blocked">
          {t('monthEnd.checks.errors', { count: errors })}
        </p>
      )}
      {warnings > 0 && <p className="muted">{t('monthEnd.checks.warnings', { count: warnings })}</p>}
      {problems.length > 0 && (
        <ul className="me-problems">
          {problems.map((p, i) => (
            <li key={`${p.code}-${p.billId ?? ''}-${p.line ?? ''}-${i}`} className={`me-problem me-${p.severity}`} data-testid="gst-problem" data-code={p.code}>
              <span className={`badge ${p.severity === 'error' ? 'badge-unpaid' : 'badge-warn'}`}>{t(`monthEnd.checks.${p.severity}`)}</span>
              <span className="me-problem-text">
                {t(`monthEnd.problem.${p.code}`, { ...p.detail, invoice: p.invoiceNumber ?? '', party: p.partyName ?? '', line: p.line ?? '', who: p.detail.who ?? '', interpolation: { escapeValue: false } })}
              </span>
              {p.billId ? (
                <button type="button" className="btn btn-small" onClick={() => onOpenBill(p.billId!)} data-testid="gst-problem-open">
                  {t('monthEnd.checks.openBill', { number: p.invoiceNumber })}
                </button>
              ) : (
                <span className="muted">{t('monthEnd.checks.inSettings')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

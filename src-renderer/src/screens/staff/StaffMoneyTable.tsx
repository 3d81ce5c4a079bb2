import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffMoney, StaffMoneyMonth } from '../../../../src-main/contract';
import { call, saveFile } from '../../api/client';
import { errorMessage } from '../../i18n/errors';
import { Money } from '../../ui/Money';
import { StaffPayForm } from './StaffPayForm';

/**
 * Each staff member's money for the month: earned from attendance, salary paid, advance still
 * to recover and what is due now (the core computes every figure). Pay opens the pay dialog;
 * Salary slip downloads the PDF in the screen's language.
 */
export function StaffMoneyTable({ money, today }: { money: StaffMoneyMonth; today: string }) {
  const { t, i18n } = useTranslation();
  const [paying, setPaying] = useState<StaffMoney | null>(null);
  const [error, setError] = useState<string | null>(null);
  const payslip = async (row: StaffMoney) => {
    setError(null);
    try {
      await saveFile(await call('documents.payslip', { staffId: row.staff.id, month: money.month, language: i18n.language === 'hi' ? 'hi' : 'en' }));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <div className="card staff-money" data-testid="staff-money">
      <h2 className="section-title">{t('staffPay.title')}</h2>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th>{t('staff.name')}</th>
            <th className="num">{t('staffPay.earned')}</th>
            <th className="num">{t('staffPay.paid')}</th>
            <th className="num">{t('staffPay.advanceOutstanding')}</th>
            <th className="num">{t('staffPay.dueNow')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {money.staff.map((row) => (
            <tr key={row.staff.id} data-testid="staff-money-row">
              <td>
                <strong>{row.staff.name}</strong>
              </td>
              <td className="num">
                <Money paise={row.earnedPaise} testId="staff-earned" />
              </td>
              <td className="num">
                <Money paise={row.salaryPaidPaise + row.advancesGivenPaise} testId="staff-paid" />
              </td>
              <td className="num">
                <Money paise={row.advanceOutstandingPaise} tone={row.advanceOutstandingPaise ? 'gave' : 'neutral'} testId="staff-advance" />
              </td>
              <td className="num">
                <Money paise={row.duePaise} tone="neutral" testId="staff-due-now" />
              </td>
              <td className="row-actions">
                <button type="button" className="btn btn-small btn-primary" onClick={() => setPaying(row)} data-testid={`pay-${row.staff.name}`}>
                  {t('staffPay.pay')}
                </button>
                <button type="button" className="btn btn-small" onClick={() => void payslip(row)} data-testid={`payslip-${row.staff.name}`}>
                  {t('staffPay.payslip')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted legend">{t('staffPay.rule')}</p>
      {paying && <StaffPayForm row={money.staff.find((s) => s.staff.id === paying.staff.id) ?? paying} month={money.month} today={today} onClose={() => setPaying(null)} />}
    </div>
  );
}

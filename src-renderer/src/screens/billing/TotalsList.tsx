import { useTranslation } from 'react-i18next';
import type { BillTotals } from '../../../../src-main/contract';
import { Money } from '../../ui/Money';

/**
 * The tax breakdown as the core computed it: items total and discount (when any), taxable
 * value, CGST + SGST or IGST, round-off, total, and for a saved bill paid and balance due.
 */
export function TotalsList({ totals, paid, due, dueTestId = 'bill-balance' }: { totals: Omit<BillTotals, 'lines' | 'placeOfSupply'>; paid?: number; due?: number; dueTestId?: string }) {
  const { t } = useTranslation();
  return (
    <dl className="bill-totals" data-testid="bill-totals">
      {totals.discountPaise > 0 && (
        <>
          <dt>{t('bills.subtotal')}</dt>
          <dd>
            <Money paise={totals.subtotalPaise} />
          </dd>
          <dt>{t('bills.discount')}</dt>
          <dd>
            <Money paise={totals.discountPaise} testId="bill-discount-total" />
          </dd>
        </>
      )}
      <dt>{t('bills.taxable')}</dt>
      <dd>
        <Money paise={totals.taxablePaise} testId="bill-taxable" />
      </dd>
      {totals.interState ? (
        <>
          <dt>IGST</dt>
          <dd>
            <Money paise={totals.igstPaise} testId="bill-igst" />
          </dd>
        </>
      ) : (
        <>
          <dt>CGST</dt>
          <dd>
            <Money paise={totals.cgstPaise} testId="bill-cgst" />
          </dd>
          <dt>SGST</dt>
          <dd>
            <Money paise={totals.sgstPaise} testId="bill-sgst" />
          </dd>
        </>
      )}
      <dt>{t('bills.roundOff')}</dt>
      <dd>
        <Money paise={totals.roundOffPaise} />
      </dd>
      <dt className="grand">{t('bills.total')}</dt>
      <dd className="grand">
        <Money paise={totals.totalPaise} testId="bill-total" />
      </dd>
      {paid !== undefined && (
        <>
          <dt>{t('bills.paid')}</dt>
          <dd>
            <Money paise={paid} tone="got" testId="bill-paid" />
          </dd>
        </>
      )}
      {due !== undefined && (
        <>
          <dt>
            <strong>{t('pay.balanceDue')}</strong>
          </dt>
          <dd>
            <strong>
              <Money paise={due} tone={due > 0 ? 'gave' : 'neutral'} testId={dueTestId} />
            </strong>
          </dd>
        </>
      )}
    </dl>
  );
}

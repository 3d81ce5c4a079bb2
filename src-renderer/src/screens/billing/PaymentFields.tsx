import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYMENT_MODES, type PaymentMode } from '../../../../src-main/contract/payments';
import { paiseToInput } from '../../format/money';

export interface PaymentDraft {
  amount: string;
  mode: PaymentMode;
  modeRef: string;
}

export const EMPTY_PAYMENT: PaymentDraft = { amount: '', mode: 'cash', modeRef: '' };

/**
 * Money taken while the bill is made: type an amount (part payment) or F for the full total,
 * the mode (cash, UPI, card, cheque with its number, bank transfer) and a reference.
 */
export const PaymentFields = forwardRef<HTMLInputElement, { kind: 'sale' | 'purchase'; value: PaymentDraft; totalPaise: number | null; onChange: (next: PaymentDraft) => void; idPrefix?: string }>(
  function PaymentFields({ kind, value, totalPaise, onChange, idPrefix = 'bill-pay' }, ref) {
    const { t } = useTranslation();
    const full = () => totalPaise !== null && onChange({ ...value, amount: paiseToInput(totalPaise) });
    return (
      <fieldset className="payment-fields">
        <legend>{t(kind === 'sale' ? 'pay.received' : 'pay.paidOut')}</legend>
        <label className="field pay-amount">
          <span>
            {t('pay.amount')} <kbd>F</kbd> {t('pay.fullShort')}
          </span>
          <input
            ref={ref}
            inputMode="decimal"
            placeholder="₹ 0"
            value={value.amount}
            onChange={(e) => onChange({ ...value, amount: e.target.value })}
            onKeyDown={(e) => {
              if (e.key.toLowerCase() === 'f' && !e.ctrlKey && !e.altKey && !e.metaKey) {
                e.preventDefault();
                full();
              }
            }}
            data-testid={`${idPrefix}-amount`}
          />
        </label>
        <button type="button" className="btn btn-small" onClick={full} disabled={totalPaise === null} data-testid={`${idPrefix}-full`}>
          {t('pay.full')}
        </button>
        <label className="field pay-mode">
          <span>{t('pay.mode')}</span>
          <select value={value.mode} onChange={(e) => onChange({ ...value, mode: e.target.value as PaymentMode })} data-testid={`${idPrefix}-mode`}>
            {PAYMENT_MODES.map((m) => (
              <option key={m} value={m}>
                {t(`pay.modes.${m}`)}
              </option>
            ))}
          </select>
        </label>
        {value.mode !== 'cash' && (
          <label className="field pay-ref">
            <span>{t(value.mode === 'cheque' ? 'pay.chequeNo' : 'pay.reference')}</span>
            <input value={value.modeRef} maxLength={40} onChange={(e) => onChange({ ...value, modeRef: e.target.value })} aria-required={value.mode === 'cheque'} data-testid={`${idPrefix}-ref`} />
          </label>
        )}
      </fieldset>
    );
  },
);

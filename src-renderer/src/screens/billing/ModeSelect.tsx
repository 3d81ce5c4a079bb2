import { useTranslation } from 'react-i18next';
import { PAYMENT_MODES, type PaymentMode } from '../../../../src-main/contract/payments';

/** 'auto': let the core pick (cash for money in from a customer or out to a supplier, else credit). */
export type ModeChoice = PaymentMode | 'none' | 'auto';

/** How an entry's money moved: a payment mode, or none (goods on credit). */
export function ModeSelect({ value, onChange, allowAuto, testId }: { value: ModeChoice; onChange: (next: ModeChoice) => void; allowAuto?: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as ModeChoice)} aria-label={t('pay.mode')} data-testid={testId}>
      {allowAuto && <option value="auto">{t('pay.modeAuto')}</option>}
      {PAYMENT_MODES.map((m) => (
        <option key={m} value={m}>
          {t(`pay.modes.${m}`)}
        </option>
      ))}
      <option value="none">{t('pay.noMoney')}</option>
    </select>
  );
}

/** The entry fields for a choice: auto sends nothing (the core decides), none sends null. */
export const modeFields = (choice: ModeChoice, ref: string): { mode?: PaymentMode | null; modeRef: string | null } =>
  choice === 'auto' ? { modeRef: null } : choice === 'none' ? { mode: null, modeRef: null } : { mode: choice, modeRef: ref.trim() || null };

import { useTranslation } from 'react-i18next';
import { checkGstin } from '../../../../src-main/contract/gstin';
import { GST_STATES } from '../../../../src-main/contract/states';
import { formatMonthName } from '../../format/date';

export interface SetupValues {
  name: string;
  ownerName: string;
  phone: string;
  address: string;
  stateCode: string;
  gstin: string;
  upiId: string;
  invoicePrefix: string;
  fyStartMonth: number;
}
export type SetupErrors = Partial<Record<keyof SetupValues, string>>;

interface StepProps {
  values: SetupValues;
  errors: SetupErrors;
  set: (patch: Partial<SetupValues>) => void;
}

function Field({ name, label, hint, errors, children }: { name: keyof SetupValues; label: string; hint?: string; errors: SetupErrors; children: React.ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      {hint && !errors[name] && <small className="muted">{hint}</small>}
      {errors[name] && (
        <span className="field-error" role="alert" data-testid={`setup-${name}-error`}>
          {errors[name]}
        </span>
      )}
    </label>
  );
}

export function ShopStep({ values, errors, set }: StepProps) {
  const { t } = useTranslation();
  return (
    <div className="form-grid">
      <div className="span-2">
        <Field name="name" label={t('setup.field.name')} errors={errors}>
          <input value={values.name} maxLength={120} autoFocus placeholder={t('setup.placeholder.name')} aria-invalid={!!errors.name} onChange={(e) => set({ name: e.target.value })} data-testid="setup-name" />
        </Field>
      </div>
      <Field name="ownerName" label={t('setup.field.ownerName')} errors={errors}>
        <input value={values.ownerName} maxLength={120} onChange={(e) => set({ ownerName: e.target.value })} data-testid="setup-ownerName" />
      </Field>
      <Field name="phone" label={t('setup.field.phone')} errors={errors}>
        <input value={values.phone} inputMode="tel" maxLength={20} aria-invalid={!!errors.phone} onChange={(e) => set({ phone: e.target.value })} data-testid="setup-phone" />
      </Field>
      <div className="span-2">
        <Field name="address" label={t('setup.field.address')} errors={errors}>
          <textarea rows={2} value={values.address} maxLength={500} onChange={(e) => set({ address: e.target.value })} data-testid="setup-address" />
        </Field>
      </div>
    </div>
  );
}

/** What a typed GSTIN says, in shop words: nothing yet, the state and PAN it carries, or the mistake. */
export function gstinNote(gstin: string, lang: 'en' | 'hi', pan = 'PAN'): { ok: true; text: string; stateCode: string } | { ok: false; key: string } | null {
  const typed = gstin.replace(/\s/g, '');
  if (!typed) return null;
  const check = checkGstin(typed);
  if (!check.ok) return { ok: false, key: typed.length < 15 ? 'setup.gstin.short' : `setup.gstin.${check.error}` };
  return { ok: true, stateCode: check.stateCode, text: `${GST_STATES[check.stateCode]![lang]} · ${pan} ${check.pan}` };
}

export function TaxStep({ values, errors, set }: StepProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'hi' ? 'hi' : 'en';
  const note = gstinNote(values.gstin, lang, t('setup.pan'));
  return (
    <div className="form-grid">
      <Field name="gstin" label={t('setup.field.gstin')} hint={t('setup.hint.gstin')} errors={errors}>
        <input
          value={values.gstin}
          maxLength={20}
          autoFocus
          autoCapitalize="characters"
          aria-invalid={!!errors.gstin}
          onChange={(e) => {
            const gstin = e.target.value.toUpperCase();
            const n = gstinNote(gstin, lang, t('setup.pan'));
            set(n?.ok ? { gstin, stateCode: n.stateCode } : { gstin });
          }}
          data-testid="setup-gstin"
        />
        {note?.ok && (
          <small className="gstin-ok" data-testid="setup-gstin-derived">
            ✓ {note.text}
          </small>
        )}
      </Field>
      <Field name="stateCode" label={t('setup.field.state')} errors={errors}>
        <select value={values.stateCode} aria-invalid={!!errors.stateCode} onChange={(e) => set({ stateCode: e.target.value })} data-testid="setup-state">
          <option value="">{t('setup.choose')}</option>
          {Object.entries(GST_STATES).map(([code, s]) => (
            <option key={code} value={code}>
              {s[lang]} ({code})
            </option>
          ))}
        </select>
      </Field>
      <Field name="invoicePrefix" label={t('setup.field.invoicePrefix')} hint={t('setup.hint.invoicePrefix', { example: `${values.invoicePrefix}1-0001` })} errors={errors}>
        <input value={values.invoicePrefix} maxLength={12} aria-invalid={!!errors.invoicePrefix} onChange={(e) => set({ invoicePrefix: e.target.value })} data-testid="setup-invoicePrefix" />
      </Field>
      <Field name="fyStartMonth" label={t('setup.field.fyStart')} errors={errors}>
        <select value={values.fyStartMonth} onChange={(e) => set({ fyStartMonth: Number(e.target.value) })} data-testid="setup-fyStart">
          {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
            <option key={m} value={m}>
              {formatMonthName(m)}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

export function PayStep({ values, errors, set }: StepProps) {
  const { t } = useTranslation();
  return (
    <div className="form-grid">
      <div className="span-2">
        <Field name="upiId" label={t('setup.field.upiId')} hint={t('setup.hint.upiId')} errors={errors}>
          <input value={values.upiId} maxLength={100} autoFocus placeholder="shopname@okaxis" aria-invalid={!!errors.upiId} onChange={(e) => set({ upiId: e.target.value })} data-testid="setup-upiId" />
        </Field>
      </div>
    </div>
  );
}

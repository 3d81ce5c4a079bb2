import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiCallError, call } from '../api/client';
import { setLanguage, type Language } from '../i18n';
import { AccountSection } from './AccountSection';
import { BackupSection } from './BackupSection';
import { translateMessage } from '../i18n/errors';
import { PrintSettingsPanel } from './billing/PrintSettingsPanel';
import { GST_STATES } from '../../../src-main/contract/states';

interface BusinessValues {
  name: string;
  ownerName: string;
  phone: string;
  gstin: string;
  stateCode: string;
  invoicePrefix: string;
  address: string;
  upiId: string;
  bankName: string;
  bankAccount: string;
  bankIfsc: string;
}
const FIELDS: (keyof BusinessValues)[] = ['name', 'ownerName', 'phone', 'gstin', 'stateCode', 'invoicePrefix'];
/** Printed on invoices and statements: where the shop is and how a customer can pay it. */
const PAY_FIELDS: (keyof BusinessValues)[] = ['upiId', 'bankName', 'bankAccount', 'bankIfsc'];

export function Settings({ onRunSetup }: { onRunSetup: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('settings.get', {}) });
  const form = useForm<BusinessValues>();
  const { errors, isSubmitting, isSubmitSuccessful } = form.formState;

  useEffect(() => {
    const s = settings.data;
    if (s)
      form.reset({
        name: s.name,
        ownerName: s.ownerName ?? '',
        phone: s.phone ?? '',
        gstin: s.gstin ?? '',
        stateCode: s.stateCode ?? '',
        invoicePrefix: s.invoicePrefix,
        address: s.address ?? '',
        upiId: s.upiId ?? '',
        bankName: s.bankName ?? '',
        bankAccount: s.bankAccount ?? '',
        bankIfsc: s.bankIfsc ?? '',
      });
  }, [settings.data, form]);

  const save = form.handleSubmit(async (v) => {
    try {
      await call('settings.update', {
        name: v.name,
        ownerName: v.ownerName.trim() || null,
        phone: v.phone.trim() || null,
        gstin: v.gstin.trim() || null,
        stateCode: v.stateCode.trim() || null,
        invoicePrefix: v.invoicePrefix,
        address: v.address.trim() || null,
        upiId: v.upiId.trim() || null,
        bankName: v.bankName.trim() || null,
        bankAccount: v.bankAccount.trim() || null,
        bankIfsc: v.bankIfsc.trim() || null,
      });
    } catch (error) {
      if (error instanceof ApiCallError) {
        for (const [field, message] of Object.entries(error.fields)) {
          if ([...FIELDS, ...PAY_FIELDS, 'address'].includes(field as keyof BusinessValues)) form.setError(field as keyof BusinessValues, { message: translateMessage(message) });
          else form.setError('root', { message: translateMessage(message) });
        }
        if (!Object.keys(error.fields).length) form.setError('root', { message: translateMessage(error.message) });
      }
      throw error;
    }
  });

  const chooseLanguage = async (language: Language) => {
    await setLanguage(language);
    // Kept in the profile too, so the choice follows the user once signed in.
    await call('profile.update', { language }).catch(() => undefined);
    void client.invalidateQueries({ queryKey: ['profile'] });
  };

  const field = (name: keyof BusinessValues) => (
    <label className="field">
      <span>{t(FIELDS.includes(name) ? `settings.field.${name}` : `settingsPay.${name}`)}</span>
      {name === 'stateCode' ? (
        <select {...form.register(name)} aria-invalid={!!errors[name]} data-testid={`settings-${name}`}>
          <option value="">{t('setup.choose')}</option>
          {Object.entries(GST_STATES).map(([code, s]) => (
            <option key={code} value={code}>
              {s[i18n.language === 'hi' ? 'hi' : 'en']} ({code})
            </option>
          ))}
        </select>
      ) : (
        <input {...form.register(name)} aria-invalid={!!errors[name]} data-testid={`settings-${name}`} />
      )}
      {errors[name] && <span className="field-error" role="alert">{errors[name]?.message}</span>}
    </label>
  );

  return (
    <section className="screen" data-testid="screen-settings">
      <header className="screen-header">
        <h1>{t('nav.settings')}</h1>
      </header>
      <div className="settings-grid">
        <form className="panel" onSubmit={(e) => void save(e).catch(() => undefined)} noValidate>
          <h2 className="section-title">{t('settings.business')}</h2>
          <div className="form-grid">
            {FIELDS.map((name) => (
              <div key={name}>{field(name)}</div>
            ))}
            <div className="span-2">{field('address')}</div>
          </div>
          <h3 className="section-title settings-sub">{t('settingsPay.title')}</h3>
          <div className="form-grid">
            {PAY_FIELDS.map((name) => (
              <div key={name}>{field(name)}</div>
            ))}
          </div>
          {errors.root && <p className="error-text" role="alert">{errors.root.message}</p>}
          <div className="modal-actions">
            {isSubmitSuccessful && <span className="muted">{t('settings.saved')}</span>}
            <button type="submit" className="btn btn-primary" disabled={isSubmitting} data-testid="settings-save">
              {t('common.save')}
            </button>
          </div>
        </form>
        <div className="panel">
          <h2 className="section-title">{t('settings.language')}</h2>
          <div className="segmented" role="radiogroup" aria-label={t('settings.language')}>
            {(['en', 'hi'] as const).map((language) => (
              <button
                key={language}
                type="button"
                role="radio"
                aria-checked={i18n.language === language}
                className="seg"
                onClick={() => void chooseLanguage(language)}
                data-testid={`language-${language}`}
              >
                {t(`settings.lang.${language}`)}
              </button>
            ))}
          </div>
          <h2 className="section-title settings-sub">{t('setup.heading')}</h2>
          <p className="muted">{t('setup.againHint')}</p>
          <button type="button" className="btn settings-setup" onClick={onRunSetup} disabled={settings.data?.arriving} data-testid="settings-run-setup">
            {t('setup.again')}
          </button>
          <AccountSection />
        </div>
        <PrintSettingsPanel />
        <BackupSection />
      </div>
    </section>
  );
}

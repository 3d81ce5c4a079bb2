import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { BusinessSettings } from '../../../../src-main/contract';
import { ApiCallError, call } from '../../api/client';
import { setLanguage, type Language } from '../../i18n';
import { errorMessage, translateMessage } from '../../i18n/errors';
import { gstinNote, PayStep, ShopStep, TaxStep, type SetupErrors, type SetupValues } from './SetupFields';

const STEPS = ['language', 'shop', 'tax', 'pay'] as const;
type Step = (typeof STEPS)[number];
const STEP_OF: Partial<Record<keyof SetupValues, Step>> = { name: 'shop', ownerName: 'shop', phone: 'shop', address: 'shop', gstin: 'tax', stateCode: 'tax', invoicePrefix: 'tax', fyStartMonth: 'tax', upiId: 'pay' };

/** On a brand-new shop no language has been chosen yet: the first question is asked in both. */
function bothLanguages(fixed: (lng: string) => (key: string) => string, key: string): string {
  const [en, hi] = [fixed('en')(key), fixed('hi')(key)];
  return en === hi ? en : `${hi} · ${en}`;
}

function initial(s: BusinessSettings | undefined): SetupValues {
  return {
    // A brand-new shop starts with an empty name rather than the placeholder "My Shop".
    name: s && !s.setupPending ? s.name : '',
    ownerName: s?.ownerName ?? '',
    phone: s?.phone ?? '',
    address: s?.address ?? '',
    stateCode: s?.stateCode ?? '',
    gstin: s?.gstin ?? '',
    upiId: s?.upiId ?? '',
    invoicePrefix: s?.invoicePrefix ?? 'INV-',
    fyStartMonth: s?.fyStartMonth ?? 4,
  };
}

/**
 * The shop owner's first minutes: language first, then who the shop is, its tax details and how
 * customers pay it. Every step can be skipped; Settings opens it again later.
 */
export function FirstRunSetup({ settings, onDone }: { settings: BusinessSettings | undefined; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [step, setStep] = useState<Step>('language');
  const [values, setValues] = useState<SetupValues>(() => initial(settings));
  const [errors, setErrors] = useState<SetupErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const index = STEPS.indexOf(step);
  const set = (patch: Partial<SetupValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in patch))));
  };

  const chooseLanguage = async (language: Language) => {
    await setLanguage(language);
    await call('profile.update', { language }).catch(() => undefined);
    void client.invalidateQueries({ queryKey: ['profile'] });
    setStep('shop');
  };

  /** What can be told before asking the core: a name, and a GSTIN whose check character fits. */
  const checkStep = (s: Step): SetupErrors => {
    const found: SetupErrors = {};
    if (s === 'shop' && !values.name.trim()) found.name = t('setup.error.name');
    if (s === 'tax') {
      const note = gstinNote(values.gstin, i18n.language === 'hi' ? 'hi' : 'en');
      if (note && !note.ok) found.gstin = t(note.key);
      else if (note?.ok && values.stateCode && note.stateCode !== values.stateCode) found.stateCode = t('setup.error.otherState');
    }
    return found;
  };

  const finish = async (skip: boolean) => {
    if (skip && !settings?.setupPending) return onDone();
    setBusy(true);
    setFormError(null);
    try {
      if (skip) await call('settings.update', { setupDone: true });
      else
        await call('settings.update', {
          name: values.name,
          ownerName: values.ownerName.trim() || null,
          phone: values.phone.trim() || null,
          address: values.address.trim() || null,
          stateCode: values.stateCode || null,
          gstin: values.gstin.trim() || null,
          upiId: values.upiId.trim() || null,
          invoicePrefix: values.invoicePrefix.trim(),
          fyStartMonth: values.fyStartMonth,
          setupDone: true,
        });
      await client.invalidateQueries({ queryKey: ['settings'] });
      onDone();
    } catch (error) {
      if (error instanceof ApiCallError && Object.keys(error.fields).length) {
        const fieldErrors: SetupErrors = {};
        for (const [field, message] of Object.entries(error.fields)) if (field in values) fieldErrors[field as keyof SetupValues] = translateMessage(message);
        const first = STEPS.find((s) => Object.keys(fieldErrors).some((f) => STEP_OF[f as keyof SetupValues] === s));
        setErrors(fieldErrors);
        if (first) setStep(first);
        else setFormError(translateMessage(error.message));
      } else setFormError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const next = () => {
    const found = checkStep(step);
    setErrors(found);
    if (Object.keys(found).length) return;
    if (step === 'pay') void finish(false);
    else setStep(STEPS[index + 1]!);
  };

  return (
    <div className="setup" data-testid="setup">
      <form
        className="setup-card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (step !== 'language') next();
        }}
        aria-labelledby="setup-title"
      >
        <header className="setup-head">
          <span className="brand-mark" aria-hidden="true">
            ₹
          </span>
          <div>
            <h1 id="setup-title">{step === 'language' && settings?.setupPending ? bothLanguages(i18n.getFixedT, 'setup.title.language') : t(`setup.title.${step}`)}</h1>
            <p className="muted">{step === 'language' ? t('setup.welcome') : t('setup.stepOf', { n: index, total: STEPS.length - 1 })}</p>
          </div>
        </header>
        {step === 'language' && (
          <div className="setup-languages" role="group" aria-label={t('settings.language')}>
            {(['hi', 'en'] as const).map((language) => (
              <button key={language} type="button" className="btn setup-language" lang={language} onClick={() => void chooseLanguage(language)} data-testid={`setup-language-${language}`}>
                {t(`settings.lang.${language}`)}
              </button>
            ))}
          </div>
        )}
        {step === 'shop' && <ShopStep values={values} errors={errors} set={set} />}
        {step === 'tax' && <TaxStep values={values} errors={errors} set={set} />}
        {step === 'pay' && <PayStep values={values} errors={errors} set={set} />}
        {formError && (
          <p className="error-text" role="alert">
            {formError}
          </p>
        )}
        <div className="setup-actions">
          <button type="button" className="btn btn-link" disabled={busy} onClick={() => void finish(true)} data-testid="setup-skip">
            {t(settings?.setupPending ? 'setup.skip' : 'setup.close')}
          </button>
          <span className="setup-spacer" />
          {index > 0 && (
            <button type="button" className="btn" disabled={busy} onClick={() => setStep(STEPS[index - 1]!)} data-testid="setup-back">
              {t('common.back')}
            </button>
          )}
          {step !== 'language' && (
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="setup-next">
              {t(step === 'pay' ? 'setup.finish' : 'setup.next')}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}

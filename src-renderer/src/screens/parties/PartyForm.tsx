import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Party } from '../../../../src-main/contract';
import { ApiCallError } from '../../api/client';
import { Modal } from '../../ui/Modal';
import { errorMessage, translateMessage } from '../../i18n/errors';
import { parseRupees } from '../../format/money';

export interface PartyFormValues {
  name: string;
  phone: string;
  address: string;
  gstin: string;
  stateCode: string;
  notes: string;
  /** Days of credit, '' for none. */
  creditDays: string;
  /** Only when adding: what was owed already, and which way. */
  openingAmount: string;
  openingDirection: 'gave' | 'got';
}

const FIELDS: (keyof PartyFormValues)[] = ['name', 'phone', 'address', 'gstin', 'stateCode', 'notes', 'creditDays'];

/**
 * Add or edit a party. The core validates (one set of rules); its per-field messages are
 * shown beside the fields they belong to.
 */
export function PartyForm(props: {
  type: 'customer' | 'supplier';
  party?: Party;
  onSave: (values: {
    name: string;
    phone: string | null;
    address: string | null;
    gstin: string | null;
    stateCode: string | null;
    notes: string | null;
    creditDays: number | null;
    openingBalance?: { direction: 'gave' | 'got'; amountPaise: number };
  }) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const p = props.party;
  const form = useForm<PartyFormValues>({
    defaultValues: {
      name: p?.name ?? '',
      phone: p?.phone ?? '',
      address: p?.address ?? '',
      gstin: p?.gstin ?? '',
      stateCode: p?.stateCode ?? '',
      notes: p?.notes ?? '',
      creditDays: p?.creditDays == null ? '' : String(p.creditDays),
      openingAmount: '',
      openingDirection: props.type === 'customer' ? 'gave' : 'got',
    },
  });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    const blank = (v: string) => (v.trim() ? v : null);
    const opening = !p && values.openingAmount.trim() ? parseRupees(values.openingAmount) : null;
    if (!p && values.openingAmount.trim() && opening === null) return form.setError('openingAmount', { message: t('entry.badAmount') });
    const days = values.creditDays.trim();
    if (days && !/^\d{1,4}$/.test(days)) return form.setError('creditDays', { message: t('collect.field.creditDaysHint') });
    try {
      await props.onSave({
        ...(opening ? { openingBalance: { direction: values.openingDirection, amountPaise: opening } } : {}),
        name: values.name,
        phone: blank(values.phone),
        address: blank(values.address),
        gstin: blank(values.gstin),
        stateCode: blank(values.stateCode),
        notes: blank(values.notes),
        creditDays: days ? Number(days) : null,
      });
      props.onClose();
    } catch (error) {
      if (error instanceof ApiCallError && Object.keys(error.fields).length) {
        for (const [field, message] of Object.entries(error.fields)) {
          const key = field.replace(/^patch\./, '').replace(/^parties\.\d+\./, '') as keyof PartyFormValues;
          if (FIELDS.includes(key)) form.setError(key, { message: translateMessage(message) });
          else form.setError('root', { message: translateMessage(message) });
        }
      } else {
        form.setError('root', { message: errorMessage(error) });
      }
    }
  });

  const title = t(p ? 'party.editTitle' : props.type === 'customer' ? 'party.addCustomer' : 'party.addSupplier');
  const field = (name: keyof PartyFormValues, opts: { multiline?: boolean; autoFocus?: boolean; inputMode?: 'tel' | 'text' | 'numeric' } = {}) => (
    <label className="field">
      <span>{t(name === 'creditDays' ? 'collect.field.creditDays' : `party.field.${name}`)}</span>
      {opts.multiline ? (
        <textarea rows={2} {...form.register(name)} aria-invalid={!!errors[name]} data-testid={`party-${name}`} />
      ) : (
        <input autoFocus={opts.autoFocus} inputMode={opts.inputMode} {...form.register(name)} aria-invalid={!!errors[name]} data-testid={`party-${name}`} />
      )}
      {errors[name] && <span className="field-error" role="alert">{errors[name]?.message}</span>}
    </label>
  );

  return (
    <Modal title={title} onClose={props.onClose} testId="party-form">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          {field('name', { autoFocus: true })}
          {field('phone', { inputMode: 'tel' })}
          {field('gstin')}
          {field('stateCode')}
          {field('creditDays', { inputMode: 'numeric' })}
          <div className="span-2">{field('address', { multiline: true })}</div>
          <div className="span-2">{field('notes', { multiline: true })}</div>
          {!p && (
            <>
              <label className="field">
                <span>{t('partyOpening.amount')}</span>
                <input inputMode="decimal" placeholder="₹ 0" {...form.register('openingAmount')} aria-invalid={!!errors.openingAmount} data-testid="party-opening-amount" />
                {errors.openingAmount && <span className="field-error" role="alert">{errors.openingAmount.message}</span>}
              </label>
              <label className="field">
                <span>{t('partyOpening.direction')}</span>
                <select {...form.register('openingDirection')} data-testid="party-opening-direction">
                  <option value="gave">{t('partyOpening.theyOwe')}</option>
                  <option value="got">{t('partyOpening.youOwe')}</option>
                </select>
              </label>
            </>
          )}
        </div>
        {errors.root && <p className="error-text" role="alert">{errors.root.message}</p>}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={isSubmitting} data-testid="party-save">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Item, ItemUnit } from '../../../../src-main/contract';
import { GST_RATES_BP } from '../../../../src-main/contract/bills';
import { ITEM_UNITS } from '../../../../src-main/contract/items';
import { ApiCallError, call } from '../../api/client';
import { paiseToInput } from '../../format/money';
import { translateMessage } from '../../i18n/errors';
import { Modal } from '../../ui/Modal';
import { parseOptionalRupees, parseQty, qtyToInput } from '../billing/draft';

/** Thousandths from a box that may be blank (null) or zero. */
const optionalQty = (text: string): number | null | 'bad' => {
  const v = text.trim();
  if (!v) return null;
  if (/^0*(\.0*)?$/.test(v)) return 0;
  return parseQty(v) ?? 'bad';
};

/** Add or edit an item. Stock is not typed here (only the opening stock of a new item). */
export function ItemForm({ item, onClose, onSaved }: { item?: Item; onClose: () => void; onSaved?: (item: Item) => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({
    name: item?.name ?? '',
    hsn: item?.hsn ?? '',
    unit: (item?.unit ?? 'pcs') as ItemUnit,
    sale: item ? paiseToInput(item.salePricePaise) : '',
    purchase: item ? paiseToInput(item.purchasePricePaise) : '',
    gstRateBp: item?.gstRateBp ?? 0,
    barcode: item?.barcode ?? '',
    opening: '',
    low: item?.lowStockMilli != null ? qtyToInput(item.lowStockMilli) : '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof v>) => setV((cur) => ({ ...cur, ...patch }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const sale = parseOptionalRupees(v.sale);
    const purchase = parseOptionalRupees(v.purchase);
    const opening = optionalQty(v.opening);
    const low = optionalQty(v.low);
    const bad: Record<string, string> = {};
    if (sale === null) bad.salePricePaise = t('entry.badAmount');
    if (purchase === null) bad.purchasePricePaise = t('entry.badAmount');
    if (opening === 'bad') bad.openingQtyMilli = t('items.badQty');
    if (low === 'bad') bad.lowStockMilli = t('items.badQty');
    if (Object.keys(bad).length) return setErrors(bad);
    const fields = {
      name: v.name,
      hsn: v.hsn.trim() || null,
      unit: v.unit,
      salePricePaise: sale!,
      purchasePricePaise: purchase!,
      gstRateBp: v.gstRateBp,
      barcode: v.barcode.trim() || null,
      lowStockMilli: low as number | null,
    };
    setBusy(true);
    try {
      const saved = item ? await call('items.update', { id: item.id, patch: fields }) : await call('items.create', { ...fields, openingQtyMilli: (opening as number | null) ?? 0 });
      onSaved?.(saved);
      onClose();
    } catch (err) {
      if (err instanceof ApiCallError) {
        const fieldErrors = Object.fromEntries(Object.entries(err.fields).map(([k, m]) => [k, translateMessage(m)]));
        setErrors(Object.keys(fieldErrors).length ? fieldErrors : { root: translateMessage(err.message) });
      } else setErrors({ root: String(err) });
    } finally {
      setBusy(false);
    }
  };

  const error = (name: string) => errors[name] && <span className="field-error" role="alert">{errors[name]}</span>;
  return (
    <Modal title={item ? t('items.editTitle', { name: item.name }) : t('items.new')} onClose={onClose} testId="item-form">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <label className="field span-2">
            <span>{t('items.name')}</span>
            <input autoFocus data-autofocus value={v.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} aria-invalid={!!errors.name} data-testid="item-name" />
            {error('name')}
          </label>
          <label className="field">
            <span>{t('billForm.hsn')}</span>
            <input value={v.hsn} maxLength={8} inputMode="numeric" onChange={(e) => set({ hsn: e.target.value })} data-testid="item-hsn" />
            {error('hsn')}
          </label>
          <label className="field">
            <span>{t('billForm.unit')}</span>
            <select value={v.unit} onChange={(e) => set({ unit: e.target.value as ItemUnit })} data-testid="item-unit">
              {ITEM_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`items.units.${u}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('items.salePrice')}</span>
            <input inputMode="decimal" value={v.sale} onChange={(e) => set({ sale: e.target.value })} data-testid="item-sale-price" />
            {error('salePricePaise')}
          </label>
          <label className="field">
            <span>{t('items.purchasePrice')}</span>
            <input inputMode="decimal" value={v.purchase} onChange={(e) => set({ purchase: e.target.value })} data-testid="item-purchase-price" />
            {error('purchasePricePaise')}
          </label>
          <label className="field">
            <span>{t('bills.gst')}</span>
            <select value={v.gstRateBp} onChange={(e) => set({ gstRateBp: Number(e.target.value) })} data-testid="item-gst">
              {GST_RATES_BP.map((bp) => (
                <option key={bp} value={bp}>
                  {bp / 100}%
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('items.barcode')}</span>
            <input value={v.barcode} maxLength={48} onChange={(e) => set({ barcode: e.target.value })} data-testid="item-barcode" />
            {error('barcode')}
          </label>
          {!item && (
            <label className="field">
              <span>{t('items.opening')}</span>
              <input inputMode="decimal" placeholder="0" value={v.opening} onChange={(e) => set({ opening: e.target.value })} data-testid="item-opening" />
              {error('openingQtyMilli')}
            </label>
          )}
          <label className="field">
            <span>{t('items.lowLevel')}</span>
            <input inputMode="decimal" value={v.low} onChange={(e) => set({ low: e.target.value })} data-testid="item-low" />
            {error('lowStockMilli')}
          </label>
        </div>
        {errors.root && (
          <p className="error-text" role="alert">
            {errors.root}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="item-save">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

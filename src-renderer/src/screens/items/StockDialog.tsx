import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Item, StockReason } from '../../../../src-main/contract';
import { STOCK_REASONS } from '../../../../src-main/contract/items';
import { call } from '../../api/client';
import { formatDate } from '../../format/date';
import { errorMessage } from '../../i18n/errors';
import { Modal } from '../../ui/Modal';
import { parseQty, qtyToInput } from '../billing/draft';

const signedQty = (milli: number) => `${milli > 0 ? '+' : milli < 0 ? '-' : ''}${qtyToInput(Math.abs(milli))}`;

/** An item's stock: how it moved (bills, adjustments, opening) and a correction with its reason. */
export function StockDialog({ item, onClose }: { item: Item; onClose: () => void }) {
  const { t } = useTranslation();
  const current = useQuery({ queryKey: ['items', 'one', item.id], queryFn: () => call('items.get', { id: item.id }), placeholderData: item });
  const moves = useQuery({ queryKey: ['items', 'moves', item.id], queryFn: () => call('stock.movements', { itemId: item.id, limit: 50 }) });
  const [direction, setDirection] = useState<'add' | 'remove'>('remove');
  const [qty, setQty] = useState('');
  const [reason, setReason] = useState<StockReason>('damage');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stock = current.data?.stockMilli ?? item.stockMilli;

  const adjust = async (e: React.FormEvent) => {
    e.preventDefault();
    const milli = parseQty(qty);
    if (milli === null) return setError(t('items.badQty'));
    setBusy(true);
    try {
      await call('stock.adjust', { itemId: item.id, qtyMilli: direction === 'add' ? milli : -milli, reason, note: note.trim() || null });
      setQty('');
      setNote('');
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={t('stock.title', { name: item.name })} onClose={onClose} testId="stock-dialog">
      <p className="stock-now">
        {t('stock.inStock')}: <strong data-testid="stock-now">{`${qtyToInput(Math.abs(stock))}${stock < 0 ? ' (-)' : ''} ${t(`items.units.${item.unit}`)}`}</strong>
      </p>
      <form className="inline-form stock-adjust" onSubmit={adjust}>
        <div className="segmented" role="radiogroup" aria-label={t('stock.direction')}>
          {(['add', 'remove'] as const).map((d) => (
            <button key={d} type="button" role="radio" aria-checked={direction === d} className={`seg ${d === 'add' ? 'seg-got' : 'seg-gave'}`} onClick={() => setDirection(d)} data-testid={`stock-${d}`}>
              {t(`stock.${d}`)}
            </button>
          ))}
        </div>
        <label className="field">
          <span>{t('bills.qty')}</span>
          <input inputMode="decimal" value={qty} onChange={(e) => setQty(e.target.value)} data-testid="stock-qty" />
        </label>
        <label className="field">
          <span>{t('stock.reason')}</span>
          <select value={reason} onChange={(e) => setReason(e.target.value as StockReason)} data-testid="stock-reason">
            {STOCK_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`stock.reasons.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field note-field">
          <span>{t('entry.note')}</span>
          <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="stock-save">
          {t('stock.save')}
        </button>
      </form>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <h3 className="section-title">{t('stock.history')}</h3>
      <div className="table-wrap stock-moves">
        <table className="table">
          <thead>
            <tr>
              <th>{t('entry.col.date')}</th>
              <th>{t('stock.what')}</th>
              <th className="num">{t('bills.qty')}</th>
            </tr>
          </thead>
          <tbody>
            {(moves.data ?? []).map((m, i) => (
              <tr key={`${m.billId ?? m.adjustmentId ?? m.kind}-${i}`} data-testid="stock-move">
                <td>{formatDate(m.date)}</td>
                <td>
                  {t(`stock.kinds.${m.kind}`)}
                  {m.kind === 'sale' || m.kind === 'purchase' ? ` ${m.ref}` : m.kind === 'adjustment' ? ` · ${t(`stock.reasons.${m.ref}`)}` : ''}
                </td>
                <td className={`num ${m.qtyMilli < 0 ? 'money-gave' : 'money-got'}`}>{signedQty(m.qtyMilli)}</td>
              </tr>
            ))}
            {moves.data?.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  {t('stock.noMoves')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('common.back')}
        </button>
      </div>
    </Modal>
  );
}

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Item } from '../../../../src-main/contract';
import { call } from '../../api/client';
import { ErrorText } from '../../ui/ErrorText';
import { Money } from '../../ui/Money';
import { qtyToInput } from '../billing/draft';
import { ItemForm } from './ItemForm';
import { StockDialog } from './StockDialog';

type Filter = 'all' | 'low' | 'out';

/** The item master with stock as the movements add up: search, low stock, add, edit, delete. */
export function ItemsScreen() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const [stockOf, setStockOf] = useState<Item | null>(null);
  const items = useQuery({ queryKey: ['items', 'list', search, filter], queryFn: () => call('items.list', { search, filter, limit: 500 }), placeholderData: (p) => p });
  const summary = useQuery({ queryKey: ['items', 'summary'], queryFn: () => call('stock.summary', {}) });

  const remove = async (item: Item) => {
    // The app's undo toast offers to bring it back (UndoHost).
    await call('items.delete', { id: item.id });
  };

  return (
    <section className="screen" data-testid="screen-items">
      <header className="screen-header">
        <h1>{t('nav.items')}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="new-item">
          {t('items.new')}
        </button>
      </header>
      <div className="cards">
        <div className="card">
          <span className="card-label">{t('items.count')}</span>
          <strong className="card-figure" data-testid="items-count">{summary.data?.itemCount ?? 0}</strong>
        </div>
        <div className="card">
          <span className="card-label">{t('items.lowCount')}</span>
          <strong className="card-figure money-gave" data-testid="items-low-count">{summary.data?.lowCount ?? 0}</strong>
        </div>
        <div className="card">
          <span className="card-label">{t('items.outCount')}</span>
          <strong className="card-figure" data-testid="items-out-count">{summary.data?.outCount ?? 0}</strong>
        </div>
        <div className="card">
          <span className="card-label">{t('items.stockValue')}</span>
          <Money paise={summary.data?.stockValuePaise ?? 0} tone="neutral" testId="items-stock-value" />
        </div>
      </div>
      <div className="toolbar">
        <label className="search">
          <span className="sr-only">{t('items.search')}</span>
          <input type="search" placeholder={t('items.search')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="items-search" />
        </label>
        <div className="segmented" role="radiogroup" aria-label={t('items.filter')}>
          {(['all', 'low', 'out'] as const).map((f) => (
            <button key={f} type="button" role="radio" aria-checked={filter === f} className="seg" onClick={() => setFilter(f)} data-testid={`items-filter-${f}`}>
              {t(`items.filters.${f}`)}
            </button>
          ))}
        </div>
        <span className="count">{t('items.shown', { count: items.data?.total ?? 0 })}</span>
      </div>
      <ErrorText error={items.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('items.name')}</th>
              <th>{t('billForm.hsn')}</th>
              <th className="num">{t('items.salePrice')}</th>
              <th className="num">{t('items.purchasePrice')}</th>
              <th className="num">{t('bills.gst')}</th>
              <th className="num">{t('stock.inStock')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(items.data?.items ?? []).map((item) => (
              <tr key={item.id} data-testid="item-row" className="clickable" onClick={() => setStockOf(item)}>
                <td className="truncate">
                  {item.name}
                  {item.barcode && <small className="muted"> · {item.barcode}</small>}
                </td>
                <td>{item.hsn ?? ''}</td>
                <td className="num">
                  <Money paise={item.salePricePaise} />
                </td>
                <td className="num">
                  <Money paise={item.purchasePricePaise} />
                </td>
                <td className="num">{item.gstRateBp / 100}%</td>
                <td className="num" data-testid="item-stock">
                  <span className={item.stockMilli <= 0 ? 'money-gave' : undefined}>
                    {item.stockMilli < 0 ? '-' : ''}
                    {qtyToInput(Math.abs(item.stockMilli))} {t(`items.units.${item.unit}`)}
                  </span>
                  {item.low && <span className="badge badge-unpaid stock-low">{t('items.low')}</span>}
                </td>
                <td className="row-actions" onClick={(e) => e.stopPropagation()}>
                  <button type="button" className="btn btn-small" onClick={() => setStockOf(item)} data-testid="item-stock-open">
                    {t('stock.adjust')}
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => setEditing(item)} data-testid="item-edit">
                    {t('common.edit')}
                  </button>
                  <button type="button" className="btn btn-small btn-ghost danger" onClick={() => void remove(item)} data-testid="item-delete">
                    {t('common.delete')}
                  </button>
                </td>
              </tr>
            ))}
            {items.data?.items.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  {t(search || filter !== 'all' ? 'items.noMatch' : 'items.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {editing && <ItemForm item={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
      {stockOf && <StockDialog item={stockOf} onClose={() => setStockOf(null)} />}
    </section>
  );
}

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Item } from '../../../../src-main/contract';
import { GST_RATES_BP } from '../../../../src-main/contract/bills';
import { ITEM_UNITS } from '../../../../src-main/contract/items';
import { call } from '../../api/client';
import { Money } from '../../ui/Money';
import { TypeAhead } from '../../ui/TypeAhead';
import { lineFromItem, parseQty, qtyToInput, type DraftLine } from './draft';

export type Cell = 'item' | 'hsn' | 'qty' | 'unit' | 'rate' | 'gst';

interface Props {
  index: number;
  line: DraftLine;
  kind: 'sale' | 'purchase';
  /** The line's amount as the core computed it (bills.preview), when known. */
  totalPaise: number | null;
  canRemove: boolean;
  onChange: (patch: Partial<DraftLine>) => void;
  onRemove: () => void;
  /** Enter in a cell: go to the next cell, or the next line after the last one. */
  onNext: (from: Cell) => void;
  /** Enter in the item cell of an empty line: the lines are done. */
  onDone: () => void;
}

const looksLikeBarcode = (text: string) => /^[0-9A-Za-z\-.]{6,48}$/.test(text) && /\d{4}/.test(text);

/** One bill line: an item picked from the master (or typed free), HSN, qty, unit, rate, GST. */
export function BillLineRow({ index, line, kind, totalPaise, canRemove, onChange, onRemove, onNext, onDone }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(line.name);
  const search = line.itemId && text === line.name ? '' : text.trim();
  const items = useQuery({ queryKey: ['items', 'pick', search], queryFn: () => call('items.list', { search, limit: 8 }), enabled: search.length > 0, placeholderData: (p) => p });
  const options = search ? (items.data?.items ?? []) : [];

  const pick = (item: Item) => {
    setText(item.name);
    onChange(lineFromItem(item, kind, line.qty || '1'));
    onNext('item');
  };

  const enterKey = (cell: Cell) => (e: React.KeyboardEvent) => {
    if (e.key !== 'Enter' || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    onNext(cell);
  };

  const qtyMilli = parseQty(line.qty);
  const short = kind === 'sale' && line.stockMilli !== null && qtyMilli !== null && qtyMilli > line.stockMilli;
  const cell = (name: Cell) => ({ 'data-row': index, 'data-cell': name });

  return (
    <tr data-testid="bill-line">
      <td className="line-no">{index + 1}</td>
      <td className="line-item">
        <TypeAhead<Item>
          label={t('bills.item')}
          value={text}
          onChange={(next) => {
            setText(next);
            // Typing over a picked item makes it a free line again.
            onChange({ name: next, ...(line.itemId && next !== line.name ? { itemId: null, stockMilli: null } : {}) });
          }}
          options={options}
          optionKey={(i) => i.id}
          renderOption={(i) => (
            <>
              <span className="ta-main">{i.name}</span>
              <span className="ta-side">
                {qtyToInput(Math.max(0, i.stockMilli))} {i.unit} · <Money paise={kind === 'sale' ? i.salePricePaise : i.purchasePricePaise} />
              </span>
            </>
          )}
          onPick={pick}
          onEnterText={() => {
            const typed = text.trim();
            if (!typed) {
              onDone();
              return true;
            }
            // A scanner types the code and Enter faster than the search answers: look it up now.
            if (looksLikeBarcode(typed) && !line.itemId) {
              void call('items.list', { search: typed, limit: 2 }).then((page) => {
                const exact = page.items.find((i) => i.barcode === typed);
                if (exact) pick(exact);
                else onNext('item');
              });
              return true;
            }
            onNext('item');
            return true;
          }}
          testId={`bill-item-${index}`}
          optionTestId="bill-item-option"
        />
        {short && (
          <small className="stock-warn" data-testid={`bill-stock-warn-${index}`}>
            {t('billForm.onlyInStock', { qty: qtyToInput(Math.max(0, line.stockMilli!)), unit: line.unit })}
          </small>
        )}
      </td>
      <td className="line-hsn">
        <input {...cell('hsn')} aria-label={t('billForm.hsn')} value={line.hsn} maxLength={8} inputMode="numeric" onChange={(e) => onChange({ hsn: e.target.value })} onKeyDown={enterKey('hsn')} data-testid={`bill-hsn-${index}`} />
      </td>
      <td className="line-qty">
        <input {...cell('qty')} aria-label={t('bills.qty')} className="num" inputMode="decimal" value={line.qty} onChange={(e) => onChange({ qty: e.target.value })} onKeyDown={enterKey('qty')} aria-invalid={qtyMilli === null} data-testid={`bill-qty-${index}`} />
      </td>
      <td className="line-unit">
        <input {...cell('unit')} aria-label={t('billForm.unit')} list="bill-units" value={line.unit} maxLength={16} onChange={(e) => onChange({ unit: e.target.value })} onKeyDown={enterKey('unit')} data-testid={`bill-unit-${index}`} />
      </td>
      <td className="line-rate">
        <input {...cell('rate')} aria-label={t('bills.rate')} className="num" inputMode="decimal" value={line.rate} onChange={(e) => onChange({ rate: e.target.value })} onKeyDown={enterKey('rate')} data-testid={`bill-rate-${index}`} />
      </td>
      <td className="line-gst">
        <select {...cell('gst')} aria-label={t('bills.gst')} value={line.gstRateBp} onChange={(e) => onChange({ gstRateBp: Number(e.target.value) })} onKeyDown={enterKey('gst')} data-testid={`bill-gst-${index}`}>
          {GST_RATES_BP.map((bp) => (
            <option key={bp} value={bp}>
              {bp / 100}%
            </option>
          ))}
        </select>
      </td>
      <td className="num line-amount" data-testid={`bill-line-total-${index}`}>
        {totalPaise !== null ? <Money paise={totalPaise} /> : ''}
      </td>
      <td className="line-remove">
        {canRemove && (
          <button type="button" className="btn btn-small btn-ghost danger" aria-label={t('billForm.removeLine', { n: index + 1 })} onClick={onRemove} tabIndex={-1}>
            ×
          </button>
        )}
      </td>
    </tr>
  );
}

/** The units the item master knows, offered in every unit box (any other text is allowed). */
export function UnitList() {
  return (
    <datalist id="bill-units">
      {ITEM_UNITS.map((u) => (
        <option key={u} value={u} />
      ))}
    </datalist>
  );
}

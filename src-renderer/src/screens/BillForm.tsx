import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { GST_RATES_BP, type BillTotals } from '../../../src-main/contract/bills';
import { ApiCallError, call } from '../api/client';
import { parseRupees } from '../format/money';
import { Money } from '../ui/Money';
import { Modal } from '../ui/Modal';

interface DraftLine {
  name: string;
  qty: string;
  rate: string;
  gstRateBp: number;
}

/** Quantity text ("1.5") as integer thousandths, parsed as text so no float creeps in. */
function parseQty(input: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{0,3}))?$/.exec(input.trim());
  if (!match) return null;
  const milli = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
  return milli > 0 ? milli : null;
}

/** A new sale bill. Totals and the GST split are asked from the core (bills.preview). */
export function BillForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [partySearch, setPartySearch] = useState('');
  const [partyId, setPartyId] = useState('');
  const [lines, setLines] = useState<DraftLine[]>([{ name: '', qty: '1', rate: '', gstRateBp: 0 }]);
  const [totals, setTotals] = useState<BillTotals | null>(null);
  const [error, setError] = useState<string | null>(null);
  const customers = useQuery({ queryKey: ['parties', 'customer', 'pick', partySearch], queryFn: () => call('parties.list', { type: 'customer', search: partySearch, limit: 50 }) });

  const parsed = lines.map((l) => ({ name: l.name.trim() || '-', qtyMilli: parseQty(l.qty), ratePaise: l.rate.trim() ? parseRupees(l.rate) : 0, gstRateBp: l.gstRateBp }));
  const valid = parsed.every((l) => l.qtyMilli !== null && l.ratePaise !== null);
  const key = JSON.stringify([parsed, partyId]);
  useEffect(() => {
    if (!valid) return setTotals(null);
    let live = true;
    call('bills.preview', {
      ...(partyId ? { partyType: 'customer' as const, partyId } : {}),
      lines: parsed.map((l) => ({ name: l.name, qtyMilli: l.qtyMilli!, ratePaise: l.ratePaise!, gstRateBp: l.gstRateBp })),
    }).then(
      (next) => live && setTotals(next),
      () => live && setTotals(null),
    );
    return () => {
      live = false;
    };
    // `key` stands for the whole draft, so the effect runs once per real change.
  }, [key]);

  const setLine = (i: number, patch: Partial<DraftLine>) => setLines((all) => all.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!partyId) return setError(t('bills.pickParty'));
    if (!valid) return setError(t('entry.badAmount'));
    try {
      await call('bills.create', {
        kind: 'sale',
        partyType: 'customer',
        partyId,
        lines: lines.map((l, i) => ({ name: l.name, qtyMilli: parsed[i]!.qtyMilli!, ratePaise: parsed[i]!.ratePaise!, gstRateBp: l.gstRateBp })),
      });
      onClose();
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : String(err));
    }
  };

  return (
    <Modal title={t('bills.new')} onClose={onClose} testId="bill-form">
      <form onSubmit={submit} noValidate className="bill-form">
        <div className="form-grid">
          <label className="field">
            <span>{t('bills.findCustomer')}</span>
            <input autoFocus value={partySearch} onChange={(e) => setPartySearch(e.target.value)} data-testid="bill-party-search" />
          </label>
          <label className="field">
            <span>{t('bills.customer')}</span>
            <select value={partyId} onChange={(e) => setPartyId(e.target.value)} data-testid="bill-party">
              <option value="">{t('bills.pickParty')}</option>
              {(customers.data?.items ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.phone ? ` (${p.phone})` : ''}
                </option>
              ))}
            </select>
          </label>
        </div>
        <table className="table bill-lines">
          <thead>
            <tr>
              <th>{t('bills.item')}</th>
              <th className="num">{t('bills.qty')}</th>
              <th className="num">{t('bills.rate')}</th>
              <th>{t('bills.gst')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => (
              <tr key={i}>
                <td>
                  <input aria-label={t('bills.item')} value={line.name} onChange={(e) => setLine(i, { name: e.target.value })} data-testid={`bill-item-${i}`} />
                </td>
                <td>
                  <input aria-label={t('bills.qty')} className="num" inputMode="decimal" value={line.qty} onChange={(e) => setLine(i, { qty: e.target.value })} data-testid={`bill-qty-${i}`} />
                </td>
                <td>
                  <input aria-label={t('bills.rate')} className="num" inputMode="decimal" value={line.rate} onChange={(e) => setLine(i, { rate: e.target.value })} data-testid={`bill-rate-${i}`} />
                </td>
                <td>
                  <select aria-label={t('bills.gst')} value={line.gstRateBp} onChange={(e) => setLine(i, { gstRateBp: Number(e.target.value) })} data-testid={`bill-gst-${i}`}>
                    {GST_RATES_BP.map((bp) => (
                      <option key={bp} value={bp}>
                        {bp / 100}%
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {lines.length > 1 && (
                    <button type="button" className="btn btn-small btn-ghost danger" onClick={() => setLines((all) => all.filter((_, j) => j !== i))}>
                      {t('common.delete')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="btn btn-small" onClick={() => setLines((all) => [...all, { name: '', qty: '1', rate: '', gstRateBp: 0 }])}>
          {t('bills.addLine')}
        </button>
        {totals && (
          <dl className="bill-totals" data-testid="bill-totals">
            <dt>{t('bills.taxable')}</dt>
            <dd>
              <Money paise={totals.taxablePaise} />
            </dd>
            {totals.interState ? (
              <>
                <dt>IGST</dt>
                <dd>
                  <Money paise={totals.igstPaise} />
                </dd>
              </>
            ) : (
              <>
                <dt>CGST</dt>
                <dd>
                  <Money paise={totals.cgstPaise} />
                </dd>
                <dt>SGST</dt>
                <dd>
                  <Money paise={totals.sgstPaise} />
                </dd>
              </>
            )}
            <dt>{t('bills.roundOff')}</dt>
            <dd>
              <Money paise={totals.roundOffPaise} />
            </dd>
            <dt>
              <strong>{t('bills.total')}</strong>
            </dt>
            <dd>
              <strong>
                <Money paise={totals.totalPaise} testId="bill-total" />
              </strong>
            </dd>
          </dl>
        )}
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="bill-save">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { GST_RATES_BP, type Bill, type BillKind, type BillTotals } from '../../../src-main/contract/bills';
import { GST_STATES } from '../../../src-main/contract/states';
import { call } from '../api/client';
import { paiseToInput, parseRupees } from '../format/money';
import { Money } from '../ui/Money';
import { Modal } from '../ui/Modal';
import { errorMessage } from '../i18n/errors';

interface DraftLine {
  name: string;
  qty: string;
  rate: string;
  gstRateBp: number;
}

const EMPTY_LINE: DraftLine = { name: '', qty: '1', rate: '', gstRateBp: 0 };

/** Quantity text ("1.5") as integer thousandths, parsed as text so no float creeps in. */
function parseQty(input: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{0,3}))?$/.exec(input.trim());
  if (!match) return null;
  const milli = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
  return milli > 0 ? milli : null;
}

/** Thousandths back to the text an edit box starts with ("1.5"). */
function qtyToInput(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const rest = milli - whole * 1000;
  return rest ? `${whole}.${String(rest).padStart(3, '0').replace(/0+$/, '')}` : String(whole);
}

/** Blank or zero is no discount; anything else must be an amount. */
function parseDiscount(input: string): number | null {
  const text = input.trim();
  if (!text || /^0*(\.0*)?$/.test(text)) return 0;
  return parseRupees(text);
}

/**
 * A new or edited bill: a sale to a customer or a purchase from a supplier. Totals and the GST
 * split (discount and place of supply included) are asked from the core (bills.preview).
 */
export function BillForm({ bill, onClose }: { bill?: Bill; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<BillKind>(bill?.kind ?? 'sale');
  const partyType: 'customer' | 'supplier' = kind === 'sale' ? 'customer' : 'supplier';
  const [partySearch, setPartySearch] = useState('');
  const [partyId, setPartyId] = useState(bill?.partyId ?? '');
  const [lines, setLines] = useState<DraftLine[]>(
    bill ? bill.lines.map((l) => ({ name: l.name, qty: qtyToInput(l.qtyMilli), rate: paiseToInput(l.ratePaise), gstRateBp: l.gstRateBp })) : [EMPTY_LINE],
  );
  const [discount, setDiscount] = useState(bill && bill.discountPaise > 0 ? paiseToInput(bill.discountPaise) : '');
  const [placeOfSupply, setPlaceOfSupply] = useState(bill?.placeOfSupply ?? '');
  // null until picked: a new bill shows the business's today (app.info), not this computer's.
  const [pickedDate, setPickedDate] = useState<string | null>(bill?.date ?? null);
  const [dueDate, setDueDate] = useState(bill?.dueDate ?? '');
  const [note, setNote] = useState(bill?.note ?? '');
  const info = useQuery({ queryKey: ['appInfo'], queryFn: () => call('app.info', {}) });
  const date = pickedDate ?? info.data?.today ?? '';
  const [totals, setTotals] = useState<BillTotals | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parties = useQuery({ queryKey: ['parties', partyType, 'pick', partySearch], queryFn: () => call('parties.list', { type: partyType, search: partySearch, limit: 50 }) });

  const parsed = lines.map((l) => ({ name: l.name.trim() || '-', qtyMilli: parseQty(l.qty), ratePaise: l.rate.trim() ? parseRupees(l.rate) : 0, gstRateBp: l.gstRateBp }));
  const discountPaise = parseDiscount(discount);
  const valid = parsed.every((l) => l.qtyMilli !== null && l.ratePaise !== null) && discountPaise !== null;
  // Saved with the names as typed, so the core can say which item needs a name.
  const draftLines = () => parsed.map((l, i) => ({ name: lines[i]!.name, qtyMilli: l.qtyMilli!, ratePaise: l.ratePaise!, gstRateBp: l.gstRateBp }));
  const key = JSON.stringify([parsed, partyId, partyType, discountPaise, placeOfSupply]);
  useEffect(() => {
    if (!valid) return setTotals(null);
    let live = true;
    call('bills.preview', {
      ...(partyId ? { partyType, partyId } : {}),
      placeOfSupply: placeOfSupply || null,
      discountPaise: discountPaise ?? 0,
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
    if (!partyId) return setError(t(kind === 'sale' ? 'bills.pickParty' : 'bills.pickSupplier'));
    if (!valid) return setError(t('entry.badAmount'));
    setBusy(true);
    try {
      // A blank date lets the core use the business's today; a blank due date or note clears it.
      const common = {
        partyType,
        partyId,
        ...(date ? { date } : {}),
        dueDate: dueDate || null,
        note: note.trim() || null,
        lines: draftLines(),
        discountPaise: discountPaise ?? 0,
        placeOfSupply: placeOfSupply || null,
      };
      if (bill) await call('bills.update', { id: bill.id, patch: common });
      else await call('bills.create', { kind, ...common });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const stateName = (code: string) => GST_STATES[code]?.[i18n.language === 'hi' ? 'hi' : 'en'] ?? code;
  return (
    <Modal title={bill ? t('bills.editTitle', { number: bill.invoiceNumber }) : t('bills.new')} onClose={onClose} testId="bill-form">
      <form onSubmit={submit} noValidate className="bill-form">
        {!bill && (
          <div className="segmented" role="radiogroup" aria-label={t('bills.kind.label')}>
            {(['sale', 'purchase'] as const).map((k) => (
              <button
                key={k}
                type="button"
                role="radio"
                aria-checked={kind === k}
                className="seg"
                onClick={() => {
                  setKind(k);
                  setPartyId('');
                }}
                data-testid={`bill-kind-${k}`}
              >
                {t(`bills.kind.${k}`)}
              </button>
            ))}
          </div>
        )}
        <div className="form-grid">
          <label className="field">
            <span>{t(kind === 'sale' ? 'bills.findCustomer' : 'bills.findSupplier')}</span>
            <input autoFocus value={partySearch} onChange={(e) => setPartySearch(e.target.value)} data-testid="bill-party-search" />
          </label>
          <label className="field">
            <span>{t(kind === 'sale' ? 'bills.customer' : 'bills.supplier')}</span>
            <select value={partyId} onChange={(e) => setPartyId(e.target.value)} data-testid="bill-party">
              <option value="">{t(kind === 'sale' ? 'bills.pickParty' : 'bills.pickSupplier')}</option>
              {/* An edited bill's party stays choosable even when the search hides it. */}
              {bill && partyId === bill.partyId && !(parties.data?.items ?? []).some((p) => p.id === bill.partyId) && <option value={bill.partyId}>{bill.partyName}</option>}
              {(parties.data?.items ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.phone ? ` (${p.phone})` : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('bills.date')}</span>
            <input type="date" value={date} min="2000-01-01" max="2099-12-31" onChange={(e) => setPickedDate(e.target.value)} data-testid="bill-date" />
          </label>
          <label className="field">
            <span>{t('bills.dueDate')}</span>
            <input type="date" value={dueDate} min={date || '2000-01-01'} max="2099-12-31" onChange={(e) => setDueDate(e.target.value)} data-testid="bill-due-date" />
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
        <button type="button" className="btn btn-small" onClick={() => setLines((all) => [...all, EMPTY_LINE])}>
          {t('bills.addLine')}
        </button>
        <div className="form-grid">
          <label className="field">
            <span>{t('bills.discount')}</span>
            <input inputMode="decimal" placeholder="0" value={discount} onChange={(e) => setDiscount(e.target.value)} aria-invalid={discountPaise === null} data-testid="bill-discount" />
          </label>
          <label className="field">
            <span>{t('bills.placeOfSupply')}</span>
            <select value={placeOfSupply} onChange={(e) => setPlaceOfSupply(e.target.value)} data-testid="bill-pos">
              <option value="">{t('bills.placeDefault')}</option>
              {Object.keys(GST_STATES).map((code) => (
                <option key={code} value={code}>
                  {code} · {stateName(code)}
                </option>
              ))}
            </select>
          </label>
          <label className="field span-2">
            <span>{t('bills.note')}</span>
            <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="bill-note" />
          </label>
        </div>
        {totals && (
          <dl className="bill-totals" data-testid="bill-totals">
            {totals.discountPaise > 0 && (
              <>
                <dt>{t('bills.subtotal')}</dt>
                <dd>
                  <Money paise={totals.subtotalPaise} />
                </dd>
                <dt>{t('bills.discount')}</dt>
                <dd>
                  <Money paise={totals.discountPaise} testId="bill-discount-total" />
                </dd>
              </>
            )}
            <dt>{t('bills.taxable')}</dt>
            <dd>
              <Money paise={totals.taxablePaise} testId="bill-taxable" />
            </dd>
            {totals.interState ? (
              <>
                <dt>IGST</dt>
                <dd>
                  <Money paise={totals.igstPaise} testId="bill-igst" />
                </dd>
              </>
            ) : (
              <>
                <dt>CGST</dt>
                <dd>
                  <Money paise={totals.cgstPaise} testId="bill-cgst" />
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
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="bill-save">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

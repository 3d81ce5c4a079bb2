import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Bill, BillKind, BillTotals } from '../../../../src-main/contract';
import { GST_STATES } from '../../../../src-main/contract/states';
import { call } from '../../api/client';
import { paiseToInput, parseRupees } from '../../format/money';
import { Modal } from '../../ui/Modal';
import { errorMessage } from '../../i18n/errors';
import { BillLineRow, UnitList, type Cell } from './BillLineRow';
import { EMPTY_LINE, isBlank, linesOfBill, parseLine, parseOptionalRupees, type DraftLine } from './draft';
import { PartyPicker } from './PartyPicker';
import { EMPTY_PAYMENT, PaymentFields, type PaymentDraft } from './PaymentFields';
import { printBill } from './printBill';
import { TotalsList } from './TotalsList';
import { DateInput } from '../../ui/DateInput';

const NEXT: Record<Cell, Cell | 'nextLine'> = { item: 'qty', hsn: 'qty', qty: 'rate', unit: 'rate', rate: 'gst', gst: 'nextLine' };

/**
 * A new or edited bill, built for the counter: one type-ahead for the party, lines picked from
 * the item master, Enter moving along a line and on to the next, the payment taken now, and
 * Ctrl+S (save) / Ctrl+P (save and print). Every figure comes from the core (bills.preview).
 */
export function BillForm({ bill, onClose, onSaved }: { bill?: Bill; onClose: () => void; onSaved?: (bill: Bill, print: { printed: boolean; error?: string }) => void }) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<BillKind>(bill?.kind ?? 'sale');
  const partyType: 'customer' | 'supplier' = kind === 'sale' ? 'customer' : 'supplier';
  const [party, setParty] = useState<{ id: string; name: string } | null>(bill ? { id: bill.partyId, name: bill.partyName } : null);
  const [lines, setLines] = useState<DraftLine[]>(bill ? linesOfBill(bill) : [EMPTY_LINE]);
  const [discount, setDiscount] = useState(bill && bill.discountPaise > 0 ? paiseToInput(bill.discountPaise) : '');
  const [placeOfSupply, setPlaceOfSupply] = useState(bill?.placeOfSupply ?? '');
  const [pickedDate, setPickedDate] = useState<string | null>(bill?.date ?? null);
  const [dueDate, setDueDate] = useState(bill?.dueDate ?? '');
  const [note, setNote] = useState(bill?.note ?? '');
  const [payment, setPayment] = useState<PaymentDraft>(EMPTY_PAYMENT);
  const info = useQuery({ queryKey: ['appInfo'], queryFn: () => call('app.info', {}) });
  const date = pickedDate ?? info.data?.today ?? '';
  const [totals, setTotals] = useState<BillTotals | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const partyRef = useRef<HTMLInputElement>(null);
  const payRef = useRef<HTMLInputElement>(null);
  const [focusCell, setFocusCell] = useState<{ row: number; cell: Cell } | null>(null);
  // Lines keep their identity (and their type-ahead text) when one above is removed.
  const [keys, setKeys] = useState<number[]>(() => lines.map((_, i) => i));
  const nextKey = useRef(lines.length);

  const filled = lines.map((l, i) => ({ l, i })).filter(({ l }) => !isBlank(l));
  const parsed = filled.map(({ l }) => parseLine(l));
  const discountPaise = parseOptionalRupees(discount);
  const valid = parsed.length > 0 && parsed.every((l) => l.qtyMilli !== null && l.ratePaise !== null) && discountPaise !== null;
  const draftLines = () => parsed.map((l) => ({ ...l, qtyMilli: l.qtyMilli!, ratePaise: l.ratePaise! }));
  const previewKey = JSON.stringify([parsed, party?.id, partyType, discountPaise, placeOfSupply]);
  useEffect(() => {
    if (!valid) return setTotals(null);
    let live = true;
    call('bills.preview', {
      ...(party ? { partyType, partyId: party.id } : {}),
      placeOfSupply: placeOfSupply || null,
      discountPaise: discountPaise ?? 0,
      // Names are checked on save; the preview only needs the figures.
      lines: draftLines().map((l) => ({ ...l, name: l.name || '-' })),
    }).then(
      (next) => live && setTotals(next),
      () => live && setTotals(null),
    );
    return () => {
      live = false;
    };
    // previewKey stands for the whole draft, so the preview runs once per real change.
  }, [previewKey]);

  useEffect(() => {
    if (!focusCell) return;
    const el = formRef.current?.querySelector<HTMLElement>(focusCell.cell === 'item' ? `[data-testid="bill-item-${focusCell.row}"]` : `[data-row="${focusCell.row}"][data-cell="${focusCell.cell}"]`);
    if (el) {
      el.focus();
      if (el instanceof HTMLInputElement) el.select();
      setFocusCell(null);
    }
  }, [focusCell, lines.length]);

  const setLine = (i: number, patch: Partial<DraftLine>) => setLines((all) => all.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const addLine = () => {
    setLines((all) => [...all, EMPTY_LINE]);
    setKeys((all) => [...all, nextKey.current++]);
  };
  const removeLine = (i: number) => {
    setLines((all) => all.filter((_, j) => j !== i));
    setKeys((all) => all.filter((_, j) => j !== i));
  };
  const next = (row: number) => (from: Cell) => {
    const to = NEXT[from];
    if (to !== 'nextLine') return setFocusCell({ row, cell: to });
    if (row === lines.length - 1) addLine();
    setFocusCell({ row: row + 1, cell: 'item' });
  };
  const linesDone = () => (bill ? formRef.current?.querySelector<HTMLElement>('[data-testid="bill-discount"]')?.focus() : payRef.current?.focus());

  const save = async (print: boolean) => {
    if (busy) return;
    setError(null);
    if (!party) {
      partyRef.current?.focus();
      return setError(t(kind === 'sale' ? 'bills.pickParty' : 'bills.pickSupplier'));
    }
    if (!valid) return setError(t(parsed.length ? 'entry.badAmount' : 'billForm.noLines'));
    const paid = parseOptionalRupees(payment.amount);
    if (paid === null) {
      payRef.current?.focus();
      return setError(t('entry.badAmount'));
    }
    setBusy(true);
    try {
      const common = {
        partyType,
        partyId: party.id,
        ...(date ? { date } : {}),
        dueDate: dueDate || null,
        note: note.trim() || null,
        lines: draftLines(),
        discountPaise: discountPaise ?? 0,
        placeOfSupply: placeOfSupply || null,
      };
      const saved = bill
        ? await call('bills.update', { id: bill.id, patch: common })
        : await call('bills.create', { kind, ...common, ...(paid > 0 ? { payment: { amountPaise: paid, mode: payment.mode, modeRef: payment.modeRef.trim() || null } } : {}) });
      let outcome: { printed: boolean; error?: string } = { printed: false };
      if (print) {
        // The bill is saved whatever the printer does; a failure is reported, and the bill can
        // be printed again from its detail.
        outcome = await printBill(saved.id, i18n.language === 'hi' ? 'hi' : 'en').then(
          () => ({ printed: true }),
          (err: unknown) => ({ printed: false, error: errorMessage(err) }),
        );
      }
      onSaved?.(saved, outcome);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    if (key === 's' || key === 'p') {
      e.preventDefault();
      void save(key === 'p');
    }
  };

  const stateName = (code: string) => GST_STATES[code]?.[i18n.language === 'hi' ? 'hi' : 'en'] ?? code;
  const lineTotal = (i: number): number | null => {
    const at = filled.findIndex((f) => f.i === i);
    return at >= 0 && totals ? (totals.lines[at]?.totalPaise ?? null) : null;
  };
  const paidNow = parseRupees(payment.amount) ?? 0;

  return (
    <Modal title={bill ? t('bills.editTitle', { number: bill.invoiceNumber }) : t(kind === 'sale' ? 'billForm.newSale' : 'billForm.newPurchase')} onClose={onClose} testId="bill-form" wide>
      <form
        ref={formRef}
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
        onKeyDown={onKeyDown}
        noValidate
        className="bill-form bill-form-wide"
      >
        <div className="bill-head">
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
                    setParty(null);
                  }}
                  data-testid={`bill-kind-${k}`}
                >
                  {t(`bills.kind.${k}`)}
                </button>
              ))}
            </div>
          )}
          <label className="field party-field">
            <span>{t(kind === 'sale' ? 'bills.customer' : 'bills.supplier')}</span>
            <PartyPicker key={kind} ref={partyRef} type={partyType} picked={party} onPick={(p) => {
              setParty(p);
              if (p) setFocusCell({ row: 0, cell: 'item' });
            }} autoFocus={!bill} />
          </label>
          <label className="field date-field">
            <span>{t('bills.date')}</span>
            <DateInput value={date} onChange={setPickedDate} testId="bill-date" />
          </label>
          <label className="field date-field">
            <span>{t('bills.dueDate')}</span>
            <DateInput value={dueDate} min={date || undefined} optional onChange={setDueDate} testId="bill-due-date" />
          </label>
        </div>
        <div className="bill-lines-wrap">
          <table className="table bill-lines">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('bills.item')}</th>
                <th>{t('billForm.hsn')}</th>
                <th className="num">{t('bills.qty')}</th>
                <th>{t('billForm.unit')}</th>
                <th className="num">{t('bills.rate')}</th>
                <th>{t('bills.gst')}</th>
                <th className="num">{t('billForm.amount')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {lines.map((line, i) => (
                <BillLineRow
                  key={keys[i]}
                  index={i}
                  line={line}
                  kind={kind}
                  totalPaise={lineTotal(i)}
                  canRemove={lines.length > 1}
                  onChange={(patch) => setLine(i, patch)}
                  onRemove={() => removeLine(i)}
                  onNext={next(i)}
                  onDone={linesDone}
                />
              ))}
            </tbody>
          </table>
          <UnitList />
        </div>
        <button type="button" className="btn btn-small add-line" onClick={() => {
          addLine();
          setFocusCell({ row: lines.length, cell: 'item' });
        }}>
          {t('bills.addLine')} <kbd>Enter</kbd>
        </button>
        <div className="bill-foot">
          <div className="bill-extras">
            <div className="extras-row">
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
              <label className="field">
                <span>{t('bills.note')}</span>
                <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="bill-note" />
              </label>
            </div>
            {!bill && <PaymentFields ref={payRef} kind={kind} value={payment} totalPaise={totals?.totalPaise ?? null} onChange={setPayment} />}
          </div>
          {totals ? (
            <TotalsList totals={totals} {...(!bill ? { due: Math.max(0, totals.totalPaise - paidNow) } : {})} />
          ) : (
            <p className="muted bill-totals-empty">{t('billForm.totalsHint')}</p>
          )}
        </div>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void save(true)} data-testid="bill-save-print">
            {t('billForm.savePrint')} <kbd>Ctrl+P</kbd>
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="bill-save">
            {t('common.save')} <kbd>Ctrl+S</kbd>
          </button>
        </div>
      </form>
    </Modal>
  );
}

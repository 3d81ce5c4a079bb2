import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LedgerRow } from '../../../../src-main/contract';
import { call } from '../../api/client';
import type { PartyRef } from '../../app/routes';
import { formatDate } from '../../format/date';
import { Money, balanceLabelKey, balanceTone } from '../../ui/Money';
import { ErrorText } from '../../ui/ErrorText';
import { DocumentsDialog, financialYearStart } from '../../ui/DocumentsDialog';
import { HistoryDialog } from '../../ui/HistoryDialog';
import { EntryForm } from './EntryForm';
import { PartyForm } from './PartyForm';
import { QuickEntry, type QuickEntryHandle } from './QuickEntry';
import { PartyDues } from '../collect/PartyDues';
import { useLedger } from './useLedger';
import { noteText } from '../../format/notes';

const ROW_HEIGHT = 48;

/** One party's khata: balance, quick entry, and every entry with its running balance. */
export function PartyLedger({ party: ref, onBack }: { party: PartyRef; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const ledger = useLedger(ref);
  const info = useQuery({ queryKey: ['appInfo'], queryFn: () => call('app.info', {}) });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('settings.get', {}) });
  const [editing, setEditing] = useState<LedgerRow | null>(null);
  const [editingParty, setEditingParty] = useState(false);
  const [documents, setDocuments] = useState(false);
  const [history, setHistory] = useState<{ table: 'transactions' | 'customers' | 'suppliers'; rowId: string; title: string } | null>(null);
  const quick = useRef<QuickEntryHandle>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const party = ledger.party;
  const rows = ledger.rows;

  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtual.getVirtualItems();
  const lastVisible = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (lastVisible >= rows.length - 40) ledger.fetchMore();
  }, [lastVisible, rows.length, ledger]);

  // G / R start a quick entry from anywhere on this screen; Escape goes back to the list.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.ctrlKey || event.metaKey || event.altKey || document.querySelector('dialog[open]')) return;
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      const key = event.key.toLowerCase();
      if (key === 'g' || key === '-') {
        event.preventDefault();
        quick.current?.start('gave');
      } else if (key === 'r' || key === '+') {
        event.preventDefault();
        quick.current?.start('got');
      } else if (event.key === 'Escape') {
        onBack();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);

  const deleteEntry = useCallback(
    async (row: LedgerRow) => {
      // The app's undo toast offers to bring it back (UndoHost).
      await ledger.remove(row.id);
    },
    [ledger],
  );

  if (ledger.isLoading) return <section className="screen"><p className="muted">{t('common.loading')}</p></section>;
  if (!party) return <section className="screen"><ErrorText error={ledger.error} /></section>;

  return (
    <section className="screen ledger" data-testid="party-ledger">
      <header className="screen-header">
        <button type="button" className="btn btn-ghost" onClick={onBack} aria-label={t('common.back')} data-testid="ledger-back">
          ← {t('common.back')}
        </button>
        <div className="ledger-title">
          <h1 data-testid="ledger-party-name">{party.name}</h1>
          <span className="muted">
            {party.phone ?? t('party.noPhone')} ·{' '}
            <button type="button" className="link" onClick={() => setHistory({ table: ref.type === 'customer' ? 'customers' : 'suppliers', rowId: ref.id, title: t('history.title', { name: party.name }) })} data-testid="party-history">
              {t('history.open')}
            </button>
          </span>
        </div>
        <div className={`ledger-balance tone-${balanceTone(party.balancePaise)}`}>
          <small>{t(balanceLabelKey(party.balancePaise))}</small>
          <Money paise={Math.abs(party.balancePaise)} tone={balanceTone(party.balancePaise)} testId="ledger-balance" />
        </div>
        <div className="header-actions">
          <button type="button" className="btn" onClick={() => setDocuments(true)} disabled={!info.data} data-testid="ledger-documents">
            {t('documents.statement')}
          </button>
          <button type="button" className="btn" onClick={() => setEditingParty(true)} data-testid="edit-party">
            {t('party.edit')}
          </button>
        </div>
      </header>

      <PartyDues party={ref} business={settings.data?.name ?? ''} />
      {info.data && <QuickEntry ref={quick} today={info.data.today} onAdd={(v) => ledger.add(v)} />}

      <ErrorText error={ledger.error} />
      <div className="list-head entry-row" aria-hidden="true">
        <span>{t('entry.col.date')}</span>
        <span>{t('entry.col.note')}</span>
        <span className="num">{t('entry.col.gave')}</span>
        <span className="num">{t('entry.col.got')}</span>
        <span className="num">{t('entry.col.balance')}</span>
        <span />
      </div>
      <div ref={scrollRef} className="list-scroll" data-testid="ledger-rows" role="table" aria-label={t('entry.tableLabel')}>
        {rows.length === 0 && (
          <div className="empty">
            <p className="empty-title">{t('entry.empty')}</p>
            <p>{t('entry.emptyHint')}</p>
          </div>
        )}
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }} role="rowgroup">
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={row.id}
                role="row"
                className="entry-row list-row"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                data-testid="entry-row"
              >
                <span role="cell">{formatDate(row.date)}</span>
                <span role="cell" className="entry-note" title={noteText(row.note, t)}>
                  {noteText(row.note, t)}
                  {row.dueDate && (
                    <small className="muted entry-due" data-testid="entry-due">
                      {t('collect.payBy', { date: formatDate(row.dueDate) })}
                    </small>
                  )}
                </span>
                <span role="cell" className="num">
                  {row.direction === 'gave' ? <Money paise={row.amountPaise} tone="gave" testId="entry-gave" /> : ''}
                </span>
                <span role="cell" className="num">
                  {row.direction === 'got' ? <Money paise={row.amountPaise} tone="got" testId="entry-got" /> : ''}
                </span>
                <span role="cell" className="num">
                  <Money paise={Math.abs(row.runningBalancePaise)} tone={balanceTone(row.runningBalancePaise)} testId="entry-balance" />
                </span>
                <span role="cell" className="row-actions">
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => setHistory({ table: 'transactions', rowId: row.id, title: t('history.entryTitle') })} data-testid="entry-history">
                    {t('history.open')}
                  </button>
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(row)} data-testid="entry-edit">
                    {t('common.edit')}
                  </button>
                  <button type="button" className="btn btn-small btn-ghost danger" onClick={() => void deleteEntry(row)} data-testid="entry-delete">
                    {t('common.delete')}
                  </button>
                </span>
              </div>
            );
          })}
        </div>
      </div>

      {editing && <EntryForm entry={editing} onSave={(patch) => ledger.update({ id: editing.id, patch })} onClose={() => setEditing(null)} />}
      {editingParty && (
        <PartyForm type={ref.type} party={party} onSave={(values) => call('parties.update', { type: ref.type, id: ref.id, patch: values })} onClose={() => setEditingParty(false)} />
      )}
      {history && <HistoryDialog table={history.table} rowId={history.rowId} title={history.title} onClose={() => setHistory(null)} />}
      {documents && info.data && (
        <DocumentsDialog
          title={t('documents.statementTitle', { name: party.name })}
          range={{ from: financialYearStart(info.data.today, settings.data?.fyStartMonth), to: info.data.today }}
          actions={[
            { kind: 'pdf', make: (r) => call('documents.partyStatement', { partyType: ref.type, partyId: ref.id, from: r!.from, to: r!.to, language: i18n.language === 'hi' ? 'hi' : 'en' }) },
            { kind: 'csv', make: (r) => call('documents.export', { what: 'partyLedger', format: 'csv', partyType: ref.type, partyId: ref.id, from: r!.from, to: r!.to, language: i18n.language === 'hi' ? 'hi' : 'en' }) },
            { kind: 'xlsx', make: (r) => call('documents.export', { what: 'partyLedger', format: 'xlsx', partyType: ref.type, partyId: ref.id, from: r!.from, to: r!.to, language: i18n.language === 'hi' ? 'hi' : 'en' }) },
          ]}
          onClose={() => setDocuments(false)}
        />
      )}
    </section>
  );
}

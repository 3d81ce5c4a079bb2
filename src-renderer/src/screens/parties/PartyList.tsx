import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLedgerData, partyTypeOf, type PartyListParams, type PartyResource } from '../../api/hooks';
import type { PartyRef } from '../../app/routes';
import { formatDate } from '../../format/date';
import { Money, balanceLabelKey, balanceTone } from '../../ui/Money';
import { ErrorText } from '../../ui/ErrorText';
import { DocumentsDialog } from '../../ui/DocumentsDialog';
import { call } from '../../api/client';
import { PartyForm } from './PartyForm';

const ROW_HEIGHT = 56;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Customers or suppliers: virtualized, searched as you type, sorted and filtered by the core. */
export function PartyList({ resource, onOpen }: { resource: PartyResource; onOpen: (party: PartyRef) => void }) {
  const { t, i18n } = useTranslation();
  const type = partyTypeOf(resource);
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<PartyListParams['filter']>('all');
  const [sort, setSort] = useState<PartyListParams['sort']>('name');
  const [adding, setAdding] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [active, setActive] = useState(0);
  const params = { search: useDebounced(search, 120), filter, sort };
  const parties = useLedgerData(resource, params);
  const items = parties.data?.items ?? [];
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const virtual = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const virtualItems = virtual.getVirtualItems();
  const lastVisible = virtualItems[virtualItems.length - 1]?.index ?? 0;
  useEffect(() => {
    if (lastVisible >= items.length - 50) parties.fetchMore();
  }, [lastVisible, items.length, parties]);

  // "/" focuses search and "N" adds a party, unless the user is typing somewhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || event.ctrlKey || event.metaKey || event.altKey || document.querySelector('dialog[open]')) return;
      if (event.key === '/') {
        event.preventDefault();
        searchRef.current?.focus();
      } else if (event.key.toLowerCase() === 'n') {
        event.preventDefault();
        setAdding(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const openAt = (index: number) => {
    const party = items[index];
    if (party) onOpen({ type, id: party.id });
  };
  const onListKey = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = Math.max(0, Math.min(items.length - 1, active + (event.key === 'ArrowDown' ? 1 : -1)));
      setActive(next);
      virtual.scrollToIndex(next);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      openAt(active);
    }
  };

  const totals = parties.data?.totals;
  return (
    <section className="screen" data-testid={`screen-${resource}`}>
      <header className="screen-header">
        <h1>{t(`nav.${resource}`)}</h1>
        <div className="totals">
          <div className="total-card">
            <span>{t('balance.get')}</span>
            <Money paise={totals?.youWillGetPaise ?? 0} tone="gave" testId="total-get" />
          </div>
          <div className="total-card">
            <span>{t('balance.give')}</span>
            <Money paise={totals?.youWillGivePaise ?? 0} tone="got" testId="total-give" />
          </div>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} data-testid="add-party">
          {t(resource === 'customers' ? 'party.addCustomer' : 'party.addSupplier')} <kbd>N</kbd>
        </button>
      </header>

      <div className="toolbar">
        <label className="search">
          <span className="sr-only">{t('party.search')}</span>
          <input
            ref={searchRef}
            type="search"
            placeholder={t('party.searchPlaceholder')}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'Enter') {
                onListKey(e);
              }
            }}
            data-testid="party-search"
          />
        </label>
        <label className="inline-field">
          <span>{t('party.filter.label')}</span>
          <select value={filter} onChange={(e) => setFilter(e.target.value as PartyListParams['filter'])} data-testid="party-filter">
            {(['all', 'get', 'give', 'settled'] as const).map((f) => (
              <option key={f} value={f}>
                {t(`party.filter.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('party.sort.label')}</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as PartyListParams['sort'])} data-testid="party-sort">
            {(['name', 'balance-desc', 'balance-asc', 'recent'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`party.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="count">{t('party.count', { count: parties.data?.total ?? 0 })}</span>
        <button type="button" className="btn btn-small" onClick={() => setExporting(true)} data-testid="parties-export">
          {t('documents.export')}
        </button>
      </div>

      <ErrorText error={parties.error} />
      <div className="list-head party-row" aria-hidden="true">
        <span>{t('party.col.name')}</span>
        <span>{t('party.col.lastEntry')}</span>
        <span className="num">{t('party.col.balance')}</span>
      </div>
      <div
        ref={scrollRef}
        className="list-scroll"
        role="listbox"
        tabIndex={0}
        aria-label={t(`nav.${resource}`)}
        aria-activedescendant={items[active] ? `party-${items[active].id}` : undefined}
        onKeyDown={onListKey}
        data-testid="party-list"
      >
        {!parties.isLoading && items.length === 0 && (
          <div className="empty">
            <p className="empty-title">{t(search ? 'party.noMatch' : 'party.empty')}</p>
          </div>
        )}
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((row) => {
            const party = items[row.index]!;
            return (
              <div
                key={party.id}
                id={`party-${party.id}`}
                role="option"
                aria-selected={row.index === active}
                className={`party-row list-row${row.index === active ? ' active' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
                onClick={() => {
                  setActive(row.index);
                  openAt(row.index);
                }}
                data-testid="party-row"
              >
                <span className="party-name">
                  <strong>{party.name}</strong>
                  <small>{party.phone ?? ''}</small>
                </span>
                <span className="muted">{formatDate(party.lastEntryDate)}</span>
                <span className="num party-balance">
                  <Money paise={Math.abs(party.balancePaise)} tone={balanceTone(party.balancePaise)} testId="party-balance" />
                  <small>{t(balanceLabelKey(party.balancePaise))}</small>
                </span>
              </div>
            );
          })}
        </div>
      </div>
      {exporting && (
        <DocumentsDialog
          title={t('documents.exportTitle', { what: t(`nav.${resource}`) })}
          range={null}
          actions={(['csv', 'xlsx'] as const).map((format) => ({ kind: format, make: () => call('documents.export', { what: 'parties', format, type, language: i18n.language === 'hi' ? 'hi' : 'en' }) }))}
          onClose={() => setExporting(false)}
        />
      )}
      {adding && <PartyForm type={type} onSave={(values) => parties.create(values)} onClose={() => setAdding(false)} />}
    </section>
  );
}

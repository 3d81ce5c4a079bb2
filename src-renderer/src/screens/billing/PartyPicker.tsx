import { forwardRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Party } from '../../../../src-main/contract';
import { call } from '../../api/client';
import { Money, balanceTone } from '../../ui/Money';
import { TypeAhead } from '../../ui/TypeAhead';

/** The customer (or supplier) of a bill in one field: type part of the name or phone, Enter picks. */
export const PartyPicker = forwardRef<
  HTMLInputElement,
  { type: 'customer' | 'supplier'; picked: { id: string; name: string } | null; onPick: (party: { id: string; name: string; stateCode: string | null } | null) => void; autoFocus?: boolean }
>(function PartyPicker({ type, picked, onPick, autoFocus }, ref) {
  const { t } = useTranslation();
  const [text, setText] = useState(picked?.name ?? '');
  const search = picked && text === picked.name ? '' : text;
  const parties = useQuery({
    queryKey: ['parties', type, 'pick', search],
    queryFn: () => call('parties.list', { type, search, limit: 8, sort: search ? 'name' : 'recent' }),
    placeholderData: (p) => p,
  });
  return (
    <TypeAhead<Party>
      ref={ref}
      label={t(type === 'customer' ? 'bills.customer' : 'bills.supplier')}
      placeholder={t(type === 'customer' ? 'billForm.findCustomer' : 'billForm.findSupplier')}
      value={text}
      onChange={(next) => {
        setText(next);
        if (picked && next !== picked.name) onPick(null);
      }}
      options={parties.data?.items ?? []}
      optionKey={(p) => p.id}
      renderOption={(p) => (
        <>
          <span className="ta-main">{p.name}</span>
          <span className="ta-side">
            {p.phone ?? ''} {p.balancePaise !== 0 && <Money paise={Math.abs(p.balancePaise)} tone={balanceTone(p.balancePaise)} />}
          </span>
        </>
      )}
      onPick={(p) => {
        setText(p.name);
        onPick({ id: p.id, name: p.name, stateCode: p.stateCode });
      }}
      autoFocus={autoFocus}
      testId="bill-party-search"
      optionTestId="bill-party-option"
      className="party-picker"
    />
  );
});

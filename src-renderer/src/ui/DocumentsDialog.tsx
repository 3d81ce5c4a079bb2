import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeneratedDocument } from '../../../src-main/contract';
import { saveFile } from '../api/client';
import { ErrorText } from './ErrorText';
import { Modal } from './Modal';
import { DateInput } from './DateInput';

export interface DateRange {
  from: string;
  to: string;
}

export interface DocumentAction {
  /** pdf, csv or xlsx: also the test id (doc-pdf). */
  kind: 'pdf' | 'csv' | 'xlsx';
  make: (range: DateRange | null) => Promise<GeneratedDocument>;
}

/**
 * Pick a date range (when the document has one) and make a statement or an export. The core
 * builds the bytes; saveFile hands them to the person.
 */
export function DocumentsDialog({ title, range: initial, actions, onClose }: { title: string; range: DateRange | null; actions: DocumentAction[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [range, setRange] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const make = async (action: DocumentAction) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const doc = await action.make(range);
      await saveFile(doc);
      setDone(doc.fileName);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={title} onClose={onClose} testId="documents-dialog">
      {range && (
        <div className="form-grid">
          <label className="field">
            <span>{t('documents.from')}</span>
            <DateInput value={range.from} onChange={(from) => setRange({ ...range, from })} testId="doc-from" />
          </label>
          <label className="field">
            <span>{t('documents.to')}</span>
            <DateInput value={range.to} onChange={(to) => setRange({ ...range, to })} testId="doc-to" />
          </label>
        </div>
      )}
      <ErrorText error={error} />
      {done && (
        <p className="muted" role="status" data-testid="doc-done">
          {t('documents.saved', { name: done })}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('common.close')}
        </button>
        {actions.map((action) => (
          <button key={action.kind} type="button" className="btn btn-primary" disabled={busy || (range !== null && (!range.from || !range.to))} onClick={() => void make(action)} data-testid={`doc-${action.kind}`}>
            {t(`documents.kind.${action.kind}`)}
          </button>
        ))}
      </div>
    </Modal>
  );
}

/** The first day of the financial year `today` falls in (April by default in India). */
export function financialYearStart(today: string, fyStartMonth = 4): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const startYear = month >= fyStartMonth ? year : year - 1;
  return `${startYear}-${String(fyStartMonth).padStart(2, '0')}-01`;
}

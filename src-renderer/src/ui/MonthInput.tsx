import { useTranslation } from 'react-i18next';
import { formatMonth } from '../format/date';

/** A month (yyyy-mm) stepped back and forth, named in the UI language whatever the computer's locale. */
export function MonthInput({ value, onChange, testId }: { value: string; onChange: (month: string) => void; testId?: string }) {
  const { t } = useTranslation();
  const step = (by: number) => {
    if (!value) return;
    const d = new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1 + by, 1));
    const next = d.toISOString().slice(0, 7);
    if (next >= '2000-01' && next <= '2099-12') onChange(next);
  };
  return (
    <span className="month-input" data-testid={testId} data-value={value}>
      <button type="button" className="btn btn-small" onClick={() => step(-1)} aria-label={t('monthInput.prev')} data-testid={testId ? `${testId}-prev` : undefined}>
        ‹
      </button>
      <output className="month-input-label" aria-live="polite">
        {value ? formatMonth(value) : ''}
      </output>
      <button type="button" className="btn btn-small" onClick={() => step(1)} aria-label={t('monthInput.next')} data-testid={testId ? `${testId}-next` : undefined}>
        ›
      </button>
    </span>
  );
}

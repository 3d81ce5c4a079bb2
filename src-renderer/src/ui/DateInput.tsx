import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../format/date';
import { MAX_DATE, MIN_DATE, parseDateInput, type DateErrorCode } from '../format/parseDate';
import { Calendar } from './Calendar';
import { useDateContext } from './useDateContext';

interface Props {
  /** ISO date (yyyy-mm-dd), or '' for none. */
  value: string;
  onChange: (iso: string) => void;
  min?: string;
  max?: string;
  /** May the box be left empty (a due date, a filter)? */
  optional?: boolean;
  testId?: string;
  id?: string;
  autoFocus?: boolean;
}

/**
 * Every date the user types goes through this box: it shows dd-mm-yyyy, reads "1/4",
 * "01-04-2026", "today" / "आज" and the like, and has a calendar to pick from. A date is handed
 * to the form as soon as the text reads as one; anything else says why and keeps the last one.
 */
export function DateInput({ value, onChange, min = MIN_DATE, max = MAX_DATE, optional, testId, id, autoFocus }: Props) {
  const { t } = useTranslation();
  const ctx = useDateContext();
  const [text, setText] = useState(formatDate(value));
  const [error, setError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const focused = useRef(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!focused.current) setText(formatDate(value));
  }, [value]);

  const read = (raw: string): { iso: string } | { error: string } | null => {
    const parsed = parseDateInput(raw, ctx);
    if (!parsed.ok) return parsed.error === 'empty' ? (optional ? { iso: '' } : { error: t('dateInput.error.empty') }) : { error: t(`dateInput.error.${parsed.error satisfies DateErrorCode}`) };
    if (parsed.iso < min) return { error: t('dateInput.error.before', { date: formatDate(min) }) };
    if (parsed.iso > max) return { error: t('dateInput.error.after', { date: formatDate(max) }) };
    return { iso: parsed.iso };
  };

  const type = (raw: string) => {
    setText(raw);
    const r = read(raw);
    if (r && 'iso' in r) {
      setError(null);
      if (r.iso !== value) onChange(r.iso);
    }
  };

  const settle = (): boolean => {
    const r = read(text);
    if (r && 'iso' in r) {
      setError(null);
      setText(formatDate(r.iso));
      if (r.iso !== value) onChange(r.iso);
      return true;
    }
    setError(r?.error ?? null);
    return false;
  };

  const errorId = `${testId ?? id ?? 'date'}-error`;
  return (
    <span className="date-input">
      <span className="date-input-row">
        <input
          ref={input}
          id={id}
          value={text}
          inputMode="text"
          autoComplete="off"
          placeholder={t('dateInput.placeholder')}
          title={t('dateInput.hint')}
          aria-invalid={!!error}
          aria-describedby={error ? errorId : undefined}
          autoFocus={autoFocus}
          onFocus={() => (focused.current = true)}
          onBlur={() => {
            focused.current = false;
            settle();
          }}
          onChange={(e) => type(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !settle()) e.preventDefault();
            if ((e.key === 'ArrowDown' && e.altKey) || e.key === 'F4') {
              e.preventDefault();
              setPicking(true);
            }
          }}
          data-testid={testId}
        />
        <button type="button" className="btn btn-small date-pick" onClick={() => setPicking((p) => !p)} aria-label={t('dateInput.pick')} title={t('dateInput.pick')} data-testid={testId ? `${testId}-pick` : undefined}>
          <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5">
            <rect x="2" y="3" width="12" height="11" rx="1.5" />
            <path d="M2 6.5h12M5 1.5v3M11 1.5v3" />
          </svg>
        </button>
      </span>
      {picking && (
        <Calendar
          value={value}
          today={ctx.today}
          min={min}
          max={max}
          onClose={() => {
            setPicking(false);
            input.current?.focus();
          }}
          onPick={(iso) => {
            setPicking(false);
            setError(null);
            setText(formatDate(iso));
            if (iso !== value) onChange(iso);
            input.current?.focus();
          }}
        />
      )}
      {error && (
        <span className="field-error" role="alert" id={errorId}>
          {error}
        </span>
      )}
    </span>
  );
}

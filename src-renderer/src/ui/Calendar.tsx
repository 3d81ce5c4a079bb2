import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMonth, weekdayName } from '../format/date';
import { daysInMonth, isoOf } from '../format/parseDate';

/** A month of days to pick from; weeks start on Sunday as on an Indian wall calendar. */
export function Calendar({ value, today, min, max, onPick, onClose }: { value: string; today: string; min: string; max: string; onPick: (iso: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const start = value || today;
  const [month, setMonth] = useState(start.slice(0, 7));
  const box = useRef<HTMLDivElement>(null);
  // Opens to the right of the box unless that leaves the window; then it lines up with the box's right edge.
  useLayoutEffect(() => {
    const el = box.current;
    if (el && el.getBoundingClientRect().right > window.innerWidth - 8) el.classList.add('calendar-end');
  }, []);
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const first = new Date(Date.UTC(year, m - 1, 1)).getUTCDay();
  const days = daysInMonth(year, m);
  const step = (by: number) => {
    const d = new Date(Date.UTC(year, m - 1 + by, 1));
    setMonth(d.toISOString().slice(0, 7));
  };
  // 2026-11-01 was a Sunday: the header names come from the week that starts there.
  const names = Array.from({ length: 7 }, (_, i) => weekdayName(`2026-11-0${i + 1}`));
  const cells: (string | null)[] = [...Array.from({ length: first }, () => null), ...Array.from({ length: days }, (_, i) => isoOf(year, m, i + 1))];
  return (
    <div
      ref={box}
      className="calendar"
      role="dialog"
      aria-label={t('dateInput.pick')}
      data-testid="calendar"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="calendar-head">
        <button type="button" className="btn btn-small" onClick={() => step(-1)} aria-label={t('dateInput.prevMonth')}>
          ‹
        </button>
        <strong>{formatMonth(month)}</strong>
        <button type="button" className="btn btn-small" onClick={() => step(1)} aria-label={t('dateInput.nextMonth')}>
          ›
        </button>
      </div>
      <div className="calendar-grid">
        {names.map((n) => (
          <span key={n} className="calendar-dow">
            {n}
          </span>
        ))}
        {cells.map((iso, i) =>
          iso ? (
            <button
              key={iso}
              type="button"
              className={`calendar-day${iso === value ? ' picked' : ''}${iso === today ? ' today' : ''}`}
              disabled={iso < min || iso > max}
              aria-label={formatDate(iso)}
              aria-pressed={iso === value}
              onClick={() => onPick(iso)}
            >
              {Number(iso.slice(8))}
            </button>
          ) : (
            <span key={`gap-${i}`} />
          ),
        )}
      </div>
      <div className="calendar-foot">
        <button type="button" className="btn btn-small" disabled={today < min || today > max} onClick={() => onPick(today)}>
          {t('dateInput.today')}
        </button>
        <button type="button" className="btn btn-small" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}

import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AttendanceStatus } from '../../../src-main/contract';
import { call } from '../api/client';
import { parseRupees } from '../format/money';
import { Money } from '../ui/Money';
import { ErrorText } from '../ui/ErrorText';
import { Modal } from '../ui/Modal';
import { errorMessage } from '../i18n/errors';
import { MonthInput } from '../ui/MonthInput';
import { formatDate, weekdayName } from '../format/date';
import { StaffMoneyTable } from './staff/StaffMoneyTable';

const isSunday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay() === 0;

/** Clicking a day steps through the marks; after leave it clears the day. */
const NEXT: Record<string, AttendanceStatus | null> = { none: 'present', present: 'absent', absent: 'half_day', half_day: 'leave', leave: null };
const SHORT: Record<AttendanceStatus, string> = { present: 'P', absent: 'A', half_day: 'H', leave: 'L' };

/** Staff and the month's attendance grid; salary due is computed by the core. */
export function StaffScreen() {
  const { t } = useTranslation();
  const info = useQuery({ queryKey: ['appInfo'], queryFn: () => call('app.info', {}) });
  const [monthPick, setMonthPick] = useState<string | null>(null);
  const month = monthPick ?? info.data?.today.slice(0, 7) ?? null;
  const grid = useQuery({ queryKey: ['attendance', month], queryFn: () => call('attendance.month', { month: month! }), enabled: !!month });
  // Earned less salary paid and advances: the due the grid and the total show.
  const money = useQuery({ queryKey: ['staff', 'money', month], queryFn: () => call('staff.money', { month: month! }), enabled: !!month });
  const dueOf = new Map(money.data?.staff.map((m) => [m.staff.id, m.duePaise]));
  const [adding, setAdding] = useState(false);
  const mark = useMutation({
    mutationFn: (v: { staffId: string; date: string; status: AttendanceStatus | null }) =>
      v.status ? call('attendance.mark', { staffId: v.staffId, date: v.date, status: v.status }) : call('attendance.clear', { staffId: v.staffId, date: v.date }),
  });

  const data = grid.data;
  return (
    <section className="screen" data-testid="screen-staff">
      <header className="screen-header">
        <h1>{t('nav.staff')}</h1>
        <label className="inline-field">
          <span>{t('staff.month')}</span>
          <MonthInput value={month ?? ''} onChange={setMonthPick} testId="staff-month" />
        </label>
        <div className="total-card">
          <span>{t('staff.totalDue')}</span>
          <Money paise={money.data?.totals.duePaise ?? 0} tone="neutral" testId="staff-total-due" />
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} data-testid="add-staff">
          {t('staff.add')}
        </button>
      </header>
      <p className="muted legend">{t('staff.legend')}</p>
      <ErrorText error={grid.error ?? money.error ?? mark.error} />
      {money.data && money.data.staff.length > 0 && info.data && <StaffMoneyTable money={money.data} today={info.data.today} />}
      {data && data.staff.length === 0 && (
        <div className="empty">
          <p className="empty-title">{t('staff.empty')}</p>
        </div>
      )}
      {data && data.staff.length > 0 && (
        <div className="table-wrap attendance-wrap">
          <table className="table attendance">
            <thead>
              <tr>
                <th className="sticky-col">{t('staff.name')}</th>
                <th className="num">{t('staff.due')}</th>
                <th className="num">{t('staff.present')}</th>
                {data.staff[0]!.days.map((d) => (
                  <th key={d.date} className={`day-col${isSunday(d.date) ? ' weekend' : ''}`} title={formatDate(d.date)}>
                    {Number(d.date.slice(8))}
                    <span className="dow">{weekdayName(d.date)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.staff.map((row) => (
                <tr key={row.staff.id} data-testid="staff-row">
                  <th className="sticky-col" scope="row">
                    {row.staff.name}
                  </th>
                  <td className="num">
                    <Money paise={dueOf.get(row.staff.id) ?? row.salaryDuePaise} testId="staff-due" />
                  </td>
                  <td className="num">{row.counts.present}</td>
                  {row.days.map((d) => (
                    <td key={d.date} className="day-col">
                      <button
                        type="button"
                        className={`day-cell day-${d.status ?? 'none'}`}
                        disabled={!d.counted || mark.isPending}
                        aria-label={`${row.staff.name} ${weekdayName(d.date, 'long')} ${formatDate(d.date)}: ${t(`staff.status.${d.status ?? 'none'}`)}`}
                        onClick={() => mark.mutate({ staffId: row.staff.id, date: d.date, status: NEXT[d.status ?? 'none'] ?? null })}
                        data-testid={`day-${row.staff.name}-${d.date}`}
                      >
                        {d.status ? SHORT[d.status] : '·'}
                      </button>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adding && <StaffForm onClose={() => setAdding(false)} />}
    </section>
  );
}

function StaffForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [basis, setBasis] = useState<'monthly' | 'daily'>('monthly');
  const [salary, setSalary] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const paise = salary.trim() === '' || salary.trim() === '0' ? 0 : parseRupees(salary);
    if (paise === null) return setError(t('entry.badAmount'));
    try {
      await call('staff.create', { name, phone: phone || null, salaryBasis: basis, salaryPaise: paise });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Modal title={t('staff.add')} onClose={onClose} testId="staff-form">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <label className="field">
            <span>{t('staff.name')}</span>
            <input autoFocus value={name} onChange={(e) => setName(e.target.value)} data-testid="staff-name" />
          </label>
          <label className="field">
            <span>{t('party.field.phone')}</span>
            <input inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('staff.basis')}</span>
            <select value={basis} onChange={(e) => setBasis(e.target.value as 'monthly' | 'daily')}>
              <option value="monthly">{t('staff.monthly')}</option>
              <option value="daily">{t('staff.daily')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('staff.salary')}</span>
            <input inputMode="decimal" value={salary} onChange={(e) => setSalary(e.target.value)} data-testid="staff-salary" />
          </label>
        </div>
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="staff-save">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

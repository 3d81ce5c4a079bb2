import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../src-main/contract';
import { formatDate } from '../format/date';
import { formatPaise } from '../format/money';
import { noteText } from '../format/notes';

/** Columns that are bookkeeping or links: the action line already says what they would. */
const HIDDEN = new Set(['id', 'business_id', 'created_at', 'updated_at', 'deleted_at', 'field_stamps', 'created_by', 'updated_by', 'device_id', 'party_id', 'party_type', 'bill_id', 'invoice_series', 'invoice_seq', 'name_fold', 'staff_id', 'item_id']);
const KNOWN = new Set([
  'name', 'phone', 'amount', 'direction', 'entry_date', 'bill_date', 'due_date', 'note', 'gstin', 'address', 'state_code', 'place_of_supply',
  'discount', 'taxable', 'cgst', 'sgst', 'igst', 'round_off', 'total', 'kind', 'invoice_number', 'items', 'mode', 'opening_balance',
  // Items, staff, attendance and settings are in the trail too (so their edits can be undone).
  'notes', 'status', 'att_date', 'salary', 'salary_basis', 'joined_on', 'unit', 'hsn', 'sale_price', 'purchase_price', 'gst_rate_bp', 'barcode',
  'low_stock_milli', 'opening_qty_milli', 'category', 'mode_ref', 'owner_name', 'invoice_prefix', 'fy_start_month', 'upi_id', 'bank_name', 'bank_account',
  'bank_ifsc', 'timezone',
]);
const DIRECTIONS = new Set(['gave', 'got', 'in', 'out']);

export interface HistoryChange {
  field: string;
  from: string;
  to: string;
}

export function fieldLabel(t: TFunction, column: string): string {
  const key = column.replace(/_paise$/, '');
  return KNOWN.has(key) ? t(`history.col.${key}`) : key.replace(/_/g, ' ');
}

/** One stored value as a person reads it: rupees from paise, dates, gave/got in words. */
export function valueText(t: TFunction, column: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('history.none');
  if (column.endsWith('_paise') && typeof value === 'number' && Number.isInteger(value)) return formatPaise(value);
  if (column === 'direction' && typeof value === 'string' && DIRECTIONS.has(value)) return t(`history.dir.${value}`);
  // The app's own notes are codes: shown in the reader's words, like everywhere else.
  if (column === 'note' && typeof value === 'string') return noteText(value, t as (key: string, vars: Record<string, string>) => string);
  if (column === 'items' && typeof value === 'string') {
    try {
      const items = JSON.parse(value) as unknown;
      if (Array.isArray(items)) return t('history.itemCount', { count: items.length });
    } catch {
      // Not JSON: shown as it is below.
    }
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** What one change did, column by column (a create lists what it set). */
export function changesOf(t: TFunction, entry: AuditEntry): HistoryChange[] {
  const columns = [...new Set([...Object.keys(entry.oldValues), ...Object.keys(entry.newValues)])].filter((c) => !HIDDEN.has(c));
  return columns
    .map((c) => ({ field: fieldLabel(t, c), from: valueText(t, c, entry.oldValues[c]), to: valueText(t, c, entry.newValues[c]), create: entry.action === 'create' }))
    .filter((c) => c.create || c.from !== c.to)
    .map(({ field, from, to }) => ({ field, from, to }));
}

/** Who made it: this computer or another device, and whether it was the signed-in person. */
export function whoText(t: TFunction, entry: AuditEntry, currentUserId: string | null): string {
  const device = entry.source === 'this-device' ? t('history.thisDevice') : t('history.otherDevice', { id: (entry.deviceId ?? '').slice(0, 8) });
  if (!entry.userId) return device;
  const user = entry.userId === currentUserId ? t('history.you') : t('history.user', { id: entry.userId.slice(0, 8) });
  return `${device} · ${user}`;
}

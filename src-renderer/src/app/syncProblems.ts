import type { TFunction } from 'i18next';
import type { SyncProblem } from '../../../src-main/contract';
import { formatPaise } from '../format/money';
import { translateMessage } from '../i18n/errors';

/** Codes the server (or the engine) gives for a refused change, each with its own sentence. */
const KNOWN_CODES = ['FORBIDDEN', 'VALIDATION', 'CLOCK', 'CONFLICT', 'NOT_FOUND'] as const;
const KNOWN_TABLES = ['customers', 'suppliers', 'transactions', 'bills', 'bill_items', 'cashbook_entries', 'staff', 'attendance', 'business_settings', 'profiles', 'business_members', 'items', 'stock_adjustments', 'payment_promises', 'reminders'];
/** Bookkeeping columns every op carries; listing them as "what changed" would say nothing. */
/** Columns people recognise get their word in the UI language; others are shown tidied. */
const KNOWN_FIELDS = ['name', 'phone', 'amount', 'note', 'date', 'direction', 'gstin', 'address', 'state_code', 'status'];
const BOOKKEEPING = new Set(['id', 'business_id', 'created_at', 'updated_at', 'deleted_at', 'created_by', 'updated_by', 'device_id', 'field_stamps']);

export interface ProblemText {
  /** Which record, in the shop's words: "Customer “Ramesh Kumar”". */
  record: string;
  /** What was refused: adding it, deleting it, or changing some of its fields. */
  refused: string;
  /** Why, as a plain sentence in the UI language. */
  reason: string;
}

function recordLabel(t: TFunction, p: SyncProblem): string {
  const kind = KNOWN_TABLES.includes(p.table) ? t(`syncPanel.table.${p.table}`) : p.table;
  const name = typeof p.fields.name === 'string' ? p.fields.name : typeof p.fields.invoice_number === 'string' ? p.fields.invoice_number : null;
  if (name) return t('syncPanel.recordNamed', { kind, name });
  if (typeof p.fields.amount_paise === 'number' && Number.isInteger(p.fields.amount_paise)) return t('syncPanel.recordAmount', { kind, amount: formatPaise(p.fields.amount_paise) });
  return kind;
}

function fieldLabel(t: TFunction, column: string): string {
  const field = column.replace(/_paise$/, '');
  return KNOWN_FIELDS.includes(field) ? t(`syncPanel.field.${field}`) : field.replace(/_/g, ' ');
}

/** Why words the core gives (SyncProblem.reason), each with its own sentence in syncTrust.problem. */
const KNOWN_REASONS = [
  'renumbered',
  'overpaid',
  'bill_deleted',
  'bill_has_payments',
  'bill_below_paid',
  'bill_missing',
  'bill_needs_attention',
  'unstorable',
  'refused',
] as const;
/** Reasons that are not a refusal of the user's change: say only what happened. */
const NOT_REFUSED = new Set(['renumbered', 'unstorable', 'bill_needs_attention']);

const money = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? formatPaise(v) : '');

/** The sentence for a problem with a known reason, with its figures in the UI's words. */
function reasonText(t: TFunction, p: SyncProblem): string | null {
  if (!p.reason || !(KNOWN_REASONS as readonly string[]).includes(p.reason)) return null;
  const d = p.detail ?? {};
  const invoice = typeof d.invoice_number === 'string' ? d.invoice_number : typeof d.invoiceNumber === 'string' ? d.invoiceNumber : '';
  const text = t(`syncTrust.problem.${p.reason}`, {
    from: d.from ?? '',
    to: d.to ?? '',
    invoice,
    amount: money(d.amount_paise),
    due: money(d.due_paise),
    paid: money(d.paid_paise),
  });
  const withIt = typeof d.refusedWith === 'number' && d.refusedWith > 0 ? ` ${t('syncTrust.problem.refusedWith', { count: d.refusedWith })}` : '';
  return text + withIt;
}

/** A refused change described for a person: no table names, codes or ids. */
export function describeProblem(t: TFunction, p: SyncProblem): ProblemText {
  const known = reasonText(t, p);
  if (known && p.reason && NOT_REFUSED.has(p.reason)) return { record: recordLabel(t, p), refused: '', reason: known };
  const deleted = p.fields.deleted_at !== undefined && p.fields.deleted_at !== null;
  const changed = Object.keys(p.fields).filter((k) => !BOOKKEEPING.has(k));
  const refused =
    'created_at' in p.fields
      ? t('syncPanel.refused.add')
      : deleted
        ? t('syncPanel.refused.delete')
        : changed.length
          ? t('syncPanel.refused.change', { fields: changed.map((f) => fieldLabel(t, f)).join(', ') })
          : t('syncPanel.refused.other');
  const code = (KNOWN_CODES as readonly string[]).includes(p.code) ? p.code : null;
  return { record: recordLabel(t, p), refused, reason: known ?? (code ? t(`syncPanel.reason.${code}`) : translateMessage(p.message)) };
}

/** The engine reports a paused loop as offline with this reason; a newer core may say `paused`. */
export function isPaused(status: { state: string; paused?: boolean; lastError?: string | null }): boolean {
  return status.paused === true || (status.state === 'offline' && status.lastError === 'Sync is paused.');
}

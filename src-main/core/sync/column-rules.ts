import type { SyncedTable } from '../db/schema';
import { EVERY_COLUMN } from '../db/stamps';
import type { PageRow } from './page-row';
import { MAX_PAISE } from '../../contract/primitives';
import { PAYMENT_MODES } from '../../contract/payments';
import { ITEM_UNITS, STOCK_REASONS } from '../../contract/items';
import { MAX_CREDIT_DAYS, REMINDER_CHANNELS } from '../../contract/collections';

/**
 * The one set of column rules (DESIGN.md section 4): what a synced column may hold. The
 * server refuses pushes that break them (lenden.column_spec in supabase/migrations), and a
 * device checks every pulled row against them before storing it, so a row one device cannot
 * store never reaches another. tests/column-rules.test.ts compares these rules with the
 * server's column_spec and with the device schema (NOT NULL and type), and fails on any
 * difference.
 */
export type ColumnKind = 'text' | 'enum' | 'ts' | 'date' | 'int' | 'id' | 'items';

export interface ColumnRule {
  kind: ColumnKind;
  /** NOT NULL on the device without a default: a create must carry it, never null. */
  required?: boolean;
  /** NOT NULL on the device with a default: never null; a create may leave it out. */
  notNull?: boolean;
  /** The device default, filled in by the server when a create leaves the column out. */
  default?: string | number;
  maxLength?: number;
  pattern?: RegExp;
  enumValues?: readonly string[];
  min?: number;
  max?: number;
}

const INT4_MAX = 2147483647;
const STATE = /^([0-9]{2})?$/;
const money = (): ColumnRule => ({ kind: 'int', notNull: true, default: 0, min: 0, max: MAX_PAISE });
const times = (): Record<string, ColumnRule> => ({
  created_at: { kind: 'ts', required: true },
  updated_at: { kind: 'ts', required: true },
  deleted_at: { kind: 'ts' },
});
const party = (): Record<string, ColumnRule> => ({
  ...times(),
  name: { kind: 'text', required: true, maxLength: 200 },
  phone: { kind: 'text', maxLength: 40 },
  address: { kind: 'text', maxLength: 1000 },
  gstin: { kind: 'text', maxLength: 20 },
  state_code: { kind: 'text', maxLength: 2, pattern: STATE },
  notes: { kind: 'text', maxLength: 4000 },
  credit_days: { kind: 'int', min: 0, max: MAX_CREDIT_DAYS },
});

/** Columns a client may write, per pushable table (business_members is written by the server only). */
export const COLUMN_RULES: Partial<Record<SyncedTable, Record<string, ColumnRule>>> = {
  business_settings: {
    ...times(),
    name: { kind: 'text', notNull: true, default: '', maxLength: 200 },
    owner_name: { kind: 'text', maxLength: 200 },
    phone: { kind: 'text', maxLength: 40 },
    address: { kind: 'text', maxLength: 1000 },
    gstin: { kind: 'text', maxLength: 20 },
    state_code: { kind: 'text', maxLength: 2, pattern: STATE },
    invoice_prefix: { kind: 'text', notNull: true, default: 'INV-', maxLength: 20 },
    fy_start_month: { kind: 'int', notNull: true, default: 4, min: 1, max: 12 },
    timezone: { kind: 'text', notNull: true, default: 'Asia/Kolkata', maxLength: 64 },
    upi_id: { kind: 'text', maxLength: 100 },
    bank_name: { kind: 'text', maxLength: 100 },
    bank_account: { kind: 'text', maxLength: 40 },
    bank_ifsc: { kind: 'text', maxLength: 20 },
  },
  profiles: {
    ...times(),
    name: { kind: 'text', maxLength: 200 },
    phone: { kind: 'text', maxLength: 40 },
    language: { kind: 'enum', notNull: true, default: 'en', enumValues: ['en', 'hi'] },
  },
  customers: party(),
  suppliers: party(),
  transactions: {
    ...times(),
    party_type: { kind: 'enum', required: true, enumValues: ['customer', 'supplier'] },
    party_id: { kind: 'id', required: true },
    direction: { kind: 'enum', required: true, enumValues: ['gave', 'got'] },
    amount_paise: { kind: 'int', required: true, min: 1, max: MAX_PAISE },
    entry_date: { kind: 'date', required: true },
    note: { kind: 'text', maxLength: 4000 },
    bill_id: { kind: 'id' },
    mode: { kind: 'enum', enumValues: PAYMENT_MODES },
    mode_ref: { kind: 'text', maxLength: 40 },
    due_date: { kind: 'date' },
  },
  bills: {
    ...times(),
    kind: { kind: 'enum', required: true, enumValues: ['sale', 'purchase'] },
    party_type: { kind: 'enum', required: true, enumValues: ['customer', 'supplier'] },
    party_id: { kind: 'id', required: true },
    invoice_number: { kind: 'text', required: true, maxLength: 64 },
    invoice_series: { kind: 'int', required: true, min: 1, max: INT4_MAX },
    invoice_seq: { kind: 'int', required: true, min: 1, max: INT4_MAX },
    bill_date: { kind: 'date', required: true },
    due_date: { kind: 'date' },
    place_of_supply: { kind: 'text', maxLength: 2, pattern: STATE },
    items: { kind: 'items', required: true },
    discount_paise: money(),
    taxable_paise: money(),
    cgst_paise: money(),
    sgst_paise: money(),
    igst_paise: money(),
    round_off_paise: { kind: 'int', notNull: true, default: 0, min: -MAX_PAISE, max: MAX_PAISE },
    total_paise: money(),
    note: { kind: 'text', maxLength: 4000 },
  },
  cashbook_entries: {
    ...times(),
    direction: { kind: 'enum', required: true, enumValues: ['in', 'out'] },
    amount_paise: { kind: 'int', required: true, min: 1, max: MAX_PAISE },
    mode: { kind: 'enum', required: true, enumValues: ['cash', 'online'] },
    entry_date: { kind: 'date', required: true },
    note: { kind: 'text', maxLength: 4000 },
    category: { kind: 'enum', enumValues: ['rent', 'salary', 'electricity', 'transport', 'other'] },
    staff_id: { kind: 'id' },
    staff_pay: { kind: 'enum', enumValues: ['salary', 'advance'] },
    pay_month: { kind: 'text', maxLength: 7, pattern: /^[0-9]{4}-(0[1-9]|1[0-2])$/ },
  },
  staff: {
    ...times(),
    name: { kind: 'text', required: true, maxLength: 200 },
    phone: { kind: 'text', maxLength: 40 },
    salary_basis: { kind: 'enum', required: true, enumValues: ['monthly', 'daily'] },
    salary_paise: { kind: 'int', required: true, min: 0, max: MAX_PAISE },
    joined_on: { kind: 'date' },
  },
  attendance: {
    ...times(),
    staff_id: { kind: 'id', required: true },
    att_date: { kind: 'date', required: true },
    status: { kind: 'enum', required: true, enumValues: ['present', 'absent', 'half_day', 'leave'] },
    note: { kind: 'text', maxLength: 4000 },
  },
  items: {
    ...times(),
    name: { kind: 'text', required: true, maxLength: 200 },
    hsn: { kind: 'text', maxLength: 16 },
    unit: { kind: 'enum', notNull: true, default: 'pcs', enumValues: ITEM_UNITS },
    sale_price_paise: money(),
    purchase_price_paise: money(),
    gst_rate_bp: { kind: 'int', notNull: true, default: 0, min: 0, max: 10000 },
    barcode: { kind: 'text', maxLength: 48 },
    opening_qty_milli: { kind: 'int', notNull: true, default: 0, min: 0, max: MAX_PAISE },
    low_stock_milli: { kind: 'int', min: 0, max: MAX_PAISE },
  },
  stock_adjustments: {
    ...times(),
    item_id: { kind: 'id', required: true },
    qty_milli: { kind: 'int', required: true, min: -MAX_PAISE, max: MAX_PAISE },
    reason: { kind: 'enum', required: true, enumValues: STOCK_REASONS },
    adj_date: { kind: 'date', required: true },
    note: { kind: 'text', maxLength: 4000 },
  },
  payment_promises: {
    ...times(),
    party_type: { kind: 'enum', required: true, enumValues: ['customer', 'supplier'] },
    party_id: { kind: 'id', required: true },
    amount_paise: { kind: 'int', required: true, min: 1, max: MAX_PAISE },
    promised_on: { kind: 'date', required: true },
    made_on: { kind: 'date', required: true },
    note: { kind: 'text', maxLength: 4000 },
  },
  reminders: {
    ...times(),
    party_type: { kind: 'enum', required: true, enumValues: ['customer', 'supplier'] },
    party_id: { kind: 'id', required: true },
    sent_at: { kind: 'ts', required: true },
    amount_paise: { kind: 'int', required: true, min: 0, max: MAX_PAISE },
    channel: { kind: 'enum', required: true, enumValues: REMINDER_CHANNELS },
    due_date: { kind: 'date' },
  },
};

/** What the server sends for business_members (never pushed; checked on pull). */
export const MEMBER_RULES: Record<string, ColumnRule> = {
  ...times(),
  user_id: { kind: 'text', required: true, maxLength: 64 },
  role: { kind: 'enum', required: true, enumValues: ['owner', 'staff'] },
  email: { kind: 'text', maxLength: 320 },
  invoice_series: { kind: 'int', min: 1, max: INT4_MAX },
};

const ID = /^[0-9A-Za-z_-]{1,64}$/;
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ITEM_KEYS = new Set(['item_id', 'name', 'hsn', 'qty_milli', 'unit', 'rate_paise', 'gst_rate_bp', 'taxable_paise', 'cgst_paise', 'sgst_paise', 'igst_paise', 'total_paise']);
const ITEM_MONEY = ['rate_paise', 'taxable_paise', 'cgst_paise', 'sgst_paise', 'igst_paise', 'total_paise'];

// Checked field by field rather than through Date objects: a new device checks every row of
// the shop's books, and this runs for each date of each of them. The patterns have checked
// that the digits are digits, so they are read as character codes.
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digits2 = (v: string, at: number) => (v.charCodeAt(at) - 48) * 10 + v.charCodeAt(at + 1) - 48;
const dayExists = (v: string) => {
  const y = digits2(v, 0) * 100 + digits2(v, 2);
  const m = digits2(v, 5);
  const d = digits2(v, 8);
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
  return d <= DAYS[m - 1]! + (leap ? 1 : 0);
};
// The last good date and timestamp: a row's created_at and updated_at are mostly one moment,
// and a page's entries mostly share a few days.
let goodDate = '';
let goodTs = '';
const realDate = (v: string) => {
  if (v === goodDate) return true;
  if (!(DATE.test(v) && dayExists(v))) return false;
  goodDate = v;
  return true;
};
const realTs = (v: string) => {
  if (v === goodTs) return true;
  if (!(TS.test(v) && dayExists(v) && digits2(v, 11) < 24 && digits2(v, 14) < 60 && digits2(v, 17) < 60)) return false;
  goodTs = v;
  return true;
};
const isInt = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

/** Bill lines as the server checks them; null when valid. */
export function itemsError(value: unknown): string | null {
  let lines = value;
  if (typeof lines === 'string') {
    try {
      lines = JSON.parse(lines);
    } catch {
      return 'items must be a JSON array';
    }
  }
  if (!Array.isArray(lines)) return 'items must be a JSON array';
  if (lines.length > 1000) return 'items has more than 1000 lines';
  for (const [i, item] of lines.entries()) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return `items[${i}] must be an object`;
    for (const key of Object.keys(item)) if (!ITEM_KEYS.has(key)) return `items[${i}] has unknown field ${key}`;
    const it = item as Record<string, unknown>;
    if (typeof it.name !== 'string' || [...it.name].length > 200) return `items[${i}].name must be a string of at most 200 characters`;
    if (it.item_id != null && (typeof it.item_id !== 'string' || !ID.test(it.item_id))) return `items[${i}].item_id must be null or an id`;
    if (it.hsn != null && (typeof it.hsn !== 'string' || [...it.hsn].length > 16)) return `items[${i}].hsn must be null or a string of at most 16 characters`;
    if (it.unit != null && (typeof it.unit !== 'string' || [...it.unit].length > 20)) return `items[${i}].unit must be null or a string of at most 20 characters`;
    if (!isInt(it.qty_milli, 1, MAX_PAISE)) return `items[${i}].qty_milli must be a positive integer (thousandths)`;
    if (!isInt(it.gst_rate_bp, 0, 10000)) return `items[${i}].gst_rate_bp must be an integer from 0 to 10000`;
    for (const key of ITEM_MONEY) if (!isInt(it[key], 0, MAX_PAISE)) return `items[${i}].${key} must be an integer number of paise from 0 to ${MAX_PAISE}`;
  }
  return null;
}

/** One value against its rule; null when valid. Mirrors lenden.field_error. */
export function fieldError(table: string, column: string, value: unknown, rule: ColumnRule | undefined): string | null {
  if (!rule) return `unknown column ${column} for table ${table}`;
  if (value === null || value === undefined) return rule.required || rule.notNull ? `${table}.${column} must not be null` : null;
  switch (rule.kind) {
    case 'text': {
      if (typeof value !== 'string') return `${table}.${column} must be a string`;
      // Characters never outnumber UTF-16 units: only a string longer in units needs counting
      // (a new device checks every note of the books).
      if (rule.maxLength !== undefined && value.length > rule.maxLength && [...value].length > rule.maxLength) return `${table}.${column} is longer than ${rule.maxLength} characters`;
      if (rule.pattern && !rule.pattern.test(value)) return `${table}.${column} has an invalid format`;
      if (rule.required && value.trim() === '') return `${table}.${column} must not be empty`;
      return null;
    }
    case 'enum':
      return typeof value === 'string' && rule.enumValues!.includes(value) ? null : `${table}.${column} must be one of ${rule.enumValues!.join(', ')}`;
    case 'ts':
      return typeof value === 'string' && realTs(value) ? null : `${table}.${column} must be an ISO-8601 UTC timestamp like 2026-11-25T10:00:00.000Z`;
    case 'date':
      return typeof value === 'string' && realDate(value) ? null : `${table}.${column} must be a date like 2026-11-25`;
    case 'id':
      return typeof value === 'string' && ID.test(value) ? null : `${table}.${column} must be an id (1-64 characters of 0-9 A-Z a-z _ -)`;
    case 'int':
      return isInt(value, rule.min ?? Number.MIN_SAFE_INTEGER, rule.max ?? Number.MAX_SAFE_INTEGER) ? null : `${table}.${column} must be an integer from ${rule.min} to ${rule.max}`;
    case 'items':
      return itemsError(value);
  }
}

const ruleLists = new Map<string, { rules: [string, ColumnRule][] | null; columns: readonly string[] }>();
/**
 * A table's rules as a list, made once: every pulled row is checked against it. `columns`: what
 * a check reads, in its order (id, business_id, field_stamps, then each rule's column).
 */
function rulesOf(table: SyncedTable): { rules: [string, ColumnRule][] | null; columns: readonly string[] } {
  let list = ruleLists.get(table);
  if (list === undefined) {
    const given = table === 'business_members' ? MEMBER_RULES : COLUMN_RULES[table];
    const rules = given ? Object.entries(given) : null;
    list = { rules, columns: ['id', 'business_id', 'field_stamps', ...(rules ?? []).map(([column]) => column)] };
    ruleLists.set(table, list);
  }
  return list;
}

/**
 * Whether a row the server sent can be stored here: every column the device needs is there
 * and every value keeps the rules. Returns the first problem, or null.
 */
export function pulledRowError(table: SyncedTable, row: Record<string, unknown>): string | null {
  const { columns } = rulesOf(table);
  return rowError(table, (i) => row[columns[i]!]);
}

/** The same for a row read in place from its page (page-row.ts): its object is not built. */
export function pageRowError(pulled: PageRow): string | null {
  const { part } = pulled;
  const at = part.positions(rulesOf(pulled.table).columns);
  // Stamps that came as one stamp are text (made only if stored at length): only their kind
  // is checked, so the stamp stands in for it.
  const one = pulled.oneStamp;
  return rowError(pulled.table, (i) => (i === 2 && one !== undefined ? one.stamp : part.valueAt(pulled, at[i]!)));
}

/** `value(i)`: the row's value of rulesOf(table).columns[i]. Of field_stamps (i = 2), only the kind counts. */
function rowError(table: SyncedTable, value: (i: number) => unknown): string | null {
  const id = value(0);
  if (typeof id !== 'string' || id.length === 0 || id.length > 100) return `${table} row without a usable id`;
  const business = value(1);
  if (typeof business !== 'string' || !ID.test(business)) return `${table}.business_id must be an id`;
  const stamps = value(2);
  if (stamps !== undefined && stamps !== null && typeof stamps !== 'string' && (typeof stamps !== 'object' || Array.isArray(stamps))) {
    return `${table}.field_stamps must be an object of stamps`;
  }
  // `*` is how this device writes one stamp for every column (db/stamps.ts): never a column's name.
  if (stamps && typeof stamps === 'object' && Object.hasOwn(stamps, EVERY_COLUMN)) return `${table}.field_stamps names no column "${EVERY_COLUMN}"`;
  const { rules } = rulesOf(table);
  if (!rules) return null;
  for (let i = 0; i < rules.length; i++) {
    const [column, rule] = rules[i]!;
    const v = value(i + 3);
    // A column the row does not carry at all keeps its device default, if it has one.
    if (v === undefined && !rule.required && !(rule.notNull && rule.default === undefined)) continue;
    const error = fieldError(table, column, v, rule);
    if (error) return error;
  }
  return null;
}

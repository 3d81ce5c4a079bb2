import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Every synced table carries the same bookkeeping columns (docs/data-and-sync.md).
// field_stamps holds the HLC stamp of the last write of each column, for field-level merge.
const synced = () => ({
  id: text('id').primaryKey(),
  businessId: text('business_id').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  deletedAt: text('deleted_at'),
  fieldStamps: text('field_stamps').notNull().default('{}'),
});

export const businessSettings = sqliteTable('business_settings', {
  ...synced(),
  name: text('name').notNull().default(''),
  ownerName: text('owner_name'),
  phone: text('phone'),
  address: text('address'),
  gstin: text('gstin'),
  stateCode: text('state_code'),
  invoicePrefix: text('invoice_prefix').notNull().default('INV-'),
  fyStartMonth: integer('fy_start_month').notNull().default(4),
  timezone: text('timezone').notNull().default('Asia/Kolkata'),
  // Printed on invoices: where a customer can pay (a UPI QR and bank transfer details).
  upiId: text('upi_id'),
  bankName: text('bank_name'),
  bankAccount: text('bank_account'),
  bankIfsc: text('bank_ifsc'),
});

export const profiles = sqliteTable('profiles', {
  ...synced(),
  name: text('name'),
  phone: text('phone'),
  language: text('language').notNull().default('en'),
});

export const businessMembers = sqliteTable(
  'business_members',
  {
    ...synced(),
    userId: text('user_id').notNull(),
    role: text('role').notNull(),
    email: text('email'),
    invoiceSeries: integer('invoice_series'),
  },
  (t) => [index('business_members_business_idx').on(t.businessId, t.userId)],
);

const partyColumns = () => ({
  ...synced(),
  name: text('name').notNull(),
  // Case-folded name for case-insensitive search (Devanagari has no case and passes through).
  // Generated, so rows written by sync get it too; never synced itself.
  nameFold: text('name_fold').generatedAlwaysAs(sql`lower(name)`, { mode: 'virtual' }),
  phone: text('phone'),
  address: text('address'),
  gstin: text('gstin'),
  stateCode: text('state_code'),
  notes: text('notes'),
  // Days of credit the shop gives this party: an entry without its own due date is due this
  // many days after its date. Null: no credit period (such entries are not scheduled).
  creditDays: integer('credit_days'),
});

export const customers = sqliteTable('customers', partyColumns(), (t) => [
  index('customers_list_idx').on(t.businessId, t.deletedAt, t.nameFold),
  index('customers_phone_idx').on(t.businessId, t.phone),
]);

export const suppliers = sqliteTable('suppliers', partyColumns(), (t) => [
  index('suppliers_list_idx').on(t.businessId, t.deletedAt, t.nameFold),
  index('suppliers_phone_idx').on(t.businessId, t.phone),
]);

export const transactions = sqliteTable(
  'transactions',
  {
    ...synced(),
    partyType: text('party_type').notNull(),
    partyId: text('party_id').notNull(),
    direction: text('direction').notNull(),
    amountPaise: integer('amount_paise').notNull(),
    entryDate: text('entry_date').notNull(),
    note: text('note'),
    billId: text('bill_id'),
    // How money moved: cash, upi, card, cheque or bank; null when none did (goods on credit,
    // a bill's posting entry). mode_ref: cheque number or payment reference.
    mode: text('mode'),
    modeRef: text('mode_ref'),
    // On a "gave" entry: the date the party should pay it by (null: the party's credit period decides).
    dueDate: text('due_date'),
  },
  (t) => [
    // the party ledger (ordered by date, then creation) and the balance sums both ride this index
    index('transactions_party_idx').on(t.partyId, t.entryDate, t.createdAt),
    // Most entries have no bill: a partial index skips them (and their write cost).
    index('transactions_bill_idx').on(t.billId).where(sql`bill_id IS NOT NULL`),
    index('transactions_day_idx').on(t.businessId, t.entryDate),
    // The cashbook sums money entries by day and mode: covering, and only live money entries.
    index('transactions_money_idx')
      .on(t.businessId, t.entryDate, t.mode, t.direction, t.amountPaise, t.deletedAt)
      .where(sql`mode IS NOT NULL AND deleted_at IS NULL`),
    // To collect reads a party's live credit entries in date order to settle payments against
    // the oldest first (FIFO): covering, so no table lookups; bill_id finds a sale bill's due date.
    index('transactions_credit_idx')
      .on(t.partyId, t.entryDate, t.createdAt, t.amountPaise, t.dueDate, t.billId, t.direction, t.deletedAt)
      .where(sql`direction = 'gave' AND deleted_at IS NULL`),
  ],
);

// "Will pay ₹X on <date>": what a party promised, recorded by the shop. Kept, open or broken
// is derived from the party's payments, never stored.
export const paymentPromises = sqliteTable(
  'payment_promises',
  {
    ...synced(),
    partyType: text('party_type').notNull(),
    partyId: text('party_id').notNull(),
    amountPaise: integer('amount_paise').notNull(),
    // The day the party said it would pay by, and the day the promise was made (business time zone).
    promisedOn: text('promised_on').notNull(),
    madeOn: text('made_on').notNull(),
    note: text('note'),
  },
  (t) => [index('payment_promises_party_idx').on(t.partyId, t.madeOn, t.createdAt)],
);

// Each payment reminder sent to a party: when, for how much, by which channel.
export const reminders = sqliteTable(
  'reminders',
  {
    ...synced(),
    partyType: text('party_type').notNull(),
    partyId: text('party_id').notNull(),
    sentAt: text('sent_at').notNull(),
    amountPaise: integer('amount_paise').notNull(),
    channel: text('channel').notNull(),
    // The due date the message named (null: it asked for the balance without one).
    dueDate: text('due_date'),
  },
  (t) => [index('reminders_party_idx').on(t.partyId, t.sentAt)],
);

export const bills = sqliteTable(
  'bills',
  {
    ...synced(),
    kind: text('kind').notNull(),
    partyType: text('party_type').notNull(),
    partyId: text('party_id').notNull(),
    invoiceNumber: text('invoice_number').notNull(),
    invoiceSeries: integer('invoice_series').notNull(),
    invoiceSeq: integer('invoice_seq').notNull(),
    billDate: text('bill_date').notNull(),
    dueDate: text('due_date'),
    placeOfSupply: text('place_of_supply'),
    items: text('items').notNull().default('[]'),
    discountPaise: integer('discount_paise').notNull().default(0),
    taxablePaise: integer('taxable_paise').notNull().default(0),
    cgstPaise: integer('cgst_paise').notNull().default(0),
    sgstPaise: integer('sgst_paise').notNull().default(0),
    igstPaise: integer('igst_paise').notNull().default(0),
    roundOffPaise: integer('round_off_paise').notNull().default(0),
    totalPaise: integer('total_paise').notNull().default(0),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('bills_invoice_number_idx').on(t.businessId, t.invoiceNumber),
    index('bills_series_idx').on(t.businessId, t.invoiceSeries, t.invoiceSeq),
    index('bills_date_idx').on(t.businessId, t.billDate),
    index('bills_party_idx').on(t.partyId, t.billDate),
  ],
);

// Per-party balance derived from its live entries, maintained by triggers on transactions
// (drizzle/0001_party_balance_triggers.sql) whatever writes them: the ledger or a sync merge.
// Never synced and never written by application code: it is an index over entries.
export const partyBalances = sqliteTable(
  'party_balances',
  {
    partyId: text('party_id').primaryKey(),
    businessId: text('business_id').notNull(),
    partyType: text('party_type').notNull(),
    balancePaise: integer('balance_paise').notNull().default(0),
    gavePaise: integer('gave_paise').notNull().default(0),
    gotPaise: integer('got_paise').notNull().default(0),
    entryCount: integer('entry_count').notNull().default(0),
    lastEntryDate: text('last_entry_date'),
  },
  (t) => [index('party_balances_sort_idx').on(t.businessId, t.partyType, t.balancePaise)],
);

// A local projection of bills.items for reports (GST by rate, HSN). Rebuilt from the bill row
// in the same transaction as every bill write; never synced itself.
export const billItems = sqliteTable(
  'bill_items',
  {
    billId: text('bill_id').notNull().references(() => bills.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    businessId: text('business_id').notNull(),
    name: text('name').notNull(),
    hsn: text('hsn'),
    qtyMilli: integer('qty_milli').notNull(),
    unit: text('unit'),
    ratePaise: integer('rate_paise').notNull(),
    gstRateBp: integer('gst_rate_bp').notNull(),
    taxablePaise: integer('taxable_paise').notNull(),
    cgstPaise: integer('cgst_paise').notNull(),
    sgstPaise: integer('sgst_paise').notNull(),
    igstPaise: integer('igst_paise').notNull(),
    totalPaise: integer('total_paise').notNull(),
    // The item a line sold or bought (null: a free line) and what it did to that item's
    // stock: -qty for a live sale, +qty for a live purchase, 0 for a deleted bill.
    itemId: text('item_id'),
    stockMilli: integer('stock_milli').notNull().default(0),
  },
  (t) => [
    uniqueIndex('bill_items_pk').on(t.billId, t.lineNo),
    index('bill_items_rate_idx').on(t.businessId, t.gstRateBp),
    index('bill_items_item_idx').on(t.itemId).where(sql`item_id IS NOT NULL`),
  ],
);

// The item master: what the shop sells and buys.
export const items = sqliteTable(
  'items',
  {
    ...synced(),
    name: text('name').notNull(),
    nameFold: text('name_fold').generatedAlwaysAs(sql`lower(name)`, { mode: 'virtual' }),
    hsn: text('hsn'),
    unit: text('unit').notNull().default('pcs'),
    salePricePaise: integer('sale_price_paise').notNull().default(0),
    purchasePricePaise: integer('purchase_price_paise').notNull().default(0),
    gstRateBp: integer('gst_rate_bp').notNull().default(0),
    barcode: text('barcode'),
    // Stock on the day the item was entered; later changes are movements, never edits of a number.
    openingQtyMilli: integer('opening_qty_milli').notNull().default(0),
    lowStockMilli: integer('low_stock_milli'),
  },
  (t) => [
    index('items_list_idx').on(t.businessId, t.deletedAt, t.nameFold),
    index('items_barcode_idx').on(t.businessId, t.barcode).where(sql`barcode IS NOT NULL`),
    // The low-stock list reads only items that have a level set.
    index('items_low_idx').on(t.businessId, t.nameFold).where(sql`low_stock_milli IS NOT NULL AND deleted_at IS NULL`),
  ],
);

// A stock correction with its reason (damage, count, ...): qty_milli is signed.
export const stockAdjustments = sqliteTable(
  'stock_adjustments',
  {
    ...synced(),
    itemId: text('item_id').notNull(),
    qtyMilli: integer('qty_milli').notNull(),
    reason: text('reason').notNull(),
    adjDate: text('adj_date').notNull(),
    note: text('note'),
  },
  (t) => [index('stock_adjustments_item_idx').on(t.itemId, t.adjDate)],
);

// Stock per item: opening + live adjustments + live bill lines, kept by triggers
// (drizzle/0008_stock_triggers.sql) whatever writes them, a service or a sync merge. Never
// synced, never written by application code: like party_balances, an index over movements.
export const stockLevels = sqliteTable(
  'stock_levels',
  {
    itemId: text('item_id').primaryKey(),
    businessId: text('business_id').notNull(),
    qtyMilli: integer('qty_milli').notNull().default(0),
  },
  (t) => [index('stock_levels_qty_idx').on(t.businessId, t.qtyMilli)],
);

export const cashbookEntries = sqliteTable(
  'cashbook_entries',
  {
    ...synced(),
    direction: text('direction').notNull(),
    amountPaise: integer('amount_paise').notNull(),
    mode: text('mode').notNull(),
    entryDate: text('entry_date').notNull(),
    note: text('note'),
    // What the money was for (rent, salary, electricity, transport, other); null: not said.
    // Profit and loss groups expenses by it.
    category: text('category'),
    // Money paid to a staff member (category salary): who, and whether it was salary or an
    // advance; null on every other entry. One row is the payment and the cashbook line.
    staffId: text('staff_id'),
    staffPay: text('staff_pay'),
    // The month (YYYY-MM) a salary payment is for; null for advances, which count by date.
    payMonth: text('pay_month'),
  },
  (t) => [
    index('cashbook_day_idx').on(t.businessId, t.entryDate, t.createdAt),
    index('cashbook_staff_idx').on(t.businessId, t.staffId, t.entryDate).where(sql`${t.staffId} IS NOT NULL`),
  ],
);

export const staff = sqliteTable(
  'staff',
  {
    ...synced(),
    name: text('name').notNull(),
    phone: text('phone'),
    salaryBasis: text('salary_basis').notNull(),
    salaryPaise: integer('salary_paise').notNull(),
    joinedOn: text('joined_on'),
  },
  (t) => [index('staff_list_idx').on(t.businessId, t.deletedAt, t.name)],
);

export const attendance = sqliteTable(
  'attendance',
  {
    ...synced(),
    staffId: text('staff_id').notNull(),
    attDate: text('att_date').notNull(),
    status: text('status').notNull(),
    note: text('note'),
  },
  (t) => [index('attendance_month_idx').on(t.staffId, t.attDate), index('attendance_day_idx').on(t.businessId, t.attDate)],
);

// ---- sync bookkeeping (local only) ----

// The outbox: one row per local write, pushed in `seq` order, deleted only once the server
// has acknowledged the op.
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    opId: text('op_id').notNull().unique(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    fields: text('fields').notNull(),
    stamp: text('stamp').notNull(),
    createdAt: text('created_at').notNull(),
    // Who made the change (null: before anyone signed in on this device). Only that user's
    // session may send it, so no change is ever recorded under another user's name.
    userId: text('user_id'),
    // Ops of one unit (a bill, its posting entry and its payments) travel in one batch and
    // the server accepts or refuses them together.
    unit: text('unit'),
  },
  (t) => [index('outbox_row_idx').on(t.tableName, t.rowId), index('outbox_unit_idx').on(t.unit).where(sql`unit IS NOT NULL`)],
);

// Key/value state of this device: device id, business id, HLC, pull cursor, invoice series.
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

// Server values a pull could not apply yet because the field still had a pending local op
// (DESIGN.md: a pull never overwrites a field with a pending op). Once the op is
// acknowledged, the value is applied if its stamp is still the larger; then the row is gone.
export const syncDeferred = sqliteTable(
  'sync_deferred',
  {
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    field: text('field').notNull(),
    value: text('value'),
    stamp: text('stamp').notNull(),
  },
  (t) => [uniqueIndex('sync_deferred_pk').on(t.tableName, t.rowId, t.field)],
);

// Ops the server refused, kept so the user can see what did not go through and why.
export const syncProblems = sqliteTable('sync_problems', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  opId: text('op_id').notNull(),
  tableName: text('table_name').notNull(),
  rowId: text('row_id').notNull(),
  code: text('code').notNull(),
  message: text('message').notNull(),
  fields: text('fields').notNull(),
  createdAt: text('created_at').notNull(),
  dismissedAt: text('dismissed_at'),
  // Why, as a stable word the UI turns into shop words (e.g. 'overpaid', 'renumbered'), and
  // the figures it needs (JSON).
  reason: text('reason'),
  detail: text('detail'),
});

// Present (one row) only inside a pull transaction that loads many rows at once: the entry
// insert trigger then leaves party_balances alone and the pull recomputes the balances of the
// parties it touched in one statement before it commits (drizzle/0010_bulk_pull.sql).
export const syncBulk = sqliteTable('sync_bulk', {
  active: integer('active').primaryKey(),
});

// Rows the server sent that this device cannot store (a field it needs is missing or out of
// range): kept aside, shown as a sync problem, and replaced as soon as a good version arrives,
// so one bad row never stops later pages.
export const syncQuarantine = sqliteTable(
  'sync_quarantine',
  {
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    seq: integer('seq').notNull(),
    row: text('row').notNull(),
    error: text('error').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('sync_quarantine_pk').on(t.tableName, t.rowId)],
);

// Audit trail: every change to a financial record with who, when, where and old -> new.
// Written in the same transaction as the change (local ops and merged remote ops alike).
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    opId: text('op_id').notNull(),
    stamp: text('stamp').notNull(),
    deviceId: text('device_id'),
    userId: text('user_id'),
    action: text('action').notNull(),
    oldValues: text('old_values').notNull(),
    newValues: text('new_values').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('audit_row_idx').on(t.tableName, t.rowId, t.stamp), uniqueIndex('audit_op_idx').on(t.opId, t.tableName, t.rowId)],
);

export const SYNCED_TABLES = [
  'business_settings',
  'profiles',
  'business_members',
  'customers',
  'suppliers',
  'transactions',
  'bills',
  'cashbook_entries',
  'staff',
  'attendance',
  'items',
  'stock_adjustments',
  'payment_promises',
  'reminders',
] as const;
export type SyncedTable = (typeof SYNCED_TABLES)[number];

export const sqlNow = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

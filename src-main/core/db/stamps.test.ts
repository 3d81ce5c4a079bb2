import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { requeueUnsent } from '../backup/requeue';
import { repairClock } from '../sync/clock-repair';
import { pulledRowError } from '../sync/column-rules';
import { decodePage } from '../sync/page';
import { applyPage } from '../sync/store-page';
import type { PageTable, PullPage } from '../sync/wire';
import { newId } from '../util/ids';
import { oneStampText, readStamps, rowStamps, stampedColumns } from './stamps';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const t of cores.splice(0)) await t.close();
});
const core = (opts: Parameters<typeof createTestCore>[0] = {}) => {
  const t = createTestCore(opts);
  cores.push(t);
  return t;
};

const S = '2026-11-25T10:00:00.000Z-0001-00000000000000a1';
const LATER = '2026-11-26T10:00:00.000Z-0000-00000000000000a2';
const ENTRY_COLUMNS = ['seq', 'id', 'created_at', 'updated_at', 'deleted_at', 'field_stamps', 'party_type', 'party_id', 'direction', 'amount_paise', 'entry_date', 'note', 'bill_id', 'mode', 'mode_ref', 'due_date'];
const PARTY_COLUMNS = ['seq', 'id', 'created_at', 'updated_at', 'deleted_at', 'field_stamps', 'name', 'phone', 'address', 'gstin', 'state_code', 'notes', 'credit_days'];
// Bits as the server gives them (attnums); none for seq, id and field_stamps.
const bitsOf = (columns: string[]) => columns.map((c, i) => (['seq', 'id', 'field_stamps'].includes(c) ? null : i + 2));

const party = (seq: number, id: string, stamps: unknown, name = 'Asha Traders') => [seq, id, '2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.000Z', null, stamps, name, null, null, null, null, null, null];
const entry = (seq: number, id: string, partyId: string, stamps: unknown, amount = 500) => [seq, id, '2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.000Z', null, stamps, 'customer', partyId, 'gave', amount, '2026-11-25', null, null, null, null, null];

function page(tables: Partial<PageTable>[], lastSeq: number): PullPage {
  return {
    tables: tables.map((t) => ({ table: 'transactions', columns: ENTRY_COLUMNS, bits: bitsOf(t.columns ?? ENTRY_COLUMNS), rows: [], ...t })),
    last_seq: lastSeq,
    head_seq: lastSeq,
    more: false,
    format: 3,
  };
}

/** Decodes a page and stores it as a pull does; returns the decoded rows (what the device stored before short stamps). */
function pull(t: TestCore, p: PullPage) {
  const { rows, maxStamp } = decodePage(p, t.core.businessId);
  applyPage(t.core.sync.context, { rows, last_seq: p.last_seq, head_seq: p.head_seq, more: p.more }, maxStamp);
  return rows;
}

const stored = (t: TestCore, table: string, id: string) =>
  (t.core.db.prepare(`SELECT field_stamps FROM ${table} WHERE id = ?`).get(id) as { field_stamps: string }).field_stamps;

describe('reading stored stamps', () => {
  const stamped = ['name', 'phone', 'notes'];

  it('gives every stamped column the one stamp, and a key written beside it its own', () => {
    expect(readStamps(oneStampText(S), stamped)).toEqual({ name: S, phone: S, notes: S });
    expect(readStamps(JSON.stringify({ '*': S, phone: LATER }), stamped)).toEqual({ name: S, phone: LATER, notes: S });
    expect(readStamps(JSON.stringify({ name: S, other: LATER }), stamped)).toEqual({ name: S, other: LATER });
    expect(readStamps({ '*': S }, stamped)).toEqual({ name: S, phone: S, notes: S });
  });

  it('takes a column named with "" as one without a stamp', () => {
    expect(oneStampText(S, ['phone'])).toBe(`{"*":"${S}","phone":""}`);
    expect(readStamps(oneStampText(S, ['phone']), stamped)).toEqual({ name: S, notes: S });
    expect(readStamps(JSON.stringify({ name: S, phone: '' }), stamped)).toEqual({ name: S });
  });

  it('reads text that is not an object of stamps as no stamps, never as a column called *', () => {
    for (const garbage of ['', 'not json', '[1,2]', '42', 'null', '"*"', null, undefined, 7, ['*']]) expect(readStamps(garbage, stamped)).toEqual({});
    expect(readStamps(JSON.stringify({ '*': 5, name: S, phone: null }), stamped)).toEqual({ name: S });
  });

  it('knows a table by its writable columns: no generated column, id, business_id or field_stamps', () => {
    const t = core();
    const columns = stampedColumns(t.core.db, 'customers');
    expect(columns).toContain('name');
    expect(columns).toContain('credit_days');
    for (const absent of ['id', 'business_id', 'field_stamps', 'name_fold']) expect(columns).not.toContain(absent);
    expect(() => stampedColumns(t.core.db, 'customers; drop table x')).toThrow(/bad table name/);
  });
});

describe('pulled rows with one stamp', () => {
  it('are stored short, and read back as exactly the stamps stored at length before', () => {
    const t = core();
    const partyId = newId();
    const entryId = newId();
    const rows = pull(t, page([{ table: 'customers', columns: PARTY_COLUMNS, rows: [party(1, partyId, S)] }, { rows: [entry(2, entryId, partyId, S)] }], 2));
    expect(stored(t, 'customers', partyId)).toBe(oneStampText(S));
    expect(stored(t, 'transactions', entryId)).toBe(oneStampText(S));
    // What decodePage spells out is what this device stored before.
    expect(rowStamps(t.core.db, 'customers', stored(t, 'customers', partyId))).toEqual(JSON.parse(rows[0]!.row.field_stamps as string));
    expect(rowStamps(t.core.db, 'transactions', stored(t, 'transactions', entryId))).toEqual(JSON.parse(rows[1]!.row.field_stamps as string));
    expect(t.core.db.prepare('SELECT balance_paise FROM party_balances WHERE party_id = ?').get(partyId)).toEqual({ balance_paise: 500 });
  });

  it('stay at length when their page has a column this device lacks, or not every column it has', () => {
    const t = core();
    const [extra, fewer] = [newId(), newId()];
    const withExtra = [...PARTY_COLUMNS, 'loyalty_tier'];
    const withFewer = PARTY_COLUMNS.filter((c) => c !== 'credit_days');
    pull(
      t,
      page(
        [
          { table: 'customers', columns: withExtra, bits: bitsOf(withExtra), rows: [[...party(1, extra, S), 'gold']] },
          { table: 'customers', columns: withFewer, bits: bitsOf(withFewer), rows: [party(2, fewer, S).slice(0, -1)] },
        ],
        2,
      ),
    );
    expect(JSON.parse(stored(t, 'customers', extra))).toMatchObject({ name: S, loyalty_tier: S });
    expect(JSON.parse(stored(t, 'customers', fewer))).not.toHaveProperty('credit_days');
    expect(JSON.parse(stored(t, 'customers', fewer))).not.toHaveProperty('*');
  });

  it('are stored short when they stamp only some columns: the others named as unstamped', () => {
    const t = core();
    const partyId = newId();
    const [some, all] = [newId(), newId()];
    const bits = bitsOf(ENTRY_COLUMNS);
    const unstamped = ['mode', 'mode_ref', 'due_date'];
    const keys = ENTRY_COLUMNS.reduce((sum, c, i) => (bits[i] === null || unstamped.includes(c) ? sum : sum + 2 ** bits[i]!), 0);
    const rows = pull(t, page([{ table: 'customers', columns: PARTY_COLUMNS, rows: [party(1, partyId, S)] }, { rows: [entry(2, some, partyId, [S, keys]), entry(3, all, partyId, S)] }], 3));
    expect(stored(t, 'transactions', some)).toBe(oneStampText(S, unstamped));
    expect(stored(t, 'transactions', some).length).toBeLessThan(150);
    expect(rowStamps(t.core.db, 'transactions', stored(t, 'transactions', some))).toEqual(JSON.parse(rows[1]!.row.field_stamps as string));
    expect(Object.keys(rowStamps(t.core.db, 'transactions', stored(t, 'transactions', some)))).not.toContain('due_date');
    expect(rowStamps(t.core.db, 'transactions', stored(t, 'transactions', all))).toEqual(JSON.parse(rows[2]!.row.field_stamps as string));
  });

  it('merge a later change of one field over the short stamps: that field takes the new stamp, the rest keep theirs', () => {
    const t = core();
    const partyId = newId();
    pull(t, page([{ table: 'customers', columns: PARTY_COLUMNS, rows: [party(1, partyId, S)] }], 1));
    const mixed = Object.fromEntries(PARTY_COLUMNS.filter((c) => !['seq', 'id', 'field_stamps'].includes(c)).map((c) => [c, c === 'name' ? LATER : S]));
    pull(t, page([{ table: 'customers', columns: PARTY_COLUMNS, rows: [party(2, partyId, mixed, 'Asha Stores')] }], 2));
    expect(t.core.db.prepare('SELECT name FROM customers WHERE id = ?').get(partyId)).toEqual({ name: 'Asha Stores' });
    expect(rowStamps(t.core.db, 'customers', stored(t, 'customers', partyId))).toEqual(mixed);
  });

  it('are edited here with a stamp that beats theirs, the other columns keeping theirs', async () => {
    const t = core();
    const partyId = newId();
    pull(t, page([{ table: 'customers', columns: PARTY_COLUMNS, rows: [party(1, partyId, '2027-01-01T00:00:00.000Z-0000-00000000000000a3')] }], 1));
    // The clock is put back (as a clock repair does) behind the stamp the row carries.
    t.core.clock.reset(Date.parse('2026-11-25T04:30:00.000Z'));
    await t.call('parties.update', { type: 'customer', id: partyId, patch: { phone: '9876543210' } });
    const stamps = rowStamps(t.core.db, 'customers', stored(t, 'customers', partyId));
    const op = t.core.db.prepare('SELECT stamp, fields FROM outbox WHERE row_id = ?').get(partyId) as { stamp: string; fields: string };
    // The device clock was behind the pulled stamp: the edit moved past it, or the server would keep the old phone.
    expect(op.stamp > '2027-01-01T00:00:00.000Z-0000-00000000000000a3').toBe(true);
    expect(stamps.phone).toBe(op.stamp);
    expect(stamps.name).toBe('2027-01-01T00:00:00.000Z-0000-00000000000000a3');
    expect(Object.keys(stamps).sort()).toEqual(stampedColumns(t.core.db, 'customers').slice().sort());
  });

  it('keep a pending edit when the server sends an older value, and take a newer one once the edit is sent', async () => {
    const t = core();
    const partyId = newId();
    pull(t, page([{ table: 'customers', columns: PARTY_COLUMNS, rows: [party(1, partyId, S)] }], 1));
    await t.call('parties.update', { type: 'customer', id: partyId, patch: { name: 'Mine' } });
    pull(t, page([{ table: 'customers', columns: PARTY_COLUMNS, rows: [party(2, partyId, S, 'Theirs')] }], 2));
    expect(t.core.db.prepare('SELECT name FROM customers WHERE id = ?').get(partyId)).toEqual({ name: 'Mine' });
  });

  it('are re-stamped by a clock repair only where a waiting change stamped them ahead', async () => {
    const clock = manualClock('2026-11-25T04:30:00.000Z');
    const t = core({ now: clock.now });
    const partyId = newId();
    pull(t, page([{ table: 'customers', columns: PARTY_COLUMNS, rows: [party(1, partyId, S)] }], 1));
    clock.set('2027-06-01T00:00:00.000Z'); // a clock set a long way ahead
    await t.call('parties.update', { type: 'customer', id: partyId, patch: { phone: '9876543210' } });
    const ahead = rowStamps(t.core.db, 'customers', stored(t, 'customers', partyId)).phone!;
    expect(ahead.startsWith('2027-06-01')).toBe(true);
    clock.set('2026-11-25T04:31:00.000Z'); // the shop fixed it
    expect(repairClock(t.core.sync.context, '2026-11-25T04:31:00.000Z').fixed).toBe(true);
    const stamps = rowStamps(t.core.db, 'customers', stored(t, 'customers', partyId));
    const op = t.core.db.prepare('SELECT stamp FROM outbox WHERE row_id = ?').get(partyId) as { stamp: string };
    expect(op.stamp < ahead).toBe(true);
    expect(stamps.phone).toBe(op.stamp);
    expect(stamps.name).toBe(S);
  });

  it('take an unsent change replayed onto a restored backup, field by field', async () => {
    const live = core();
    const restored = core();
    const partyId = newId();
    for (const t of [live, restored]) pull(t, page([{ table: 'customers', columns: PARTY_COLUMNS, rows: [party(1, partyId, S)] }], 1));
    await live.call('parties.update', { type: 'customer', id: partyId, patch: { phone: '9876543210' } });
    // The edit, and the live shop's own settings (a new core queues them too).
    expect(requeueUnsent(live.core.db, restored.core.db)).toBe(2);
    const op = live.core.db.prepare('SELECT stamp FROM outbox WHERE row_id = ?').get(partyId) as { stamp: string };
    expect(restored.core.db.prepare('SELECT name, phone FROM customers WHERE id = ?').get(partyId)).toEqual({ name: 'Asha Traders', phone: '9876543210' });
    expect(rowStamps(restored.core.db, 'customers', stored(restored, 'customers', partyId))).toMatchObject({ phone: op.stamp, name: S, notes: S });
  });

  it('never come from the server: a row whose stamps name a column * is set aside', () => {
    expect(pulledRowError('customers', { id: 'p1', business_id: 'b1', name: 'X', field_stamps: { '*': S } })).toMatch(/names no column "\*"/);
    const t = core();
    const partyId = newId();
    pull(t, page([{ table: 'customers', columns: PARTY_COLUMNS, rows: [party(1, partyId, { '*': S, name: S })] }], 1));
    expect(t.core.db.prepare('SELECT 1 FROM customers WHERE id = ?').get(partyId)).toBeUndefined();
    expect(t.core.db.prepare('SELECT error FROM sync_quarantine WHERE row_id = ?').get(partyId)).toEqual({ error: 'customers.field_stamps names no column "*"' });
  });
});

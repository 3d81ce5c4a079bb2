import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { rowStamps } from '../db/stamps';
import { createTestCore, type TestCore } from '../testing';
import { newId } from '../util/ids';
import { pageRowError, pulledRowError } from './column-rules';
import { decodePage } from './page';
import { field, PageRow } from './page-row';
import { applyPage } from './store-page';
import type { PageTable, PulledRow, PullPage } from './wire';

const B = 'business-1';
const S = '2026-11-25T10:00:00.000Z-0001-00000000000000a1';
const STAMPED = ['created_at', 'updated_at', 'deleted_at', 'party_type', 'party_id', 'direction', 'amount_paise', 'entry_date', 'note', 'bill_id'];
const BITS: Record<string, number> = { created_at: 3, updated_at: 4, deleted_at: 5, party_type: 8, party_id: 9, direction: 10, amount_paise: 11, entry_date: 12, note: 13, bill_id: 14 };

/**
 * The object each row was before rows were read in place (decodePage up to e0ac6d8), for the
 * rows' stamps as decodePage gives them: every column but seq, business_id when the page
 * leaves it out, field_stamps as the stamps text when they came as one stamp.
 */
function rowAsItWas(t: PageTable, values: unknown[], stampsText: string | undefined): Record<string, unknown> {
  const seqAt = t.columns.indexOf('seq');
  const row: Record<string, unknown> = {};
  for (let i = 0; i < t.columns.length; i++) if (i !== seqAt) row[t.columns[i]!] = values[i];
  if (!t.columns.includes('business_id')) row.business_id = B;
  if (stampsText !== undefined) row.field_stamps = stampsText;
  return row;
}

const good = (column: string, seq: number): unknown =>
  ({
    id: `entry-${seq}`,
    business_id: B,
    created_at: '2026-11-25T10:00:00.000Z',
    updated_at: '2026-11-25T10:00:00.000Z',
    deleted_at: null,
    party_type: 'customer',
    party_id: 'party-1',
    direction: 'gave',
    amount_paise: 500,
    entry_date: '2026-11-25',
    note: null,
    bill_id: null,
  })[column];

// Values as JSON.parse gives them (plain objects).
const anyValue = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }).map((d) => JSON.parse(JSON.stringify(d)) as Record<string, string>));
const stampsValue = fc.oneof(
  fc.constant(S),
  fc.constant([S, 2 ** BITS.created_at! + 2 ** BITS.note!]),
  fc.constant([S, 2 ** 40]),
  fc.constant({ created_at: S, note: S }),
  fc.constant({ '*': S }),
  anyValue,
);
// Pages as a server (or something pretending to be one) could send them: columns in any order,
// some repeated or missing, with business_id or without, rows short, long, good or garbage.
const pageTable = fc
  .record({
    extra: fc.subarray(['business_id', 'deleted_at', 'note', '__proto__', 'toString', 'seq', 'mode'], { minLength: 0 }),
    dropped: fc.subarray(['created_at', 'amount_paise', 'party_id', 'field_stamps', 'seq'], { maxLength: 2 }),
    rows: fc.array(fc.record({ stamps: stampsValue, bad: fc.option(fc.tuple(fc.nat(20), anyValue), { nil: undefined }), cut: fc.option(fc.nat(16), { nil: undefined }) }), { minLength: 1, maxLength: 8 }),
  })
  .map(({ extra, dropped, rows }): PageTable => {
    const columns = ['seq', 'id', ...STAMPED.slice(0, 3), 'field_stamps', ...STAMPED.slice(3), ...extra].filter((c) => !dropped.includes(c) || c === 'id');
    return {
      table: 'transactions',
      columns,
      bits: columns.map((c) => BITS[c] ?? null),
      rows: rows.map((r, k) => {
        const values = columns.map((c) => (c === 'seq' ? k + 1 : c === 'field_stamps' ? r.stamps : good(c, k + 1)));
        if (r.bad) values[r.bad[0] % values.length] = r.bad[1];
        return r.cut === undefined ? values : values.slice(0, r.cut);
      }),
    };
  });

describe('pulled rows read in place from their page', () => {
  it('give every column, the row object, and the same problems as the objects decodePage made before', () => {
    fc.assert(
      fc.property(pageTable, (t) => {
        const page: PullPage = { tables: [t], last_seq: t.rows.length, head_seq: t.rows.length, more: false, format: 3 };
        const { rows } = decodePage(page, B);
        expect(rows).toHaveLength(t.rows.length);
        rows.forEach((r, k) => {
          expect(r).toBeInstanceOf(PageRow);
          const before = rowAsItWas(t, t.rows[k]!, (r as PageRow).stampsText);
          for (const column of [...Object.keys(before), 'business_id', 'field_stamps', 'seq', 'nothing', 'mode_ref']) {
            expect(field(r, column), column).toEqual(before[column]);
          }
          expect(Object.keys(r.row)).toEqual(Object.keys(before));
          expect(r.row).toEqual(before);
          // The keys as the page names them (one named __proto__ is no key of an object).
          expect(r.shape).toEqual([...t.columns.filter((_, i) => i !== t.columns.indexOf('seq')), ...(t.columns.includes('business_id') ? [] : ['business_id'])]);
          expect(pageRowError(r as PageRow)).toBe(pulledRowError('transactions', before));
        });
      }),
      { numRuns: 400 },
    );
  });

  it('build the object once, and only when asked', () => {
    const { rows } = decodePage({ tables: [{ table: 'transactions', columns: ['seq', 'id', 'note'], rows: [[1, 'a', 'x']] }], last_seq: 1, head_seq: 1, more: false, format: 3 }, B);
    const r = rows[0]!;
    expect(field(r, 'note')).toBe('x');
    expect(r.row).toBe(r.row);
    expect(r.row).toEqual({ id: 'a', note: 'x', business_id: B });
  });
});

describe('a page stored from rows read in place', () => {
  const cores: TestCore[] = [];
  afterEach(async () => {
    for (const t of cores.splice(0)) await t.close();
  });

  const stored = (t: TestCore) => ({
    customers: t.core.db.prepare('SELECT * FROM customers ORDER BY id').all(),
    transactions: t.core.db.prepare('SELECT * FROM transactions ORDER BY id').all(),
    balances: t.core.db.prepare('SELECT * FROM party_balances ORDER BY party_id').all(),
    aside: t.core.db.prepare('SELECT table_name, row_id, seq, row, error FROM sync_quarantine ORDER BY row_id').all(),
  });

  it('stores what the same rows as objects store: rows, stamps, balances, and the rows set aside', () => {
    const made = [createTestCore(), createTestCore()];
    cores.push(...made);
    const [inPlace, asObjects] = made as [TestCore, TestCore];
    const business = inPlace.core.businessId;
    // Both devices are of the same business, so the rows and balances compare as they are.
    asObjects.core.state.set('business_id', business);
    const parties = Array.from({ length: 40 }, () => newId());
    const now = '2026-11-25T10:00:00.000Z';
    // Every column a value of its own, so a value stored in the wrong column shows.
    const later = '2026-11-26T11:30:00.000Z';
    const customerColumns = ['seq', 'id', 'created_at', 'updated_at', 'deleted_at', 'field_stamps', 'name', 'phone', 'address', 'gstin', 'state_code', 'notes'];
    // Every column an entry has, as the server sends them: rows with one stamp are stored short.
    const entryColumns = ['seq', 'id', 'created_at', 'updated_at', 'deleted_at', 'field_stamps', 'party_type', 'party_id', 'direction', 'amount_paise', 'entry_date', 'note', 'bill_id', 'mode', 'mode_ref', 'due_date'];
    const entryBits: Record<string, number> = { ...BITS, mode: 15, mode_ref: 16, due_date: 18 };
    const page: PullPage = {
      format: 3,
      tables: [
        { table: 'customers', columns: customerColumns, bits: customerColumns.map(() => null), rows: parties.map((id, i) => [i + 1, id, now, later, null, S, `Party ${i}`, `98${String(i).padStart(8, '0')}`, `Street ${i}`, null, '27', `notes ${i}`]) },
        {
          table: 'transactions',
          columns: entryColumns,
          bits: entryColumns.map((c) => entryBits[c] ?? null),
          rows: Array.from({ length: 900 }, (_, j) => {
            const stamps = j % 3 === 0 ? S : j % 3 === 1 ? [S, 2 ** BITS.amount_paise! + 2 ** BITS.note!] : { created_at: S, amount_paise: S };
            // Every 97th entry breaks a rule (an amount that is no integer): it is set aside on both.
            return [1000 + j, newId(), now, later, j % 50 === 7 ? '2026-11-27T09:00:00.000Z' : null, stamps, 'customer', parties[j % parties.length], j % 2 ? 'got' : 'gave', j % 97 === 0 ? 1.5 : 100 + j, '2026-11-25', j % 5 ? null : `note ${j}`, null, j % 4 ? 'cash' : 'upi', null, j % 6 ? null : '2026-12-25'];
          }),
        },
      ],
      last_seq: 1899,
      head_seq: 1899,
      more: false,
    };
    const decoded = decodePage(page, business);
    expect(decoded.rows.every((r) => r instanceof PageRow)).toBe(true);
    applyPage(inPlace.core.sync.context, { rows: decoded.rows, last_seq: page.last_seq, head_seq: page.head_seq, more: false }, decoded.maxStamp);
    const objects: PulledRow[] = decodePage(page, business).rows.map((r) => ({ table: r.table, seq: r.seq, row: { ...r.row }, shape: r.shape, oneStamp: r.oneStamp }));
    applyPage(asObjects.core.sync.context, { rows: objects, last_seq: page.last_seq, head_seq: page.head_seq, more: false }, decoded.maxStamp);

    // Each kind of stamps reads back as the server's: one for every column, one for some, an object.
    const entryIds = page.tables[1]!.rows.map((r) => r[1] as string);
    const stampsOf = (j: number) => {
      const text = (inPlace.core.db.prepare('SELECT field_stamps FROM transactions WHERE id = ?').get(entryIds[j]) as { field_stamps: string }).field_stamps;
      return Object.fromEntries(Object.entries(rowStamps(inPlace.core.db, 'transactions', text)).filter(([, v]) => v));
    };
    expect(stampsOf(3)).toEqual(Object.fromEntries([...STAMPED, 'mode', 'mode_ref', 'due_date'].map((c) => [c, S])));
    expect(stampsOf(4)).toEqual({ amount_paise: S, note: S });
    expect(stampsOf(5)).toEqual({ created_at: S, amount_paise: S });

    const a = stored(inPlace);
    expect(a.transactions).toHaveLength(900 - 10);
    expect(a.aside).toHaveLength(10);
    expect(a.balances).toHaveLength(40);
    expect(a).toEqual(stored(asObjects));
  });
});

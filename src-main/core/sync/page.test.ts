import { describe, expect, it } from 'vitest';
import { pulledRowError } from './column-rules';
import { decodePage } from './page';
import type { PageTable, PullPage } from './wire';

const B = 'business-1';
const S = '2026-11-25T10:00:00.000Z-0001-00000000000000a1';
const columns = ['seq', 'id', 'created_at', 'updated_at', 'deleted_at', 'field_stamps', 'party_type', 'party_id', 'direction', 'amount_paise', 'entry_date', 'note', 'bill_id'];
// Attnums as the server would give them: none for seq, id and field_stamps.
const bits = [null, null, 3, 4, 5, null, 8, 9, 10, 11, 12, 13, 14];
const values = (seq: number, stamps: unknown) => [seq, `entry-${seq}`, '2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.000Z', null, stamps, 'customer', 'party-1', 'gave', 500, '2026-11-25', null, null];
const page = (rows: unknown[][], table: Partial<PageTable> = {}): PullPage => ({ tables: [{ table: 'transactions', columns, bits, rows, ...table }], last_seq: rows.length, head_seq: rows.length, more: false, format: 3 });
const keysOf = (...names: string[]) => names.reduce((sum, n) => sum + 2 ** bits[columns.indexOf(n)]!, 0);

describe('format 3 pull pages', () => {
  it('rebuild a row stamped on some columns, one stamped on all, and one with mixed stamps, with the business filled in', () => {
    const mixed = { created_at: S, amount_paise: '2026-11-26T10:00:00.000Z-0000-00000000000000a2' };
    const { rows, maxStamp } = decodePage(page([values(1, [S, keysOf('created_at', 'amount_paise', 'note')]), values(2, S), values(3, mixed)]), B);
    expect(JSON.parse(rows[0]!.row.field_stamps as string)).toEqual({ created_at: S, amount_paise: S, note: S });
    expect(Object.keys(JSON.parse(rows[1]!.row.field_stamps as string))).toEqual(['created_at', 'updated_at', 'deleted_at', 'party_type', 'party_id', 'direction', 'amount_paise', 'entry_date', 'note', 'bill_id']);
    expect(rows[2]!.row.field_stamps).toEqual(mixed);
    expect(rows.every((r) => r.row.business_id === B && pulledRowError('transactions', r.row) === null)).toBe(true);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(maxStamp).toBe(mixed.amount_paise);
  });

  it('take business_id from the row when a page carries it (format 2)', () => {
    const { rows } = decodePage({ tables: [{ table: 'transactions', columns: [...columns, 'business_id'], rows: [[...values(1, S), 'other']] }], last_seq: 1, head_seq: 1, more: false }, B);
    expect(rows[0]!.row.business_id).toBe('other');
  });

  it('leave stamps that name no column of the page as they came, so the row is set aside with a clear reason', () => {
    const garbage: unknown[] = [
      [S, 2 ** 40], // a bit no column has
      [S, keysOf('note') + 1], // a column's bit and one more
      [S, 0],
      [S, -8],
      [S, 1.5],
      [S, '12'],
      [42, keysOf('note')],
      [S],
      [],
    ];
    const { rows, maxStamp } = decodePage(page(garbage.map((g, i) => values(i + 1, g))), B);
    expect(maxStamp).toBeNull();
    for (const r of rows) expect(pulledRowError('transactions', r.row), JSON.stringify(r.row.field_stamps)).toBe('transactions.field_stamps must be an object of stamps');
  });

  it('rebuild the same text for every row with the same keys (one template per set of columns)', () => {
    const keys = keysOf('created_at', 'party_id');
    const { rows } = decodePage(page(Array.from({ length: 50 }, (_, i) => values(i + 1, [`2026-11-25T10:00:00.000Z-${String(i).padStart(4, '0')}-00000000000000a1`, keys]))), B);
    expect(rows.map((r) => JSON.parse(r.row.field_stamps as string) as Record<string, string>).every((s, i) => Object.keys(s).join() === 'created_at,party_id' && s.party_id === s.created_at && s.created_at!.includes(`-${String(i).padStart(4, '0')}-`))).toBe(true);
  });
});

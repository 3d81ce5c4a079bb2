import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Sqlite } from '../../db/open';
import { repoMigrationsFolder } from '../../db/paths';
import { DeviceState } from '../../db/state';
import { createTestCore, type TestCore } from '../../testing';
import { formatInvoiceNumber } from './numbering';

describe('formatInvoiceNumber', () => {
  it.each([
    ['INV-', 1, 1, 'INV-1-0001'],
    ['INV-', 2, 1, 'INV-2-0001'],
    ['INV-', 12, 345, 'INV-12-0345'],
    ['AS/', 1, 9999, 'AS/1-9999'],
    ['', 3, 10_000, '3-10000'],
  ])('%s %i %i -> %s', (prefix, series, seq, want) => expect(formatInvoiceNumber(prefix, series, seq)).toBe(want));
});

/** Columns a row copy may write (generated columns such as name_fold are left out). */
const columnsOf = (db: Sqlite, table: string) => (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name).join(', ');

const copyRows = (db: Sqlite, fromSchema: string, table: string, where = '1') => {
  const cols = columnsOf(db, table);
  return db.prepare(`INSERT INTO main.${table} (${cols}) SELECT ${cols} FROM ${fromSchema}.${table} WHERE ${where}`).run().changes;
};

describe('two devices billing offline', () => {
  const open: TestCore[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  /**
   * A second device joining an existing business, prepared as sign-in would leave it before
   * the core starts: its own identity, the business id, the series the server assigned, and
   * the business's rows pulled. The core's first run then finds both and creates nothing.
   */
  function joinDevice(a: TestCore, series: number): TestCore {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-device-b-'));
    dirs.push(dir);
    const file = path.join(dir, 'lenden.db');
    const db = openDatabase(file, { migrationsFolder: repoMigrationsFolder() });
    const state = new DeviceState(db);
    db.exec(`ATTACH DATABASE '${a.file.replace(/'/g, "''")}' AS a`);
    db.transaction(() => {
      state.set('device_id', randomUUID());
      state.set('hlc_node', randomBytes(8).toString('hex'));
      state.set('business_id', a.core.businessId);
      state.set('invoice_series', String(series));
      copyRows(db, 'a', 'business_settings');
      copyRows(db, 'a', 'customers');
    })();
    db.exec('DETACH DATABASE a');
    db.close();
    const b = createTestCore({ dir, file });
    open.push(b);
    return b;
  }

  it('100 bills on two devices get 100 distinct numbers, and merging them violates nothing', async () => {
    const a = createTestCore();
    open.push(a);
    const partyId = (await a.call('parties.create', { type: 'customer', name: 'Asha Traders', stateCode: '27' })).id;
    const b = joinDevice(a, 2);
    expect(b.core.businessId).toBe(a.core.businessId);
    expect(b.core.db.prepare('SELECT count(*) AS n FROM business_settings').get()).toEqual({ n: 1 });
    expect((await b.call('settings.get')).invoiceSeries).toBe(2);

    const lines = [{ name: 'Tea', qtyMilli: 1000, ratePaise: 10_000, gstRateBp: 500 }];
    const numbers: string[] = [];
    for (let i = 0; i < 50; i++) {
      for (const device of [a, b]) {
        const bill = await device.call('bills.create', { kind: 'sale', partyType: 'customer', partyId, lines: [{ ...lines[0]!, qtyMilli: 1000 + i }] });
        numbers.push(bill.invoiceNumber);
      }
    }
    expect(new Set(numbers).size).toBe(100);
    expect(numbers.slice(0, 4)).toEqual(['INV-1-0001', 'INV-2-0001', 'INV-1-0002', 'INV-2-0002']);
    expect(numbers.slice(-2)).toEqual(['INV-1-0050', 'INV-2-0050']);

    // Sync stand-in: every bill row and entry of B lands in A's database as the pull would write
    // them (plain inserts; the bill_items projection follows by its triggers).
    a.core.db.exec(`ATTACH DATABASE '${b.file.replace(/'/g, "''")}' AS b`);
    a.core.db.transaction(() => {
      expect(copyRows(a.core.db, 'b', 'bills')).toBe(50);
      expect(copyRows(a.core.db, 'b', 'transactions')).toBe(50);
    })();
    a.core.db.exec('DETACH DATABASE b');

    const list = await a.call('bills.list', { limit: 1000 });
    expect(list.total).toBe(100);
    expect(new Set(list.items.map((x) => x.invoiceNumber)).size).toBe(100);
    const totals = list.items.reduce((sum, x) => sum + x.totalPaise, 0);
    expect((await a.call('parties.get', { type: 'customer', id: partyId })).balancePaise).toBe(totals);
    expect(a.core.db.prepare('SELECT count(*) AS n FROM bill_items').get()).toEqual({ n: 100 });
    // A carries on in its own series, untouched by B's bills.
    expect((await a.call('bills.create', { kind: 'sale', partyType: 'customer', partyId, lines })).invoiceNumber).toBe('INV-1-0051');
  });
});

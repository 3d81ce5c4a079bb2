import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../contract';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { exportTable } from './documents';
import { paiseToRupeesText } from './format';
import type { Table } from './table';
import { DATE_FORMAT, RUPEES_FORMAT } from './xlsx';

let t: TestCore;
beforeEach(() => {
  t = createTestCore({ now: manualClock('2026-11-25T04:30:00.000Z').now });
});
afterEach(() => t.close());

type ExportInput = MethodInput<'documents.export'>;
const bytesOf = (doc: { base64: string }) => Buffer.from(doc.base64, 'base64');

/** The source rows, as the exporter built them from the database. */
const sourceOf = (input: ExportInput): Table => exportTable(t.core.ctx, { ...input } as never).table;

async function csvRoundTrip(input: ExportInput): Promise<{ table: Table; cells: string[][] }> {
  const doc = await t.call('documents.export', { ...input, format: 'csv' } as ExportInput);
  expect(doc.mimeType).toBe('text/csv');
  const parsed = Papa.parse<string[]>(bytesOf(doc).toString('utf8'), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const table = sourceOf(input);
  const [header, ...rows] = parsed.data;
  expect(header).toEqual(table.columns.map((c) => c.header));
  expect(rows).toHaveLength(table.rows.length);
  rows.forEach((row, r) =>
    table.columns.forEach((col, c) => {
      const source = table.rows[r]![c] ?? null;
      const cell = row[c]!;
      if (source === null || source === '') expect(cell).toBe('');
      else if (col.type === 'money') expect(cell).toBe(paiseToRupeesText(source as number));
      else if (col.type === 'int') expect(Number(cell)).toBe(source);
      else if (col.type === 'date') expect(cell).toBe(source);
      else expect(cell.replace(/^'(?=[=+\-@\t\r])/, '')).toBe(source);
    }),
  );
  return { table, cells: rows };
}

async function xlsxRoundTrip(input: ExportInput): Promise<Table> {
  const doc = await t.call('documents.export', { ...input, format: 'xlsx' } as ExportInput);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytesOf(doc) as never);
  const sheet = workbook.worksheets[0]!;
  const table = sourceOf(input);
  expect(sheet.name).toBe(table.name);
  expect(sheet.getRow(1).values).toEqual([undefined, ...table.columns.map((c) => c.header)]);
  // The header stays in view, bold, over columns as wide as their kind needs.
  expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  // (A width of 9 is the sheet's default, which exceljs leaves unwritten.)
  table.columns.forEach((c, i) => expect(sheet.getColumn(i + 1).width ?? 9).toBe(c.width ?? (c.type === 'money' ? 14 : c.type === 'date' ? 12 : 20)));
  // Text sits in the shared-strings table (t="s"), never as a formula result (t="str").
  const sheetXml = await (await JSZip.loadAsync(bytesOf(doc))).file('xl/worksheets/sheet1.xml')!.async('string');
  expect(sheetXml).not.toContain('t="str"');
  expect(sheetXml).toContain('t="s"');
  expect(sheet.actualRowCount).toBe(table.rows.length + 1);
  table.rows.forEach((row, r) =>
    table.columns.forEach((col, c) => {
      const cell = sheet.getRow(r + 2).getCell(c + 1);
      const source = row[c] ?? null;
      if (source === null || source === '') return expect(cell.value ?? null).toBeNull();
      if (col.type === 'money') {
        expect(typeof cell.value).toBe('number');
        expect(Math.round((cell.value as number) * 100)).toBe(source);
        expect(cell.numFmt).toBe(RUPEES_FORMAT);
      } else if (col.type === 'date') {
        expect(cell.value).toBeInstanceOf(Date);
        expect((cell.value as Date).toISOString()).toBe(`${source}T00:00:00.000Z`);
        expect(cell.numFmt).toBe(DATE_FORMAT);
      } else expect(cell.value).toBe(source);
    }),
  );
  return table;
}

const tricky = ['Sharma, "Bade" Bhai', '=HYPERLINK("http://evil.example","x")', 'Two\nLines Traders', 'रमेश किराना', '+91 Shop', '-minus', '@at', ' padded '];

describe('exports', () => {
  it('parties with balances round-trip through CSV (escaped, formula-guarded) and XLSX', async () => {
    for (const [i, name] of tricky.entries()) {
      const p = await t.call('parties.create', { type: 'customer', name, address: i === 0 ? 'Shop 4, "Main" Road,\nPune' : null });
      if (i % 3 === 0) await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'gave', amountPaise: 123_456_789 + i, date: '2026-11-01' });
      if (i % 3 === 1) await t.call('entries.add', { partyType: 'customer', partyId: p.id, direction: 'got', amountPaise: 1_250, date: '2026-11-02' });
    }
    const gone = await t.call('parties.create', { type: 'customer', name: 'Deleted party' });
    await t.call('parties.delete', { type: 'customer', id: gone.id });

    const { table, cells } = await csvRoundTrip({ what: 'parties', type: 'customer', format: 'csv' });
    expect(table.rows).toHaveLength(tricky.length);
    const byName = new Map(cells.map((r) => [r[0], r]));
    // Formula-looking text is defused; numbers keep their sign.
    expect(byName.get(`'=HYPERLINK("http://evil.example","x")`)).toBeDefined();
    expect(byName.get(`'+91 Shop`)).toBeDefined();
    expect(byName.get(`'-minus`)).toBeDefined();
    expect(byName.get(`'@at`)).toBeDefined();
    expect(byName.get('Two\nLines Traders')).toBeDefined();
    expect(byName.get('Sharma, "Bade" Bhai')![2]).toBe('Shop 4, "Main" Road,\nPune');
    expect(byName.get('Sharma, "Bade" Bhai')![5]).toBe('1234567.89');
    expect(byName.get(`'+91 Shop`)![5]).toBe('-12.50');
    expect(byName.get(`'+91 Shop`)![6]).toBe("You'll give");
    expect(byName.get('रमेश किराना')![5]).toBe('1234567.92');
    expect(byName.get('-minus')).toBeUndefined();

    const csv = bytesOf(await t.call('documents.export', { what: 'parties', type: 'customer', format: 'csv' }));
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.toString('utf8')).toContain('"Sharma, ""Bade"" Bhai"');
    expect(csv.toString('utf8')).not.toContain('Deleted party');

    await xlsxRoundTrip({ what: 'parties', type: 'customer', format: 'xlsx' });
  });

  it('a party ledger with opening balance and running balance', async () => {
    const p = await t.call('parties.create', { type: 'supplier', name: 'Mill' });
    const add = (direction: 'gave' | 'got', amountPaise: number, date: string, note?: string) =>
      t.call('entries.add', { partyType: 'supplier', partyId: p.id, direction, amountPaise, date, note });
    await add('got', 500_000, '2026-10-01', 'old');
    await add('gave', 200_000, '2026-11-05', '=cmd');
    await add('got', 1, '2026-11-06', 'a, b');
    const { table } = await csvRoundTrip({ what: 'partyLedger', partyType: 'supplier', partyId: p.id, from: '2026-11-01', to: '2026-11-30', format: 'csv' });
    expect(table.rows).toEqual([
      ['2026-11-01', 'Opening balance', null, null, -500_000],
      ['2026-11-05', '=cmd', 200_000, null, -300_000],
      ['2026-11-06', 'a, b', null, 1, -300_001],
    ]);
    await xlsxRoundTrip({ what: 'partyLedger', partyType: 'supplier', partyId: p.id, from: '2026-11-01', to: '2026-11-30', format: 'xlsx' });
    const doc = await t.call('documents.export', { what: 'partyLedger', partyType: 'supplier', partyId: p.id, format: 'xlsx' });
    expect(doc.fileName).toBe('ledger-mill.xlsx');
  });

  it('cashbook and bills for a range', async () => {
    await t.call('cashbook.add', { direction: 'in', amountPaise: 10_000, date: '2026-11-01', note: 'sale, counter' });
    await t.call('cashbook.add', { direction: 'out', amountPaise: 2_550, date: '2026-11-02', mode: 'online', note: '@rent' });
    await t.call('cashbook.add', { direction: 'out', amountPaise: 1, date: '2026-12-01' });
    const { table } = await csvRoundTrip({ what: 'cashbook', from: '2026-11-01', to: '2026-11-30', format: 'csv' });
    expect(table.rows).toEqual([
      ['2026-11-01', 10_000, null, 'cash', 'sale, counter'],
      ['2026-11-02', null, 2_550, 'online', '@rent'],
    ]);
    await xlsxRoundTrip({ what: 'cashbook', from: '2026-11-01', to: '2026-11-30', format: 'xlsx' });

    const c = await t.call('parties.create', { type: 'customer', name: 'Asha', gstin: '07AAACD1234E1ZB' });
    const line = { name: 'Rice', hsn: '1006', qtyMilli: 2_000, unit: 'kg', ratePaise: 6_000, gstRateBp: 500 };
    const b1 = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: c.id, date: '2026-11-03', lines: [line] });
    const b2 = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: c.id, date: '2026-11-04', lines: [line] });
    await t.call('bills.delete', { id: b2.id });
    const bills = await csvRoundTrip({ what: 'bills', from: '2026-11-01', to: '2026-11-30', format: 'csv' });
    expect(bills.table.rows).toEqual([
      ['2026-11-03', b1.invoiceNumber, 'sale', 'Asha', '07AAACD1234E1ZB', b1.placeOfSupply, b1.taxablePaise, b1.cgstPaise, b1.sgstPaise, b1.igstPaise, b1.discountPaise, b1.roundOffPaise, b1.totalPaise],
    ]);
    await xlsxRoundTrip({ what: 'bills', from: '2026-11-01', to: '2026-11-30', format: 'xlsx' });
  });

  it('in Hindi: sheet names, headers, the app’s words and its notes; typed notes as typed', async () => {
    const c = await t.call('parties.create', { type: 'customer', name: 'Asha', openingBalance: { direction: 'gave', amountPaise: 50_00, date: '2026-11-01' } });
    const bill = await t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId: c.id, date: '2026-11-03', lines: [{ name: 'Rice', qtyMilli: 1000, ratePaise: 100_00, gstRateBp: 0 }] });
    await t.call('bills.recordPayment', { billId: bill.id, amountPaise: 40_00, date: '2026-11-04' });
    await t.call('entries.add', { partyType: 'customer', partyId: c.id, direction: 'gave', amountPaise: 1_00, date: '2026-11-05', note: 'Bill for rice' });
    await t.call('cashbook.add', { direction: 'out', amountPaise: 2_550, date: '2026-11-02', mode: 'online', note: 'किराया' });

    const ledger = await csvRoundTrip({ what: 'partyLedger', partyType: 'customer', partyId: c.id, from: '2026-11-01', to: '2026-11-30', format: 'csv', language: 'hi' });
    expect(ledger.table.name).toBe('खाता');
    expect(ledger.table.columns.map((col) => col.header)).toEqual(['दिनांक', 'विवरण', 'आपने दिए', 'आपको मिले', 'बाकी (+ आपको लेने हैं)']);
    expect(ledger.table.rows.map((r) => r[1])).toEqual(['शुरुआती बाकी', 'शुरुआती बाकी', `बिल ${bill.invoiceNumber}`, `${bill.invoiceNumber} का भुगतान`, 'Bill for rice']);
    expect((await xlsxRoundTrip({ what: 'partyLedger', partyType: 'customer', partyId: c.id, format: 'xlsx', language: 'hi' })).name).toBe('खाता');

    const parties = await csvRoundTrip({ what: 'parties', type: 'customer', format: 'csv', language: 'hi' });
    expect(parties.table.columns.map((col) => col.header)).toEqual(['नाम', 'फ़ोन', 'पता', 'जीएसटीआईएन', 'राज्य कोड', 'बाकी (+ आपको लेने हैं, - आपको देने हैं)', 'स्थिति', 'लेन-देन', 'आख़िरी लेन-देन']);
    expect(parties.table.rows[0]![6]).toBe('आपको लेने हैं');
    const cash = await csvRoundTrip({ what: 'cashbook', from: '2026-11-01', to: '2026-11-30', format: 'csv', language: 'hi' });
    expect(cash.table.columns.map((col) => col.header)).toEqual(['दिनांक', 'आया', 'गया', 'तरीका', 'टिप्पणी']);
    expect(cash.table.rows).toEqual([['2026-11-02', null, 2_550, 'ऑनलाइन', 'किराया']]);
    const bills = await csvRoundTrip({ what: 'bills', from: '2026-11-01', to: '2026-11-30', format: 'csv', language: 'hi' });
    expect(bills.table.columns.slice(0, 4).map((col) => col.header)).toEqual(['दिनांक', 'बीजक संख्या', 'प्रकार', 'पार्टी']);
    expect(bills.table.rows[0]![2]).toBe('बिक्री');
    // English stays as it was, with the app's notes as English sentences (no code characters).
    const en = await csvRoundTrip({ what: 'partyLedger', partyType: 'customer', partyId: c.id, from: '2026-11-01', to: '2026-11-30', format: 'csv' });
    expect(en.table.rows.map((r) => r[1])).toEqual(['Opening balance', 'Opening balance', `Bill ${bill.invoiceNumber}`, `Payment for ${bill.invoiceNumber}`, 'Bill for rice']);
  });

  it('validates what to export', async () => {
    await expect(t.call('documents.export', { what: 'staff', format: 'csv' } as never)).rejects.toThrow(/VALIDATION/);
    await expect(t.call('documents.export', { what: 'cashbook', format: 'pdf', from: '2026-11-01', to: '2026-11-02' } as never)).rejects.toThrow(/VALIDATION/);
    await expect(t.call('documents.export', { what: 'cashbook', format: 'csv', from: '2026-11-03', to: '2026-11-02' })).rejects.toThrow(/start date/);
    await expect(t.call('documents.export', { what: 'parties', format: 'csv', type: 'customer', extra: 1 } as never)).rejects.toThrow(/VALIDATION/);
  });
});

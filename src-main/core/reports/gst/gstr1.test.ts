import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkGstin, gstinCheckChar } from './gstin';
import { GSTIN, useMonth } from './month-fixture';
import { uqcOf } from './uqc';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(fs.readFileSync(path.join(HERE, 'schemas', 'gstr1.schema.json'), 'utf8')) as object;
// multipleOf 0.01 on binary floats needs a precision (947.37 / 0.01 is 94736.99999999999).
const ajv = new Ajv({ allErrors: true, strict: true, multipleOfPrecision: 6 });
const validate = ajv.compile(schema);

const month = useMonth();

const upload = async (period = '2026-11') => {
  const doc = await month.t.call('returns.export', { what: 'gstr1', format: 'json', period: { month: period } });
  expect(doc.mimeType).toBe('application/json');
  return { name: doc.fileName, json: JSON.parse(Buffer.from(doc.base64, 'base64').toString('utf8')) as Record<string, unknown> };
};

describe('GSTIN check digit', () => {
  it('accepts published GSTINs and refuses a wrong check character, pattern or state', () => {
    // Samples from GSTN's e-invoice sandbox documents and common GSTR-1 examples.
    for (const g of ['27AAPFU0939F1ZV', '29AAFCC9980M1ZR', '06AAMCS8709B1ZA']) expect(checkGstin(g)).toBe('ok');
    expect(gstinCheckChar('27AAPFU0939F1Z')).toBe('V');
    expect(checkGstin('27AAPFU0939F1ZW')).toBe('checksum');
    expect(checkGstin('27ABCDE1234F1Z5')).toBe('checksum');
    expect(checkGstin('27AAPFU0939F1Z')).toBe('shape');
    expect(checkGstin('99AAPFU0939F1ZV')).toBe('state');
  });

  it('maps item units to UQC, services to NA', () => {
    expect([uqcOf('kg', '1006'), uqcOf('pcs', '3401'), uqcOf('l', '0405'), uqcOf('ml', null), uqcOf('pack', null), uqcOf('dozen', null), uqcOf('m', null), uqcOf('g', null), uqcOf('box', null)]).toEqual([
      'KGS',
      'PCS',
      'LTR',
      'MLT',
      'PAC',
      'DOZ',
      'MTR',
      'GMS',
      'BOX',
    ]);
    expect(uqcOf(null, '9965')).toBe('NA');
    expect(uqcOf('bundle', '1234')).toBe('OTH');
  });
});

describe('GSTR-1 for November 2026 (figures worked by hand in docs/gst-returns.md)', () => {
  it('has no problems, and the upload JSON is exactly the hand-worked one', async () => {
    const report = await month.t.call('returns.gstr1', { month: '2026-11' });
    expect(report.problems).toEqual([]);
    expect(report.ready).toBe(true);
    expect(report.period).toEqual({ month: '2026-11', quarterly: false, from: '2026-11-01', to: '2026-11-30', fp: '112026' });
    const { name, json } = await upload();
    expect(name).toBe(`gstr1-112026-${GSTIN.shop}.json`);
    expect(json).toEqual({
      gstin: GSTIN.shop,
      fp: '112026',
      version: 'GST3.1.6',
      hash: 'hash',
      // Grouped by recipient GSTIN, in GSTIN order.
      b2b: [
        {
          ctin: GSTIN.mehta,
          inv: [
            {
              // 10 kg rice at 100 + 20 soap at 45, ₹100 discount split 52.63 / 47.37 by value.
              inum: 'INV-1-0002',
              idt: '03-11-2026',
              val: 2001,
              pos: '27',
              rchrg: 'N',
              inv_typ: 'R',
              itms: [
                { num: 1, itm_det: { txval: 947.37, rt: 5, camt: 23.68, samt: 23.68, csamt: 0 } },
                { num: 2, itm_det: { txval: 852.63, rt: 18, camt: 76.74, samt: 76.74, csamt: 0 } },
              ],
            },
          ],
        },
        {
          ctin: GSTIN.rao,
          inv: [
            {
              inum: 'INV-1-0003',
              idt: '05-11-2026',
              val: 2582,
              pos: '29',
              rchrg: 'N',
              inv_typ: 'R',
              itms: [
                { num: 1, itm_det: { txval: 2200, rt: 12, iamt: 264, csamt: 0 } },
                { num: 2, itm_det: { txval: 100, rt: 18, iamt: 18, csamt: 0 } },
              ],
            },
            { inum: 'INV-1-0010', idt: '25-11-2026', val: 4725, pos: '29', rchrg: 'N', inv_typ: 'R', itms: [{ num: 1, itm_det: { txval: 4500, rt: 5, iamt: 225, csamt: 0 } }] },
          ],
        },
      ],
      b2cl: [{ pos: '07', inv: [{ inum: 'INV-1-0006', idt: '12-11-2026', val: 151040, itms: [{ num: 1, itm_det: { txval: 128000, rt: 18, iamt: 23040, csamt: 0 } }] }] }],
      b2cs: [
        { sply_ty: 'INTER', pos: '24', typ: 'OE', txval: 4000, rt: 18, iamt: 720, csamt: 0 },
        { sply_ty: 'INTRA', pos: '27', typ: 'OE', txval: 245, rt: 5, camt: 6.13, samt: 6.13, csamt: 0 },
        { sply_ty: 'INTRA', pos: '27', typ: 'OE', txval: 455, rt: 18, camt: 40.95, samt: 40.95, csamt: 0 },
      ],
      nil: {
        inv: [
          { sply_ty: 'INTRAB2B', expt_amt: 0, nil_amt: 300, ngsup_amt: 0 },
          { sply_ty: 'INTRAB2C', expt_amt: 0, nil_amt: 120, ngsup_amt: 0 },
        ],
      },
      hsn: {
        hsn_b2b: [
          { num: 1, hsn_sc: '0405', desc: 'Desi Ghee', uqc: 'LTR', qty: 4, rt: 12, txval: 2200, iamt: 264, camt: 0, samt: 0, csamt: 0 },
          { num: 2, hsn_sc: '0702', desc: 'Fresh Vegetables', uqc: 'KGS', qty: 10, rt: 0, txval: 300, iamt: 0, camt: 0, samt: 0, csamt: 0 },
          { num: 3, hsn_sc: '1006', desc: 'Basmati Rice', uqc: 'KGS', qty: 60, rt: 5, txval: 5447.37, iamt: 225, camt: 23.68, samt: 23.68, csamt: 0 },
          { num: 4, hsn_sc: '3401', desc: 'Bath Soap', uqc: 'PCS', qty: 20, rt: 18, txval: 852.63, iamt: 0, camt: 76.74, samt: 76.74, csamt: 0 },
          { num: 5, hsn_sc: '9965', desc: 'Home delivery', uqc: 'NA', qty: 0, rt: 18, txval: 100, iamt: 18, camt: 0, samt: 0, csamt: 0 },
        ],
        hsn_b2c: [
          { num: 1, hsn_sc: '0702', desc: 'Fresh Vegetables', uqc: 'KGS', qty: 3, rt: 0, txval: 120, iamt: 0, camt: 0, samt: 0, csamt: 0 },
          { num: 2, hsn_sc: '1006', desc: 'Basmati Rice', uqc: 'KGS', qty: 2.5, rt: 5, txval: 245, iamt: 0, camt: 6.13, samt: 6.13, csamt: 0 },
          { num: 3, hsn_sc: '3401', desc: 'Bath Soap', uqc: 'PCS', qty: 110, rt: 18, txval: 4455, iamt: 720, camt: 40.95, samt: 40.95, csamt: 0 },
          { num: 4, hsn_sc: '8528', desc: 'LED TV 43 inch', uqc: 'PCS', qty: 4, rt: 18, txval: 128000, iamt: 23040, camt: 0, samt: 0, csamt: 0 },
        ],
      },
      // INV-1-0002 .. INV-1-0010 are the month's sales; INV-1-0009 was deleted.
      doc_issue: { doc_det: [{ doc_num: 1, doc_typ: 'Invoices for outward supply', docs: [{ num: 1, from: 'INV-1-0002', to: 'INV-1-0010', totnum: 9, cancel: 1, net_issue: 8 }] }] },
    });
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  it('section totals add up to the month: taxable outward = GSTR-3B 3.1(a) + (c)', async () => {
    const r = await month.t.call('returns.gstr1', { month: '2026-11' });
    const s = Object.fromEntries(r.sections.map((x) => [x.section, x]));
    expect(s.b2b).toMatchObject({ count: 3, valuePaise: 930_800, taxablePaise: 860_000, igstPaise: 50_700, cgstPaise: 10_042, sgstPaise: 10_042 });
    expect(s.b2cl).toMatchObject({ count: 1, valuePaise: 15_104_000, taxablePaise: 12_800_000, igstPaise: 2_304_000 });
    expect(s.b2cs).toMatchObject({ count: 3, taxablePaise: 470_000, igstPaise: 72_000, cgstPaise: 4708, sgstPaise: 4708 });
    expect(s.nil).toMatchObject({ count: 2, valuePaise: 42_000 });
    expect(s.doc_issue).toMatchObject({ count: 8 });
    // The HSN summary covers every line, nil rated included: it equals all taxable value.
    expect(s.hsn_b2b!.taxablePaise + s.hsn_b2c!.taxablePaise).toBe(14_172_000);
    expect(s.b2b!.taxablePaise + s.b2cl!.taxablePaise + s.b2cs!.taxablePaise + s.nil!.valuePaise).toBe(14_172_000);
    // Bills dated 31 October and 1 December are in their own months; the deleted one counts only as cancelled.
    expect(r.counts).toEqual({ bills: 9, deleted: 1 });
  });

  it('a quarter reports from its first month, with fp of its last', async () => {
    const q = await month.t.call('returns.gstr1', { month: '2026-12', quarterly: true });
    expect(q.period).toMatchObject({ from: '2026-10-01', to: '2026-12-31', fp: '122026' });
    expect(q.counts).toEqual({ bills: 11, deleted: 1 });
    expect(q.docs).toEqual([{ series: 1, from: 'INV-1-0001', to: 'INV-1-0011', total: 11, cancelled: 1, netIssued: 10 }]);
    await expect(month.t.call('returns.gstr1', { month: '2026-11', quarterly: true })).rejects.toThrow(/quarter ends in June, September, December or March/);
  });

  it('CSV and XLSX carry the same sections', async () => {
    const csv = Buffer.from((await month.t.call('returns.export', { what: 'gstr1', format: 'csv', period: { month: '2026-11' } })).base64, 'base64').toString('utf8');
    expect(csv).toContain('b2b,GSTIN/UIN of Recipient');
    expect(csv).toContain(`b2b,${GSTIN.mehta},Mehta Traders,INV-1-0002,03-11-2026,2001.00,27 - Maharashtra,N,Regular B2B,5,947.37,0.00,23.68,23.68,0.00`);
    expect(csv).toContain('docs,Invoices for outward supply,INV-1-0002,INV-1-0010,9,1');
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from((await month.t.call('returns.export', { what: 'gstr1', format: 'xlsx', period: { month: '2026-11' } })).base64, 'base64') as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['b2b', 'b2cl', 'b2cs', 'exemp', 'hsn(b2b)', 'hsn(b2c)', 'docs']);
    const b2cl = book.getWorksheet('b2cl')!;
    expect(b2cl.getRow(2).values).toEqual([undefined, 'INV-1-0006', '12-11-2026', 151040, '07 - Delhi', 18, 128000, 23040, 0, 0, 0]);
  });

  it('names a bill of the month by its id so the screen can open it', async () => {
    const r = await month.t.call('returns.gstr1', { month: '2026-11' });
    expect(r.b2cl[0]!.billId).toBe(month.m.bills.b5);
    expect(r.b2b.map((b) => b.billId).sort()).toEqual([month.m.bills.b1, month.m.bills.b2, month.m.bills.b9].sort());
  });
});

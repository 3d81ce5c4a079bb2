import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, manualClock, type TestCore } from '../../testing';
import { addressParts } from './einvoice';
import { GSTIN, seedMonth } from './month-fixture';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const einvoiceSchema = JSON.parse(fs.readFileSync(path.join(HERE, 'schemas', 'einvoice-1.1.schema.json'), 'utf8')) as object;
const validateEinvoice = new Ajv({ allErrors: true, strict: true, multipleOfPrecision: 6 }).compile(einvoiceSchema);

let t: TestCore;
beforeEach(() => {
  t = createTestCore({ now: manualClock('2026-12-05T06:00:00.000Z').now });
});
afterEach(() => t.close());

const sale = (partyId: string, lines: { name: string; hsn?: string | null; qtyMilli: number; ratePaise: number; gstRateBp: number }[], date = '2026-11-10') =>
  t.call('bills.create', { kind: 'sale', partyType: 'customer', partyId, date, lines });

describe('checks before a return is exported', () => {
  it('lists each problem with the bill to fix, and refuses the JSON until they are fixed', async () => {
    await t.call('settings.update', { name: 'Sharma Kirana', gstin: GSTIN.shop, stateCode: '27' });
    // The contract now refuses a mistyped GSTIN when it is typed; an older row (or one that arrived
    // by sync from an older app) can still carry one, and the return must still catch it.
    const typo = await t.call('parties.create', { type: 'customer', name: 'Typo Traders', stateCode: '27' });
    t.core.db.prepare('UPDATE customers SET gstin = ? WHERE id = ?').run('27AAPFU0939F1ZW', typo.id);
    const walkin = await t.call('parties.create', { type: 'customer', name: 'Walk-in', stateCode: '27' });
    const rao = await t.call('parties.create', { type: 'customer', name: 'Rao Stores', gstin: GSTIN.rao });
    const bad = await sale(typo.id, [{ name: 'Soap', hsn: '3401', qtyMilli: 1000, ratePaise: 10_000, gstRateBp: 1800 }]);
    const noHsn = await sale(walkin.id, [
      { name: 'Loose sugar', qtyMilli: 2000, ratePaise: 4500, gstRateBp: 500 },
      { name: 'Candles', hsn: '34', qtyMilli: 1000, ratePaise: 2000, gstRateBp: 1200 },
    ]);
    // A Karnataka buyer's bill with the place of supply set to the shop's own state: legal, but worth a look.
    const wrongState = await t.call('bills.create', {
      kind: 'sale',
      partyType: 'customer',
      partyId: rao.id,
      date: '2026-11-10',
      placeOfSupply: '27',
      lines: [{ name: 'Rice', hsn: '1006', qtyMilli: 1000, ratePaise: 10_000, gstRateBp: 500 }],
    });
    // A bill stored as intra-state whose place of supply is then another state: its split is now wrong.
    const moved = await sale(walkin.id, [{ name: 'Ghee', hsn: '0405', qtyMilli: 1000, ratePaise: 50_000, gstRateBp: 1200 }]);
    t.core.db.prepare(`UPDATE bills SET place_of_supply = '24' WHERE id = ?`).run(moved.id);

    const r = await t.call('returns.gstr1', { month: '2026-11' });
    expect(r.ready).toBe(false);
    const seen = r.problems.map((p) => [p.code, p.severity, p.billId, p.invoiceNumber, p.line]);
    expect(seen).toEqual([
      ['gstin_invalid', 'error', bad.id, bad.invoiceNumber, null],
      ['hsn_missing', 'error', noHsn.id, noHsn.invoiceNumber, 1],
      ['hsn_short', 'warning', noHsn.id, noHsn.invoiceNumber, 2],
      ['pos_differs', 'warning', wrongState.id, wrongState.invoiceNumber, null],
      ['tax_split', 'error', moved.id, moved.invoiceNumber, null],
    ]);
    expect(r.problems[0]!.message).toBe("Typo Traders's GSTIN 27AAPFU0939F1ZW fails the GSTIN check digit. Correct the party's GSTIN, or remove it to report the bill as B2C.");
    expect(r.problems[1]!.message).toBe(`Line 1 (Loose sugar) of bill ${noHsn.invoiceNumber} has no HSN/SAC code.`);

    // Never exported silently wrong: the JSON is refused with the reasons; the working papers still open.
    await expect(t.call('returns.export', { what: 'gstr1', format: 'json', period: { month: '2026-11' } })).rejects.toThrow(/VALIDATION: GSTR-1 cannot be exported while 3 problems remain/);
    await expect(t.call('returns.export', { what: 'gstr3b', format: 'json', period: { month: '2026-11' } })).rejects.toThrow(/VALIDATION: GSTR-3B cannot be exported/);
    const xlsx = await t.call('returns.export', { what: 'gstr1', format: 'xlsx', period: { month: '2026-11' } });
    expect(xlsx.byteLength).toBeGreaterThan(1000);

    // Fixing each bill clears its problem; then the JSON goes out.
    await t.call('parties.update', { type: 'customer', id: typo.id, patch: { gstin: GSTIN.mehta } });
    await t.call('bills.update', { id: noHsn.id, patch: { lines: [
      { name: 'Loose sugar', hsn: '1701', qtyMilli: 2000, ratePaise: 4500, gstRateBp: 500 },
      { name: 'Candles', hsn: '3406', qtyMilli: 1000, ratePaise: 2000, gstRateBp: 1200 },
    ] } });
    await t.call('bills.update', { id: moved.id, patch: { placeOfSupply: '24' } });
    const fixed = await t.call('returns.gstr1', { month: '2026-11' });
    expect(fixed.problems.map((p) => p.code)).toEqual(['pos_differs']);
    expect(fixed.ready).toBe(true);
    const json = JSON.parse(Buffer.from((await t.call('returns.export', { what: 'gstr1', format: 'json', period: { month: '2026-11' } })).base64, 'base64').toString('utf8'));
    expect(json.b2cs).toContainEqual({ sply_ty: 'INTER', pos: '24', typ: 'OE', txval: 500, rt: 12, iamt: 60, csamt: 0 });
  });

  it("needs the shop's own GSTIN and state", async () => {
    await t.call('settings.update', { name: 'No GST yet' });
    const r = await t.call('returns.gstr3b', { month: '2026-11' });
    expect(r.problems.map((p) => [p.code, p.billId])).toEqual([
      ['business_gstin_missing', null],
      ['business_state_missing', null],
    ]);
    // A shop GSTIN with a wrong check character is refused when typed (older rows may still hold one).
    await expect(t.call('settings.update', { gstin: '27ABCDE1234F1Z5', stateCode: '27' })).rejects.toThrow(/typing mistake/);
    await t.call('settings.update', { stateCode: '27' });
    t.core.db.prepare('UPDATE business_settings SET gstin = ?').run('27ABCDE1234F1Z5');
    expect((await t.call('returns.gstr1', { month: '2026-11' })).problems.map((p) => p.code)).toEqual(['business_gstin_invalid']);
  });
});

describe('e-invoice (NIC schema 1.1)', () => {
  it('makes the JSON of a B2B bill that validates against the schema, with the bill figures', async () => {
    const m = await seedMonth(t);
    expect(await t.call('returns.einvoiceCheck', { billId: m.bills.b1 })).toEqual([]);
    const doc = await t.call('returns.export', { what: 'einvoice', billId: m.bills.b1 });
    expect(doc.fileName).toBe('einvoice-inv-1-0002.json');
    const json = JSON.parse(Buffer.from(doc.base64, 'base64').toString('utf8'));
    expect(validateEinvoice(json), JSON.stringify(validateEinvoice.errors)).toBe(true);
    expect(json.DocDtls).toEqual({ Typ: 'INV', No: 'INV-1-0002', Dt: '03/11/2026' });
    expect(json.SellerDtls).toEqual({ Gstin: GSTIN.shop, LglNm: 'Sharma Kirana', Addr1: 'Shop 4', Addr2: 'Station Road', Loc: 'Pune', Pin: 411001, Stcd: '27' });
    expect(json.BuyerDtls).toEqual({ Gstin: GSTIN.mehta, LglNm: 'Mehta Traders', Addr1: '12 MG Road', Addr2: 'Andheri East', Loc: 'Mumbai', Pin: 400069, Stcd: '27', Pos: '27' });
    expect(json.ItemList[0]).toMatchObject({ SlNo: '1', HsnCd: '1006', Qty: 10, Unit: 'KGS', UnitPrice: 100, TotAmt: 1000, Discount: 52.63, AssAmt: 947.37, GstRt: 5, CgstAmt: 23.68, SgstAmt: 23.68, TotItemVal: 994.73 });
    expect(json.ValDtls).toEqual({ AssVal: 1800, CgstVal: 100.42, SgstVal: 100.42, IgstVal: 0, CesVal: 0, StCesVal: 0, Discount: 0, OthChrg: 0, RndOffAmt: 0.16, TotInvVal: 2001 });
    // The service line of the inter-state bill is IsServc Y.
    const b2 = JSON.parse(Buffer.from((await t.call('returns.export', { what: 'einvoice', billId: m.bills.b2 })).base64, 'base64').toString('utf8'));
    expect(validateEinvoice(b2), JSON.stringify(validateEinvoice.errors)).toBe(true);
    expect(b2.ItemList[1]).toMatchObject({ PrdDesc: 'Home delivery', IsServc: 'Y', HsnCd: '9965', IgstAmt: 18 });
  });

  it('lists what stops an e-invoice: a buyer without GSTIN, addresses without PIN', async () => {
    const m = await seedMonth(t);
    const walkin = await t.call('returns.einvoiceCheck', { billId: m.bills.b3 });
    expect(walkin.map((p) => p.code)).toEqual(['buyer_unregistered', 'address_missing', 'pin_missing']);
    await expect(t.call('returns.export', { what: 'einvoice', billId: m.bills.b3 })).rejects.toThrow(/VALIDATION: The e-invoice cannot be made yet: Walk-in customer has no GSTIN/);
    await expect(t.call('returns.einvoiceCheck', { billId: m.bills.p1 })).rejects.toThrow(/Only a sale bill/);
    await expect(t.call('returns.einvoiceCheck', { billId: m.bills.b8 })).rejects.toThrow(/deleted/);
  });

  it('reads street, town and PIN out of an address', () => {
    expect(addressParts('12 MG Road, Andheri East, Mumbai 400069', '27')).toEqual({ addr1: '12 MG Road', addr2: 'Andheri East', loc: 'Mumbai', pin: 400069 });
    expect(addressParts('Main Bazar, Nashik - 422001', '27')).toEqual({ addr1: 'Main Bazar', addr2: null, loc: 'Nashik', pin: 422001 });
    expect(addressParts('Gandhi Chowk', '27')).toEqual({ addr1: 'Gandhi Chowk', addr2: null, loc: 'Maharashtra', pin: null });
  });
});

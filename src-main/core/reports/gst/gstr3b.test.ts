import { describe, expect, it } from 'vitest';
import { setOff } from './gstr3b';
import { GSTIN, useMonth } from './month-fixture';
import { pdfText } from '../../documents/pdf-test-tools';

const month = useMonth();

const h = (igstPaise: number, cgstPaise: number, sgstPaise: number) => ({ igstPaise, cgstPaise, sgstPaise, cessPaise: 0 });

describe('GSTR-3B for November 2026 (hand-worked in docs/gst-returns.md)', () => {
  it('outward supplies, inter-state B2C by state, ITC from registered suppliers only, tax payable', async () => {
    const r = await month.t.call('returns.gstr3b', { month: '2026-11' });
    expect(r.ready).toBe(true);
    // 3.1(a): every non-zero-rated line of the live sale bills.
    expect(r.outwardTaxable).toEqual({ taxablePaise: 14_130_000, igstPaise: 2_426_700, cgstPaise: 14_750, sgstPaise: 14_750, cessPaise: 0 });
    expect(r.outwardNilExempt).toEqual({ taxablePaise: 42_000 });
    expect(r.interStateUnregistered).toEqual([
      { placeOfSupply: '07', taxablePaise: 12_800_000, igstPaise: 2_304_000 },
      { placeOfSupply: '24', taxablePaise: 400_000, igstPaise: 72_000 },
    ]);
    // Agarwal (GSTIN, Gujarat): IGST 400 + 540; Local Mandi has no GSTIN, so its ghee's tax is no credit.
    expect(r.itcAvailable).toEqual(h(94_000, 0, 0));
    expect(r.itcIneligible).toEqual(h(0, 30_000, 30_000));
    expect(r.inwardNilExempt).toEqual({ interPaise: 0, intraPaise: 100_000 });
    expect(r.payableInCash).toEqual(h(2_332_700, 14_750, 14_750));
    expect(r.creditCarriedForward).toEqual(h(0, 0, 0));
  });

  it('JSON in the offline utility layout', async () => {
    const doc = await month.t.call('returns.export', { what: 'gstr3b', format: 'json', period: { month: '2026-11' } });
    const json = JSON.parse(Buffer.from(doc.base64, 'base64').toString('utf8'));
    expect(doc.fileName).toBe(`gstr3b-112026-${GSTIN.shop}.json`);
    expect(json.ret_period).toBe('112026');
    expect(json.sup_details.osup_det).toEqual({ txval: 141_300, iamt: 24_267, camt: 147.5, samt: 147.5, csamt: 0 });
    expect(json.sup_details.osup_nil_exmp).toEqual({ txval: 420 });
    expect(json.inter_sup.unreg_details).toEqual([
      { pos: '07', txval: 128_000, iamt: 23_040 },
      { pos: '24', txval: 4000, iamt: 720 },
    ]);
    expect(json.itc_elg.itc_avl.find((x: { ty: string }) => x.ty === 'OTH')).toEqual({ ty: 'OTH', iamt: 940, camt: 0, samt: 0, csamt: 0 });
    expect(json.itc_elg.itc_net).toEqual({ iamt: 940, camt: 0, samt: 0, csamt: 0 });
    expect(json.inward_sup.isup_details[0]).toEqual({ ty: 'GST', inter: 0, intra: 1000 });
  });

  it('PDF summary with its labels in Hindi', async () => {
    const doc = await month.t.call('returns.export', { what: 'gstr3b', format: 'pdf', period: { month: '2026-11' }, language: 'hi' });
    // Devanagari is compared in stream order without spaces (documents/pdf/pen.ts on ActualText).
    const text = pdfText(Buffer.from(doc.base64, 'base64'), 'raw').replace(/\s+/g, '');
    for (const s of ['जीएसटीआर-3बी सारांश', '3.1 बाहरी आपूर्ति', '4 पात्र आईटीसी', '6.1 कर का भुगतान']) expect(text).toContain(s.replace(/\s+/g, ''));
    expect(text).not.toMatch(/Outward|Eligible|Payment of tax/);
  });

  it('sets credit off in the order rule 88A fixes', () => {
    // IGST credit pays IGST, then CGST, then SGST; CGST credit never pays SGST.
    expect(setOff(h(100, 500, 500), h(700, 50, 0))).toEqual({
      creditUsed: { igst: h(100, 500, 100), cgst: h(0, 0, 0), sgst: h(0, 0, 0) },
      payableInCash: h(0, 0, 400),
      creditCarriedForward: h(0, 50, 0),
    });
    expect(setOff(h(300, 100, 100), h(0, 250, 40))).toEqual({
      creditUsed: { igst: h(0, 0, 0), cgst: h(150, 100, 0), sgst: h(0, 0, 40) },
      payableInCash: h(150, 0, 60),
      creditCarriedForward: h(0, 0, 0),
    });
  });
});

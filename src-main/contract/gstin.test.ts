import { describe, expect, it } from 'vitest';
import { checkGstin, gstinCheckChar } from './gstin';
import { settingsContract } from './settings';

describe('GSTIN check', () => {
  it('accepts real GSTINs and derives state and PAN', () => {
    // Published GSTINs of large companies, as printed on their invoices.
    for (const g of ['27AAPFU0939F1ZV', '29AAGCB7383J1Z4', '27AAACR5055K1Z7', '24AAACC1206D1ZM']) expect(checkGstin(g).ok).toBe(true);
    expect(checkGstin(' 27aapfu0939f1zv ')).toEqual({ ok: true, gstin: '27AAPFU0939F1ZV', stateCode: '27', pan: 'AAPFU0939F' });
    expect(checkGstin('29AAGCB7383J1Z4')).toMatchObject({ stateCode: '29', pan: 'AAGCB7383J' });
  });

  it('catches a typing mistake through the check character', () => {
    expect(checkGstin('27AAPFU0939F1ZX')).toMatchObject({ ok: false, error: 'checksum' });
    // two neighbouring characters swapped
    expect(checkGstin('27AAPFU0993F1ZV')).toMatchObject({ ok: false, error: 'checksum' });
    // one character changed
    expect(checkGstin('29AAGCB7383J2Z4')).toMatchObject({ ok: false, error: 'checksum' });
    // every other last character of a valid GSTIN is refused
    for (const c of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.replace('V', '')) expect(checkGstin(`27AAPFU0939F1Z${c}`).ok).toBe(false);
    expect(gstinCheckChar('27AAPFU0939F1Z')).toBe('V');
  });

  it('refuses the wrong shape or a state that does not exist', () => {
    for (const bad of ['', '27AAPFU0939F1Z', '27AAPFU0939F1ZVV', '2AAAPFU0939F1ZV', '27AAPF10939F1ZV', '27AAPFU0939F0ZV', '27AAPFU0939F1YV', 'hello']) {
      expect(checkGstin(bad)).toMatchObject({ ok: false, error: 'format' });
    }
    expect(checkGstin('99AAPFU0939F1ZV')).toMatchObject({ ok: false, error: 'state' });
    expect(checkGstin('00AAPFU0939F1ZV')).toMatchObject({ ok: false, error: 'state' });
  });

  it('is checked at the boundary: settings.update refuses a GSTIN with a wrong check character', () => {
    const schema = settingsContract['settings.update'].input;
    expect(schema.safeParse({ gstin: '27aapfu0939f1zv' })).toMatchObject({ success: true, data: { gstin: '27AAPFU0939F1ZV' } });
    const bad = schema.safeParse({ gstin: '27AAPFU0939F1ZX' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/typing mistake/);
  });
});

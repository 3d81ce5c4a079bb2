import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../testing';

let t: TestCore;
beforeEach(() => {
  t = createTestCore();
});
afterEach(() => t.close());

describe('first-run setup', () => {
  it('a brand-new shop asks for setup until it is finished, with everything saved in one call', async () => {
    expect((await t.call('settings.get', {})).setupPending).toBe(true);
    const saved = await t.call('settings.update', {
      name: 'Gupta Kirana',
      phone: '98765 43210',
      address: 'Main Bazar, Pune',
      gstin: '27aapfu0939f1zv',
      upiId: 'gupta@okaxis',
      invoicePrefix: 'GK/',
      fyStartMonth: 4,
      setupDone: true,
    });
    expect(saved).toMatchObject({ name: 'Gupta Kirana', gstin: '27AAPFU0939F1ZV', stateCode: '27', invoicePrefix: 'GK/', upiId: 'gupta@okaxis', setupPending: false });
  });

  it('skipping is remembered and changes nothing else', async () => {
    const before = await t.call('settings.get', {});
    const after = await t.call('settings.update', { setupDone: true });
    expect(after).toEqual({ ...before, setupPending: false });
    expect((await t.call('settings.get', {})).setupPending).toBe(false);
  });

  it('a shop that already has parties is not asked', async () => {
    await t.call('parties.create', { type: 'supplier', name: 'Agarwal Wholesale' });
    expect((await t.call('settings.get', {})).setupPending).toBe(false);
  });

  it('refuses a GSTIN with a typing mistake or of another state, and saves nothing', async () => {
    await expect(t.call('settings.update', { name: 'X', gstin: '27AAPFU0939F1ZX', setupDone: true })).rejects.toThrow(/typing mistake/);
    await expect(t.call('settings.update', { gstin: '27AAPFU0939F1ZV', stateCode: '29', setupDone: true })).rejects.toThrow(/another state/);
    expect(await t.call('settings.get', {})).toMatchObject({ name: 'My Shop', gstin: null, setupPending: true });
  });
});

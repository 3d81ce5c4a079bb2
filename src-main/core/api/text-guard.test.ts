import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appNote, readAppNote } from '../../contract/app-notes';
import { createTestCore, manualClock, type TestCore } from '../testing';
import { hasBadText } from './text-guard';

let t: TestCore;
beforeEach(() => {
  t = createTestCore({ now: manualClock('2026-11-25T04:30:00.000Z').now });
});
afterEach(() => t.close());

describe('the text guard and the app’s note codes', () => {
  it('refuses the invisible tag characters the app’s own notes are coded in, and nothing a shop types', () => {
    expect(hasBadText(appNote({ code: 'bill', number: 'INV-1-0001' }))).toBe(true);
    for (const typed of ['Bill INV-1-0001', 'L1 bill INV-1-0001', 'दूध 2 लीटर 😀', '🇮🇳 tab\\there']) expect(hasBadText(typed)).toBe(false);
  });

  it('so a note sent by a person is never an app code: refused at the contract boundary, kept as typed otherwise', async () => {
    const p = await t.call('parties.create', { type: 'customer', name: 'Ramesh Kumar' });
    const input = { partyType: 'customer' as const, partyId: p.id, direction: 'gave' as const, amountPaise: 100 };
    await expect(t.call('entries.add', { ...input, note: appNote({ code: 'bill', number: 'INV-1-0001' }) })).rejects.toThrow(/VALIDATION/);
    const typed = await t.call('entries.add', { ...input, note: '[L1 bill INV-1-0001] looks like a code' });
    expect(typed.note).toBe('[L1 bill INV-1-0001] looks like a code');
    expect(readAppNote(typed.note)).toBeNull();
  });
});

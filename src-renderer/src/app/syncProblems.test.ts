import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncProblem } from '../../../src-main/contract';
import { SYNCED_TABLES } from '../../../src-main/core/db/schema';
import { messages } from '../i18n/resources';
import { describeProblem } from './syncProblems';

const problem = (over: Partial<SyncProblem>): SyncProblem => ({ id: 1, opId: 'op1', table: 'bills', rowId: 'r1', code: 'SERVER', message: '', fields: {}, createdAt: '2026-11-25T10:00:00.000Z', reason: null, detail: null, ...over });

describe('sync problems in Hindi', () => {
  beforeAll(async () => {
    await i18n.init({ resources: { en: { translation: messages.en }, hi: { translation: messages.hi } }, lng: 'hi', interpolation: { escapeValue: false }, showSupportNotice: false } as never);
  });

  it('a problem the engine words itself goes through the same translation as every core message', () => {
    const p = problem({ message: 'Bill INV-4 was changed on two devices at once and its totals no longer add up. Open the bill and check its lines, discount and payments.' });
    expect(describeProblem(i18n.t, p).reason).toBe('बिल INV-4 दो कंप्यूटरों पर एक साथ बदला गया और अब उसका जोड़ नहीं मिलता। बिल खोलकर उसका सामान, छूट और भुगतान जाँचें।');
  });

  it('English keeps the sentence as the core wrote it', async () => {
    await i18n.changeLanguage('en');
    const text = 'Bill INV-4 was changed on two devices at once and its totals no longer add up. Open the bill and check its lines, discount and payments.';
    expect(describeProblem(i18n.t, problem({ message: text })).reason).toBe(text);
    await i18n.changeLanguage('hi');
  });

  it('names the record of every synced table in the shop’s words, in both languages', async () => {
    for (const lng of ['hi', 'en']) {
      await i18n.changeLanguage(lng);
      for (const table of SYNCED_TABLES) {
        const record = describeProblem(i18n.t, problem({ table, code: 'VALIDATION', message: 'x' })).record;
        expect(record, `${lng}: ${table}`).not.toContain(table);
        expect(record, `${lng}: ${table}`).not.toMatch(/syncPanel/);
        if (lng === 'hi') expect(record, table).toMatch(/[\u0900-\u097f]/);
      }
    }
    await i18n.changeLanguage('hi');
  });
});

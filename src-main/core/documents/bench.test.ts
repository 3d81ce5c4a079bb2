import { describe, expect, it } from 'vitest';
import { benchStatementPdf } from './bench';

// How fast is a bench figure (`npm run bench -- pdf`); here only that a long statement has all its pages.
describe('statement PDF of 5,000 entries', () => {
  it('builds every page', async () => {
    const result = await benchStatementPdf();
    expect(result.pages).toBeGreaterThan(90);
    expect(result.bytes).toBeGreaterThan(100_000);
  }, 60_000);
});

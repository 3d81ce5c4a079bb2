import { describe, expect, it } from 'vitest';
import { renderStatement } from '../statement';
import { pdfPageCount, pdfText } from '../pdf-test-tools';
import { sampleStatement, warmUpDocuments } from './warm-up';

describe('warming up the documents', () => {
  it('runs every step, waiting while the core is busy', async () => {
    let checks = 0;
    // Busy for the first three looks: the first step waits, then everything runs.
    const done = await warmUpDocuments({ stop: () => false, busy: () => ++checks <= 3 });
    expect(done).toBe(true);
    // Three busy looks, then one per step: fonts, pdfkit, three samples, finish, a statement.
    expect(checks).toBe(3 + 7);
  });

  it('stops between steps when the core closes', async () => {
    let steps = 0;
    const done = await warmUpDocuments({ stop: () => steps >= 2, busy: () => (steps++, false) });
    expect(done).toBe(false);
    expect(steps).toBe(2);
  });

  it('draws a real statement: every page, with its Hindi and English rows', async () => {
    const pdf = await renderStatement(sampleStatement(), 'en');
    expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(8);
    const text = pdfText(pdf, 'raw').replace(/\s+/g, ' ');
    expect(text).toContain('Ramesh Kumar');
    expect(text).toContain('Item 399, bag of rice');
    expect(text).toContain('चीनी और चाय 395');
    expect(text).toContain('Opening balance');
  });
});

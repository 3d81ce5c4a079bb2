import { performance } from 'node:perf_hooks';
import { createTestCore } from '../testing';

/**
 * Builds a 5,000-entry party statement PDF on a fresh test core and returns how long the
 * document call took (loading, rendering about 100 pages, base64). Setup is not timed.
 * Target: under 2 s.
 */
export async function benchStatementPdf(entries = 5_000): Promise<{ ms: number; pages: number; bytes: number }> {
  const t = createTestCore();
  try {
    await t.call('settings.update', { name: 'Sharma General Store', address: '12 Station Road, Pune 411001', gstin: '27ABCDE1234F1Z0' });
    const party = await t.call('parties.create', { type: 'customer', name: 'Ramesh Kumar' });
    const ctx = t.core.ctx;
    ctx.transact(() => {
      for (let i = 0; i < entries; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        const month = String(1 + Math.floor(i / 500) % 12).padStart(2, '0');
        ctx.writer.insert('transactions', {
          party_type: 'customer',
          party_id: party.id,
          direction: i % 3 === 0 ? 'got' : 'gave',
          amount_paise: 10_000 + ((i * 7919) % 900_000),
          entry_date: `2025-${month}-${day}`,
          // Every tenth note is Hindi so shaping is part of the figure.
          note: i % 10 === 0 ? `चीनी और चाय ${i}` : `Item ${i}, bag of rice`,
          bill_id: null,
        });
      }
    });
    const started = performance.now();
    const doc = await t.call('documents.partyStatement', { partyType: 'customer', partyId: party.id, from: '2025-01-01', to: '2025-12-31' });
    const ms = performance.now() - started;
    const pdf = Buffer.from(doc.base64, 'base64');
    const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    return { ms: Math.round(ms), pages, bytes: doc.byteLength };
  } finally {
    await t.close();
  }
}

import { benchStatementPdf } from '../src-main/core/documents/bench';
import { round, summarize, type Figure } from './stats';

/**
 * The statement PDF of 5,000 entries: the first one in a process that has drawn nothing yet
 * (pdfkit, the fonts and their word cache load with it) and then the median of three more, as
 * a shop printing statements one after another sees them. This core has no shell, so nothing
 * warms the documents up here; both shells do, after start (documents/pdf/warm-up.ts), and
 * the stall group measures the first statement asked from the page of the app as users run it.
 */
export async function benchPdf(): Promise<Figure[]> {
  const first = await benchStatementPdf();
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push((await benchStatementPdf()).ms);
  const s = summarize(runs);
  return [
    { name: `statement PDF of 5,000 entries (${first.pages} pages): first in a bare core, no warm-up`, value: round(first.ms / 1000, 2), unit: 's' },
    { name: 'statement PDF of 5,000 entries: the next ones, median of 3', value: round(s.median / 1000, 2), unit: 's', target: '<= 0.5 s' },
  ];
}

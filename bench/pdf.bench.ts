import { benchStatementPdf } from '../src-main/core/documents/bench';
import { round, summarize, type Figure } from './stats';

export async function benchPdf(): Promise<Figure[]> {
  const runs: number[] = [];
  let pages = 0;
  for (let i = 0; i < 3; i++) {
    const r = await benchStatementPdf();
    runs.push(r.ms);
    pages = r.pages;
  }
  const s = summarize(runs);
  return [{ name: `statement PDF of 5,000 entries (${pages} pages): median of 3`, value: round(s.median / 1000, 2), unit: 's', target: '< 2 s' }];
}

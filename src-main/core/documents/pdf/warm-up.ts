import { renderStatement, type StatementData } from '../statement';
import { fontData } from './fonts';
import { loadPdfkit, Pen } from './pen';

/**
 * The first document after start pays for loading pdfkit, unpacking and parsing the fonts and
 * compiling the drawing code: a 5,000-entry statement took about 0.8 s first and 0.35 s after.
 * The app draws throwaway documents once it has started, in steps with a turn of the event
 * loop between them, so the shop's first statement or bill comes at the later speed and a call
 * that arrives meanwhile waits for one step at most (about 0.2 s, loading pdfkit). A step
 * waits while `busy`; `stop` ends the warm-up (false returned). Nothing is read or written.
 */
export async function warmUpDocuments(when: { stop(): boolean; busy(): boolean } = { stop: () => false, busy: () => false }): Promise<boolean> {
  let pen: Pen | undefined;
  const draw = (text: string) => {
    pen ??= new Pen();
    for (const bold of [false, true]) {
      pen.text(text, 36, 36, { size: 9, bold, width: 300, align: bold ? 'right' : 'left' });
      pen.width(text, 10, bold);
    }
  };
  const steps: (() => unknown)[] = [
    () => fontData(),
    () => loadPdfkit(),
    ...SAMPLE.map((text) => () => draw(text)),
    () => pen?.finish(),
    // A statement: the table, the totals and the amount in words of the real one.
    () => renderStatement(sampleStatement(), 'en'),
  ];
  for (const step of steps) {
    while (!when.stop() && when.busy()) await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    if (when.stop()) return false;
    await step();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return true;
}

const BUSY_RETRY_MS = 250;

/** What statements and bills draw: figures, dates, amounts in rupees, English and Hindi words. */
const SAMPLE = [
  '01/12/2026 1,23,456.78 Cr 0123456789 -+.,:/()%',
  '₹ 9,87,654.32 Dr Balance Opening Closing Total',
  'चीनी और चाय, रमेश कुमार — कुल बकाया ₹ 1,250.00',
];

/**
 * A statement of 400 made-up entries (about eight pages): enough rows for the engine to compile
 * the per-row drawing code the way a long statement runs it. Exported for its test.
 */
export function sampleStatement(): StatementData {
  const at = '2026-01-01T00:00:00.000Z';
  const rows = Array.from({ length: 400 }, (_, i) => ({
    date: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`,
    note: i % 5 ? `Item ${i}, bag of rice` : `चीनी और चाय ${i}`,
    gavePaise: i % 3 ? 10_000 + i * 101 : 0,
    gotPaise: i % 3 ? 0 : 5_000 + i * 37,
    balancePaise: 1_00_000 + i * 1_234,
  }));
  return {
    business: {
      businessId: 'warm-up', name: 'Sharma General Store', ownerName: null, phone: '9876543210', address: '12 Station Road, Pune 411001',
      gstin: '27ABCDE1234F1Z0', stateCode: '27', invoicePrefix: 'INV', fyStartMonth: 4, timezone: 'Asia/Kolkata', upiId: null,
      bankName: null, bankAccount: null, bankIfsc: null, invoiceSeries: 1,
    },
    party: {
      id: 'warm-up', type: 'customer', name: 'Ramesh Kumar', phone: null, address: null, gstin: null, stateCode: null, notes: null, creditDays: null,
      balancePaise: 0, entryCount: rows.length, lastEntryDate: null, createdAt: at, updatedAt: at, deletedAt: null,
    },
    from: '2026-01-01',
    to: '2026-01-31',
    openingPaise: 1_00_000,
    rows,
    totalGavePaise: rows.reduce((s, r) => s + r.gavePaise, 0),
    totalGotPaise: rows.reduce((s, r) => s + r.gotPaise, 0),
    closingPaise: rows[rows.length - 1]!.balancePaise,
    generatedOn: '2026-01-31',
  };
}

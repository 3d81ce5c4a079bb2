import { describe, expect, it } from 'vitest';
import { useMonth } from './gst/month-fixture';
import { pdfText } from '../documents/pdf-test-tools';

const month = useMonth();

const NOV = { from: '2026-11-01', to: '2026-11-30' };

describe('profit and loss for November 2026 (worked by hand in docs/gst-returns.md)', () => {
  it('trading account, cashbook expenses by category, net profit', async () => {
    const p = await month.t.call('returns.profitLoss', NOV);
    expect(p).toEqual({
      ...NOV,
      // Taxable value of the live sales: 1800 + 2300 + 365 + 4000 + 128000 + 455 + 300 + 4500 rupees (the deleted bill left out).
      salesPaise: 14_172_000,
      // 11000 (Agarwal) + 1000 (vegetables) + 5000 (ghee) rupees.
      purchasesPaise: 1_700_000,
      // 31 October: rice 100 kg x 80 + soap 199 x 30 + ghee 20 l x 500 + TV 5 x 30000.
      openingStockPaise: 17_397_000,
      // 30 November: rice 130 kg (100 + 100 - 62.5 sold - 7.5 damaged) x 80, soap 169 x 30, ghee 26 l x 500,
      // vegetables 37 kg x 20, TV 1 x 30000. December's sale and expiry are not in it.
      closingStockPaise: 5_921_000,
      costOfGoodsSoldPaise: 13_176_000,
      grossProfitPaise: 996_000,
      otherIncomePaise: 20_000,
      expenses: [
        { category: 'rent', amountPaise: 500_000 },
        { category: 'salary', amountPaise: 200_000 },
        { category: 'electricity', amountPaise: 150_000 },
        { category: 'none', amountPaise: 30_000 },
      ],
      expensesPaise: 880_000,
      netProfitPaise: 136_000,
    });
  });

  it('cash flow by mode, each rupee once, with cash in hand and online money', async () => {
    const c = await month.t.call('returns.cashFlowByMode', NOV);
    expect(c.modes).toEqual([
      { mode: 'cash', inPaise: 111_400, outPaise: 680_000, netPaise: -568_600 },
      { mode: 'upi', inPaise: 100_000, outPaise: 0, netPaise: 100_000 },
      { mode: 'card', inPaise: 472_000, outPaise: 0, netPaise: 472_000 },
      { mode: 'cheque', inPaise: 0, outPaise: 1_194_000, netPaise: -1_194_000 },
      { mode: 'bank', inPaise: 15_104_000, outPaise: 0, netPaise: 15_104_000 },
      { mode: 'online', inPaise: 0, outPaise: 200_000, netPaise: -200_000 },
    ]);
    // October left 10000 - 50 rupees in the drawer.
    expect(c.cash).toEqual({ openingPaise: 995_000, inPaise: 111_400, outPaise: 680_000, closingPaise: 426_400 });
    expect(c.online).toEqual({ openingPaise: 0, inPaise: 15_676_000, outPaise: 1_394_000, closingPaise: 14_282_000 });
    expect(c.totals).toEqual({ openingPaise: 995_000, inPaise: 15_787_400, outPaise: 2_074_000, closingPaise: 14_708_400 });
  });

  it('a cashbook entry keeps its category through an edit; a bad category is refused', async () => {
    const e = await month.t.call('cashbook.add', { direction: 'out', amountPaise: 12_000, date: '2026-12-03', note: 'Auto to mandi', category: 'transport' });
    expect(e.category).toBe('transport');
    expect((await month.t.call('cashbook.update', { id: e.id, patch: { note: 'Tempo to mandi' } })).category).toBe('transport');
    expect((await month.t.call('cashbook.update', { id: e.id, patch: { category: null } })).category).toBeNull();
    await expect(month.t.call('cashbook.add', { direction: 'out', amountPaise: 100, category: 'food' as never })).rejects.toThrow(/Category must be rent, salary, electricity, transport or other/);
  });

  it('PDF and XLSX of the period', async () => {
    const pdf = await month.t.call('returns.export', { what: 'profitLoss', format: 'pdf', range: NOV, language: 'hi' });
    expect(pdf.mimeType).toBe('application/pdf');
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from((await month.t.call('returns.export', { what: 'profitLoss', format: 'xlsx', range: NOV })).base64, 'base64') as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Profit and loss', 'Cash flow by mode', 'Balances']);
    const rows = book.getWorksheet('Profit and loss')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(2));
    expect(rows).toContainEqual(['Gross profit', 9960]);
    expect(rows).toContainEqual(['Net profit', 1360]);
  });

  it('PDF labels and workbook sheets and headers in Hindi', async () => {
    const pdf = Buffer.from((await month.t.call('returns.export', { what: 'profitLoss', format: 'pdf', range: NOV, language: 'hi' })).base64, 'base64');
    // Devanagari is compared in stream order without spaces (documents/pdf/pen.ts on ActualText).
    const text = pdfText(pdf, 'raw').replace(/\s+/g, '');
    for (const s of ['लाभ और हानि', 'शुद्ध लाभ', 'माध्यम के अनुसार नकद प्रवाह', 'हाथ में नकद']) expect(text).toContain(s.replace(/\s+/g, ''));
    expect(text).not.toMatch(/Profit|Net profit|Cash flow/);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from((await month.t.call('returns.export', { what: 'profitLoss', format: 'xlsx', range: NOV, language: 'hi' })).base64, 'base64') as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['लाभ और हानि', 'माध्यम के अनुसार नकद प्रवाह', 'बाकी']);
    expect(book.worksheets[0]!.getRow(1).values).toEqual([undefined, 'हिस्सा', 'मद', 'राशि']);
    expect(book.worksheets[2]!.getRow(1).values).toEqual([undefined, 'पैसा', 'शुरुआत', 'आया', 'गया', 'अंत']);
    const rows = book.getWorksheet('लाभ और हानि')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(2));
    expect(rows).toContainEqual(['शुद्ध लाभ', 1360]);
  });
});

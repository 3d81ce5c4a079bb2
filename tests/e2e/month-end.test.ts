import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMonth, type Month } from '../../src-main/core/reports/gst/month-fixture';
import type { MethodInput, MethodName, MethodResult } from '../../src-main/contract';
import { chromiumAvailable, openHarness, overflow, rendererBuilt, screenshotPath, SCREENSHOTS, type Harness } from './harness';
import { eventually } from './eventually';

const pdftoppm = ['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm'].find((p) => fs.existsSync(p));

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).first().click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

/** Step a month box (MonthInput) to the given yyyy-mm, as a person clicking ‹ › would. */
async function pickMonth(page: Page, testId: string, target: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const value = await page.getByTestId(testId).getAttribute('data-value');
    if (value === target) return;
    await page.getByTestId(value && value > target ? `${testId}-prev` : `${testId}-next`).click();
  }
  throw new Error(`month box ${testId} never reached ${target}`);
}

/** Render page 1 of a PDF to a PNG beside the screenshots, to be looked at. */
function pdfToPng(bytes: Buffer, name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, bytes);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const out = path.join(SCREENSHOTS, name);
  execFileSync(pdftoppm!, ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, out]);
  fs.rmSync(dir, { recursive: true, force: true });
  return `${out}.png`;
}

describe.skipIf(!chromiumAvailable || !rendererBuilt || !pdftoppm)('month-end at 1366x768: GST returns with their checks, profit and loss, Tally export', () => {
  let h: Harness;
  let m: Month;
  let sugar: { id: string; invoiceNumber: string };
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> => {
    const result = await h.host.core.handle(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as MethodResult<M>;
  };

  beforeAll(async () => {
    h = await openHarness({ width: 1366, height: 768 });
    m = await seedMonth({ call } as Parameters<typeof seedMonth>[0]);
    // A counter sale typed in a hurry: its line has no HSN, so GSTR-1 must not go out yet.
    sugar = await call('bills.create', {
      kind: 'sale',
      partyType: 'customer',
      partyId: m.parties.walkin,
      date: '2026-11-26',
      lines: [{ name: 'Loose sugar', qtyMilli: 1000, ratePaise: 4500, gstRateBp: 500 }],
    });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  const openTab = async (tab: 'returns' | 'profit' | 'tally') => {
    await h.page.getByTestId('nav-reports').click();
    await h.page.getByTestId(`report-${tab}`).click();
  };

  it('lists the problem with a link to its bill, refuses the portal file until it is fixed, then downloads it', async () => {
    const { page } = h;
    await openTab('returns');
    await pickMonth(page, 'gst-month', '2026-11');
    await eventually(() => page.getByTestId('gst-problem').count()).toBe(1);
    const problem = page.getByTestId('gst-problem');
    expect(await problem.getAttribute('data-code')).toBe('hsn_missing');
    expect(await problem.textContent()).toContain(`Bill ${sugar.invoiceNumber}, line 1 (Loose sugar) has no HSN/SAC code.`);
    expect(await page.getByTestId('gstr1-json').isDisabled()).toBe(true);
    expect(await page.getByTestId('gstr1-b2b').textContent()).toContain('3');
    await page.screenshot({ path: screenshotPath('month-end-returns-problem-en') });
    expect(await overflow(page)).toEqual([]);

    // The link opens the very bill.
    await page.getByTestId('gst-problem-open').click();
    await eventually(() => page.locator('.modal').textContent()).toContain(sugar.invoiceNumber);
    await page.screenshot({ path: screenshotPath('month-end-open-bill-en') });
    await page.keyboard.press('Escape');

    // Fixed (the HSN added), the list turns green at once and the portal JSON comes out.
    await call('bills.update', { id: sugar.id, patch: { lines: [{ name: 'Loose sugar', hsn: '1701', qtyMilli: 1000, ratePaise: 4500, gstRateBp: 500 }] } });
    await page.getByTestId('gst-ready').waitFor();
    await page.screenshot({ path: screenshotPath('month-end-returns-en') });
    const json = await download(page, 'gstr1-json');
    expect(json.name).toBe('gstr1-112026-27AAACS1234K1ZH.json');
    const gstr1 = JSON.parse(json.bytes.toString('utf8'));
    expect(gstr1.fp).toBe('112026');
    expect(gstr1.b2cs).toContainEqual({ sply_ty: 'INTRA', pos: '27', typ: 'OE', txval: 290, rt: 5, camt: 7.26, samt: 7.26, csamt: 0 });
  });

  it('downloads GSTR-1 as Excel and CSV, GSTR-3B as JSON and PDF, and an e-invoice', async () => {
    const { page } = h;
    const xlsx = await download(page, 'gstr1-xlsx');
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['b2b', 'b2cl', 'b2cs', 'exemp', 'hsn(b2b)', 'hsn(b2c)', 'docs']);
    expect(book.getWorksheet('docs')!.getRow(2).values).toEqual([undefined, 'Invoices for outward supply', 'INV-1-0002', sugar.invoiceNumber, 10, 1]);
    const csv = await download(page, 'gstr1-csv');
    expect(csv.bytes.toString('utf8')).toContain('b2cl,INV-1-0006,12-11-2026,151040.00');
    const g3 = JSON.parse((await download(page, 'gstr3b-json')).bytes.toString('utf8'));
    expect(g3.itc_elg.itc_net).toEqual({ iamt: 940, camt: 0, samt: 0, csamt: 0 });
    const pdf = await download(page, 'gstr3b-pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    pdfToPng(pdf.bytes, 'month-end-gstr3b-pdf-en');
    const einvoice = JSON.parse((await download(page, 'einvoice-json')).bytes.toString('utf8'));
    expect(einvoice.Version).toBe('1.1');
    expect(einvoice.DocDtls.No).toBe('INV-1-0002');
  });

  it('shows profit and loss and cash flow by mode, and downloads them', async () => {
    const { page } = h;
    await openTab('profit');
    await page.getByTestId('pnl-from').fill('2026-11-01');
    await page.getByTestId('pnl-to').fill('2026-11-30');
    // The hand-worked month's ₹1,360.00 plus the ₹45 sugar sale (no stock item).
    await eventually(() => page.getByTestId('pnl-net').textContent()).toContain('1,405.00');
    expect(await page.getByTestId('pnl-gross').textContent()).toContain('10,005.00');
    expect(await page.getByTestId('cashflow-bank').textContent()).toContain('1,51,040.00');
    await page.screenshot({ path: screenshotPath('month-end-profit-en') });
    expect(await overflow(page)).toEqual([]);
    const xlsx = await download(page, 'pnl-xlsx');
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const rows = book.getWorksheet('Profit and loss')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(2));
    expect(rows).toContainEqual(['Net profit', 1405]);
    const pdf = await download(page, 'pnl-pdf');
    pdfToPng(pdf.bytes, 'month-end-profit-pdf-en');
  });

  it('counts what the Tally file holds and downloads it', async () => {
    const { page } = h;
    await openTab('tally');
    await page.getByTestId('tally-from').fill('2026-11-01');
    await page.getByTestId('tally-to').fill('2026-11-30');
    await eventually(() => page.getByTestId('tally-sales').textContent()).toContain('9');
    await page.screenshot({ path: screenshotPath('month-end-tally-en') });
    const xml = await download(page, 'tally-xml');
    expect(xml.name).toBe('tally-2026-11-01-2026-11-30.xml');
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml.bytes.toString('utf8'));
    expect(parsed.ENVELOPE.HEADER.TALLYREQUEST).toBe('Import Data');
  });

  it('reads the same in Hindi', async () => {
    const { page } = h;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-hi').click();
    await eventually(() => page.evaluate(() => document.documentElement.lang)).toBe('hi');
    // Put the problem back so the Hindi screen shows the validation list too.
    await call('bills.update', { id: sugar.id, patch: { lines: [{ name: 'Loose sugar', qtyMilli: 1000, ratePaise: 4500, gstRateBp: 500 }] } });
    await openTab('returns');
    await pickMonth(page, 'gst-month', '2026-11');
    await eventually(() => page.getByTestId('gst-problem').textContent()).toContain(`बिल ${sugar.invoiceNumber} की पंक्ति 1 (Loose sugar) में HSN/SAC कोड नहीं है।`);
    expect(await page.getByTestId('report-returns').textContent()).toBe('जीएसटी रिटर्न');
    await page.screenshot({ path: screenshotPath('month-end-returns-hi') });
    expect(await overflow(page)).toEqual([]);
    const pdf = await download(page, 'gstr3b-pdf');
    pdfToPng(pdf.bytes, 'month-end-gstr3b-pdf-hi');
    await openTab('profit');
    await page.getByTestId('pnl-from').fill('2026-11-01');
    await page.getByTestId('pnl-to').fill('2026-11-30');
    await eventually(() => page.getByTestId('pnl-net').textContent()).toContain('शुद्ध लाभ');
    await page.screenshot({ path: screenshotPath('month-end-profit-hi') });
    expect(await overflow(page)).toEqual([]);
    pdfToPng((await download(page, 'pnl-pdf')).bytes, 'month-end-profit-pdf-hi');
    await openTab('tally');
    await page.screenshot({ path: screenshotPath('month-end-tally-hi') });
    expect(await overflow(page)).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});

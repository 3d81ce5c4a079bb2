import type { ParsedInputOf } from '../../contract/define';
import type { GeneratedDocument, documentsContract } from '../../contract/documents';
import type { LedgerContext } from '../ledger/context';
import { getParty } from '../ledger/parties/parties';
import { toCsv } from './csv';
import { billsTable, cashbookTable, partiesTable, partyLedgerTable } from './exports';
import { loadInvoice, renderInvoice } from './invoice';
import { loadStatement, renderStatement } from './statement';
import { loadPayslip, renderPayslip } from './payslip';
import { renderReceipt } from './receipt';
import { getPrintSettings } from '../ledger/printing/settings';
import type { Table } from './table';
import { toXlsx } from './xlsx';

type C = typeof documentsContract;

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file-name-safe stem: "Ramesh Kumar" -> "ramesh-kumar"; scripts other than Latin drop out. */
export const slug = (value: string, fallback: string): string =>
  value
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || fallback;

export const asDocument = (bytes: Buffer, fileName: string, mimeType: GeneratedDocument['mimeType']): GeneratedDocument => ({
  fileName,
  mimeType,
  base64: bytes.toString('base64'),
  byteLength: bytes.length,
});

export async function partyStatementDocument(ctx: LedgerContext, input: ParsedInputOf<C['documents.partyStatement']>): Promise<GeneratedDocument> {
  const data = loadStatement(ctx, input);
  const bytes = await renderStatement(data, input.language);
  return asDocument(bytes, `statement-${slug(data.party.name, 'party')}-${input.from}-${input.to}.pdf`, 'application/pdf');
}

export async function gstInvoiceDocument(ctx: LedgerContext, input: ParsedInputOf<C['documents.gstInvoice']>): Promise<GeneratedDocument> {
  const data = loadInvoice(ctx, input.billId);
  const bytes = await renderInvoice(data, input.language);
  return asDocument(bytes, `${slug(data.invoiceNumber, 'invoice')}.pdf`, 'application/pdf');
}

/** The bill in this device's print layout (or the one asked for): A4/A5 invoice or a thermal receipt. */
export async function billPrintDocument(ctx: LedgerContext, input: ParsedInputOf<C['documents.billPrint']>): Promise<GeneratedDocument> {
  const paper = input.paper ?? getPrintSettings(ctx).paper;
  const data = loadInvoice(ctx, input.billId);
  const bytes = paper === '80mm' || paper === '58mm' ? await renderReceipt(data, input.language, paper) : await renderInvoice(data, input.language, { paper });
  return asDocument(bytes, `${slug(data.invoiceNumber, 'invoice')}-${paper}.pdf`, 'application/pdf');
}

export async function payslipDocument(ctx: LedgerContext, input: ParsedInputOf<C['documents.payslip']>): Promise<GeneratedDocument> {
  const data = loadPayslip(ctx, input);
  const bytes = await renderPayslip(data, input.language);
  return asDocument(bytes, `payslip-${slug(data.money.staff.name, 'staff')}-${input.month}.pdf`, 'application/pdf');
}

export function exportTable(ctx: LedgerContext, input: ParsedInputOf<C['documents.export']>): { table: Table; stem: string } {
  switch (input.what) {
    case 'parties':
      return { table: partiesTable(ctx, input.type, input.language), stem: input.type === 'customer' ? 'customers' : 'suppliers' };
    case 'partyLedger': {
      const table = partyLedgerTable(ctx, input);
      const party = getParty(ctx, input.partyType, input.partyId, { allowDeleted: true });
      return { table, stem: `ledger-${slug(party.name, 'party')}` };
    }
    case 'cashbook':
      return { table: cashbookTable(ctx, input), stem: `cashbook-${input.from}-${input.to}` };
    case 'bills':
      return { table: billsTable(ctx, input), stem: `bills-${input.from}-${input.to}` };
  }
}

export async function exportDocument(ctx: LedgerContext, input: ParsedInputOf<C['documents.export']>): Promise<GeneratedDocument> {
  const { table, stem } = exportTable(ctx, input);
  if (input.format === 'csv') return asDocument(toCsv(table), `${stem}.csv`, 'text/csv');
  return asDocument(await toXlsx(table), `${stem}.xlsx`, XLSX_MIME);
}

import type { Handlers } from '../../contract';
import type { documentsContract } from '../../contract/documents';
import type { LedgerContext } from '../ledger/context';
import { billPrintDocument, exportDocument, gstInvoiceDocument, partyStatementDocument, payslipDocument } from '../documents/documents';

export const documentsHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof documentsContract> => ({
  'documents.partyStatement': (input) => partyStatementDocument(ctx, input),
  'documents.gstInvoice': (input) => gstInvoiceDocument(ctx, input),
  'documents.billPrint': (input) => billPrintDocument(ctx, input),
  'documents.payslip': (input) => payslipDocument(ctx, input),
  'documents.export': (input) => exportDocument(ctx, input),
});

import type { Handlers } from '../../contract';
import type { documentsContract } from '../../contract/documents';
import type { LedgerContext } from '../ledger/context';
import { billPrintDocument, exportDocument, gstInvoiceDocument, partyStatementDocument } from '../documents/documents';

export const documentsHandlers = (ctx: LedgerContext): Pick<Handlers, keyof typeof documentsContract> => ({
  'documents.partyStatement': (input) => partyStatementDocument(ctx, input),
  'documents.gstInvoice': (input) => gstInvoiceDocument(ctx, input),
  'documents.billPrint': (input) => billPrintDocument(ctx, input),
  'documents.export': (input) => exportDocument(ctx, input),
});

import { z } from 'zod';
import { method } from './define';
import { id } from './primitives';
import { AUDIT_TABLES, type AuditAction, type AuditTable } from './audit';

/** One change this device can take back: what it was and which record it touched. */
export interface UndoableChange {
  opId: string;
  table: AuditTable;
  rowId: string;
  /** What the change did (undoing a create deletes, a delete restores, an edit puts the old values back). */
  action: AuditAction;
  at: string;
}

const table = z.enum(AUDIT_TABLES, { message: 'Not a kind of record that can be undone.' });

/**
 * Undo (issue 14): takes back a change this device made by writing the values from before it
 * through the ordinary write path, so it syncs as a normal change. Refused when the record
 * changed again since (here or on another computer).
 */
export const historyContract = {
  /** The change Ctrl+Z would take back: this device's newest change not yet undone. */
  'history.last': method(z.object({}).strict()).returns<UndoableChange | null>(),
  'history.undo': method(
    z
      .object({
        /** One change by its id; else this device's newest change to the record named; else its newest change of all. */
        opId: id.optional(),
        table: table.optional(),
        rowId: id.optional(),
      })
      .strict()
      .refine((v) => !v.rowId || v.table, { message: 'Name the kind of record with its id.' }),
  ).returns<UndoableChange>(),
};

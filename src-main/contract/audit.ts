import { z } from 'zod';
import { method } from './define';
import { id } from './primitives';

/**
 * The tables whose every change is kept in the audit trail: the financial records, and the
 * other records a shop edits (items, staff, attendance, settings) so any edit can be undone.
 */
export const AUDIT_TABLES = ['customers', 'suppliers', 'transactions', 'bills', 'cashbook_entries', 'items', 'staff', 'attendance', 'business_settings'] as const;
export type AuditTable = (typeof AUDIT_TABLES)[number];
export type AuditAction = 'create' | 'update' | 'delete' | 'restore';

export interface AuditEntry {
  id: number;
  table: AuditTable;
  rowId: string;
  opId: string;
  /** HLC stamp of the change: the order the changes take effect in. */
  stamp: string;
  deviceId: string | null;
  userId: string | null;
  action: AuditAction;
  /** Column -> value before the change, for the changed columns ({} for a create). */
  oldValues: Record<string, unknown>;
  /** Column -> value after the change. */
  newValues: Record<string, unknown>;
  /** When the change was recorded here (ISO time). */
  at: string;
  /** Made on this device, or merged from another one. */
  source: 'this-device' | 'other-device';
}

const auditTable = z.enum(AUDIT_TABLES, { message: 'Not an audited table.' });

// Read-only by design: there is no method that edits, deletes or switches off the trail.
export const auditContract = {
  'audit.history': method(z.object({ table: auditTable, rowId: id }).strict()).returns<AuditEntry[]>(),
  'audit.recent': method(
    z
      .object({
        table: auditTable.optional(),
        /** Page on: entries with a stamp before this one. */
        before: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(500).optional().default(50),
      })
      .strict(),
  ).returns<AuditEntry[]>(),
};

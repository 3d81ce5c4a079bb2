import type { SyncedTable } from '../db/schema';

/** Wire protocol version this client speaks (docs/data-and-sync.md). */
export const PROTOCOL_VERSION = 1;

export interface WireOp {
  op_id: string;
  table: SyncedTable;
  row_id: string;
  fields: Record<string, unknown>;
  stamp: string;
}

export interface PushRejection {
  op_id: string;
  code: string;
  message: string;
  row: Record<string, unknown> | null;
}

export interface PushResult {
  accepted: string[];
  rejected: PushRejection[];
  seq: number;
}

export interface PulledRow {
  table: SyncedTable;
  seq: number;
  row: Record<string, unknown> & { id: string };
}

/** One change another device made to a financial record, for the audit trail. */
export interface HistoryOp {
  op_id: string;
  table: string;
  row_id: string;
  device_id: string;
  user_id: string;
  stamp: string;
  fields: Record<string, unknown>;
  old_values: Record<string, unknown>;
  applied_at: string;
}

export interface PullResult {
  rows: PulledRow[];
  history?: HistoryOp[];
  last_seq: number;
  head_seq: number;
  more: boolean;
}

export interface Digest {
  counts: Record<string, number>;
  balances: Record<string, number>;
}

/** Columns stored as JSON text locally but sent as real JSON on the wire. */
export const JSON_COLUMNS: Partial<Record<SyncedTable, readonly string[]>> = { bills: ['items'] };

export type SyncErrorKind = 'network' | 'server' | 'auth' | 'protocol' | 'clock' | 'validation' | 'forbidden';

/** A failure of a whole sync call, classified so the loop knows whether and when to retry. */
export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SyncError';
  }

  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server';
  }
}

/** What the engine needs from the server; the Supabase implementation is in transport.ts. */
export interface SyncTransport {
  push(businessId: string, deviceId: string, ops: WireOp[]): Promise<PushResult>;
  pull(businessId: string, since: number, limit: number): Promise<PullResult>;
  digest(businessId: string): Promise<Digest>;
  claimBusiness(businessId: string, name: string, deviceId: string): Promise<{ business_id: string; role: string; invoice_series: number }>;
  myBusinesses(): Promise<{ business_id: string; name: string; role: string }[]>;
  registerDevice(businessId: string, deviceId: string): Promise<{ invoice_series: number }>;
}

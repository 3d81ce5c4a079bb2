import type { SyncedTable } from '../db/schema';

/** Wire protocol version this client speaks (docs/data-and-sync.md). */
export const PROTOCOL_VERSION = 2;

export interface WireOp {
  op_id: string;
  table: SyncedTable;
  row_id: string;
  fields: Record<string, unknown>;
  stamp: string;
  /** Ops of one unit (a bill with its entries) are accepted or refused together. */
  unit?: string;
}

export interface PushRejection {
  op_id: string;
  code: string;
  message: string;
  row: Record<string, unknown> | null;
  /** A stable word for why (e.g. 'overpaid', 'invoice_number_taken'; 'unit': refused with its unit). */
  reason?: string;
  /** Figures the device needs to act or to say more (amounts, the series' highest number, server time). */
  detail?: Record<string, unknown>;
  /** For reason 'unit': the op whose refusal took this one with it. */
  cause?: string;
}

export interface PushResult {
  accepted: string[];
  rejected: PushRejection[];
  seq: number;
  /** The server's clock when it answered (protocol 2). */
  server_time?: string;
  /** The business's seq before this batch (protocol 2): with the cursor there, the batch's changes are all this device's own. */
  seq_before?: number;
}

export interface PulledRow {
  table: SyncedTable;
  seq: number;
  row: Record<string, unknown> & { id: string };
  /** The columns the row carries, shared by every row of its table in a page (lets the merge prepare once). */
  shape?: readonly string[];
  /**
   * Set when the row's field stamps came as one stamp for these columns (every stamped column
   * of its page, or those of its stamp keys); its field_stamps say the same at length.
   */
  oneStamp?: { stamp: string; columns: readonly string[] };
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

/**
 * One table's rows of a compact page (protocol 2): `columns` names the values of every row
 * array, `seq` first. `field_stamps` is a single stamp when every stamped column carries it.
 * Format 3 also gives `bits` (per column, the bit it has in a row's stamp keys, or null) and
 * leaves business_id out of the rows; its `field_stamps` may also be [stamp, keys]: the one
 * stamp of the columns whose bits are set in keys.
 */
export interface PageTable {
  table: SyncedTable;
  columns: string[];
  bits?: (number | null)[];
  rows: unknown[][];
}

/**
 * A page of the pull (protocol 2, compact): rows with seq in (since, last_seq], grouped by
 * table; the edit history of the same range when asked for, each op as
 * [op_id, table, row_id, device_id, user_id, stamp, fields, old_values, applied_at, seq].
 */
export interface PullPage {
  tables: PageTable[];
  /** 3 when the rows leave business_id out (the page's business); absent means 2. */
  format?: number;
  history?: unknown[][] | null;
  last_seq: number;
  head_seq: number;
  more: boolean;
}

/** The edit history on its own (a device that took the rows first): ops as in PullPage.history. */
export interface HistoryPage {
  ops: unknown[][];
  last_seq: number;
  more: boolean;
}

export interface Digest {
  counts: Record<string, number>;
  balances: Record<string, number>;
}

/** Columns stored as JSON text locally but sent as real JSON on the wire. */
export const JSON_COLUMNS: Partial<Record<SyncedTable, readonly string[]>> = { bills: ['items'] };

/**
 * network: cannot reach the server or it did not answer in time; server: it failed (5xx, a
 * reload); auth: the session expired; config: the server refused this app's key (wrong or
 * rotated anon key); removed: the owner removed this member or this device; protocol: the
 * app is too old; clock: this device's clock is wrong; validation / refused: the server
 * refused what was sent, the same way every time (a whole-call VALIDATION, or a 4xx that is
 * not auth, rate or protocol); forbidden: not allowed.
 */
export type SyncErrorKind = 'network' | 'server' | 'auth' | 'config' | 'removed' | 'protocol' | 'clock' | 'validation' | 'refused' | 'forbidden';

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

export interface DeviceSeries {
  invoice_series: number;
  /** Highest invoice number the server holds in that series (protocol 2 servers). */
  last_invoice_seq?: number;
}

export interface Invitation {
  invitation_id: string;
  business_id: string;
  business_name: string;
  role: 'owner' | 'staff';
  invited_by: string | null;
  created_at: string;
}

export interface OpenInvitation {
  invitation_id: string;
  email: string;
  role: 'owner' | 'staff';
  created_at: string;
}

export interface DeviceInfo {
  device_id: string;
  user_id: string;
  email: string | null;
  invoice_series: number;
  created_at: string;
  last_push_at: string | null;
  revoked_at: string | null;
}

/** Where a live device hears the pages of small pushes (poked-page.ts), and which key that is. */
export interface PageTopic {
  topic: string;
  generation: number;
}

/** Every call can be abandoned ("Sync now" drops a stuck round). */
export interface CallOptions {
  signal?: AbortSignal;
}

/** What the engine needs from the server; the Supabase implementation is in transport.ts. */
export interface SyncTransport {
  push(businessId: string, deviceId: string, ops: WireOp[], opts?: CallOptions): Promise<PushResult>;
  pull(businessId: string, since: number, limit: number, deviceId: string, opts?: CallOptions & { history?: boolean }): Promise<PullPage>;
  history(businessId: string, since: number, upto: number, limit: number, deviceId: string, opts?: CallOptions): Promise<HistoryPage>;
  digest(businessId: string, opts?: CallOptions): Promise<Digest>;
  claimBusiness(businessId: string, name: string, deviceId: string, opts?: CallOptions): Promise<{ business_id: string; role: string } & DeviceSeries>;
  myBusinesses(opts?: CallOptions): Promise<{ business_id: string; name: string; role: string }[]>;
  registerDevice(businessId: string, deviceId: string, opts?: CallOptions): Promise<DeviceSeries>;
  /** The server's current version of one row (null when it has none), read under RLS. */
  fetchRow(table: SyncedTable, rowId: string, businessId: string, opts?: CallOptions): Promise<Record<string, unknown> | null>;
  myInvitations(opts?: CallOptions): Promise<Invitation[]>;
  answerInvitation(invitationId: string, accept: boolean, opts?: CallOptions): Promise<{ business_id: string; role?: string; status: string }>;
  invite(businessId: string, email: string, role: 'owner' | 'staff', opts?: CallOptions): Promise<{ email: string; role: string; status: 'invited' | 'member' }>;
  invitationsOf(businessId: string, opts?: CallOptions): Promise<OpenInvitation[]>;
  cancelInvitation(businessId: string, email: string, opts?: CallOptions): Promise<void>;
  removeMember(businessId: string, userId: string, opts?: CallOptions): Promise<void>;
  devicesOf(businessId: string, opts?: CallOptions): Promise<DeviceInfo[]>;
  removeDevice(businessId: string, deviceId: string, opts?: CallOptions): Promise<void>;
  /** The pages topic of this device's business; null from a server that sends no pages. */
  pageTopic?(businessId: string, deviceId: string, opts?: CallOptions): Promise<PageTopic | null>;
}

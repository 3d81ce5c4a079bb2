// Helpers for tests that talk to the local stand-in through supabase-js.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { LocalSupabase } from './index';

export function makeClient(sb: Pick<LocalSupabase, 'url' | 'anonKey'>): SupabaseClient {
  return createClient(sb.url, sb.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
}

let userCounter = 0;

/** Signs up a fresh user and returns a signed-in client. */
export async function newUser(sb: LocalSupabase, label = 'user'): Promise<{ client: SupabaseClient; id: string; email: string }> {
  userCounter += 1;
  const email = `${label}-${userCounter}-${randomUUID().slice(0, 8)}@example.com`;
  const client = makeClient(sb);
  const { data, error } = await client.auth.signUp({ email, password: 'secret-password' });
  if (error || !data.user) throw new Error(`sign-up failed: ${error?.message ?? 'no user'}`);
  return { client, id: data.user.id, email };
}

export function newId(): string {
  return randomUUID();
}

/** An HLC stamp `<ISO ms>-<counter 4 hex>-<node 16 hex>`. */
export function stamp(at: Date | number = Date.now(), counter = 0, node = '00000000000000a1'): string {
  const d = typeof at === 'number' ? new Date(at) : at;
  return `${d.toISOString()}-${counter.toString(16).padStart(4, '0')}-${node}`;
}

export interface Op {
  op_id: string;
  table: string;
  row_id: string;
  fields: Record<string, unknown>;
  stamp: string;
}

export interface PushResult {
  accepted: string[];
  rejected: Array<{ op_id: string; code: string; message: string; row: Record<string, unknown> | null }>;
  seq: number;
}

export function customerCreate(businessId: string, fields: Record<string, unknown> = {}, st = stamp()): Op {
  const id = newId();
  const now = new Date().toISOString();
  return {
    op_id: newId(),
    table: 'customers',
    row_id: id,
    stamp: st,
    fields: {
      id,
      business_id: businessId,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      name: 'Ramesh',
      phone: '9876543210',
      address: null,
      gstin: null,
      state_code: '27',
      notes: null,
      ...fields,
    },
  };
}

export function transactionCreate(businessId: string, partyId: string, fields: Record<string, unknown> = {}, st = stamp()): Op {
  const id = newId();
  const now = new Date().toISOString();
  return {
    op_id: newId(),
    table: 'transactions',
    row_id: id,
    stamp: st,
    fields: {
      id,
      business_id: businessId,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      party_type: 'customer',
      party_id: partyId,
      direction: 'gave',
      amount_paise: 12345,
      entry_date: '2026-11-25',
      note: null,
      bill_id: null,
      ...fields,
    },
  };
}

export function edit(table: string, rowId: string, fields: Record<string, unknown>, st = stamp()): Op {
  return { op_id: newId(), table, row_id: rowId, fields, stamp: st };
}

export async function push(
  client: SupabaseClient,
  businessId: string,
  ops: Op[] | unknown,
  opts: { deviceId?: string; protocol?: number } = {},
): Promise<{ data: PushResult | null; error: { message: string; code?: string } | null }> {
  const { data, error } = await client.rpc('sync_push', {
    p_business_id: businessId,
    p_device_id: opts.deviceId ?? 'device-a',
    p_protocol: opts.protocol ?? 1,
    p_ops: ops,
  });
  return { data: (data as PushResult | null) ?? null, error: error ? { message: error.message, code: error.code } : null };
}

export async function pushOk(client: SupabaseClient, businessId: string, ops: Op[], deviceId = 'device-a'): Promise<PushResult> {
  const { data, error } = await push(client, businessId, ops, { deviceId });
  if (error || !data) throw new Error(`sync_push failed: ${error?.message ?? 'no data'}`);
  return data;
}

/**
 * A shop's rows in two tables, interleaved in seq order, with edits that move rows to later
 * seqs: what a migration test that changes how pages are read puts on the server first.
 */
export async function pushInterleavedShop(client: SupabaseClient, businessId: string, at: number): Promise<void> {
  const ramesh = customerCreate(businessId, { name: 'Ramesh' }, stamp(at));
  const sita = customerCreate(businessId, { name: 'Sita' }, stamp(at));
  const entries = Array.from({ length: 24 }, (_, i) => transactionCreate(businessId, i % 2 ? ramesh.row_id : sita.row_id, { amount_paise: 1_000 + i }, stamp(at + 1)));
  await pushOk(client, businessId, [ramesh, ...entries.slice(0, 12), sita, ...entries.slice(12)]);
  await pushOk(client, businessId, [edit('customers', ramesh.row_id, { phone: '9876543210' }, stamp(at + 5)), edit('transactions', entries[3]!.row_id, { note: 'later' }, stamp(at + 6))]);
}

export async function claim(client: SupabaseClient, businessId: string, name = 'Sharma Kirana', deviceId = 'device-a') {
  const { data, error } = await client.rpc('sync_claim_business', { p_business_id: businessId, p_name: name, p_device_id: deviceId });
  if (error) throw new Error(`sync_claim_business failed: ${error.message}`);
  return data as { business_id: string; role: string; invoice_series: number };
}

export async function waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Membership is by consent: the owner invites the member's email, the member accepts in the
 * app. Both steps, for tests that need a member.
 */
export async function addMember(owner: SupabaseClient, member: SupabaseClient, businessId: string, email: string, role = 'staff'): Promise<void> {
  const invited = await owner.rpc('sync_add_member', { p_business_id: businessId, p_email: email, p_role: role });
  if (invited.error) throw new Error(`sync_add_member failed: ${invited.error.message}`);
  if ((invited.data as { status: string }).status === 'member') return;
  const open = await member.rpc('sync_my_invitations');
  if (open.error) throw new Error(`sync_my_invitations failed: ${open.error.message}`);
  const invitation = (open.data as { invitation_id: string; business_id: string }[]).find((i) => i.business_id === businessId);
  if (!invitation) throw new Error(`no open invitation to ${businessId} for ${email}`);
  const answer = await member.rpc('sync_answer_invitation', { p_invitation_id: invitation.invitation_id, p_accept: true });
  if (answer.error) throw new Error(`sync_answer_invitation failed: ${answer.error.message}`);
}

import type { SupabaseClient } from '@supabase/supabase-js';
import type { SyncedTable } from '../db/schema';
import {
  PROTOCOL_VERSION,
  SyncError,
  type CallOptions,
  type DeviceInfo,
  type DeviceSeries,
  type Digest,
  type Invitation,
  type OpenInvitation,
  type PageTopic,
  type HistoryPage,
  type PullPage,
  type PushResult,
  type SyncTransport,
  type WireOp,
} from './wire';

interface RpcAnswer {
  data: unknown;
  error: { message: string; code?: string; details?: string | null; hint?: string | null; name?: string } | null;
  status: number;
}

/** The pull page format this device reads (page.ts); servers before it answer format 2. */
const PAGE_FORMAT = 3;
/** A server without the format 3 pull is asked for it again after this long. */
const FORMAT_RETRY_MS = 10 * 60_000;

/** How long one server call may take before it counts as a network failure. */
export const CALL_TIMEOUT_MS = 15_000;

/** Classify a failed call so the loop knows whether to back off, refresh, set an op aside, or stop. */
export function classify(answer: Pick<RpcAnswer, 'error' | 'status'>): SyncError {
  const message = answer.error?.message ?? 'Unknown server error';
  const status = answer.status;
  const prefixed = /^(PROTOCOL|AUTH|VALIDATION|CLOCK|FORBIDDEN|REMOVED|NOT_FOUND):\s*(.*)$/s.exec(message);
  if (prefixed) {
    const code = prefixed[1];
    const text = prefixed[2] || message;
    if (code === 'PROTOCOL') return new SyncError('protocol', text, status);
    if (code === 'AUTH') return new SyncError('forbidden', text, status);
    if (code === 'CLOCK') return new SyncError('clock', text, status);
    if (code === 'FORBIDDEN') return new SyncError('forbidden', text, status);
    if (code === 'REMOVED') return new SyncError('removed', text, status);
    return new SyncError('validation', text, status);
  }
  if (answer.error?.name === 'AbortError' || /aborted|timed? ?out|timeout/i.test(message)) {
    return new SyncError('network', 'The sync server did not answer in time.', status);
  }
  if (status === 0 || /fetch failed|ECONNREFUSED|ECONNRESET|network|socket hang up|terminated|other side closed/i.test(message)) {
    return new SyncError('network', 'Cannot reach the sync server.', status);
  }
  // Hosted Supabase answers a wrong or rotated anon key with 401 "Invalid API key": that is the
  // app's server settings, not the user's session.
  if (/invalid api key|no api key/i.test(message)) return new SyncError('config', message, status);
  if (status === 401 || /JWT|jwt/.test(message)) return new SyncError('auth', 'Your session has expired. Sign in again.', status);
  if (status === 403) return new SyncError('forbidden', message, status);
  if (status === 408) return new SyncError('network', 'The sync server did not answer in time.', status);
  // A 400/413/422 from PostgREST is a verdict on what was sent (a value Postgres cannot take,
  // a body too large): the same op gets the same answer every time, so it is set aside.
  if (status === 400 || status === 413 || status === 422) return new SyncError('refused', `The sync server refused the change (${status}): ${message.slice(0, 200)}`, status);
  // Anything else (a 404 while the server reloads its functions, 429, a proxy's error page) is
  // the server's trouble, not a verdict on our changes: retry with backoff, never drop ops.
  return new SyncError('server', `The sync server had a problem (${status}): ${message.slice(0, 200)}`, status);
}

/**
 * fetch with a deadline: a server that accepts the connection and then says nothing is a
 * network failure after CALL_TIMEOUT_MS, never a round that hangs forever.
 */
export function fetchWithTimeout(timeoutMs = CALL_TIMEOUT_MS, base: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return base(input, { ...init, signal });
  };
}

/** The sync RPCs of docs/data-and-sync.md over supabase-js (PostgREST). */
export class SupabaseTransport implements SyncTransport {
  constructor(private readonly client: SupabaseClient) {}

  /** Until when the server is taken not to have the format 3 pull (it answered that it has no such function). */
  private format3MissingUntil = 0;

  private async call(name: string, args: Record<string, unknown>, opts?: CallOptions): Promise<RpcAnswer> {
    try {
      const call = this.client.rpc(name, args);
      return (await (opts?.signal ? call.abortSignal(opts.signal) : call)) as RpcAnswer;
    } catch (error) {
      throw new SyncError('network', error instanceof Error ? error.message : String(error), 0);
    }
  }

  private async rpc<T>(name: string, args: Record<string, unknown>, opts?: CallOptions): Promise<T> {
    const answer = await this.call(name, args, opts);
    if (answer.error) throw classify(answer);
    return answer.data as T;
  }

  push(businessId: string, deviceId: string, ops: WireOp[], opts?: CallOptions): Promise<PushResult> {
    return this.rpc('sync_push', { p_business_id: businessId, p_device_id: deviceId, p_protocol: PROTOCOL_VERSION, p_ops: ops }, opts);
  }

  async pull(businessId: string, since: number, limit: number, deviceId: string, opts?: CallOptions & { history?: boolean }): Promise<PullPage> {
    const args = { p_business_id: businessId, p_since: since, p_limit: limit, p_device_id: deviceId, p_compact: true, p_history: opts?.history ?? false };
    if (Date.now() >= this.format3MissingUntil) {
      // Format 3: smaller pages (one stamp for the fields a row stamps, no business_id per row).
      const answer = await this.call('sync_pull', { ...args, p_format: PAGE_FORMAT }, opts);
      // A server not yet upgraded has no such function (PostgREST PGRST202): ask as before, and
      // try again later (the same answer also comes while a server reloads its functions).
      if (answer.error?.code !== 'PGRST202') {
        if (answer.error) throw classify(answer);
        return answer.data as PullPage;
      }
      this.format3MissingUntil = Date.now() + FORMAT_RETRY_MS;
    }
    return this.rpc('sync_pull', args, opts);
  }

  history(businessId: string, since: number, upto: number, limit: number, deviceId: string, opts?: CallOptions): Promise<HistoryPage> {
    return this.rpc('sync_history', { p_business_id: businessId, p_since: since, p_upto: upto, p_limit: limit, p_device_id: deviceId }, opts);
  }

  digest(businessId: string, opts?: CallOptions): Promise<Digest> {
    return this.rpc('sync_digest', { p_business_id: businessId }, opts);
  }

  claimBusiness(businessId: string, name: string, deviceId: string, opts?: CallOptions) {
    return this.rpc<{ business_id: string; role: string } & DeviceSeries>(
      'sync_claim_business',
      { p_business_id: businessId, p_name: name, p_device_id: deviceId },
      opts,
    );
  }

  myBusinesses(opts?: CallOptions) {
    return this.rpc<{ business_id: string; name: string; role: string }[]>('sync_my_businesses', {}, opts);
  }

  registerDevice(businessId: string, deviceId: string, opts?: CallOptions) {
    return this.rpc<DeviceSeries>('sync_register_device', { p_business_id: businessId, p_device_id: deviceId }, opts);
  }

  async fetchRow(table: SyncedTable, rowId: string, businessId: string, opts?: CallOptions): Promise<Record<string, unknown> | null> {
    let answer: RpcAnswer;
    try {
      const query = this.client.from(table).select('*').eq('id', rowId).eq('business_id', businessId).limit(1);
      answer = (await (opts?.signal ? query.abortSignal(opts.signal) : query)) as RpcAnswer;
    } catch (error) {
      throw new SyncError('network', error instanceof Error ? error.message : String(error), 0);
    }
    if (answer.error) throw classify(answer);
    return ((answer.data as Record<string, unknown>[] | null) ?? [])[0] ?? null;
  }

  myInvitations(opts?: CallOptions) {
    return this.rpc<Invitation[]>('sync_my_invitations', {}, opts);
  }

  answerInvitation(invitationId: string, accept: boolean, opts?: CallOptions) {
    return this.rpc<{ business_id: string; role?: string; status: string }>('sync_answer_invitation', { p_invitation_id: invitationId, p_accept: accept }, opts);
  }

  invite(businessId: string, email: string, role: 'owner' | 'staff', opts?: CallOptions) {
    return this.rpc<{ email: string; role: string; status: 'invited' | 'member' }>('sync_add_member', { p_business_id: businessId, p_email: email, p_role: role }, opts);
  }

  invitationsOf(businessId: string, opts?: CallOptions) {
    return this.rpc<OpenInvitation[]>('sync_invitations_of', { p_business_id: businessId }, opts);
  }

  async cancelInvitation(businessId: string, email: string, opts?: CallOptions): Promise<void> {
    await this.rpc('sync_cancel_invitation', { p_business_id: businessId, p_email: email }, opts);
  }

  async removeMember(businessId: string, userId: string, opts?: CallOptions): Promise<void> {
    await this.rpc('sync_remove_member', { p_business_id: businessId, p_user_id: userId }, opts);
  }

  devicesOf(businessId: string, opts?: CallOptions) {
    return this.rpc<DeviceInfo[]>('sync_devices_of', { p_business_id: businessId }, opts);
  }

  async removeDevice(businessId: string, deviceId: string, opts?: CallOptions): Promise<void> {
    await this.rpc('sync_remove_device', { p_business_id: businessId, p_device_id: deviceId }, opts);
  }

  async pageTopic(businessId: string, deviceId: string, opts?: CallOptions): Promise<PageTopic | null> {
    const answer = await this.call('sync_page_topic', { p_business_id: businessId, p_device_id: deviceId }, opts);
    // A server before 20261214000000_poke_page has no such function: it sends no pages.
    if (answer.error?.code === 'PGRST202') return null;
    if (answer.error) throw classify(answer);
    return answer.data as PageTopic;
  }
}

import type { SupabaseClient } from '@supabase/supabase-js';
import { PROTOCOL_VERSION, SyncError, type Digest, type PullResult, type PushResult, type SyncTransport, type WireOp } from './wire';

interface RpcAnswer {
  data: unknown;
  error: { message: string; code?: string; details?: string | null; hint?: string | null } | null;
  status: number;
}

/** Classify a failed RPC so the loop knows whether to back off, refresh, or stop. */
export function classify(answer: Pick<RpcAnswer, 'error' | 'status'>): SyncError {
  const message = answer.error?.message ?? 'Unknown server error';
  const status = answer.status;
  const prefixed = /^(PROTOCOL|AUTH|VALIDATION|CLOCK|FORBIDDEN):\s*(.*)$/s.exec(message);
  if (prefixed) {
    const code = prefixed[1];
    const text = prefixed[2] || message;
    if (code === 'PROTOCOL') return new SyncError('protocol', text, status);
    if (code === 'AUTH') return new SyncError('forbidden', text, status);
    if (code === 'CLOCK') return new SyncError('clock', text, status);
    if (code === 'FORBIDDEN') return new SyncError('forbidden', text, status);
    return new SyncError('validation', text, status);
  }
  if (status === 0 || /fetch failed|ECONNREFUSED|ECONNRESET|network|socket hang up|terminated|other side closed/i.test(message)) {
    return new SyncError('network', 'Cannot reach the sync server.', status);
  }
  if (status === 401 || /JWT|jwt/.test(message)) return new SyncError('auth', 'Your session has expired. Sign in again.', status);
  if (status === 403) return new SyncError('forbidden', message, status);
  // Anything else (a 404 while the server reloads its functions, a proxy's error page) is
  // the server's trouble, not a verdict on our changes: retry with backoff, never drop ops.
  // Only an explicit VALIDATION: answer refuses a change.
  return new SyncError('server', `The sync server had a problem (${status}): ${message.slice(0, 200)}`, status);
}

/** The sync RPCs of docs/data-and-sync.md over supabase-js (PostgREST). */
export class SupabaseTransport implements SyncTransport {
  constructor(private readonly client: SupabaseClient) {}

  private async rpc<T>(name: string, args: Record<string, unknown>): Promise<T> {
    let answer: RpcAnswer;
    try {
      answer = (await this.client.rpc(name, args)) as RpcAnswer;
    } catch (error) {
      throw new SyncError('network', error instanceof Error ? error.message : String(error), 0);
    }
    if (answer.error) throw classify(answer);
    return answer.data as T;
  }

  push(businessId: string, deviceId: string, ops: WireOp[]): Promise<PushResult> {
    return this.rpc('sync_push', { p_business_id: businessId, p_device_id: deviceId, p_protocol: PROTOCOL_VERSION, p_ops: ops });
  }

  pull(businessId: string, since: number, limit: number): Promise<PullResult> {
    return this.rpc('sync_pull', { p_business_id: businessId, p_since: since, p_limit: limit });
  }

  digest(businessId: string): Promise<Digest> {
    return this.rpc('sync_digest', { p_business_id: businessId });
  }

  claimBusiness(businessId: string, name: string, deviceId: string) {
    return this.rpc<{ business_id: string; role: string; invoice_series: number }>('sync_claim_business', {
      p_business_id: businessId,
      p_name: name,
      p_device_id: deviceId,
    });
  }

  myBusinesses() {
    return this.rpc<{ business_id: string; name: string; role: string }[]>('sync_my_businesses', {});
  }

  registerDevice(businessId: string, deviceId: string) {
    return this.rpc<{ invoice_series: number }>('sync_register_device', { p_business_id: businessId, p_device_id: deviceId });
  }
}

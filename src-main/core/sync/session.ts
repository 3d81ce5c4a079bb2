import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { LendenError } from '../../contract/errors';
import type { LedgerCore } from '../core';
import type { SecureStore } from './secure-store';
import { fetchWithTimeout, SupabaseTransport } from './transport';
import type { SyncTransport } from './wire';

export type WebSocketCtor = NonNullable<NonNullable<Parameters<typeof createClient>[2]>['realtime']>['transport'];

export interface SessionOptions {
  store: SecureStore;
  /** WebSocket implementation for Realtime (Node 20 has none built in: pass `ws`). */
  webSocket?: WebSocketCtor;
  /** Tests wrap the transport to inject faults. */
  wrapTransport?: (t: SyncTransport) => SyncTransport;
  /** Deadline of one server call (default 15 s). */
  callTimeoutMs?: number;
}

export const SESSION_KEY = 'lenden.supabase.session';

/**
 * The connection to one Supabase project: the supabase-js client (every call with a
 * deadline), the signed-in session kept in the secure store, the sync transport over it, and
 * the business's Realtime channel. The engine decides when to use it.
 */
export class SyncSession {
  client: SupabaseClient | null = null;
  transport: SyncTransport | null = null;
  email: string | null = null;
  /** A live session exists (the account may be remembered while its session was lost). */
  live = false;
  private channel: RealtimeChannel | null = null;
  private channelBusiness: string | null = null;
  /** The pages topic's channel (poked-page.ts), beside the business's poke channel. */
  private pages: { channel: RealtimeChannel; topic: string; joined: boolean } | null = null;

  /** The business whose channel is open, if any. */
  get listeningTo(): string | null {
    return this.channel ? this.channelBusiness : null;
  }

  constructor(
    private readonly core: LedgerCore,
    private readonly opts: SessionOptions,
  ) {}

  /** Open the saved server settings and session. Returns the signed-in user, if any. */
  async restore(): Promise<{ userId: string; email: string | null } | null> {
    const url = this.core.state.get('server_url');
    const anonKey = this.core.state.get('anon_key');
    if (!url || !anonKey) return null;
    this.open(url, anonKey);
    const { data } = await this.client!.auth.getSession();
    if (!data.session) return null;
    this.email = data.session.user.email ?? null;
    this.live = true;
    return { userId: data.session.user.id, email: this.email };
  }

  /** Point at a (new) server. */
  async connect(url: string, anonKey: string): Promise<void> {
    await this.close();
    this.open(url, anonKey);
  }

  async signUp(email: string, password: string): Promise<{ userId: string; email: string }> {
    const { data, error } = await this.requireClient().auth.signUp({ email, password });
    if (error) throw authError(error);
    if (!data.session) throw new LendenError('AUTH', 'Check your email to confirm the account, then sign in.');
    return this.signedIn(data.session.user.id, data.session.user.email ?? email);
  }

  async signIn(email: string, password: string): Promise<{ userId: string; email: string }> {
    const { data, error } = await this.requireClient().auth.signInWithPassword({ email, password });
    if (error) throw authError(error);
    return this.signedIn(data.user.id, data.user.email ?? email);
  }

  /** Forget the session on this device (the server's other sessions stay). */
  async signOut(): Promise<void> {
    await this.unsubscribe();
    if (this.client) await this.client.auth.signOut({ scope: 'local' }).catch(() => undefined);
    await this.opts.store.delete(SESSION_KEY);
    this.email = null;
    this.live = false;
  }

  /** Try to refresh an expired session. */
  async refresh(): Promise<boolean> {
    if (!this.client) return false;
    const { error } = await this.client.auth.refreshSession();
    return !error;
  }

  /**
   * Listen for pokes on the business's private channel. A poke says the sequence the server
   * reached and, from servers that send pages, the generation of the pages topic's key.
   */
  subscribe(businessId: string, onPoke: (seq: number, pagesGeneration: number | null) => void, onStatus: (status: string) => void): void {
    if (!this.client || (this.channel && this.channelBusiness === businessId)) return;
    if (this.channel) void this.channel.unsubscribe().catch(() => undefined);
    this.unsubscribePages();
    this.channelBusiness = businessId;
    this.channel = this.client
      .channel(`business:${businessId}`, { config: { private: true } })
      .on('broadcast', { event: 'poke' }, (message) => {
        const payload = (message.payload ?? {}) as { seq?: unknown; pages?: unknown };
        onPoke(Number(payload.seq), Number.isSafeInteger(payload.pages) ? (payload.pages as number) : null);
      })
      .subscribe((status) => onStatus(status));
  }

  /** The pages topic listened to, if any. */
  get pagesTopic(): string | null {
    return this.pages?.topic ?? null;
  }

  /** Whether the pages topic's channel has been joined (pages arrive from then on). */
  get pagesJoined(): boolean {
    return this.pages?.joined ?? false;
  }

  /**
   * Listen for the pages of small pushes on the business's pages topic. `onLost`: the channel
   * was refused or closed (a key that changed meanwhile): the topic must be asked for again.
   */
  subscribePages(topic: string, onPage: (payload: unknown) => void, onLost: () => void): void {
    if (!this.client || this.pages?.topic === topic) return;
    this.unsubscribePages();
    const pages = { channel: this.client.channel(topic, { config: { private: true } }), topic, joined: false };
    this.pages = pages;
    pages.channel
      .on('broadcast', { event: 'page' }, (message) => onPage(message.payload))
      .subscribe((status) => {
        pages.joined = status === 'SUBSCRIBED';
        if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT' || status === 'CLOSED') onLost();
      });
  }

  private unsubscribePages(): void {
    if (this.pages) void this.pages.channel.unsubscribe().catch(() => undefined);
    this.pages = null;
  }

  async unsubscribe(): Promise<void> {
    const pages = this.pages;
    this.pages = null;
    if (pages) await pages.channel.unsubscribe().catch(() => undefined);
    if (this.channel) await this.channel.unsubscribe().catch(() => undefined);
    this.channel = null;
  }

  async close(): Promise<void> {
    await this.unsubscribe();
    if (this.client) {
      await this.client.removeAllChannels().catch(() => undefined);
      this.client.realtime.disconnect();
      await this.client.auth.stopAutoRefresh().catch(() => undefined);
    }
    this.client = null;
    this.transport = null;
  }

  requireClient(): SupabaseClient {
    if (!this.client) throw new LendenError('VALIDATION', 'Connect to a Supabase server first (Settings → Account).');
    return this.client;
  }

  private signedIn(userId: string, email: string) {
    this.email = email;
    this.live = true;
    return { userId, email };
  }

  private open(url: string, anonKey: string): void {
    const store = this.opts.store;
    this.client = createClient(url, anonKey, {
      auth: {
        persistSession: true,
        autoRefreshToken: true,
        detectSessionInUrl: false,
        storageKey: SESSION_KEY,
        storage: {
          getItem: (key: string) => store.get(key),
          setItem: (key: string, value: string) => store.set(key, value),
          removeItem: (key: string) => store.delete(key),
        },
      },
      // A silent socket is noticed within a heartbeat or two, not minutes later.
      realtime: { ...(this.opts.webSocket ? { transport: this.opts.webSocket } : {}), heartbeatIntervalMs: 10_000, timeout: 10_000 },
      global: { headers: { 'x-client-info': 'lenden-desktop' }, fetch: fetchWithTimeout(this.opts.callTimeoutMs) },
    });
    const base = new SupabaseTransport(this.client);
    this.transport = this.opts.wrapTransport ? this.opts.wrapTransport(base) : base;
  }
}

/** What a failed sign-in means for the person at the counter. */
export function authError(error: { message: string; status?: number }): LendenError {
  if (/invalid api key|no api key/i.test(error.message)) {
    return new LendenError('AUTH', 'The sync server refused this app’s key. Check the server address and key in Settings → Account.');
  }
  if (/fetch failed|network|ECONNREFUSED|abort|timeout/i.test(error.message)) return new LendenError('OFFLINE', 'Cannot reach the server. Check the internet connection.');
  if (/invalid login|invalid credentials|invalid_grant/i.test(error.message)) return new LendenError('AUTH', 'Wrong email or password.');
  if (/already registered|already exists/i.test(error.message)) return new LendenError('CONFLICT', 'An account with this email already exists. Sign in instead.');
  return new LendenError('AUTH', error.message);
}

import type { Result } from '../contract';
import type { SecureStore } from '../core/sync/secure-store';
import type { FromCore, SecretOp } from './protocol';

/**
 * The core thread's SecureStore: every get/set/delete is answered by the shell's routing
 * thread, which owns the real store (Electron safeStorage can only be used there). Each answer
 * also says whether the store is persistent, so `persistent` (read synchronously by
 * account.current) follows the shell without a round trip.
 */
export class SecretsFromShell implements SecureStore {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(value: string | null): void; reject(error: Error): void }>();

  constructor(
    private readonly send: (message: FromCore) => void,
    public persistent: boolean,
  ) {}

  get(key: string): Promise<string | null> {
    return this.ask({ op: 'get', key });
  }

  async set(key: string, value: string): Promise<void> {
    await this.ask({ op: 'set', key, value });
  }

  async delete(key: string): Promise<void> {
    await this.ask({ op: 'delete', key });
  }

  /** The shell's answer to one request. Unknown ids (answered twice, or after closing) are ignored. */
  answer(id: number, result: Result<string | null>, persistent: boolean): void {
    this.persistent = persistent;
    const waiter = this.waiting.get(id);
    if (!waiter) return;
    this.waiting.delete(id);
    if (result.ok) waiter.resolve(result.value);
    else waiter.reject(new Error(result.error.message));
  }

  /** Closing: nobody will answer the requests still out. */
  failAll(why: string): void {
    for (const waiter of this.waiting.values()) waiter.reject(new Error(why));
    this.waiting.clear();
  }

  private ask(op: SecretOp): Promise<string | null> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send({ kind: 'secret', id, ...op });
    });
  }
}

/** The routing thread's side: run one request against the real store, always answering. */
export async function answerSecret(store: SecureStore, request: SecretOp): Promise<Result<string | null>> {
  try {
    if (request.op === 'get') return { ok: true, value: await store.get(request.key) };
    if (request.op === 'set') await store.set(request.key, request.value);
    else await store.delete(request.key);
    return { ok: true, value: null };
  } catch (error) {
    return { ok: false, error: { code: 'INTERNAL', message: `The sign-in store failed: ${(error as Error).message ?? String(error)}` } };
  }
}

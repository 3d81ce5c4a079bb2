/**
 * Where the signed-in session lives. The Electron shell injects one backed by safeStorage;
 * the core never writes a session in clear text itself.
 */
export interface SecureStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** False when the platform cannot encrypt: the session then lives in memory only. */
  readonly persistent: boolean;
}

export class MemorySecureStore implements SecureStore {
  readonly persistent = false;
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

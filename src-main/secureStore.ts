import fs from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import type { SecureStore } from './core/sync/secure-store';

interface StoreFile {
  version: 1;
  /** key -> base64 of safeStorage ciphertext. */
  entries: Record<string, string>;
}

export interface SecureStoreOptions {
  file: string;
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;
  platform: NodeJS.Platform;
  /** Called once, the first time a secret can only be kept in memory, so the shell can tell the user. */
  onMemoryOnly(message: string): void;
  log?: { warn(...args: unknown[]): void };
}

export const MEMORY_ONLY_MESSAGE =
  'This computer has no secure storage for your sign-in, so Lenden keeps it only while the app is open. You will need to sign in again next time. Your ledger data is saved as usual.';

/**
 * The core's SecureStore (core/sync/secure-store.ts) for Electron: a safeStorage-backed store (Keychain on macOS, DPAPI on Windows, the keyring on Linux).
 * When encryption is not available — or on Linux only the "basic_text" fallback, whose key
 * is hard-coded — nothing is written: secrets stay in memory and the user is told once.
 */
export function createSecureStore(opts: SecureStoreOptions): SecureStore {
  const memory = new Map<string, string>();
  let warned = false;

  const encryptionUsable = () => {
    try {
      if (!opts.safeStorage.isEncryptionAvailable()) return false;
      if (opts.platform === 'linux' && opts.safeStorage.getSelectedStorageBackend) {
        const backend = opts.safeStorage.getSelectedStorageBackend();
        if (backend === 'basic_text' || backend === 'unknown') return false;
      }
      return true;
    } catch {
      return false;
    }
  };

  const read = (): StoreFile => {
    try {
      const parsed = JSON.parse(fs.readFileSync(opts.file, 'utf8')) as StoreFile;
      return parsed && parsed.version === 1 && typeof parsed.entries === 'object' ? parsed : { version: 1, entries: {} };
    } catch {
      return { version: 1, entries: {} };
    }
  };

  const write = (data: StoreFile) => {
    fs.mkdirSync(path.dirname(opts.file), { recursive: true });
    const tmp = `${opts.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    fs.renameSync(tmp, opts.file);
  };

  return {
    get persistent() {
      return encryptionUsable();
    },
    async get(key) {
      if (memory.has(key)) return memory.get(key)!;
      const stored = read().entries[key];
      if (!stored || !encryptionUsable()) return null;
      try {
        return opts.safeStorage.decryptString(Buffer.from(stored, 'base64'));
      } catch (error) {
        opts.log?.warn('could not decrypt a stored secret', key, error);
        return null;
      }
    },
    async set(key, value) {
      if (!encryptionUsable()) {
        memory.set(key, value);
        if (!warned) {
          warned = true;
          opts.onMemoryOnly(MEMORY_ONLY_MESSAGE);
        }
        return;
      }
      memory.delete(key);
      const data = read();
      data.entries[key] = opts.safeStorage.encryptString(value).toString('base64');
      write(data);
    },
    async delete(key) {
      memory.delete(key);
      const data = read();
      if (key in data.entries) {
        delete data.entries[key];
        write(data);
      }
    },
  };
}

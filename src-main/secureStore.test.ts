import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ safeStorage: {} }));

import { createSecureStore, MEMORY_ONLY_MESSAGE } from './secureStore';

const SECRET = 'eyJhbGciOiJIUzI1NiJ9.refresh-token-1234567890';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-secure-'));
  dirs.push(d);
  return d;
}

/** Every byte written anywhere under dir, so a clear-text leak into any file is caught. */
function allBytes(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f).toString('latin1'))
    .join('\n');
}

const fakeCipher = {
  encryptString: (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
};

describe('secure store', () => {
  it('never writes the secret when encryption is unavailable: memory only, user told once', async () => {
    const dir = tempDir();
    const onMemoryOnly = vi.fn();
    const encryptString = vi.fn(fakeCipher.encryptString);
    const store = createSecureStore({ file: path.join(dir, 'secure-store.json'), safeStorage: { isEncryptionAvailable: () => false, encryptString, decryptString: fakeCipher.decryptString }, platform: 'win32', onMemoryOnly });
    await store.set('session', SECRET);
    await store.set('session', `${SECRET}-2`);
    expect(await store.get('session')).toBe(`${SECRET}-2`);
    expect(store.persistent).toBe(false);
    expect(onMemoryOnly).toHaveBeenCalledTimes(1);
    expect(onMemoryOnly).toHaveBeenCalledWith(MEMORY_ONLY_MESSAGE);
    expect(encryptString).not.toHaveBeenCalled();
    expect(allBytes(dir)).not.toContain('refresh-token');
    expect(fs.existsSync(path.join(dir, 'secure-store.json'))).toBe(false);
    // A fresh start (new store) has nothing: the session did not survive on disk.
    const next = createSecureStore({ file: path.join(dir, 'secure-store.json'), safeStorage: { isEncryptionAvailable: () => false, ...fakeCipher }, platform: 'win32', onMemoryOnly });
    expect(await next.get('session')).toBeNull();
  });

  it("treats Linux's basic_text backend (hard-coded key) as unavailable", async () => {
    const dir = tempDir();
    const onMemoryOnly = vi.fn();
    const store = createSecureStore({
      file: path.join(dir, 'secure-store.json'),
      safeStorage: { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text', ...fakeCipher },
      platform: 'linux',
      onMemoryOnly,
    });
    await store.set('session', SECRET);
    expect(onMemoryOnly).toHaveBeenCalledTimes(1);
    expect(allBytes(dir)).not.toContain('refresh-token');
  });

  it('encrypts with safeStorage when available: no clear text on disk, survives a restart, delete removes it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'secure-store.json');
    const onMemoryOnly = vi.fn();
    const safeStorage = { isEncryptionAvailable: () => true, ...fakeCipher };
    await createSecureStore({ file, safeStorage, platform: 'darwin', onMemoryOnly }).set('session', SECRET);
    expect(allBytes(dir)).not.toContain('refresh-token');
    expect(allBytes(dir)).not.toContain(Buffer.from(SECRET).toString('base64'));
    const again = createSecureStore({ file, safeStorage, platform: 'darwin', onMemoryOnly });
    expect(await again.get('session')).toBe(SECRET);
    await again.delete('session');
    expect(await createSecureStore({ file, safeStorage, platform: 'darwin', onMemoryOnly }).get('session')).toBeNull();
    expect(onMemoryOnly).not.toHaveBeenCalled();
  });

  it('a ciphertext that no longer decrypts reads as signed out', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'secure-store.json');
    await createSecureStore({ file, safeStorage: { isEncryptionAvailable: () => true, ...fakeCipher }, platform: 'win32', onMemoryOnly: vi.fn() }).set('session', SECRET);
    const broken = createSecureStore({
      file,
      safeStorage: { isEncryptionAvailable: () => true, encryptString: fakeCipher.encryptString, decryptString: () => { throw new Error('DPAPI failed'); } },
      platform: 'win32',
      onMemoryOnly: vi.fn(),
    });
    expect(await broken.get('session')).toBeNull();
  });
});

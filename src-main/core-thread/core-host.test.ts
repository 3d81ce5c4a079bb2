import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { repoMigrationsFolder } from '../core/db/paths';
import { CoreHost } from './core-host';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('CoreHost', () => {
  it('forwards core events, and after a restore forwards from the new core and asks for a reload', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-host-'));
    dirs.push(dir);
    const forward = vi.fn();
    const onReplaced = vi.fn();
    const host = new CoreHost({ file: path.join(dir, 'lenden.db'), migrationsFolder: repoMigrationsFolder(), backupsFolder: path.join(dir, 'backups'), forward, onReplaced });
    const created = await host.handle('parties.create', { type: 'customer', name: 'Asha' });
    expect(created.ok).toBe(true);
    expect(forward).toHaveBeenCalledWith('db.changed', expect.objectContaining({ tables: expect.arrayContaining(['customers']) }));

    const backup = await host.handle('backup.create', {});
    expect(backup.ok).toBe(true);
    const first = host.current;
    const restored = await host.handle('backup.restore', { path: (backup as { value: { path: string } }).value.path });
    expect(restored.ok).toBe(true);
    expect(onReplaced).toHaveBeenCalledTimes(1);
    expect(host.current).not.toBe(first);

    forward.mockClear();
    expect((await host.handle('parties.create', { type: 'customer', name: 'Bharat' })).ok).toBe(true);
    expect(forward).toHaveBeenCalledWith('db.changed', expect.anything());
    await host.close();
  });
});

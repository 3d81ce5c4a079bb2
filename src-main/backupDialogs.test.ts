import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import type { Result } from './contract';
import { backupDialogs } from './backupDialogs';

const check = { path: '/b/x.db', businessId: 'b1', businessName: 'Sharma Kirana', otherBusiness: false, partyCount: 3, entryCount: 40, lastChangeAt: null, sizeBytes: 1 };

function setup(opts: { open?: string[]; save?: string; confirm?: number; results: Record<string, Result<unknown>>; language?: 'en' | 'hi' }) {
  const dialog = {
    showOpenDialog: vi.fn(async () => ({ canceled: !opts.open, filePaths: opts.open ?? [] })),
    showSaveDialog: vi.fn(async () => ({ canceled: !opts.save, filePath: opts.save })),
    showMessageBox: vi.fn(async (o: { buttons?: string[] }) => ({ response: o.buttons && o.buttons.length > 1 ? (opts.confirm ?? 0) : 0, checkboxChecked: false })),
  };
  const handle = vi.fn(async (name: string) => opts.results[name] ?? { ok: false as const, error: { code: 'NOT_FOUND' as const, message: 'no' } });
  const clipboard = { writeText: vi.fn() };
  const d = backupDialogs({
    dialog: dialog as never,
    shell: { openPath: vi.fn(async () => '') },
    clipboard,
    window: () => null,
    handle,
    backupsFolder: '/data/backups',
    documentsFolder: '/home/me/Documents',
    appInfo: { version: '0.1.0', electron: '38', chrome: '140', os: 'win32' },
    today: () => '2026-11-25',
    language: () => opts.language ?? 'en',
  });
  return { d, dialog, handle, clipboard };
}

describe('backup dialogs', () => {
  it('restore: says what happens to changes the backup lacks, before and after', async () => {
    const s = setup({
      open: ['/b/x.db'],
      confirm: 1,
      results: {
        'backup.inspect': { ok: true, value: { ...check, unsentChanges: { count: 3, resend: false } } },
        'backup.restore': { ok: true, value: { replacedCopy: '/data/backups/r.db', resent: 0, setAside: 3 } },
      },
    });
    await s.d.restoreBackup();
    const texts = s.dialog.showMessageBox.mock.calls.map((c) => (c as unknown as [{ detail?: string }])[0].detail ?? '');
    expect(texts[0]).toMatch(/3 changes made on this computer are not in this backup/);
    expect(texts[1]).toMatch(/3 changes made after this backup are not in it; they are kept in the copy below/);
  });

  it('restore: inspect, confirm, restore with the chosen path', async () => {
    const s = setup({ open: ['/b/x.db'], confirm: 1, results: { 'backup.inspect': { ok: true, value: check }, 'backup.restore': { ok: true, value: { replacedCopy: '/data/backups/r.db' } } } });
    expect(await s.d.restoreBackup()).toEqual({ replacedCopy: '/data/backups/r.db' });
    expect(s.handle).toHaveBeenNthCalledWith(1, 'backup.inspect', { path: '/b/x.db' });
    expect(s.handle).toHaveBeenNthCalledWith(2, 'backup.restore', { path: '/b/x.db', confirmOtherBusiness: false });
    expect(s.dialog.showOpenDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: '/data/backups', properties: ['openFile'] }));
  });

  it('restore: Cancel restores nothing; a refused file shows the reason and restores nothing', async () => {
    const cancel = setup({ open: ['/b/x.db'], confirm: 0, results: { 'backup.inspect': { ok: true, value: check } } });
    expect(await cancel.d.restoreBackup()).toBeNull();
    expect(cancel.handle).not.toHaveBeenCalledWith('backup.restore', expect.anything());
    const bad = setup({ open: ['/b/x.db'], confirm: 1, results: { 'backup.inspect': { ok: false, error: { code: 'VALIDATION', message: 'This file is not a Lenden backup.' } } } });
    expect(await bad.d.restoreBackup()).toBeNull();
    expect(bad.dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ type: 'error', detail: 'This file is not a Lenden backup.' }));
    expect(bad.handle).toHaveBeenCalledTimes(1);
  });

  it('restore of another business: the warning says so and the confirmation is passed on', async () => {
    const s = setup({ open: ['/b/x.db'], confirm: 1, results: { 'backup.inspect': { ok: true, value: { ...check, otherBusiness: true } }, 'backup.restore': { ok: true, value: { replacedCopy: 'r' } } } });
    await s.d.restoreBackup();
    expect(s.dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('ANOTHER business') }));
    expect(s.handle).toHaveBeenCalledWith('backup.restore', { path: '/b/x.db', confirmOtherBusiness: true });
  });

  it('no file chosen: nothing happens', async () => {
    const s = setup({ results: {} });
    expect(await s.d.restoreBackup()).toBeNull();
    expect(await s.d.saveBackupAs()).toBeNull();
    expect(s.handle).not.toHaveBeenCalled();
  });

  it('save as passes the chosen path; diagnostics go to the clipboard', async () => {
    const s = setup({ save: '/home/me/Documents/x.db', results: { 'backup.create': { ok: true, value: { path: '/home/me/Documents/x.db' } }, 'diagnostics.get': { ok: true, value: { partyCount: 2 } } } });
    await s.d.saveBackupAs();
    expect(s.handle).toHaveBeenCalledWith('backup.create', { path: '/home/me/Documents/x.db' });
    const text = await s.d.copyDiagnostics();
    expect(s.clipboard.writeText).toHaveBeenCalledWith(text);
    expect(JSON.parse(text!)).toMatchObject({ app: { version: '0.1.0' }, partyCount: 2 });
  });

  it('speaks Hindi when the person uses Hindi: every dialog, title, button and file name', async () => {
    const s = setup({
      language: 'hi',
      open: ['/b/x.db'],
      save: '/home/me/x.db',
      confirm: 1,
      results: {
        'backup.inspect': { ok: true, value: { ...check, otherBusiness: true, unsentChanges: { count: 2, resend: true }, lastChangeAt: '2026-11-20T10:00:00.000Z' } },
        'backup.restore': { ok: true, value: { replacedCopy: '/data/backups/r.db', resent: 2, setAside: 1 } },
        'backup.create': { ok: true, value: { path: '/home/me/x.db' } },
        'diagnostics.get': { ok: true, value: { partyCount: 2 } },
      },
    });
    await s.d.restoreBackup();
    await s.d.saveBackupAs();
    await s.d.backupNow();
    await s.d.copyDiagnostics();
    const boxes = s.dialog.showMessageBox.mock.calls.map((c) => (c as unknown as [{ message: string; detail?: string; buttons: string[] }])[0]);
    const pickers = [...s.dialog.showOpenDialog.mock.calls, ...s.dialog.showSaveDialog.mock.calls].map((c) => (c as unknown as [{ title: string; filters: { name: string }[]; defaultPath: string }])[0]);
    expect(boxes[0]!.message).toBe('यह बैकअप किसी दूसरी दुकान का है। क्या अभी खुले डेटा को इससे बदल दें?');
    expect(boxes[0]!.buttons).toEqual(['रद्द करें', 'दूसरी दुकान के डेटा से बदलें']);
    expect(boxes[0]!.detail).toContain('दुकान: Sharma Kirana');
    expect(boxes[0]!.detail).toContain('इस कंप्यूटर के 2 बदलाव अभी सिंक सर्वर तक नहीं पहुँचे');
    expect(pickers[1]!.defaultPath).toBe('/home/me/Documents/लेनदेन बैकअप 2026-11-25.db');
    // Only the shop's own name, file paths and the .db ending may stay in Latin letters.
    const ownWords = (text: string) => text.replace(/Sharma Kirana/g, '').replace(/\/\S+/g, '').replace(/\.db\b/g, '');
    const texts = [...boxes.flatMap((b) => [b.message, b.detail ?? '', ...b.buttons]), ...pickers.flatMap((p) => [p.title, ...p.filters.map((f) => f.name)])];
    for (const text of texts) expect(ownWords(text).match(/[A-Za-z]+/g), text).toBeNull();
  });
});

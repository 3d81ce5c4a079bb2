import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { promptRestart, registerUpdater, UPDATE_CHECK_INTERVAL_MS } from './registerUpdater';

function fakeUpdater() {
  const handlers = new Map<string, (arg: unknown) => void>();
  return {
    on: vi.fn((name: string, fn: (arg: unknown) => void) => handlers.set(name, fn)),
    checkForUpdates: vi.fn(async () => null as unknown),
    quitAndInstall: vi.fn(),
    autoDownload: false,
    autoInstallOnAppQuit: false,
    logger: null as unknown,
    fire: (name: string, arg: unknown) => handlers.get(name)!(arg),
  };
}
const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

afterEach(() => {
  vi.useRealTimers();
});

describe('updater', () => {
  it('"Restart now" lets windows close and installs; "Later" does nothing', async () => {
    const updater = fakeUpdater();
    const beforeRestart = vi.fn();
    const yes = { showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })) };
    expect(await promptRestart({ dialog: yes as never, window: () => null, updater: updater as never, beforeRestart }, { version: '1.2.0' })).toBe(true);
    expect(yes.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ message: 'Lenden 1.2.0 is ready to install.', buttons: ['Restart now', 'Later'] }));
    expect(beforeRestart).toHaveBeenCalledBefore(updater.quitAndInstall);
    const later = { showMessageBox: vi.fn(async () => ({ response: 1, checkboxChecked: false })) };
    const updater2 = fakeUpdater();
    expect(await promptRestart({ dialog: later as never, window: () => null, updater: updater2 as never, beforeRestart: vi.fn() }, { version: '1.2.0' })).toBe(false);
    expect(updater2.quitAndInstall).not.toHaveBeenCalled();
  });

  it('asks in Hindi when the person uses Hindi', async () => {
    const yes = { showMessageBox: vi.fn(async () => ({ response: 1, checkboxChecked: false })) };
    await promptRestart({ dialog: yes as never, window: () => null, updater: fakeUpdater() as never, beforeRestart: vi.fn(), language: () => 'hi' }, { version: '1.2.0' });
    expect(yes.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'नया संस्करण तैयार', message: 'लेनदेन 1.2.0 इंस्टॉल के लिए तैयार है।', buttons: ['अभी दोबारा खोलें', 'बाद में'] }),
    );
    const dev = registerUpdater({ updater: fakeUpdater() as never, dialog: yes as never, window: () => null, log, beforeRestart: vi.fn(), isPackaged: false, language: () => 'hi' });
    await dev.checkNow();
    expect(yes.showMessageBox).toHaveBeenLastCalledWith({ type: 'info', message: 'नया संस्करण सिर्फ़ इंस्टॉल किए ऐप में देखा जाता है।', buttons: ['ठीक है'] });
  });

  it('when packaged: downloads in the background, checks on a timer, prompts when an update is downloaded', async () => {
    vi.useFakeTimers();
    const updater = fakeUpdater();
    const dialog = { showMessageBox: vi.fn(async () => ({ response: 1, checkboxChecked: false })) };
    const u = registerUpdater({ updater: updater as never, dialog: dialog as never, window: () => null, log, beforeRestart: vi.fn(), isPackaged: true });
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(UPDATE_CHECK_INTERVAL_MS);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    updater.fire('update-downloaded', { version: '9.9.9' });
    await vi.advanceTimersByTimeAsync(0);
    expect(dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ message: 'Lenden 9.9.9 is ready to install.' }));
    updater.fire('error', new Error('offline'));
    expect(log.warn).toHaveBeenCalled();
    u.stop();
  });

  it('in development there is no feed: nothing is checked', async () => {
    const updater = fakeUpdater();
    const dialog = { showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })) };
    const u = registerUpdater({ updater: updater as never, dialog: dialog as never, window: () => null, log, beforeRestart: vi.fn(), isPackaged: false });
    await u.checkNow();
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    expect(updater.on).not.toHaveBeenCalled();
  });
});

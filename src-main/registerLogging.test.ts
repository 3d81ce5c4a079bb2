import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const log = vi.hoisted(() => ({
  initialize: vi.fn(),
  transports: { file: {} as Record<string, unknown>, console: {} as Record<string, unknown> },
  errorHandler: { startCatching: vi.fn() },
}));
vi.mock('electron', () => ({}));
vi.mock('electron-log/main', () => ({ default: log }));

import { LOG_FILE_MAX_BYTES, registerLogging, rotateLogFile } from './registerLogging';

describe('logging', () => {
  it('writes to <logs>/main.log, rotates at 2 MB, records uncaught errors without dialogs', () => {
    registerLogging('/logs/Lenden');
    expect((log.transports.file.resolvePathFn as () => string)()).toBe(path.join('/logs/Lenden', 'main.log'));
    expect(log.transports.file.maxSize).toBe(LOG_FILE_MAX_BYTES);
    expect(log.errorHandler.startCatching).toHaveBeenCalledWith({ showDialog: false });
  });

  it('keeps the last 5 rotated files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-logs-'));
    const file = path.join(dir, 'main.log');
    for (let i = 1; i <= 7; i++) {
      fs.writeFileSync(file, `generation ${i}`);
      rotateLogFile(file, 5);
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.4.log', 'main.5.log']);
    expect(fs.readFileSync(path.join(dir, 'main.1.log'), 'utf8')).toBe('generation 7');
    expect(fs.readFileSync(path.join(dir, 'main.5.log'), 'utf8')).toBe('generation 3');
    (log.transports.file.archiveLogFn as (f: { path: string }) => void)({ path: file });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

import fs from 'node:fs';
import path from 'node:path';
import log from 'electron-log/main';

export const LOG_FILE_MAX_BYTES = 2 * 1024 * 1024;
export const LOG_FILES_KEPT = 5;

/**
 * Shift main.log -> main.1.log -> ... -> main.<keep>.log, dropping the oldest. electron-log
 * calls this when the live file reaches maxSize; it then starts a fresh main.log.
 */
export function rotateLogFile(file: string, keep = LOG_FILES_KEPT): void {
  const { dir, name, ext } = path.parse(file);
  const numbered = (n: number) => path.join(dir, `${name}.${n}${ext}`);
  fs.rmSync(numbered(keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    if (fs.existsSync(numbered(n))) fs.renameSync(numbered(n), numbered(n + 1));
  }
  if (fs.existsSync(file)) fs.renameSync(file, numbered(1));
}

export type Logger = Pick<typeof log, 'info' | 'warn' | 'error' | 'debug'>;

/** electron-log to <logs>/main.log (rotated at 2 MB, 5 kept), with uncaught errors recorded rather than shown. */
export function registerLogging(logsFolder: string): typeof log {
  log.initialize();
  log.transports.file.resolvePathFn = () => path.join(logsFolder, 'main.log');
  log.transports.file.maxSize = LOG_FILE_MAX_BYTES;
  log.transports.file.archiveLogFn = (oldLogFile) => {
    try {
      rotateLogFile(oldLogFile.path);
    } catch (error) {
      console.error('log rotation failed', error);
    }
  };
  log.transports.file.level = 'info';
  log.transports.console.level = process.env.NODE_ENV === 'production' ? false : 'debug';
  log.errorHandler.startCatching({ showDialog: false });
  return log;
}

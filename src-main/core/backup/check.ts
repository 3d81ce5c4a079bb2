import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupCheck } from '../../contract/backup';
import { copyCandidate, inspectCopy, type InspectOptions } from './inspect';

/** Check a backup file without restoring it: the same checks a restore makes, on a throwaway copy. */
export async function inspectBackupFile(source: string, opts: InspectOptions): Promise<BackupCheck> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-check-'));
  try {
    const copy = path.join(dir, 'candidate.db');
    await copyCandidate(path.resolve(source), copy);
    return inspectCopy(copy, path.resolve(source), opts);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

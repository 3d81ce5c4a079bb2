import fs from 'node:fs';
import os from 'node:os';

/**
 * The thread that serves the window must win the CPU over the core's work (a 100k-row sync, a
 * PDF, an export) on a two-core shop PC. On Linux every thread has its own nice value, so the
 * core thread lowers its own; the process and its routing thread keep theirs. On Windows the
 * same call would lower the whole process, and macOS offers no per-thread nice: there the OS
 * scheduler decides. Best effort: false when nothing was changed.
 */
export function yieldToTheWindow(platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return false;
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>" of the calling thread.
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    // Never the main thread: that one routes the window's messages.
    if (!Number.isSafeInteger(tid) || tid <= 0 || tid === process.pid) return false;
    os.setPriority(tid, os.constants.priority.PRIORITY_BELOW_NORMAL);
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm start` until it prints the app's address, as the README's first command runs it on a
 * machine without the Electron binary (the browser shell): once to build what a fresh clone
 * lacks, then three times with nothing changed. Each run gets its own data folder and a
 * random port, and is stopped by its process group.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../scripts/electron-binary.mjs';
import { round, summarize, type Figure } from './stats';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const WAIT_MS = 180_000;

/** Seconds from `npm start` to the printed address, and whether it built the renderer first. */
async function startOnce(): Promise<{ seconds: number; built: boolean }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-start-'));
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LENDEN_DATA_DIR: dataDir, LENDEN_PORT: '0' },
  });
  let out = '';
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no address in ${WAIT_MS / 1000} s:\n${out.slice(-2000)}`)), WAIT_MS);
      const read = (chunk: Buffer) => {
        out += chunk.toString();
        if (/Open http:\/\//.test(out)) {
          clearTimeout(timer);
          resolve({ seconds: (performance.now() - t0) / 1000, built: !/Build is up to date/.test(out) });
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start ended (${code}) before printing an address:\n${out.slice(-2000)}`));
      });
    });
  } finally {
    await stop(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** SIGTERM to the whole group (npm, the start script, the host), SIGKILL if it lingers. */
async function stop(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000))]);
  if (!killed) signal('SIGKILL');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
}

export async function benchStart(): Promise<Figure[]> {
  if (electronBinary()) {
    return [{ name: '`npm start` to an address (browser shell)', value: NaN, unit: 's', note: 'not measured: Electron is installed here, so npm start opens the desktop app' }];
  }
  const first = await startOnce();
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push((await startOnce()).seconds);
  return [
    { name: '`npm start` to an address, nothing changed: median of 3', value: round(summarize(runs).median, 2), unit: 's', target: '< 5 s', note: `runs ${runs.map((r) => r.toFixed(2)).join(', ')} s` },
    { name: '`npm start` to an address, the first run of this bench', value: round(first.seconds, 2), unit: 's', note: first.built ? 'built the renderer first' : 'nothing to build' },
  ];
}

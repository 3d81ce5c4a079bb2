import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSupabase } from '../../supabase/local/index';
import { expectConverged, newEmail, PASSWORD, settle, startDevice, startServer, type Device } from './harness';

// SIGKILL a device process at the worst moments of sync, 30+ times, and prove that after
// restarts nothing a user saw saved is lost and nothing is applied twice.
const ROUNDS = 32;
const KILL_POINTS = ['PUSH-SENT', 'PUSH-ANSWERED', 'PULL-PAGE', 'WROTE'] as const;

let sb: LocalSupabase;
let dir: string;
let childJs: string;
let b: Device | undefined;

beforeAll(async () => {
  sb = await startServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-crash-'));
  childJs = path.join(dir, 'child.mjs');
  // Bundle the child once so each restart costs a Node start, not a TypeScript compile.
  await build({
    entryPoints: [path.join(import.meta.dirname, 'crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: childJs,
    packages: 'external',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'silent',
  });
  fs.symlinkSync(path.join(process.cwd(), 'node_modules'), path.join(dir, 'node_modules'));
  // The bundled child resolves drizzle/ by walking up from its own file: give it a link.
  fs.symlinkSync(path.join(process.cwd(), 'drizzle'), path.join(dir, 'drizzle'));
}, 120_000);

afterAll(async () => {
  await b?.close();
  await sb?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function runChild(args: object, killOn: string | null, skip: number): Promise<{ wrote: string[]; killed: boolean; done: boolean; output: string[] }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [childJs, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const wrote: string[] = [];
    const output: string[] = [];
    let seen = 0;
    let killed = false;
    let done = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child hung; last lines: ${output.slice(-5).join(' | ')}`));
    }, 60_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (line.startsWith('WROTE ')) wrote.push(line.slice(6));
      if (line === 'DONE') done = true;
      if (killOn && !killed && line.startsWith(killOn) && seen++ >= skip) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr!.on('data', (d) => output.push(String(d)));
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ wrote, killed, done, output });
    });
  });
}

describe('crash safety: SIGKILL during sync', () => {
  it(`survives ${ROUNDS} kills at random points of push and pull with nothing lost or duplicated`, async () => {
    const email = newEmail('crash');
    // B is an in-process device of the same business that keeps writing, so the child has
    // pages to pull while it is being killed.
    b = await startDevice(sb, { name: 'B', email, signUp: true });
    const party = await b.call('parties.create', { type: 'customer', name: 'Crash Test' });
    await settle([b]);
    const file = path.join(dir, 'child.db');
    const saved: string[] = [];
    let kills = 0;
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    // Whether a kill point comes up depends on timing (a busy machine may finish a round
    // before it), so keep going until ROUNDS kills have landed, within a bounded number of runs.
    for (let round = 0; kills < ROUNDS && round < ROUNDS * 3; round++) {
      await b.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 7 + round });
      const killOn = KILL_POINTS[round % KILL_POINTS.length]!;
      const result = await runChild(
        { file, url: sb.url, anonKey: sb.anonKey, email, password: PASSWORD, partyId: party.id, writes: 6, pauseMs: 15 },
        killOn,
        rand(3),
      );
      if (!result.killed && !result.done) throw new Error(`child failed: ${result.output.slice(-5).join(' | ')}`);
      saved.push(...result.wrote);
      if (result.killed) kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(ROUNDS);
    // A final clean run drains whatever the kills left behind.
    const last = await runChild({ file, url: sb.url, anonKey: sb.anonKey, email, password: PASSWORD, partyId: party.id, writes: 0, pauseMs: 0 }, null, 0);
    expect(last.done, last.output.slice(-5).join(' | ')).toBe(true);
    await settle([b]);

    // Every entry the child reported saved is on the server exactly once, and on B.
    const unique = new Set(saved);
    expect(unique.size).toBe(saved.length);
    const server = await sb.sql<{ id: string }>('SELECT id FROM transactions WHERE party_id = $1', [party.id]);
    const serverIds = new Set(server.map((r) => r.id));
    for (const id of unique) expect(serverIds.has(id), `saved entry ${id} reached the server`).toBe(true);
    expect(server.length).toBe(serverIds.size);
    const onB = b.core.db.prepare('SELECT count(*) AS n FROM transactions WHERE party_id = ?').get(party.id) as { n: number };
    expect(onB.n).toBe(server.length);
    // Each applied op exactly once, and the business sequence has no gaps or repeats.
    const ops = await sb.sql<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT op_id) AS d FROM sync_applied_ops');
    expect(ops[0]!.n).toBe(ops[0]!.d);

    // The crashed device's database, reopened, equals B's.
    const a = await startDevice(sb, { name: 'A', email, file, dir });
    await settle([a, b]);
    expectConverged([b, a]);
    await a.close();
  }, 600_000);
});

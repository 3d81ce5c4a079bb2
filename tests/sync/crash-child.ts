/**
 * A device in its own process, for crash tests: it signs in, writes entries and syncs, and
 * announces each step on stdout so the parent can SIGKILL it at exact points:
 *   WROTE <id>       a local write committed (the user saw "Saved")
 *   PUSH-SENT        a push is about to go on the wire
 *   PUSH-ANSWERED    the server answered (and committed) but the answer is not applied yet
 *   PULL-PAGE        a pull page arrived and is not merged yet
 * Arguments: JSON { file, url, anonKey, email, password, partyId, writes }.
 */
import WebSocket from 'ws';
import { LedgerCore } from '../../src-main/core/core';
import { repoMigrationsFolder } from '../../src-main/core/db/paths';
import { MemorySecureStore } from '../../src-main/core/sync/secure-store';
import type { SyncTransport } from '../../src-main/core/sync/wire';

const args = JSON.parse(process.argv[2]!) as {
  file: string;
  url: string;
  anonKey: string;
  email: string;
  password: string;
  partyId: string;
  writes: number;
  pauseMs: number;
};
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Every call but push and pull goes straight to the real transport (its prototype).
const wrap = (t: SyncTransport): SyncTransport =>
  Object.assign(Object.create(t) as SyncTransport, {
    push: async (b: string, d: string, ops: Parameters<SyncTransport['push']>[2], o?: Parameters<SyncTransport['push']>[3]) => {
      say('PUSH-SENT');
      await sleep(args.pauseMs);
      const answer = await t.push(b, d, ops, o);
      say('PUSH-ANSWERED');
      await sleep(args.pauseMs);
      return answer;
    },
    pull: async (b: string, s: number, l: number, d: string, o?: Parameters<SyncTransport['pull']>[4]) => {
      const page = await t.pull(b, s, l, d, o);
      if (page.tables.length) {
        say('PULL-PAGE');
        await sleep(args.pauseMs);
      }
      return page;
    },
  });

const core = new LedgerCore({
  file: args.file,
  migrationsFolder: repoMigrationsFolder(),
  secureStore: new MemorySecureStore(),
  sync: { webSocket: WebSocket as never, wrapTransport: wrap, safetyPullMs: 200, digestEveryMs: 0, pullLimit: 7, pushBatch: 5, log: () => undefined },
  log: () => undefined,
});

async function main() {
  const configured = await core.handle('account.configure', { url: args.url, anonKey: args.anonKey });
  if (!configured.ok) throw new Error(JSON.stringify(configured.error));
  const signed = await core.handle('account.signIn', { email: args.email, password: args.password });
  if (!signed.ok) throw new Error(JSON.stringify(signed.error));
  // Catch up first: the party lives on the server until this device has pulled it.
  while (!core.db.prepare('SELECT 1 FROM customers WHERE id = ?').get(args.partyId)) {
    await core.sync.syncNow();
    await sleep(20);
  }
  say('READY');
  for (let i = 0; i < args.writes; i++) {
    const r = await core.handle('entries.add', { partyType: 'customer', partyId: args.partyId, direction: i % 3 ? 'gave' : 'got', amountPaise: 100 + i });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    say(`WROTE ${(r.value as { id: string }).id}`);
    await sleep(5);
  }
  for (;;) {
    await core.sync.syncNow();
    if ((core.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n === 0 && core.sync.status().state === 'synced') break;
    await sleep(50);
  }
  say('DONE');
  await core.close();
  process.exit(0);
}

main().catch((error) => {
  say(`FAILED ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});

import type { LedgerCore } from '../core';
import { balancesHeld, rebuildPartyBalances } from '../db/party-balances';
import { SYNCED_TABLES, type SyncedTable } from '../db/schema';
import type { Round, SyncContext } from './context';
import { heldBalancesOf } from './held-balances';
import type { Trouble } from './status';
import { SyncError, type Digest } from './wire';

/**
 * The same digest the server computes (docs/data-and-sync.md): rows per table, tombstones
 * included, and every party's balance. Rows set aside because they could not be stored here
 * count as present, and parties with such entries are not compared: the sync problem already
 * says so, and a re-pull would only set them aside again.
 */
export function localDigest(core: LedgerCore): Digest & { skipParties: string[] } {
  const counts: Record<string, number> = {};
  for (const table of SYNCED_TABLES) {
    counts[table] = (core.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE business_id = ?`).get(core.businessId) as { n: number }).n;
  }
  const aside = core.db
    .prepare('SELECT q.table_name, q.row FROM sync_quarantine q')
    .all() as { table_name: string; row: string }[];
  const skipParties: string[] = [];
  for (const q of aside) {
    const row = JSON.parse(q.row) as Record<string, unknown>;
    const present = (SYNCED_TABLES as readonly string[]).includes(q.table_name)
      ? core.db.prepare(`SELECT 1 FROM ${q.table_name} WHERE id = ?`).get(String(row.id))
      : undefined;
    if (!present && q.table_name in counts) counts[q.table_name]! += 1;
    if (q.table_name === 'transactions' && typeof row.party_id === 'string') skipParties.push(row.party_id);
  }
  const balances: Record<string, number> = {};
  const rows = core.db
    .prepare('SELECT party_id, balance_paise FROM party_balances WHERE business_id = ? AND entry_count > 0')
    .all(core.businessId) as { party_id: string; balance_paise: number }[];
  for (const r of rows) balances[r.party_id] = r.balance_paise;
  return { counts, balances, skipParties };
}

/** A human description of the first differences, or null when equal. */
export function compareDigests(local: Digest & { skipParties?: string[] }, server: Digest): string | null {
  const problems: string[] = [];
  // Profiles are per user and the server keeps only its own; compare the business tables.
  const tables = SYNCED_TABLES.filter((t): t is SyncedTable => t !== 'profiles');
  for (const t of tables) {
    const a = local.counts[t] ?? 0;
    const b = Number(server.counts[t] ?? 0);
    if (a !== b) problems.push(`${t}: ${a} here, ${b} on the server`);
  }
  const skip = new Set(local.skipParties ?? []);
  const ids = new Set([...Object.keys(local.balances), ...Object.keys(server.balances)]);
  let balanceDiffs = 0;
  for (const id of ids) if (!skip.has(id) && (local.balances[id] ?? 0) !== Number(server.balances[id] ?? 0)) balanceDiffs++;
  if (balanceDiffs) problems.push(`${balanceDiffs} party balance(s) differ`);
  return problems.length ? problems.slice(0, 5).join('; ') : null;
}

/**
 * After catching up, compare digests; repair a mismatch. Only a quiet state is compared:
 * nothing waiting here and nothing new on the server. A repair that cannot make the device
 * agree throws IntegrityFailure.
 *
 * The balances are an index over the entries kept here (db/party-balances.ts): they are
 * rebuilt from the entries first, which needs no download. Only a mismatch that remains starts
 * a full re-pull, after which the balances are rebuilt again (a row the re-pull finds unchanged
 * fires no trigger, so a re-pull alone cannot mend a balance).
 *
 * `wait` when the comparison must wait for the next round: pulled entries are not in the
 * balances yet (their addition failed, say on a full disk; the next pull adds them), so
 * balances would differ for a reason nothing here can fix yet, and the shop would see
 * "Integrity check failed" after pulling every row again.
 */
export async function checkIntegrity(ctx: SyncContext, round: Round, repull: () => Promise<void>): Promise<IntegrityOutcome> {
  const { core } = ctx;
  const server = await quietServerDigest(ctx, round);
  if (server === 'busy' || server === 'wait') return server;
  const mismatch = compareDigests(localDigest(core), server);
  if (!mismatch) return 'agrees';
  if (rebuildBalances(ctx) && !compareDigests(localDigest(core), server)) {
    ctx.log(`integrity digest mismatch (${mismatch}); repaired by rebuilding the balances from the entries`);
    return 'agrees';
  }
  ctx.log(`integrity digest mismatch (${mismatch}); repairing by full re-pull`);
  core.state.set('pull_cursor', '0');
  await repull();
  if (balancesHeld(core.db)) return 'wait';
  rebuildBalances(ctx);
  // The re-pull takes a while: an entry saved here or pushed elsewhere meanwhile is no
  // difference. Compared only when quiet again; otherwise the next due check compares.
  const after = await quietServerDigest(ctx, round);
  if (after === 'busy' || after === 'wait') return after;
  const again = compareDigests(localDigest(core), after);
  if (again) throw new IntegrityFailure(again);
  return 'agrees';
}

/**
 * The server's digest, when the state is quiet enough to compare it with this device's:
 * nothing waiting here, nothing on the server after this device's cursor, and no pulled
 * entries held out of the balances. The digest is asked first, so anything newer than it
 * shows in the one-row pull after it.
 */
async function quietServerDigest(ctx: SyncContext, round: Round): Promise<Digest | 'busy' | 'wait'> {
  const { core } = ctx;
  if (balancesHeld(core.db)) return 'wait';
  if (ctx.outbox.count() > 0) return 'busy';
  const transport = ctx.transport();
  const server = await transport.digest(core.businessId, { signal: round.signal });
  round.check();
  const newer = await transport.pull(core.businessId, Number(core.state.get('pull_cursor') ?? '0'), 1, core.deviceId, { signal: round.signal });
  round.check();
  if (balancesHeld(core.db)) return 'wait';
  if (newer.tables.length || ctx.outbox.count() > 0) return 'busy';
  return server;
}

/**
 * What a check came to: this device agrees with the server (as it was, or after a repair);
 * `busy`, not compared because changes are on their way (the next check is due as usual);
 * `wait`, not compared because pulled entries are not in the balances yet (check next round).
 */
export type IntegrityOutcome = 'agrees' | 'busy' | 'wait';

/** The repair ran, and this device's books still differ from the server's. */
export class IntegrityFailure extends SyncError {
  constructor(readonly differences: string) {
    super('server', `Integrity check failed after repair: ${differences}`);
  }
}

/** What the shop is told while its books differ from the server's after a repair. */
export function booksDiffer(differences: string): Trouble {
  return {
    kind: 'server',
    message: `This computer's books still differ from the server's after downloading them again (${differences}). Your entries are kept here; sync checks again in a few minutes. If this stays, copy the diagnostics for support.`,
  };
}

/** What the shop is told while pulled entries have waited several rounds to be added to the balances. */
export function balancesBehind(): Trouble {
  return {
    kind: 'server',
    message: 'Some balances on this computer do not include the entries downloaded last: adding them failed (is the disk full?). Your entries are kept; sync tries again at every round.',
  };
}

/**
 * The balances rebuilt from the entries here; false (nothing done) while a pull in this process
 * holds sums back: a rebuild then would count their entries twice (held-balances.ts).
 */
function rebuildBalances(ctx: SyncContext): boolean {
  if (heldBalancesOf(ctx.core.db).holding || balancesHeld(ctx.core.db)) return false;
  rebuildPartyBalances(ctx.core.db);
  ctx.core.notifyChanged(new Set(['transactions']));
  return true;
}

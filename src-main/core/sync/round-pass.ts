import { LendenError } from '../../contract/errors';
import type { Backoff } from './backoff';
import { repairClock } from './clock-repair';
import { RoundAbandoned, type Round, type SyncContext } from './context';
import { PULL_PAGE, PUSH_BATCH, type SyncEngineOptions } from './engine-options';
import type { IntegritySchedule } from './integrity-schedule';
import { linkBusiness } from './link';
import type { PageListener } from './page-listener';
import { pullAll, type PullSizes } from './pull';
import { pushAll } from './push';
import type { SyncSession } from './session';
import { describeAhead, troubleOf } from './status';
import type { SyncStatusKeeper } from './status-keeper';
import { SyncError } from './wire';

/** What one pass needs of the engine that runs it (engine.ts decides when passes run). */
export interface PassDeps {
  ctx: SyncContext;
  session: SyncSession;
  pages: PageListener;
  statusKeeper: SyncStatusKeeper;
  integrity: IntegritySchedule;
  backoff: Backoff;
  opts: SyncEngineOptions;
  log: (message: string, error?: unknown) => void;
  /** Listen to the pokes of this computer's business. */
  listen(): void;
  /** A round as soon as the current one ends (or now). */
  kick(delayMs: number): void;
  /** The next round after `delayMs`, replacing any other. */
  schedule(delayMs: number): void;
}

/**
 * One pass of the sync loop, signed in and not paused: link the business, listen, push, pull
 * unless the push found the server where this device left it, repair the clock, compare
 * digests; and, when it fails, what the failure means for the status and the next try.
 */
export class RoundPass {
  constructor(private readonly d: PassDeps) {}

  /** True when the pass ended well (or had nothing to do). */
  async run(round: Round): Promise<boolean> {
    const { ctx, session, pages, statusKeeper, integrity, opts } = this.d;
    try {
      if ((await linkBusiness(ctx, round)) === 'invited') {
        statusKeeper.trouble = { kind: 'invited', message: 'An invitation to join a shop is waiting. Accept or decline it in Settings → Account.' };
        statusKeeper.publish();
        return true;
      }
      // Linking may have joined this device to the account's business: listen to that one.
      if (session.listeningTo !== ctx.core.businessId) this.d.listen();
      await pages.listen(round);
      const batch = opts.pushBatch ?? PUSH_BATCH;
      // Quietly: the batch's own ops are still queued then, and must not start another round.
      const storeHeld = (seqBefore: number) => void ctx.quietly(() => pages.storeHeld(seqBefore));
      let pushed = await pushAll(ctx, round, batch, storeHeld);
      // Pulls keep working while pushes wait (a clock being fixed, ops kept for another user).
      // A push that found the server where this device left it needs no pull: nothing else
      // happened meanwhile, and what happens next arrives with a poke.
      if (!pushed.caughtUp) {
        await pullAll(
          ctx,
          round,
          opts.pullLimit ?? PULL_PAGE,
          (progress) => statusKeeper.set({ state: 'syncing', pending: ctx.outbox.count(), lastSyncedAt: statusKeeper.lastSyncedAt(), progress }),
          pullSizes(opts),
        );
      }
      if (pushed.clock?.serverTime) {
        const check = repairClock(ctx, pushed.clock.serverTime);
        if (!check.fixed) {
          throw new SyncError(
            'clock',
            `This computer's clock is ${describeAhead(check.aheadMs)} ahead. Fix the date and time; your changes are kept and will sync then.`,
          );
        }
        this.d.log(`sync: clock repaired; ${check.restamped} waiting change(s) re-stamped`);
      }
      // Merges may have queued changes (bill totals recomputed) and a clock repair frees held ones.
      if (sendable(ctx)) pushed = await pushAll(ctx, round, batch, storeHeld);
      if (pushed.clock) throw new SyncError('clock', pushed.clock.message);
      await integrity.maybeCheck(round);
      this.d.backoff.reset();
      statusKeeper.trouble = pushed.heldFor ? statusKeeper.heldTrouble(pushed.heldFor) : integrity.trouble();
      ctx.core.state.set('last_synced_at', new Date().toISOString());
      statusKeeper.publish();
      this.d.schedule(opts.safetyPullMs ?? 120_000);
      return true;
    } catch (error) {
      if (error instanceof RoundAbandoned || round.abandoned) return false;
      await this.failed(error);
      return false;
    }
  }

  private async failed(error: unknown): Promise<void> {
    const { session, statusKeeper } = this.d;
    const e = error instanceof SyncError ? error : error instanceof LendenError ? new SyncError('validation', error.message) : null;
    if (!e) this.d.log('sync round failed', error);
    if (e?.kind === 'auth' && (await session.refresh())) {
      // 401: the session was refreshed; retry at once.
      this.d.kick(0);
      return;
    }
    statusKeeper.trouble = troubleOf(e);
    const delay = this.d.backoff.next();
    if (e?.kind === 'auth') {
      statusKeeper.publish();
      return;
    }
    // Network and server trouble retry with backoff; what retrying soon will not fix (key,
    // removal, protocol, clock, permission) retries slowly — the user may fix it meanwhile,
    // and sync then resumes by itself.
    const wait = !e || e.retryable ? delay : Math.max(delay, 60_000);
    statusKeeper.publish(new Date(Date.now() + wait).toISOString());
    this.d.schedule(wait);
  }
}

/** The pull's page sizes and holds, as the engine's options set them. */
export function pullSizes(opts: SyncEngineOptions): PullSizes {
  return { historyLimit: opts.historyLimit, deferIndexesFrom: opts.deferIndexesFrom, holdBalancesMs: opts.holdBalancesMs };
}

/** Ops this user may send now are waiting. */
export function sendable(ctx: SyncContext): boolean {
  return ctx.outbox.peek(1, ctx.core.userId).ops.length > 0;
}

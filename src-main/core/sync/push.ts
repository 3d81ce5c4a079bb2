import { storeReplayable } from './bulk-store';
import type { Round, SyncContext } from './context';
import { renumberRefusedBill } from './renumber';
import { SyncError, type PushRejection, type PushResult, type WireOp } from './wire';

export interface PushOutcome {
  /** The next op waiting belongs to another user (kept for them). */
  heldFor: string | null;
  /** The server refused ops for this device's clock: they wait, with the server's time. */
  clock: { message: string; serverTime: string | null } | null;
  /**
   * Every batch sent found the server exactly where this device's last pull left it, so the
   * device is at the server's head: the round needs no pull (anything newer comes with a poke).
   */
  caughtUp: boolean;
}

/** Why an op is refused and what follows from it. */
const RENUMBER = new Set(['invoice_number_taken', 'invoice_series_not_yours']);

/**
 * Push the outbox in write order, in batches; ops leave the outbox only when the server's
 * answer arrives. A refusal of one op (or one unit) sets only it aside — rolled back to the
 * server's version and listed as a sync problem — and the rest keeps flowing: a whole batch
 * the server refuses is halved until the op it cannot take is found.
 */
export async function pushAll(ctx: SyncContext, round: Round, batchSize: number, beforeAnswer?: (seqBefore: number) => void): Promise<PushOutcome> {
  const { core } = ctx;
  let limit = batchSize;
  let sent = 0;
  let caughtUp = true;
  for (;;) {
    const batch = ctx.outbox.peek(limit, core.userId);
    if (!batch.ops.length) return { heldFor: batch.heldFor, clock: null, caughtUp: caughtUp && sent > 0 };
    let result: PushResult;
    try {
      result = await ctx.transport().push(core.businessId, core.deviceId, batch.ops, { signal: round.signal });
    } catch (error) {
      if (error instanceof SyncError && (error.kind === 'validation' || error.kind === 'refused')) {
        round.check();
        const units = new Set(batch.ops.map((op) => op.unit ?? op.op_id));
        if (units.size > 1) {
          // Halve until the op the server cannot take is alone; the good half goes through.
          limit = Math.max(1, Math.floor(batch.ops.length / 2));
          continue;
        }
        await setAside(ctx, round, batch.ops, error);
        caughtUp = false;
        limit = batchSize;
        continue;
      }
      throw error;
    }
    round.check();
    // Pages of changes made elsewhere before this batch, heard meanwhile, go in first: the
    // answer then finds the cursor where the batch found the server (page-listener.ts).
    if (beforeAnswer && Number.isSafeInteger(result.seq_before)) beforeAnswer(result.seq_before!);
    const applied = applyPushResult(ctx, batch.ops, result);
    sent++;
    caughtUp &&= applied.caughtUp;
    if (applied.clock) return { heldFor: null, clock: applied.clock, caughtUp: false };
    // Waiting for the device to register its series again (next round): stop here.
    if (applied.relink) return { heldFor: null, clock: null, caughtUp: false };
    limit = batchSize;
  }
}

/**
 * Apply the server's answer in one transaction: acknowledged ops leave the outbox; refused
 * ones are rolled back to the server's row and listed (a refused bill takes its unit with
 * it); a bill whose number was taken is renumbered and sent again; ops refused for the
 * clock wait. Returns the clock refusal, if any.
 */
export function applyPushResult(ctx: SyncContext, ops: readonly WireOp[], result: PushResult): { clock: PushOutcome['clock']; relink: boolean; caughtUp: boolean } {
  const { core } = ctx;
  const byId = new Map(ops.map((op) => [op.op_id, op]));
  const answered = new Set([...result.accepted, ...result.rejected.map((r) => r.op_id)]);
  const unanswered = ops.filter((op) => !answered.has(op.op_id));
  // A CLOCK refusal is about this device's clock, not the change: keep the op and its row
  // (and later refusals of the same rows, e.g. an edit of a row whose create was held back).
  const clockRefusals = result.rejected.filter((r) => r.code === 'CLOCK');
  const heldRows = new Set(clockRefusals.map((r) => byId.get(r.op_id)).filter(Boolean).map((op) => `${op!.table}:${op!.row_id}`));
  const touched = new Set<string>();
  let relink = false;
  let caughtUp = false;
  const store = core.db.transaction(() => {
    ctx.outbox.remove(result.accepted);
    // Units renumbered here are sent again as they are: none of their ops is set aside.
    const kept = new Set<string>();
    for (const r of result.rejected) {
      const op = byId.get(r.op_id);
      const renumbered = op && r.reason && RENUMBER.has(r.reason) ? renumberRefusedBill(ctx, op, r) : false;
      if (!op || !renumbered) continue;
      kept.add(op.unit ?? op.op_id);
      touched.add('bills').add('transactions');
      if (renumbered === 'relink') relink = true;
    }
    for (const r of result.rejected) {
      const op = byId.get(r.op_id);
      if (!op || r.code === 'CLOCK' || heldRows.has(`${op.table}:${op.row_id}`) || kept.has(op.unit ?? op.op_id)) continue;
      if (r.reason !== 'unit') ctx.problems.record(problemOf(op, r, ops));
      ctx.outbox.remove([op.op_id]);
      ctx.merger.restoreServerRow(op.table, op.row_id, r.row);
      touched.add(op.table);
    }
    for (const t of ctx.merger.applyDeferred()) touched.add(t);
    // Nothing happened on the server between our last pull and this batch: the batch's
    // changes are ours and already here, so the cursor moves past them without pulling them back.
    const cursor = core.state.get('pull_cursor') ?? '0';
    if (result.seq_before !== undefined && cursor === String(result.seq_before) && result.seq > result.seq_before && !unanswered.length) {
      core.state.set('pull_cursor', String(result.seq));
      if (Number(core.state.get('head_seq') ?? '0') < result.seq) core.state.set('head_seq', String(result.seq));
      if (core.state.get('history_cursor') === cursor) core.state.set('history_cursor', String(result.seq));
      caughtUp = !result.rejected.length;
    }
    core.state.set('hlc', JSON.stringify(core.clock.snapshot()));
  });
  // An answer that only accepts can be had again: if a power cut loses it, the ops go again and
  // the server, which knows their op ids, accepts them again without applying them twice. It
  // is stored without waiting on the disk (bulk-store.ts), one fsync less per push on the core's
  // thread. A refusal changes what the shop sees (rows restored, problems listed, a bill
  // renumbered): that answer waits for the disk like the shop's own writes.
  ctx.quietly(() => (result.rejected.length ? store() : storeReplayable(core.db, store)));
  core.notifyChanged(touched);
  if (unanswered.length) throw new SyncError('server', 'The sync server did not answer for every change; retrying.');
  const clock = clockRefusals[0];
  if (!clock) return { clock: null, relink, caughtUp };
  const serverTime = typeof clock.detail?.server_time === 'string' ? clock.detail.server_time : (result.server_time ?? null);
  return { clock: { message: clock.message.replace(/^CLOCK:\s*/, ''), serverTime }, relink, caughtUp: false };
}

/** One sync problem for a refused op; a refused unit is listed once, by the op that caused it. */
function problemOf(op: WireOp, r: PushRejection, batch: readonly WireOp[]) {
  const together = op.unit ? batch.filter((o) => o.unit === op.unit && o.op_id !== op.op_id).length : 0;
  return {
    opId: op.op_id,
    table: op.table,
    rowId: op.row_id,
    code: r.code,
    message: r.message,
    fields: op.fields,
    reason: r.reason ?? r.code.toLowerCase(),
    detail: { ...(r.detail ?? {}), ...(together ? { refusedWith: together } : {}) },
  };
}

/**
 * The server refused a whole call for this op (or unit) alone — a value it cannot take at
 * all. Set it aside like any refusal: each row back to the server's version (read now), the
 * change kept in the sync problems. A failure to read the rows leaves everything queued.
 */
async function setAside(ctx: SyncContext, round: Round, ops: readonly WireOp[], error: SyncError): Promise<void> {
  const { core } = ctx;
  const rows = new Map<string, Record<string, unknown> | null>();
  for (const op of ops) {
    const key = `${op.table}:${op.row_id}`;
    if (!rows.has(key)) rows.set(key, await ctx.transport().fetchRow(op.table, op.row_id, core.businessId, { signal: round.signal }));
    round.check();
  }
  const touched = new Set<string>();
  ctx.quietly(() =>
    core.db.transaction(() => {
      const first = ops[0]!;
      ctx.problems.record({
        opId: first.op_id,
        table: first.table,
        rowId: first.row_id,
        code: error.kind === 'validation' ? 'VALIDATION' : 'REFUSED',
        message: error.message,
        fields: first.fields,
        reason: 'refused',
        detail: { status: error.status ?? null, ...(ops.length > 1 ? { refusedWith: ops.length - 1 } : {}) },
      });
      ctx.outbox.remove(ops.map((op) => op.op_id));
      for (const op of ops) {
        ctx.merger.restoreServerRow(op.table, op.row_id, rows.get(`${op.table}:${op.row_id}`) ?? null);
        touched.add(op.table);
      }
      for (const t of ctx.merger.applyDeferred()) touched.add(t);
    })(),
  );
  core.notifyChanged(touched);
}

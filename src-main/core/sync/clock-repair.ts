import type { SyncContext } from './context';
import { parseStamp } from './clock';
import { rowStamps } from '../db/stamps';

/** How far the server may be behind this device before the clock counts as still wrong. */
const STILL_AHEAD_MS = 60_000;
/** The server refuses stamps more than 5 minutes ahead of its clock; re-stamp anything past 4. */
const RESTAMP_PAST_MS = 4 * 60_000;

export type ClockCheck = { fixed: true; restamped: number } | { fixed: false; aheadMs: number };

/**
 * A device whose clock ran ahead wrote changes stamped in the future, and the server refused
 * them (CLOCK). Once the clock is right again (it agrees with the server's), those changes
 * get new stamps from the corrected clock — in the order they were made, the same fields in
 * their rows with them — and are sent like any other. Nothing written meanwhile is lost.
 * While the clock is still ahead, nothing changes and the caller says by how much.
 */
export function repairClock(ctx: SyncContext, serverTime: string): ClockCheck {
  const { core } = ctx;
  const server = Date.parse(serverTime);
  const wall = Date.parse(core.ctx.nowIso());
  if (!Number.isFinite(server)) return { fixed: false, aheadMs: 0 };
  if (wall > server + STILL_AHEAD_MS) return { fixed: false, aheadMs: wall - server };
  const limit = server + RESTAMP_PAST_MS;
  const future = ctx.outbox.all().filter((op) => parseStamp(op.stamp).millis > limit);
  let restamped = 0;
  ctx.quietly(() =>
    core.db.transaction(() => {
      core.clock.reset(Math.min(wall, server));
      for (const op of future) {
        const stamp = core.clock.now();
        const fields = JSON.parse(op.fields) as Record<string, unknown>;
        ctx.outbox.rewrite(op.op_id, fields, stamp);
        const row = core.db.prepare(`SELECT field_stamps FROM ${op.table_name} WHERE id = ?`).get(op.row_id) as { field_stamps: string } | undefined;
        if (row) {
          const stamps = rowStamps(core.db, op.table_name, row.field_stamps);
          let changed = false;
          for (const key of Object.keys(fields)) {
            if (stamps[key] === op.stamp) {
              stamps[key] = stamp;
              changed = true;
            }
          }
          if (changed) core.db.prepare(`UPDATE ${op.table_name} SET field_stamps = ? WHERE id = ?`).run(JSON.stringify(stamps), op.row_id);
        }
        restamped++;
      }
      // Rows this device stamped ahead that have no waiting op any more keep their stamps:
      // the server accepted those (they were within its 5 minutes).
      core.state.set('hlc', JSON.stringify(core.clock.snapshot()));
    })(),
  );
  return { fixed: true, restamped };
}

/**
 * The server's set-based push of one batch, this migration's lenden.push_fast against the
 * version before it (read from its migration file and installed under another name), on the
 * same server, alternating, each batch rolled back: a ratio from one run on one machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { LocalSupabase } from '../supabase/local/index';
import { round, summarize, type Figure } from './stats';

const PREVIOUS = '20261204000000_sync_speed.sql';

/** The previous migration's push_fast, renamed. */
function previousPushFast(): string {
  const sql = fs.readFileSync(path.join(import.meta.dirname, '..', 'supabase', 'migrations', PREVIOUS), 'utf8');
  const start = sql.indexOf('create or replace function lenden.push_fast(');
  const end = sql.indexOf('revoke all on function lenden.push_fast(', start);
  if (start < 0 || end < 0) throw new Error(`push_fast not found in ${PREVIOUS}`);
  return sql.slice(start, end).replace('lenden.push_fast(', 'lenden.push_fast_previous(');
}

export async function benchServerPush(sb: LocalSupabase, businessId: string, deviceId: string, userId: string, partyId: string): Promise<Figure[]> {
  const client = new pg.Client({ connectionString: sb.databaseUrl });
  await client.connect();
  try {
    await client.query(previousPushFast());
    // A backlog's batch, and the one-entry batch every change made while online travels in.
    const figures = [...(await compare(client, businessId, deviceId, userId, partyId, 2_000, 8)), ...(await compare(client, businessId, deviceId, userId, partyId, 1, 40))];
    await client.query('drop function lenden.push_fast_previous(text, text, uuid, text, jsonb, text[], bigint)');
    return figures;
  } finally {
    await client.end();
  }
}

async function compare(client: pg.Client, businessId: string, deviceId: string, userId: string, partyId: string, batch: number, rounds: number): Promise<Figure[]> {
  {
    const times: Record<'now' | 'previous', number[]> = { now: [], previous: [] };
    const at = new Date().toISOString();
    for (let r = 0; r < rounds; r++) {
      for (const which of r % 2 ? (['previous', 'now'] as const) : (['now', 'previous'] as const)) {
        const tag = `${which}-${r}-${Date.now().toString(36)}`;
        const ops = Array.from({ length: batch }, (_, i) => {
          const id = `bench-${tag}-${i}`;
          return {
            op_id: `op-${tag}-${i}`, table: 'transactions', row_id: id, stamp: `${at}-0000-00000000000000b1`,
            fields: { id, business_id: businessId, created_at: at, updated_at: at, deleted_at: null, party_type: 'customer', party_id: partyId, direction: i % 2 ? 'got' : 'gave', amount_paise: 100 + i, entry_date: '2026-11-25', note: null, bill_id: null },
          };
        });
        await client.query('begin');
        const seq = Number((await client.query('select seq from public.sync_state where business_id = $1 for update', [businessId])).rows[0].seq);
        const t0 = performance.now();
        await client.query(
          `select lenden.${which === 'now' ? 'push_fast' : 'push_fast_previous'}($1, $2, $3::uuid, 'owner', $4::jsonb, array_fill(null::text, array[$5::int]), $6)`,
          [businessId, deviceId, userId, JSON.stringify(ops), ops.length, seq],
        );
        times[which].push(performance.now() - t0);
        await client.query('rollback');
      }
    }
    const now = summarize(times.now).median;
    const previous = summarize(times.previous).median;
    return [
      { name: `server set-based push of ${batch} new ${batch === 1 ? 'entry' : 'entries'} (push_fast, rolled back), median of ${rounds}`, value: round(now, batch === 1 ? 2 : 0), unit: 'ms', note: `${Math.round(batch / (now / 1000))} ops/s` },
      { name: `same batch, push_fast before migration 20261209000000`, value: round(previous, batch === 1 ? 2 : 0), unit: 'ms' },
      { name: `server push speed-up over the previous push_fast (${batch}-op batch)`, value: round(previous / now, 2), unit: 'x' },
    ];
  }
}

import { describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { SupabaseTransport } from './transport';

/** A supabase-js client that answers RPCs from a script and records what it was asked. */
function scripted(answer: (args: Record<string, unknown>) => { data?: unknown; error?: { message: string; code?: string }; status: number }) {
  const calls: Record<string, unknown>[] = [];
  const client = {
    rpc(_name: string, args: Record<string, unknown>) {
      calls.push(args);
      const result = Promise.resolve({ data: null, error: null, ...answer(args) });
      return Object.assign(result, { abortSignal: () => result });
    },
  };
  return { transport: new SupabaseTransport(client as unknown as SupabaseClient), calls };
}

const PAGE = { tables: [], last_seq: 0, head_seq: 0, more: false };

describe('SupabaseTransport.pull', () => {
  it('asks for format 3 pages', async () => {
    const { transport, calls } = scripted(() => ({ data: { ...PAGE, format: 3 }, status: 200 }));
    expect(await transport.pull('b', 0, 100, 'd')).toEqual({ ...PAGE, format: 3 });
    expect(calls.map((c) => c.p_format)).toEqual([3]);
  });

  it('asks as before when the server has no format 3 pull yet, and does not ask for it again on every page', async () => {
    const { transport, calls } = scripted((args) =>
      args.p_format === undefined ? { data: PAGE, status: 200 } : { error: { message: 'Could not find the function public.sync_pull(...) in the schema cache', code: 'PGRST202' }, status: 404 },
    );
    expect(await transport.pull('b', 0, 100, 'd')).toEqual(PAGE);
    expect(await transport.pull('b', 0, 100, 'd')).toEqual(PAGE);
    expect(calls.map((c) => c.p_format ?? 'none')).toEqual([3, 'none', 'none']);
  });

  it('reports any other failure of the format 3 pull as it is, without asking again', async () => {
    const { transport, calls } = scripted(() => ({ error: { message: 'FORBIDDEN: not a member of this business' }, status: 400 }));
    await expect(transport.pull('b', 0, 100, 'd')).rejects.toMatchObject({ kind: 'forbidden' });
    expect(calls).toHaveLength(1);
  });
});

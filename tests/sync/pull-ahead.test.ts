import { describe, expect, it } from 'vitest';
import type { SyncTransport } from '../../src-main/core/sync/wire';
import { expectConverged, newEmail, settle, startDevice, waitFor, type Device, serverForFile } from './harness';

// A device asks for the next page before storing the one it has (the server reads while the
// device writes). What it stores must not change: every page once, in order, each with its
// cursor; a page asked for ahead and not needed (a stopped round) is dropped quietly.

const standIn = serverForFile();
const devices = standIn.devices;

interface Asked {
  kind: 'pull' | 'history';
  since: number;
  /** The device's stored cursor (rows, or history) when the page was asked for. */
  storedAt: number;
}

function recording(device: () => Device | undefined, asked: Asked[], gate?: { hold: Promise<void> | null }) {
  return (t: SyncTransport): SyncTransport =>
    Object.assign(Object.create(t) as SyncTransport, {
      pull: async (...a: Parameters<SyncTransport['pull']>) => {
        const d = device();
        asked.push({ kind: 'pull', since: a[1], storedAt: Number(d?.core.state.get('pull_cursor') ?? 0) });
        const page = await t.pull(...a);
        if (gate?.hold) await gate.hold;
        return page;
      },
      history: async (...a: Parameters<SyncTransport['history']>) => {
        const d = device();
        asked.push({ kind: 'history', since: a[1], storedAt: Number(d?.core.state.get('history_cursor') ?? 0) });
        return t.history(...a);
      },
    });
}

describe('pulling ahead', () => {
  it('asks for page after page while storing, and stores the same books and history as the writer', async () => {
    const email = newEmail('ahead');
    const a = await startDevice(standIn.sb, { name: 'A', email, signUp: true });
    devices.push(a);
    const party = await a.call('parties.create', { type: 'customer', name: 'Paged Party' });
    for (let i = 0; i < 120; i++) await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: i % 3 ? 'gave' : 'got', amountPaise: 100 + i, note: `entry ${i}` });
    await a.call('entries.update', { id: (await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 5 })).id, patch: { amountPaise: 7 } });
    await settle([a]);

    const asked: Asked[] = [];
    // What leaves for the server, and when: B's HTTP client is made with this fetch (supabase-js
    // calls it only after looking up the session, so a page asked for can still wait behind a
    // page being stored unless the round lets it go first).
    const sent: Asked[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      const kind = /\/rpc\/sync_(pull|history)\b/.exec(String(input instanceof Request ? input.url : input))?.[1] as Asked['kind'] | undefined;
      if (kind && b) {
        const since = (JSON.parse(String(init?.body)) as { p_since: number }).p_since;
        sent.push({ kind, since, storedAt: Number(b.core.state.get(kind === 'pull' ? 'pull_cursor' : 'history_cursor') ?? 0) });
      }
      return realFetch(input, init);
    }) as typeof fetch;
    let b: Device | undefined = undefined;
    try {
      b = await startDevice(standIn.sb, { name: 'B', email, sync: { pullLimit: 25, historyLimit: 20, wrapTransport: recording(() => b, asked) } });
    } finally {
      globalThis.fetch = realFetch;
    }
    devices.push(b);
    await settle([a, b]);
    expectConverged([a, b]);

    const pulls = asked.filter((x) => x.kind === 'pull');
    // Every page but the first was asked for before the page below it was stored.
    const ahead = pulls.filter((x) => x.since > x.storedAt);
    expect(pulls.length).toBeGreaterThanOrEqual(5);
    expect(ahead.length).toBeGreaterThanOrEqual(3);
    // ...and was on its way to the server before that page was stored, rows and history alike.
    expect(sent.filter((x) => x.kind === 'pull' && x.since > x.storedAt).length).toBeGreaterThanOrEqual(3);
    expect(sent.filter((x) => x.kind === 'history' && x.since > x.storedAt).length).toBeGreaterThanOrEqual(2);
    // The history came after the rows and is whole: the edit shows with its old value.
    expect(asked.some((x) => x.kind === 'history')).toBe(true);
    const entry = b.core.db.prepare('SELECT id FROM transactions WHERE amount_paise = 7').get() as { id: string };
    const history = await b.call('audit.history', { table: 'transactions', rowId: entry.id });
    expect(history.map((h) => h.action)).toEqual(['create', 'update']);
    expect(history[1]).toMatchObject({ oldValues: { amount_paise: 5 }, newValues: { amount_paise: 7 } });
    expect(b.core.state.get('history_cursor')).toBe(b.core.state.get('pull_cursor'));
  });

  it('a round stopped while a page is on its way leaves no error behind and the next round finishes', async () => {
    const email = newEmail('stopped');
    const a = await startDevice(standIn.sb, { name: 'A', email, signUp: true });
    devices.push(a);
    const party = await a.call('parties.create', { type: 'customer', name: 'Stopped Party' });
    for (let i = 0; i < 60; i++) await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 1_000 + i });
    await settle([a]);

    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const asked: Asked[] = [];
      let release: () => void = () => undefined;
      const gate: { hold: Promise<void> | null } = { hold: new Promise<void>((r) => (release = r)) };
      let c: Device | undefined = undefined;
      c = await startDevice(standIn.sb, { name: 'C', email, sync: { pullLimit: 10, wrapTransport: recording(() => c, asked, gate) } });
      devices.push(c);
      // Pages are held on their way in; "Sync now" gives up on that round and starts again.
      const first = c.core.sync.syncNow();
      await new Promise((r) => setTimeout(r, 300));
      gate.hold = null;
      const again = c.core.sync.syncNow();
      release();
      await Promise.allSettled([first, again]);
      await settle([a, c]);
      expectConverged([a, c]);
      await new Promise((r) => setTimeout(r, 100));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('asks two pages ahead on a guess in a large pull, uses the guess only where the page really starts, and stores the same books', async () => {
    const email = newEmail('guess');
    const a = await startDevice(standIn.sb, { name: 'A', email, signUp: true });
    devices.push(a);
    const party = await a.call('parties.create', { type: 'customer', name: 'Guessed Party' });
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push((await a.call('entries.add', { partyType: 'customer', partyId: party.id, direction: 'gave', amountPaise: 100 + i })).id);
    await settle([a]);
    const limit = 10;

    // Every change made once: each page ends where the guess says, so each guessed page is used.
    const dense: Asked[] = [];
    let b: Device | undefined = undefined;
    b = await startDevice(standIn.sb, { name: 'B', email, sync: { pullLimit: limit, wrapTransport: recording(() => b, dense) } });
    devices.push(b);
    // The round that signing in starts, left to finish ("Sync now" would start it again).
    const pulled = (d: Device) => d.core.state.get('head_seq') !== null && d.core.state.get('pull_cursor') === d.core.state.get('head_seq');
    await waitFor(() => pulled(b!), 'the first pull');
    const densePulls = dense.filter((x) => x.kind === 'pull');
    await settle([a, b]);
    expectConverged([a, b]);
    expect(densePulls.filter((x) => x.since - x.storedAt >= 2 * limit).length).toBeGreaterThanOrEqual(5);
    // No page asked twice: at most the last guess (past the end) goes unused.
    const pages = Math.ceil(Number(b.core.state.get('head_seq')) / limit);
    expect(densePulls.length).toBeLessThanOrEqual(pages + 2);
    expect(new Set(densePulls.map((x) => x.since)).size).toBe(densePulls.length);

    // Entries edited later leave gaps in the numbers: pages end past the guess, the guesses are
    // dropped and the pages asked for again, and nothing is missed or stored twice.
    for (let i = 5; i < 60; i += 2) await a.call('entries.update', { id: ids[i]!, patch: { amountPaise: 5_000 + i } });
    await settle([a, b]);
    const sparse: Asked[] = [];
    let c: Device | undefined = undefined;
    c = await startDevice(standIn.sb, { name: 'C', email, sync: { pullLimit: limit, wrapTransport: recording(() => c, sparse) } });
    devices.push(c);
    await waitFor(() => pulled(c!), 'the first pull');
    const sparsePulls = sparse.filter((x) => x.kind === 'pull');
    await settle([a, b, c]);
    expectConverged([a, b, c]);
    const sparsePages = Math.ceil((Number(c.core.state.get('head_seq')) - 28) / limit);
    expect(sparsePulls.length).toBeGreaterThan(sparsePages + 2);
    // Pages were stored in order: the stored cursor never went back.
    const stored = sparsePulls.map((x) => x.storedAt);
    expect(stored).toEqual([...stored].sort((x, y) => x - y));
    expect(c.core.db.prepare('SELECT count(*) AS n FROM transactions WHERE amount_paise >= 5000').get()).toEqual({ n: 28 });
  });
});

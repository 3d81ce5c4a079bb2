import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../testing';
import { newId } from '../util/ids';
import { Round } from './context';
import { PageListener } from './page-listener';
import { readPokedPage, storePokedPage } from './poked-page';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const t of cores.splice(0)) await t.close();
});

const S = '2026-11-25T10:00:00.000Z-0001-00000000000000b7';
const COLUMNS = ['seq', 'id', 'created_at', 'updated_at', 'deleted_at', 'field_stamps', 'party_type', 'party_id', 'direction', 'amount_paise', 'entry_date', 'note', 'bill_id', 'mode', 'mode_ref'];
const STAMPS = Object.fromEntries(COLUMNS.filter((c) => !['seq', 'id', 'field_stamps'].includes(c)).map((c) => [c, S]));

/** An entry another computer made, as a page's row (format 3: no business_id). */
function row(seq: number, partyId: string, over: Record<string, unknown> = {}): unknown[] {
  const r: Record<string, unknown> = {
    seq, id: newId(), created_at: '2026-11-25T10:00:00.000Z', updated_at: '2026-11-25T10:00:00.000Z', deleted_at: null, field_stamps: STAMPS,
    party_type: 'customer', party_id: partyId, direction: 'gave', amount_paise: 4_200, entry_date: '2026-11-25', note: 'from the counter', bill_id: null, mode: null, mode_ref: null, ...over,
  };
  return COLUMNS.map((c) => r[c]);
}

/** A page sent with a poke: the changes after `since`, up to `last`. */
function message(business: string, since: number, rows: unknown[][], over: { page?: Record<string, unknown>; table?: Record<string, unknown> } = {}) {
  const last = since + rows.length;
  const history = rows.map((r) => [newId(), 'transactions', r[1], 'device-b', newId(), S, { amount_paise: r[9] }, {}, '2026-11-25T10:00:01.000Z', r[0]]);
  return {
    business_id: business,
    since,
    page: { tables: [{ table: 'transactions', columns: COLUMNS, rows, ...over.table }], history, last_seq: last, head_seq: last, more: false, format: 3, ...over.page },
  };
}

describe('readPokedPage', () => {
  const B = 'shop-1';
  const good = () => message(B, 10, [row(11, 'p1'), row(12, 'p1')]);

  it('reads a page of this shop that continues a cursor', () => {
    expect(readPokedPage(good(), B)).toMatchObject({ since: 10, page: { last_seq: 12 } });
    expect(readPokedPage({ ...good(), page: { ...good().page, history: [] } }, B)).not.toBeNull();
  });

  it('refuses anything else, whatever it holds', () => {
    const g = good();
    const table = g.page.tables[0]!;
    const garbage: unknown[] = [
      null, undefined, 'page', 42, [], {}, { ...g, business_id: 'another-shop' }, { ...g, business_id: undefined },
      { ...g, since: -1 }, { ...g, since: 1.5 }, { ...g, since: '10' }, { ...g, since: Number.MAX_SAFE_INTEGER + 2 }, { ...g, page: null }, { ...g, page: 'x' },
      message(B, 10, [row(11, 'p1')], { page: { format: 2 } }), message(B, 10, [row(11, 'p1')], { page: { format: undefined } }),
      message(B, 10, [row(11, 'p1')], { page: { more: true } }), message(B, 10, [row(11, 'p1')], { page: { last_seq: 10 } }),
      message(B, 10, [row(11, 'p1')], { page: { last_seq: 9 } }), message(B, 10, [row(11, 'p1')], { page: { head_seq: 10 } }),
      message(B, 10, [row(11, 'p1')], { page: { last_seq: '11' } }), message(B, 10, [row(11, 'p1')], { page: { tables: 'transactions' } }),
      message(B, 10, [row(11, 'p1')], { page: { tables: [null] } }), message(B, 10, [row(11, 'p1')], { table: { table: 'users' } }),
      message(B, 10, [row(11, 'p1')], { table: { table: 'sync_state' } }), message(B, 10, [row(11, 'p1')], { table: { columns: COLUMNS.filter((c) => c !== 'seq') } }),
      message(B, 10, [row(11, 'p1')], { table: { columns: COLUMNS.filter((c) => c !== 'id') } }), message(B, 10, [row(11, 'p1')], { table: { columns: [...COLUMNS.slice(0, -1), 'id'] } }),
      message(B, 10, [row(11, 'p1')], { table: { columns: [...COLUMNS.slice(0, -1), 7] } }), message(B, 10, [row(11, 'p1')], { table: { bits: [1, 2] } }),
      message(B, 10, [row(11, 'p1')], { table: { bits: COLUMNS.map(() => 60) } }), message(B, 10, [row(11, 'p1')], { table: { rows: 'rows' } }),
      message(B, 10, [row(11, 'p1').slice(1)]), message(B, 10, [[...row(11, 'p1'), 'extra']]), message(B, 10, [row(10, 'p1')]),
      message(B, 10, [row(11, 'p1')], { table: { rows: [row(12, 'p1')] } }), message(B, 10, [row(11, 'p1')], { table: { rows: [row(11.5, 'p1')] } }),
      message(B, 10, [row(11, 'p1')], { page: { history: 'none' } }), message(B, 10, [row(11, 'p1')], { page: { history: null } }),
      message(B, 10, [row(11, 'p1')], { page: { history: undefined } }), message(B, 10, [row(11, 'p1')], { page: { history: [[1, 2]] } }),
      message(B, 10, [row(11, 'p1')], { page: { history: [['op', 'transactions', 'r', 'd', 'u', S, {}, {}]] } }),
      message(B, 10, [row(11, 'p1')], { page: { history: [[null, 'transactions', 'r', 'd', 'u', S, {}, {}, 'at', 11]] } }),
    ];
    expect(table.rows).toHaveLength(2);
    for (const [i, g2] of garbage.entries()) expect(readPokedPage(g2, B), `garbage #${i}: ${JSON.stringify(g2)?.slice(0, 200)}`).toBeNull();
  });
});

describe('storePokedPage', () => {
  async function shop() {
    const t = createTestCore();
    cores.push(t);
    const party = await t.call('parties.create', { type: 'customer', name: 'Ramesh' });
    t.core.state.set('pull_cursor', '10');
    t.core.state.set('history_cursor', '10');
    return { t, ctx: t.core.sync.context, business: t.core.businessId, party: party.id };
  }
  const entries = (t: TestCore) => (t.core.db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;

  it('stores a page that starts at the cursor: rows, history and cursor together', async () => {
    const { t, ctx, business, party } = await shop();
    const page = message(business, 10, [row(11, party), row(12, party, { direction: 'got', amount_paise: 100 })]);
    expect(storePokedPage(ctx, page)).toBe(true);
    expect(entries(t)).toBe(2);
    expect(t.core.state.get('pull_cursor')).toBe('12');
    expect(t.core.state.get('history_cursor')).toBe('12');
    expect(t.core.state.get('head_seq')).toBe('12');
    expect((t.core.db.prepare("SELECT count(*) AS n FROM audit_log WHERE device_id = 'device-b'").get() as { n: number }).n).toBe(2);
    // Gave 42.00, got 1.00: the party's balance has both.
    expect(Math.abs((await t.call('parties.get', { type: 'customer', id: party })).balancePaise)).toBe(4_100);
    // The same page again is not where the rows stand any more.
    expect(storePokedPage(ctx, page)).toBe(false);
    expect(entries(t)).toBe(2);
  });

  it('leaves everything as it is when the page does not continue what is here', async () => {
    const { t, ctx, business, party } = await shop();
    const cases: [string, () => void, unknown][] = [
      ['a page that starts after the cursor', () => undefined, message(business, 11, [row(12, party)])],
      ['a page that starts before it', () => undefined, message(business, 9, [row(10, party), row(11, party)])],
      ['a computer that never pulled', () => t.core.state.set('pull_cursor', '0'), message(business, 0, [row(1, party)])],
      ['history behind the rows', () => t.core.state.set('history_cursor', '5'), message(business, 10, [row(11, party)])],
      ['a first pull not finished', () => t.core.state.set('first_pull_open', '1'), message(business, 10, [row(11, party)])],
      ['garbage', () => undefined, { business_id: business, since: 10, page: { tables: [{ table: 'transactions' }] } }],
    ];
    for (const [what, arrange, page] of cases) {
      t.core.state.set('pull_cursor', '10');
      t.core.state.set('history_cursor', '10');
      t.core.state.set('first_pull_open', '0');
      arrange();
      const cursor = t.core.state.get('pull_cursor');
      expect(storePokedPage(ctx, page), what).toBe(false);
      expect(t.core.state.get('pull_cursor'), what).toBe(cursor);
      expect(entries(t), what).toBe(0);
    }
  });

  it('sets a row it cannot store aside as a sync problem, as a pull does, and stores the rest', async () => {
    const { t, ctx, business, party } = await shop();
    expect(storePokedPage(ctx, message(business, 10, [row(11, party, { amount_paise: 'lots' }), row(12, party)]))).toBe(true);
    expect(entries(t)).toBe(1);
    expect(t.core.state.get('pull_cursor')).toBe('12');
    expect((t.core.db.prepare('SELECT count(*) AS n FROM sync_quarantine').get() as { n: number }).n).toBe(1);
    expect(await t.call('sync.problems')).toHaveLength(1);
  });
});

describe('PageListener', () => {
  /** A listener on a real core, with the session and the server's answer scripted. */
  async function listener(answer: () => Promise<unknown>, enabled = true) {
    const t = createTestCore();
    cores.push(t);
    const party = await t.call('parties.create', { type: 'customer', name: 'Ramesh' });
    t.core.state.set('pull_cursor', '10');
    t.core.state.set('history_cursor', '10');
    const asked: string[] = [];
    const subscribed: { topic: string; onPage: (p: unknown) => void }[] = [];
    const session = {
      transport: { pageTopic: (b: string, d: string) => (asked.push(`${b}/${d}`), answer()) },
      get pagesTopic() {
        return subscribed.at(-1)?.topic ?? null;
      },
      subscribePages: (topic: string, onPage: (p: unknown) => void) => void subscribed.push({ topic, onPage }),
    };
    let stored = 0;
    const gate = { round: false };
    const pages = new PageListener({ ctx: t.core.sync.context, session: session as never, enabled, mayTake: () => true, roundRunning: () => gate.round, stored: () => void stored++ });
    return { t, party: party.id, pages, asked, subscribed, gate, stored: () => stored };
  }
  const topic = (business: string, key = 'a'.repeat(64)) => ({ topic: `pages:${business}:${key}`, generation: 1 });

  it('asks for the topic once, listens to it, and stores the pages heard there', async () => {
    const l = await listener(async () => topic(l.t.core.businessId));
    await l.pages.listen(new Round());
    await l.pages.listen(new Round());
    expect(l.asked).toEqual([`${l.t.core.businessId}/${l.t.core.deviceId}`]);
    expect(l.subscribed.map((s) => s.topic)).toEqual([topic(l.t.core.businessId).topic]);
    l.subscribed[0]!.onPage(message(l.t.core.businessId, 10, [row(11, l.party)]));
    expect(l.stored()).toBe(1);
    expect(l.t.core.state.get('pull_cursor')).toBe('11');
  });

  it('drops what the old channel hears after forget(), until the topic is asked for again', async () => {
    const l = await listener(async () => topic(l.t.core.businessId));
    await l.pages.listen(new Round());
    l.pages.forget();
    l.subscribed[0]!.onPage(message(l.t.core.businessId, 10, [row(11, l.party)]));
    expect(l.stored()).toBe(0);
    expect(l.t.core.state.get('pull_cursor')).toBe('10');
    await l.pages.listen(new Round());
    expect(l.asked).toHaveLength(2);
  });

  it('asks again when a poke says another generation, and only then', async () => {
    let generation = 1;
    const l = await listener(async () => ({ ...topic(l.t.core.businessId, String(generation).repeat(64)), generation }));
    await l.pages.listen(new Round());
    expect(l.pages.heard(null)).toBe(false);
    expect(l.pages.heard(1)).toBe(false);
    generation = 2;
    expect(l.pages.heard(2)).toBe(true);
    expect(l.pages.heard(2)).toBe(false);
    await l.pages.listen(new Round());
    expect(l.subscribed.map((s) => s.topic.slice(-1))).toEqual(['1', '2']);
    // A page heard on the old key's channel is no longer taken.
    l.subscribed[0]!.onPage(message(l.t.core.businessId, 10, [row(11, l.party)]));
    expect(l.stored()).toBe(0);
  });

  it('keeps pages heard during a round and stores them in order when the push’s answer or the round’s end lets it', async () => {
    const l = await listener(async () => topic(l.t.core.businessId));
    await l.pages.listen(new Round());
    const b = l.t.core.businessId;
    l.gate.round = true;
    // Heard out of order: 12-13, then 10-11 and 11-12; and one the cursor has passed.
    l.subscribed[0]!.onPage(message(b, 12, [row(13, l.party)]));
    l.subscribed[0]!.onPage(message(b, 10, [row(11, l.party)]));
    l.subscribed[0]!.onPage(message(b, 11, [row(12, l.party)]));
    l.subscribed[0]!.onPage(message(b, 8, [row(9, l.party), row(10, l.party)]));
    l.subscribed[0]!.onPage({ garbage: true });
    expect(l.stored()).toBe(0);
    expect(l.t.core.state.get('pull_cursor')).toBe('10');
    // A push found the server at 12: the pages up to there go in, the one after it waits.
    expect(l.pages.storeHeld(12)).toBe(true);
    expect(l.t.core.state.get('pull_cursor')).toBe('12');
    expect(l.pages.storeHeld(12)).toBe(false);
    // The round's end: the rest, in order.
    expect(l.pages.storeHeld()).toBe(true);
    expect(l.t.core.state.get('pull_cursor')).toBe('13');
    expect((l.t.core.db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n).toBe(3);
    expect(l.pages.storeHeld()).toBe(false);
  });

  it('drops held pages after forget() and those the cursor has passed', async () => {
    const l = await listener(async () => topic(l.t.core.businessId));
    await l.pages.listen(new Round());
    const b = l.t.core.businessId;
    l.gate.round = true;
    l.subscribed[0]!.onPage(message(b, 10, [row(11, l.party)]));
    l.pages.forget();
    await l.pages.listen(new Round());
    expect(l.pages.storeHeld()).toBe(false);
    l.subscribed.at(-1)!.onPage(message(b, 10, [row(11, l.party)]));
    l.t.core.state.set('pull_cursor', '11');
    expect(l.pages.storeHeld()).toBe(false);
    expect((l.t.core.db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n).toBe(0);
  });

  it('listens to nothing when the answer is not this shop’s topic, the call fails or pages are off', async () => {
    for (const answer of [async () => ({ topic: 'pages:another-shop:key', generation: 1 }), async () => ({ topic: 42, generation: 1 }), async () => null, async () => ({ topic: 'pages:x' }), async () => {
      throw new Error('network down');
    }]) {
      const l = await listener(answer);
      await l.pages.listen(new Round());
      await l.pages.listen(new Round());
      expect(l.asked, String(answer)).toHaveLength(1);
      expect(l.subscribed).toEqual([]);
    }
    const off = await listener(async () => topic(off.t.core.businessId), false);
    await off.pages.listen(new Round());
    expect(off.asked).toEqual([]);
  });
});

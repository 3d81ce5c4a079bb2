import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../testing';
import type { Party } from '../../../contract';

let t: TestCore;
beforeEach(() => {
  t = createTestCore();
});
afterEach(() => t.close());

const count = (table: string) => (t.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const opsFor = (rowId: string) =>
  t.core.db.prepare('SELECT table_name, fields, stamp FROM outbox WHERE row_id = ? ORDER BY seq').all(rowId) as { table_name: string; fields: string; stamp: string }[];
const failure = async (method: string, input: unknown) => {
  const result = await t.core.handle(method, input);
  if (result.ok) throw new Error(`${method} should have failed`);
  return result.error;
};
const customer = (name: string, extra: Record<string, unknown> = {}) => t.call('parties.create', { type: 'customer', name, ...extra });

describe('parties: create, edit, delete, restore', () => {
  it('creates a party with trimmed, NFC text and one outbox op', async () => {
    const p = await customer('  Ramesh Traders  ', { phone: '98765 43210', address: '', notes: null });
    expect(p).toMatchObject({ type: 'customer', name: 'Ramesh Traders', phone: '9876543210', address: null, notes: null, balancePaise: 0, entryCount: 0, deletedAt: null });
    expect(await t.call('parties.get', { type: 'customer', id: p.id })).toEqual(p);
    const ops = opsFor(p.id);
    expect(ops).toHaveLength(1);
    expect(ops[0]!.table_name).toBe('customers');
    expect(JSON.parse(ops[0]!.fields)).toMatchObject({ name: 'Ramesh Traders', phone: '9876543210' });
  });

  it('keeps customers and suppliers apart', async () => {
    const c = await customer('Asha');
    expect((await failure('parties.get', { type: 'supplier', id: c.id })).code).toBe('NOT_FOUND');
    const s = await t.call('parties.create', { type: 'supplier', name: 'Wholesale Co' });
    expect(s.type).toBe('supplier');
    expect((await t.call('parties.list', { type: 'customer' })).items.map((p) => p.id)).toEqual([c.id]);
  });

  it('edits only the changed fields; an edit that changes nothing writes nothing', async () => {
    const p = await customer('Ramesh', { phone: '9876543210' });
    const edited = await t.call('parties.update', { type: 'customer', id: p.id, patch: { name: 'Ramesh Kumar', phone: '9876543210' } });
    expect(edited.name).toBe('Ramesh Kumar');
    const ops = opsFor(p.id);
    expect(ops).toHaveLength(2);
    expect(Object.keys(JSON.parse(ops[1]!.fields)).sort()).toEqual(['name', 'updated_at']);
    await t.call('parties.update', { type: 'customer', id: p.id, patch: { name: ' Ramesh Kumar ' } });
    expect(opsFor(p.id)).toHaveLength(2);
  });

  it('soft deletes and restores, and refuses edits of a deleted party', async () => {
    const p = await customer('Gone Soon');
    const deleted = await t.call('parties.delete', { type: 'customer', id: p.id });
    expect(deleted.deletedAt).not.toBeNull();
    expect(count('customers')).toBe(1);
    expect((await failure('parties.get', { type: 'customer', id: p.id })).code).toBe('NOT_FOUND');
    expect((await failure('parties.delete', { type: 'customer', id: p.id })).code).toBe('NOT_FOUND');
    expect((await failure('parties.update', { type: 'customer', id: p.id, patch: { name: 'x' } })).code).toBe('NOT_FOUND');
    expect((await t.call('parties.list', { type: 'customer' })).items).toHaveLength(0);
    expect((await t.call('parties.list', { type: 'customer', includeDeleted: true })).items.map((x) => x.id)).toEqual([p.id]);
    const restored = await t.call('parties.restore', { type: 'customer', id: p.id });
    expect(restored.deletedAt).toBeNull();
    expect(await t.call('parties.get', { type: 'customer', id: p.id })).toMatchObject({ id: p.id, deletedAt: null });
    // restoring a live party is a no-op, not a second op
    const before = opsFor(p.id).length;
    await t.call('parties.restore', { type: 'customer', id: p.id });
    expect(opsFor(p.id)).toHaveLength(before);
    const actions = t.core.db.prepare('SELECT action FROM audit_log WHERE row_id = ? ORDER BY id').all(p.id) as { action: string }[];
    expect(actions.map((a) => a.action)).toEqual(['create', 'delete', 'restore']);
  });

  it('reports a missing party as NOT_FOUND', async () => {
    const id = '0190f5e2-7b3c-7d4e-8f00-123456789abc';
    for (const m of ['parties.get', 'parties.delete', 'parties.restore']) expect((await failure(m, { type: 'customer', id })).code).toBe('NOT_FOUND');
    expect((await failure('parties.update', { type: 'customer', id, patch: { name: 'x' } })).code).toBe('NOT_FOUND');
  });
});

describe('parties: batch create', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Party ${String(i + 1).padStart(3, '0')}`, phone: `98${String(i).padStart(8, '0')}` }));

  it('creates every party of a batch in order, each with its own op', async () => {
    const created = await t.call('parties.batchCreate', { type: 'customer', parties: rows(120) });
    expect(created.map((p) => p.name)).toEqual(rows(120).map((r) => r.name));
    expect(count('customers')).toBe(120);
    expect(t.core.db.prepare("SELECT count(*) AS n FROM outbox WHERE table_name = 'customers'").get()).toEqual({ n: 120 });
  });

  it('writes nothing when row 50 fails at the database level', async () => {
    // A temporary trigger makes the database itself refuse the 50th insert.
    t.core.db.exec(`CREATE TEMP TRIGGER fail_row_50 BEFORE INSERT ON main.customers WHEN NEW.name = 'Party 050' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    const tables = ['customers', 'outbox', 'audit_log'];
    const before = tables.map(count);
    const changed: string[][] = [];
    t.core.on('db.changed', (e) => changed.push(e.tables));
    const result = await t.core.handle('parties.batchCreate', { type: 'customer', parties: rows(100) });
    expect(result.ok).toBe(false);
    expect(tables.map(count)).toEqual(before);
    expect(changed).toEqual([]);
  });

  it('refuses a whole batch when one row is invalid', async () => {
    const parties = rows(60);
    parties[49] = { name: '   ', phone: '1' };
    const error = await failure('parties.batchCreate', { type: 'customer', parties });
    expect(error.code).toBe('VALIDATION');
    expect(Object.keys(error.fields ?? {}).some((k) => k.startsWith('parties.49.'))).toBe(true);
    expect(count('customers')).toBe(0);
  });
});

describe('parties: search', () => {
  it('matches names case-insensitively', async () => {
    const r = await customer('Ramesh');
    await customer('Suresh');
    for (const q of ['rAMesh', 'RAMESH', 'ramesh', 'ame', '  Ram  ']) {
      expect((await t.call('parties.list', { type: 'customer', search: q })).items.map((p) => p.id), q).toEqual([r.id]);
    }
  });

  it('finds a name with non-ASCII capitals when typed as stored', async () => {
    const e = await customer('ÉCOLE Öl Traders');
    expect((await t.call('parties.list', { type: 'customer', search: 'ÉCOLE' })).items.map((p) => p.id)).toEqual([e.id]);
    expect((await t.call('parties.list', { type: 'customer', search: 'Öl traders' })).items.map((p) => p.id)).toEqual([e.id]);
  });

  it('matches phone digits however they are typed', async () => {
    const r = await customer('Ramesh', { phone: '+91 98765 43210' });
    await customer('Other', { phone: '9123456780' });
    for (const q of ['98765', '98765 43210', '98765-43210', '+9198765', '43210']) {
      expect((await t.call('parties.list', { type: 'customer', search: q })).items.map((p) => p.id), q).toEqual([r.id]);
    }
  });

  it('finds Devanagari names, typed composed or decomposed', async () => {
    const r = await customer('रमेश कुमार');
    await customer('सुरेश');
    expect((await t.call('parties.list', { type: 'customer', search: 'रमेश' })).items.map((p) => p.id)).toEqual([r.id]);
    // Latin letters with accents have distinct composed and decomposed forms
    const nfc = 'Zoë Café';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const z = await customer(nfd);
    expect(z.name).toBe(nfc);
    for (const q of [nfc, nfd, 'café'.normalize('NFD'), 'zoë']) {
      expect((await t.call('parties.list', { type: 'customer', search: q })).items.map((p) => p.id), q).toEqual([z.id]);
    }
    // U+0958 (क़) normalises to क + nukta: a name typed either way must be found either way
    const hindiNfd = '\u0958ादिर'.normalize('NFD');
    const k = await customer(hindiNfd);
    expect(k.name).toBe(hindiNfd.normalize('NFC'));
    for (const q of ['\u0958ादिर', '\u0915\u093cादिर', 'क़ा']) {
      expect((await t.call('parties.list', { type: 'customer', search: q })).items.map((p) => p.id)).toEqual([k.id]);
    }
  });

  it('treats LIKE wildcards and the escape character literally', async () => {
    const pct = await customer('50% Discount Store');
    const under = await customer('a_b Traders');
    const slash = await customer('Back\\slash');
    await customer('500 Stores');
    await customer('axb Traders');
    const ids = async (search: string) => (await t.call('parties.list', { type: 'customer', search })).items.map((p) => p.id);
    expect(await ids('%')).toEqual([pct.id]);
    expect(await ids('50%')).toEqual([pct.id]);
    expect(await ids('_')).toEqual([under.id]);
    expect(await ids('a_b')).toEqual([under.id]);
    expect(await ids('\\')).toEqual([slash.id]);
    expect(await ids('\\s')).toEqual([slash.id]);
  });

  it('does not find deleted parties unless asked', async () => {
    const p = await customer('Hidden Ramesh');
    await t.call('parties.delete', { type: 'customer', id: p.id });
    expect((await t.call('parties.list', { type: 'customer', search: 'ramesh' })).items).toEqual([]);
    expect((await t.call('parties.list', { type: 'customer', search: 'ramesh', includeDeleted: true })).items.map((x) => x.id)).toEqual([p.id]);
  });
});

describe('parties: sort, filter and totals', () => {
  async function fixture() {
    // balances: Asha +500 (you'll get), Bina -300 (you'll give), Chetan 0 (settled by entries), Dev no entries
    const [asha, bina, chetan, dev] = await t.call('parties.batchCreate', {
      type: 'customer',
      parties: [{ name: 'asha' }, { name: 'Bina' }, { name: 'Chetan' }, { name: 'Dev' }],
    });
    const add = (p: Party, direction: 'gave' | 'got', amountPaise: number, date: string) =>
      t.call('entries.add', { partyType: 'customer', partyId: p.id, direction, amountPaise, date });
    await add(asha!, 'gave', 700, '2026-01-05');
    await add(asha!, 'got', 200, '2026-03-01');
    await add(bina!, 'got', 300, '2026-02-10');
    await add(chetan!, 'gave', 100, '2026-04-01');
    await add(chetan!, 'got', 100, '2026-04-02');
    return { asha: asha!, bina: bina!, chetan: chetan!, dev: dev! };
  }
  const names = (page: { items: Party[] }) => page.items.map((p) => p.name);

  it('sorts by name (case-insensitively), balance and recent activity', async () => {
    await fixture();
    expect(names(await t.call('parties.list', { type: 'customer', sort: 'name' }))).toEqual(['asha', 'Bina', 'Chetan', 'Dev']);
    expect(names(await t.call('parties.list', { type: 'customer', sort: 'balance-desc' }))).toEqual(['asha', 'Chetan', 'Dev', 'Bina']);
    expect(names(await t.call('parties.list', { type: 'customer', sort: 'balance-asc' }))).toEqual(['Bina', 'Chetan', 'Dev', 'asha']);
    // Dev has no entries: his creation date (today, 2026 in the test clock or later) counts as activity
    const recent = names(await t.call('parties.list', { type: 'customer', sort: 'recent' }));
    expect(recent.filter((n) => n !== 'Dev')).toEqual(['Chetan', 'asha', 'Bina']);
  });

  it('filters get / give / settled and reports totals over all live parties', async () => {
    const { asha, bina } = await fixture();
    expect(names(await t.call('parties.list', { type: 'customer', filter: 'get' }))).toEqual(['asha']);
    expect(names(await t.call('parties.list', { type: 'customer', filter: 'give' }))).toEqual(['Bina']);
    expect(names(await t.call('parties.list', { type: 'customer', filter: 'settled' }))).toEqual(['Chetan', 'Dev']);
    const page = await t.call('parties.list', { type: 'customer', limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(4);
    expect(page.totals).toEqual({ youWillGetPaise: 500, youWillGivePaise: 300 });
    expect((await t.call('parties.list', { type: 'customer', filter: 'get' })).total).toBe(1);
    expect(await t.call('parties.get', { type: 'customer', id: asha.id })).toMatchObject({ balancePaise: 500, entryCount: 2, lastEntryDate: '2026-03-01' });
    await t.call('parties.delete', { type: 'customer', id: bina.id });
    expect((await t.call('parties.list', { type: 'customer' })).totals).toEqual({ youWillGetPaise: 500, youWillGivePaise: 0 });
    expect((await t.call('parties.list', { type: 'supplier' })).totals).toEqual({ youWillGetPaise: 0, youWillGivePaise: 0 });
  });

  it('pages with offset and limit without gaps or repeats', async () => {
    await t.call('parties.batchCreate', { type: 'customer', parties: Array.from({ length: 25 }, (_, i) => ({ name: `P${i % 5}` })) });
    const seen: string[] = [];
    for (let offset = 0; offset < 25; offset += 7) seen.push(...(await t.call('parties.list', { type: 'customer', offset, limit: 7 })).items.map((p) => p.id));
    expect(new Set(seen).size).toBe(25);
  });
});

describe('parties: GSTIN and state', () => {
  const gstin = '27ABCDE1234F1Z0';

  it('takes the state from the GSTIN when none is given', async () => {
    const p = await customer('GST Party', { gstin: gstin.toLowerCase() });
    expect(p).toMatchObject({ gstin, stateCode: '27' });
  });

  it('refuses a GSTIN of another state than the one chosen', async () => {
    const error = await failure('parties.create', { type: 'customer', name: 'x', gstin, stateCode: '29' });
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toHaveProperty('gstin');
    expect(count('customers')).toBe(0);
  });

  it('refuses a GSTIN whose first two digits are not a state', async () => {
    const error = await failure('parties.create', { type: 'customer', name: 'x', gstin: '99ABCDE1234F1Z5' });
    expect(error.code).toBe('VALIDATION');
    expect(count('customers')).toBe(0);
  });

  it('keeps GSTIN and state consistent through edits', async () => {
    const p = await customer('GST Party', { gstin });
    // clearing the state while the GSTIN stays: the state comes back from the GSTIN
    expect(await t.call('parties.update', { type: 'customer', id: p.id, patch: { stateCode: null } })).toMatchObject({ gstin, stateCode: '27' });
    // a state that contradicts the GSTIN is refused
    expect((await failure('parties.update', { type: 'customer', id: p.id, patch: { stateCode: '29' } })).code).toBe('VALIDATION');
    // a new GSTIN of another state together with its state is fine
    expect(await t.call('parties.update', { type: 'customer', id: p.id, patch: { gstin: '29ABCDE1234F1ZW', stateCode: '29' } })).toMatchObject({ stateCode: '29' });
    // dropping the GSTIN keeps the state the user chose
    expect(await t.call('parties.update', { type: 'customer', id: p.id, patch: { gstin: null } })).toMatchObject({ gstin: null, stateCode: '29' });
    // without a GSTIN any state is fine
    expect(await t.call('parties.update', { type: 'customer', id: p.id, patch: { stateCode: '07' } })).toMatchObject({ stateCode: '07' });
  });

  it('fills the state in when a GSTIN is added to a party without one', async () => {
    const p = await customer('Later GST');
    expect(await t.call('parties.update', { type: 'customer', id: p.id, patch: { gstin } })).toMatchObject({ gstin, stateCode: '27' });
    const ops = opsFor(p.id);
    expect(JSON.parse(ops[ops.length - 1]!.fields)).toMatchObject({ gstin, state_code: '27' });
  });
});

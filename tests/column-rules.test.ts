import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSupabase, type LocalSupabase } from '../supabase/local/index';
import { createTestCore, type TestCore } from '../src-main/core/testing';
import { COLUMN_RULES, MEMBER_RULES, type ColumnRule } from '../src-main/core/sync/column-rules';
import { SYNCED_TABLES } from '../src-main/core/db/schema';

/**
 * One set of column rules (DESIGN.md section 4; sync-trust scenario 1): the server must
 * refuse exactly what a device cannot store. The rules the device checks pulled rows with
 * (src-main/core/sync/column-rules.ts) must equal the server's lenden.column_spec, and both
 * must agree with the device schema (drizzle) on NOT NULL, defaults and types. Any
 * difference fails here.
 */
let sb: LocalSupabase;
let device: TestCore;

beforeAll(async () => {
  sb = await startLocalSupabase();
  device = createTestCore();
}, 120_000);

afterAll(async () => {
  await device?.close();
  await sb?.stop();
});

interface SpecRow {
  table_name: string;
  column_name: string;
  kind: string;
  required: boolean;
  not_null: boolean;
  max_length: number | null;
  pattern: string | null;
  enum_values: string[] | null;
  min_value: string | null;
  max_value: string | null;
  default_value: unknown;
}

const asServer = (rule: ColumnRule) => ({
  kind: rule.kind,
  required: rule.required ?? false,
  not_null: rule.notNull ?? false,
  max_length: rule.maxLength ?? null,
  pattern: rule.pattern ? rule.pattern.source : null,
  enum_values: rule.enumValues ? [...rule.enumValues] : null,
  min_value: rule.min ?? null,
  max_value: rule.max ?? null,
  default_value: rule.default ?? null,
});

describe('column rules', () => {
  it('the device rules equal the server column_spec, column for column', async () => {
    const rows = await sb.sql<SpecRow>('select * from lenden.column_spec order by table_name, column_name');
    const server: Record<string, Record<string, unknown>> = {};
    for (const r of rows) {
      server[r.table_name] ??= {};
      server[r.table_name]![r.column_name] = {
        kind: r.kind,
        required: r.required,
        not_null: r.not_null,
        max_length: r.max_length,
        pattern: r.pattern,
        enum_values: r.enum_values,
        min_value: r.min_value === null ? null : Number(r.min_value),
        max_value: r.max_value === null ? null : Number(r.max_value),
        default_value: r.default_value,
      };
    }
    const device: Record<string, Record<string, unknown>> = {};
    for (const [table, columns] of Object.entries(COLUMN_RULES)) {
      device[table] = Object.fromEntries(Object.entries(columns!).map(([c, rule]) => [c, asServer(rule)]));
    }
    expect(device).toEqual(server);
  });

  it('every pushable server table is in the registry and has rules; business_members is server-made', async () => {
    const registry = await sb.sql<{ table_name: string; pushable: boolean }>('select table_name, pushable from lenden.synced_tables order by position');
    expect(registry.map((r) => r.table_name).sort()).toEqual([...SYNCED_TABLES].sort());
    for (const r of registry) expect(r.table_name in COLUMN_RULES, r.table_name).toBe(r.pushable);
  });

  it('the device schema agrees: NOT NULL columns are required or never null, defaults match, types match', () => {
    const local = ['id', 'business_id', 'field_stamps'];
    for (const table of SYNCED_TABLES) {
      const rules = table === 'business_members' ? MEMBER_RULES : COLUMN_RULES[table]!;
      const columns = (device.core.db.prepare(`PRAGMA table_xinfo(${table})`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; hidden: number }[])
        // generated columns (hidden 2/3) are the device's own search helpers, never synced
        .filter((c) => c.hidden === 0 && !local.includes(c.name));
      expect(columns.map((c) => c.name).sort(), `${table}: device columns = rule columns`).toEqual(Object.keys(rules).sort());
      for (const c of columns) {
        const rule = rules[c.name]!;
        const where = `${table}.${c.name}`;
        expect(c.notnull === 1, `${where} NOT NULL on the device`).toBe(Boolean(rule.required || rule.notNull));
        if (rule.notNull) expect(c.dflt_value, `${where} has a device default`).not.toBeNull();
        if (c.notnull === 1 && c.dflt_value === null) expect(rule.required, `${where} NOT NULL without default must be required`).toBe(true);
        if (rule.default !== undefined) {
          const dflt = c.dflt_value!.replace(/^'(.*)'$/, '$1');
          expect(dflt, `${where} default`).toBe(String(rule.default));
        }
        expect(c.type.toUpperCase(), `${where} type`).toBe(rule.kind === 'int' ? 'INTEGER' : 'TEXT');
      }
    }
  });

  it('the server tables can hold what the rules allow: types match, NOT NULL only where required', async () => {
    for (const table of SYNCED_TABLES) {
      const rules = table === 'business_members' ? MEMBER_RULES : COLUMN_RULES[table]!;
      const cols = await sb.sql<{ column_name: string; data_type: string; is_nullable: string }>(
        `select column_name, data_type, is_nullable from information_schema.columns where table_schema = 'public' and table_name = $1`,
        [table],
      );
      for (const [name, rule] of Object.entries(rules)) {
        const col = cols.find((c) => c.column_name === name);
        expect(col, `${table}.${name} exists on the server`).toBeDefined();
        const expected = rule.kind === 'int' ? ['bigint', 'integer'] : rule.kind === 'items' ? ['jsonb'] : ['text', 'uuid'];
        expect(expected, `${table}.${name} server type ${col!.data_type}`).toContain(col!.data_type);
        if (col!.is_nullable === 'NO') expect(rule.required, `${table}.${name} NOT NULL on the server but not required`).toBe(true);
      }
    }
  });

  it('every synced table keeps its row stamp with the right column count (a migration adding a column must refresh it)', async () => {
    const rows = await sb.sql<{ table_name: string; expected: number; arg: string | null }>(
      `select s.table_name, lenden.stamped_columns(s.table_name) as expected,
              (select encode(t.tgargs, 'escape') from pg_trigger t where t.tgrelid = format('public.%I', s.table_name)::regclass and t.tgname = s.table_name || '_row_stamp') as arg
         from lenden.synced_tables s order by s.position`,
    );
    for (const r of rows) {
      // Arguments: the count, the stamped columns' names and their bits (each ends in \000).
      const [count, names, bits] = (r.arg ?? '').split('\\000');
      expect(count, r.table_name).toBe(String(r.expected));
      expect(names!.replace(/^\{|\}$/g, '').split(',').length, r.table_name).toBe(r.expected);
      expect(bits!.replace(/^\{|\}$/g, '').split(',').length, r.table_name).toBe(r.expected);
    }
  });
});

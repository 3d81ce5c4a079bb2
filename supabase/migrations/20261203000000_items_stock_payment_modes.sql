-- Lenden server schema, step 3: items, stock adjustments and payment modes (issue 12).
-- See docs/data-and-sync.md. Registered through the table registry of 20261201000000: no RPC
-- is rewritten. Clients of protocols 1 and 2 keep syncing: they ignore columns and tables
-- they do not know, and a bill line they rewrite without an item keeps its item (below).

-- ---------------------------------------------------------------------------------------
-- New columns of existing tables
-- ---------------------------------------------------------------------------------------

-- Printed on invoices and statements: where a customer can pay.
alter table public.business_settings
  add column upi_id text,
  add column bank_name text,
  add column bank_account text,
  add column bank_ifsc text;

-- How money moved: null when none did (goods on credit, a bill's own entry).
alter table public.transactions
  add column mode text check (mode in ('cash', 'upi', 'card', 'cheque', 'bank')),
  add column mode_ref text;

insert into lenden.column_spec (table_name, column_name, kind, required, not_null, max_length, pattern, enum_values, min_value, max_value, default_value) values
  ('business_settings', 'upi_id',       'text', false, false, 100,  null, null, null, null, null),
  ('business_settings', 'bank_name',    'text', false, false, 100,  null, null, null, null, null),
  ('business_settings', 'bank_account', 'text', false, false, 40,   null, null, null, null, null),
  ('business_settings', 'bank_ifsc',    'text', false, false, 20,   null, null, null, null, null),
  ('transactions',      'mode',         'enum', false, false, null, null, array['cash', 'upi', 'card', 'cheque', 'bank'], null, null, null),
  ('transactions',      'mode_ref',     'text', false, false, 40,   null, null, null, null, null);

-- ---------------------------------------------------------------------------------------
-- Items and stock adjustments (stock itself is derived on each device from movements)
-- ---------------------------------------------------------------------------------------

-- As in the other tables, columns with a device default may be null here (rows the device
-- repairs); the column rules keep pushes from ever writing null into them.
select lenden.add_synced_table('items', $cols$
  name text not null,
  hsn text,
  unit text default 'pcs' check (unit in ('pcs', 'kg', 'g', 'l', 'ml', 'box', 'pack', 'dozen', 'm')),
  sale_price_paise bigint default 0 check (sale_price_paise between 0 and 9999999999999),
  purchase_price_paise bigint default 0 check (purchase_price_paise between 0 and 9999999999999),
  gst_rate_bp integer default 0 check (gst_rate_bp between 0 and 10000),
  barcode text,
  opening_qty_milli bigint default 0 check (opening_qty_milli between 0 and 9999999999999),
  low_stock_milli bigint check (low_stock_milli between 0 and 9999999999999)
$cols$, 110, p_audited => false, p_owner_only => false, p_owner_deletes => true);

select lenden.add_synced_table('stock_adjustments', $cols$
  item_id text not null,
  qty_milli bigint not null check (qty_milli between -9999999999999 and 9999999999999),
  reason text not null check (reason in ('count', 'damage', 'expiry', 'lost', 'return', 'own_use', 'other')),
  adj_date text not null,
  note text
$cols$, 120);

insert into lenden.column_spec (table_name, column_name, kind, required, not_null, max_length, pattern, enum_values, min_value, max_value, default_value)
select t, c.column_name, c.kind, c.required, false, null, null, null, null, null, null
  from unnest(array['items', 'stock_adjustments']) as t
 cross join (values ('created_at', 'ts', true), ('updated_at', 'ts', true), ('deleted_at', 'ts', false)) as c(column_name, kind, required);

insert into lenden.column_spec (table_name, column_name, kind, required, not_null, max_length, pattern, enum_values, min_value, max_value, default_value) values
  ('items', 'name',                 'text', true,  false, 200,  null, null, null, null, null),
  ('items', 'hsn',                  'text', false, false, 16,   null, null, null, null, null),
  ('items', 'unit',                 'enum', false, true,  null, null, array['pcs', 'kg', 'g', 'l', 'ml', 'box', 'pack', 'dozen', 'm'], null, null, '"pcs"'),
  ('items', 'sale_price_paise',     'int',  false, true,  null, null, null, 0, 9999999999999, '0'),
  ('items', 'purchase_price_paise', 'int',  false, true,  null, null, null, 0, 9999999999999, '0'),
  ('items', 'gst_rate_bp',          'int',  false, true,  null, null, null, 0, 10000, '0'),
  ('items', 'barcode',              'text', false, false, 48,   null, null, null, null, null),
  ('items', 'opening_qty_milli',    'int',  false, true,  null, null, null, 0, 9999999999999, '0'),
  ('items', 'low_stock_milli',      'int',  false, false, null, null, null, 0, 9999999999999, null),

  ('stock_adjustments', 'item_id',   'id',   true,  false, null, null, null, null, null, null),
  ('stock_adjustments', 'qty_milli', 'int',  true,  false, null, null, null, -9999999999999, 9999999999999, null),
  ('stock_adjustments', 'reason',    'enum', true,  false, null, null, array['count', 'damage', 'expiry', 'lost', 'return', 'own_use', 'other'], null, null, null),
  ('stock_adjustments', 'adj_date',  'date', true,  false, null, null, null, null, null, null),
  ('stock_adjustments', 'note',      'text', false, false, 4000, null, null, null, null, null);

-- ---------------------------------------------------------------------------------------
-- Bill lines may name their item
-- ---------------------------------------------------------------------------------------

-- Bill lines: { item_id, name, hsn, qty_milli, unit, rate_paise, gst_rate_bp, taxable_paise,
-- cgst_paise, sgst_paise, igst_paise, total_paise }; item_id is null (a free line) or an id.
-- Returns null when valid, else a message. As before otherwise.
create or replace function lenden.check_items(p jsonb)
returns text language plpgsql immutable
as $$
declare
  v_item jsonb;
  v_key text;
  v_i integer := 0;
  v_money text[] := array['rate_paise', 'taxable_paise', 'cgst_paise', 'sgst_paise', 'igst_paise', 'total_paise'];
begin
  if jsonb_typeof(p) is distinct from 'array' then
    return 'items must be a JSON array';
  end if;
  if jsonb_array_length(p) > 1000 then
    return 'items has more than 1000 lines';
  end if;
  for v_item in select value from jsonb_array_elements(p) loop
    v_i := v_i + 1;
    if jsonb_typeof(v_item) <> 'object' then
      return format('items[%s] must be an object', v_i - 1);
    end if;
    for v_key in select jsonb_object_keys(v_item) loop
      if v_key <> all (array['item_id', 'name', 'hsn', 'qty_milli', 'unit', 'rate_paise', 'gst_rate_bp', 'taxable_paise',
                             'cgst_paise', 'sgst_paise', 'igst_paise', 'total_paise']) then
        return format('items[%s] has unknown field %s', v_i - 1, v_key);
      end if;
    end loop;
    if jsonb_typeof(v_item -> 'name') is distinct from 'string' or length(v_item ->> 'name') > 200 then
      return format('items[%s].name must be a string of at most 200 characters', v_i - 1);
    end if;
    if coalesce(jsonb_typeof(v_item -> 'item_id'), 'null') <> 'null'
       and (jsonb_typeof(v_item -> 'item_id') <> 'string' or not lenden.valid_id(v_item ->> 'item_id')) then
      return format('items[%s].item_id must be null or an id', v_i - 1);
    end if;
    if coalesce(jsonb_typeof(v_item -> 'hsn'), 'null') not in ('null', 'string') or length(v_item ->> 'hsn') > 16 then
      return format('items[%s].hsn must be null or a string of at most 16 characters', v_i - 1);
    end if;
    if coalesce(jsonb_typeof(v_item -> 'unit'), 'null') not in ('null', 'string') or length(v_item ->> 'unit') > 20 then
      return format('items[%s].unit must be null or a string of at most 20 characters', v_i - 1);
    end if;
    if not coalesce(lenden.valid_int(v_item -> 'qty_milli', 1, 9999999999999), false) then
      return format('items[%s].qty_milli must be a positive integer (thousandths)', v_i - 1);
    end if;
    if not coalesce(lenden.valid_int(v_item -> 'gst_rate_bp', 0, 10000), false) then
      return format('items[%s].gst_rate_bp must be an integer from 0 to 10000', v_i - 1);
    end if;
    for v_key in select unnest(v_money) loop
      if not coalesce(lenden.valid_int(v_item -> v_key, 0, 9999999999999), false) then
        return format('items[%s].%s must be an integer number of paise from 0 to 9999999999999', v_i - 1, v_key);
      end if;
    end loop;
  end loop;
  return null;
end;
$$;

-- A client that predates items writes bill lines without the item_id key (new clients always
-- write it, null for a free line). When such a client rewrites a bill's lines (any edit of the
-- bill recomputes them), a line at the same position with the same name keeps the item it
-- had, so an old device editing a note never takes a sale out of the stock count.
create or replace function lenden.keep_line_items()
returns trigger language plpgsql
as $$
begin
  if jsonb_typeof(new.items) = 'array' and jsonb_typeof(old.items) = 'array'
     and exists (select 1 from jsonb_array_elements(new.items) l where jsonb_typeof(l) = 'object' and not (l ? 'item_id')) then
    select coalesce(jsonb_agg(
             case when jsonb_typeof(n.line) = 'object' and not (n.line ? 'item_id')
                       and jsonb_typeof(o.line -> 'item_id') = 'string' and o.line ->> 'name' = n.line ->> 'name'
                  then n.line || jsonb_build_object('item_id', o.line -> 'item_id')
                  else n.line end
             order by n.ord), '[]'::jsonb)
      into new.items
      from jsonb_array_elements(new.items) with ordinality as n(line, ord)
      left join jsonb_array_elements(old.items) with ordinality as o(line, ord) on o.ord = n.ord;
  end if;
  return new;
end;
$$;
revoke all on function lenden.keep_line_items() from public;

create trigger bills_keep_line_items
  before update of items on public.bills
  for each row execute function lenden.keep_line_items();

-- Helpers in schema lenden are internal.
revoke all on function lenden.check_items(jsonb) from public;

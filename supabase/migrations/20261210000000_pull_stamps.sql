-- Lenden server schema, step 9: smaller pull pages (supabase/local/pull-stamps-migration.test.ts
-- upgrades a server with data; pull-stamps.test.ts checks the pages).
--
-- A row travels with one stamp instead of its whole field_stamps object when every field it
-- stamps shares that stamp. Until now that held only when the row stamped every column; but a
-- create stamps only the fields it sets (an entry without a payment mode or a pay-by date), so
-- almost every row went with its full object: about half a page's bytes and of the server's
-- time to build it. Now a row keeps, besides that stamp, which columns carry it (stamp_keys,
-- a bit per column's attnum); a page of format 3 sends [stamp, keys] for such a row, and the
-- device rebuilds exactly the object the server holds. A format 3 page also leaves out
-- business_id, the same on every row of the page.
--
-- Devices that ask for the page as before (format 2) get exactly what they got: the one stamp
-- only for a row that stamps every column.

-- Which columns of a table carry field stamps, with their attnums (the bit each one has in
-- stamp_keys). Attnums never change for a column, so a bit keeps its meaning when columns are
-- added later; a column past attnum 52 (where a device's numbers stop being exact) is left
-- out, and a row stamping it travels with its full object.
create or replace function lenden.stamped_column_bits(p_table text, out names text[], out bits integer[])
language sql stable
set search_path = public
as $$
  select coalesce(array_agg(a.attname::text order by a.attnum), '{}'), coalesce(array_agg(a.attnum::integer order by a.attnum), '{}')
    from pg_attribute a
   where a.attrelid = format('public.%I', p_table)::regclass and a.attnum > 0 and a.attnum <= 52 and not a.attisdropped
     and a.attname not in ('id', 'business_id', 'seq', 'field_stamps', 'row_stamp', 'stamp_keys');
$$;

-- The stamped columns of a table (as before, now also leaving out stamp_keys).
create or replace function lenden.stamped_columns(p_table text)
returns integer language sql stable
set search_path = public
as $$
  select count(*)::integer from unnest(lenden.data_columns(p_table)) c where c not in ('business_id', 'seq', 'field_stamps', 'row_stamp', 'stamp_keys');
$$;

-- One stamp for a row's field stamps, and which columns carry it: (stamp, null) when every
-- stamped column does, (stamp, keys) when some do, (null, null) when the stamps differ, a key
-- is not a known stamped column, or there are none.
create or replace function lenden.stamp_summary(p_stamps jsonb, p_names text[], p_bits integer[], out stamp text, out keys bigint)
language plpgsql immutable
as $$
declare
  v_min text;
  v_max text;
  v_n integer;
  v_known integer;
  v_keys bigint;
begin
  select min(e.value), max(e.value), count(*), count(c.bit), sum(1::bigint << c.bit)
    into v_min, v_max, v_n, v_known, v_keys
    from jsonb_each_text(p_stamps) e
    left join unnest(p_names, p_bits) c(name, bit) on c.name = e.key;
  if v_n = 0 or v_known < v_n or v_min <> v_max then
    return;
  end if;
  stamp := v_min;
  keys := case when v_n = cardinality(p_names) then null else v_keys end;
end;
$$;

-- TG_ARGV: [0] the stamped column count (kept for the check that a migration adding a column
-- refreshed the trigger), [1] their names, [2] their attnums.
create or replace function lenden.keep_row_stamp()
returns trigger
language plpgsql
as $$
begin
  if tg_op = 'UPDATE' and new.field_stamps is not distinct from old.field_stamps then
    return new;
  end if;
  select s.stamp, s.keys into new.row_stamp, new.stamp_keys
    from lenden.stamp_summary(new.field_stamps, tg_argv[1]::text[], tg_argv[2]::integer[]) s;
  return new;
end;
$$;

create or replace function lenden.row_stamp_triggers()
returns void
language plpgsql
set search_path = public
as $$
declare
  t text;
  v_names text[];
  v_bits integer[];
begin
  for t in select table_name from lenden.synced_tables order by position loop
    execute format('alter table public.%I add column if not exists row_stamp text', t);
    execute format('alter table public.%I add column if not exists stamp_keys bigint', t);
    select b.names, b.bits into v_names, v_bits from lenden.stamped_column_bits(t) b;
    execute format('drop trigger if exists %I on public.%I', t || '_row_stamp', t);
    execute format('create trigger %I before insert or update on public.%I for each row execute function lenden.keep_row_stamp(%L, %L, %L)',
                   t || '_row_stamp', t, lenden.stamped_columns(t)::text, v_names::text, v_bits::text);
  end loop;
end;
$$;

select lenden.row_stamp_triggers();

-- The rows already stored: those without one stamp may have one now. (A row with a stamp kept
-- the old way stamps every column: stamp_keys stays null, which says so.)
do $$
declare
  t text;
  v_names text[];
  v_bits integer[];
begin
  for t in select table_name from lenden.synced_tables order by position loop
    select b.names, b.bits into v_names, v_bits from lenden.stamped_column_bits(t) b;
    -- The trigger leaves these as set: the stamps themselves do not change.
    execute format(
      'update public.%I x set (row_stamp, stamp_keys) = (select s.stamp, s.keys from lenden.stamp_summary(x.field_stamps, $1, $2) s)
        where x.row_stamp is null and x.field_stamps <> ''{}''::jsonb', t)
      using v_names, v_bits;
  end loop;
end;
$$;

-- One table's rows of a page: { table, columns, rows: [[seq, id, ...], ...] } (format 2, as
-- before), or with format 3 also { bits: [attnum of each stamped column, else null] }, rows
-- without business_id, and field_stamps as a stamp, [stamp, keys] or the object. Null when
-- the table has no rows in the range.
create or replace function lenden.page_rows(p_table text, p_business_id text, p_since bigint, p_upto bigint, p_format integer)
returns json
language plpgsql
stable
set search_path = public
as $$
declare
  v_cols text[];
  v_bits integer[];
  v_values text;
  v json;
begin
  -- The page's columns and their bits (as lenden.stamped_column_bits gives them), in one look
  -- at the catalog: a poke's page of one row should not cost more to describe than to read.
  select array['seq', 'id'] || array_agg(a.attname::text order by a.attnum),
         array[null, null]::integer[] || array_agg(case when a.attname not in ('business_id', 'field_stamps') and a.attnum <= 52 then a.attnum::integer end order by a.attnum),
         string_agg(case a.attname
                      when 'field_stamps' then
                        case when p_format >= 3
                             then 'case when x.row_stamp is null then to_json(x.field_stamps) when x.stamp_keys is null then to_json(x.row_stamp) else json_build_array(x.row_stamp, x.stamp_keys) end'
                             else 'case when x.row_stamp is not null and x.stamp_keys is null then to_json(x.row_stamp) else to_json(x.field_stamps) end' end
                      else format('x.%I', a.attname) end, ', ' order by a.attnum)
    into v_cols, v_bits, v_values
    from pg_attribute a
   where a.attrelid = format('public.%I', p_table)::regclass and a.attnum > 0 and not a.attisdropped
     and a.attname not in ('id', 'seq', 'row_stamp', 'stamp_keys') and (p_format < 3 or a.attname <> 'business_id');
  execute format(
    'select json_build_object(''table'', %L, ''columns'', $4%s, ''rows'', json_agg(json_build_array(x.seq, x.id, %s) order by x.seq))
       from public.%I x where x.business_id = $1 and x.seq > $2 and x.seq <= $3 having count(*) > 0',
    p_table, case when p_format >= 3 then ', ''bits'', $5' else '' end, v_values, p_table)
    into v
    using p_business_id, p_since, p_upto, to_json(v_cols), to_json(v_bits);
  return v;
end;
$$;

-- Format 2 pages, as the devices that ask for them expect.
create or replace function lenden.compact_rows(p_table text, p_business_id text, p_since bigint, p_upto bigint)
returns json
language sql
stable
set search_path = public
as $$
  select lenden.page_rows(p_table, p_business_id, p_since, p_upto, 2);
$$;

-- A page in the asked format (2 or 3): the same rows, cursor and history as the format 2
-- sync_pull (which stays for devices that do not ask for a format).
create or replace function public.sync_pull(p_business_id text, p_since bigint, p_limit int, p_device_id text, p_compact boolean, p_history boolean, p_format int)
returns json
language plpgsql
stable
security definer
set search_path = public
as $$
declare
  v_head bigint;
  v_since bigint := greatest(coalesce(p_since, 0), 0);
  v_limit integer := least(greatest(coalesce(p_limit, 1000), 1), 20000);
  v_format integer := case when p_format >= 3 then 3 else 2 end;
  v_last bigint;
  v_union text;
  v_tables json;
  v_present text[];
begin
  perform lenden.require_member(p_business_id);
  perform lenden.require_device(p_business_id, p_device_id);
  if not coalesce(p_compact, false) then
    return lenden.pull_page(p_business_id, p_since, p_limit);
  end if;
  select seq into v_head from public.sync_state where business_id = p_business_id;
  if v_since >= coalesce(v_head, 0) then
    -- Nothing after the cursor (a safety pull, a poke already answered): no need to look.
    return json_build_object('tables', '[]'::json, 'history', case when coalesce(p_history, false) then '[]'::json end,
                             'last_seq', v_since, 'head_seq', v_head, 'more', false, 'format', v_format);
  end if;
  -- Where the page ends: the v_limit-th change after v_since, over every table.
  select string_agg(format(
           '(select %L as t, x.seq from public.%I x where x.business_id = $1 and x.seq > $2 and x.seq <= $3 order by x.seq limit $4)', table_name, table_name),
           ' union all ' order by position)
    into v_union
    from lenden.synced_tables;
  execute format('select max(seq), array_agg(distinct t) from (select t, seq from (%s) u order by seq limit $4) p', v_union)
    into v_last, v_present using p_business_id, v_since, v_head, v_limit;
  v_last := coalesce(v_last, v_since);
  select coalesce(json_agg(r.page order by r.position), '[]'::json)
    into v_tables
    from (select s.position, lenden.page_rows(s.table_name, p_business_id, v_since, v_last, v_format) as page
            from lenden.synced_tables s
           where s.table_name = any (coalesce(v_present, '{}'::text[]))) r
   where r.page is not null;
  return json_build_object(
    'tables', v_tables,
    'history', case when coalesce(p_history, false) then lenden.history_page(p_business_id, v_since, v_last, 2147483647) end,
    'last_seq', v_last, 'head_seq', v_head, 'more', v_last < v_head, 'format', v_format);
end;
$$;

revoke all on function public.sync_pull(text, bigint, int, text, boolean, boolean, int) from public, anon;
grant execute on function public.sync_pull(text, bigint, int, text, boolean, boolean, int) to authenticated;
-- Only sync_pull reads pages. stamp_summary and stamped_column_bits stay callable by every
-- role: the row-stamp trigger calls them as whoever writes the row (the service role too).
revoke all on function lenden.page_rows(text, text, bigint, bigint, integer) from public;

-- Lenden server schema, step 12: sync_pull builds each table's part of a page once
-- (supabase/local/pull-tables-once-migration.test.ts upgrades a server with data).
--
-- sync_pull gathered a page's tables as
--   select json_agg(r.page ...) from (select ..., lenden.page_rows(...) as page from ...) r where r.page is not null
-- Postgres flattens that subquery into the outer query, and page_rows (a stable function) was
-- then evaluated twice for every table of the page: once for the filter and once for the
-- aggregate. Every page cost the server its rows' JSON twice (a 2,500-entry page: about 50 of
-- its 75 ms went to page_rows). `offset 0` keeps the subquery as it is written, so each
-- table's rows are read and turned into JSON once. The pages themselves are unchanged.

-- As in 20261211000000_pull_page_end (format 2 and 3 pages), with the tables built once.
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
  v_made_for text[];
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
  select e.last_seq, e.present, e.made_for into v_last, v_present, v_made_for
    from lenden.page_end(p_business_id, v_since, v_head, v_limit) e;
  if v_made_for is distinct from (select array_agg(table_name::text order by position) from lenden.synced_tables) then
    -- page_end was made before a table was registered: look over every table as it is now.
    select string_agg(format(
             '(select %L as t, x.seq from public.%I x where x.business_id = $1 and x.seq > $2 and x.seq <= $3 order by x.seq limit $4)', table_name, table_name),
             ' union all ' order by position)
      into v_union
      from lenden.synced_tables;
    execute format('select max(seq), array_agg(distinct t) from (select t, seq from (%s) u order by seq limit $4) p', v_union)
      into v_last, v_present using p_business_id, v_since, v_head, v_limit;
  end if;
  v_last := coalesce(v_last, v_since);
  -- offset 0: the subquery is not merged into this one, so page_rows runs once per table.
  select coalesce(json_agg(r.page order by r.position), '[]'::json)
    into v_tables
    from (select s.position, lenden.page_rows(s.table_name, p_business_id, v_since, v_last, v_format) as page
            from lenden.synced_tables s
           where s.table_name = any (coalesce(v_present, '{}'::text[]))
          offset 0) r
   where r.page is not null;
  return json_build_object(
    'tables', v_tables,
    'history', case when coalesce(p_history, false) then lenden.history_page(p_business_id, v_since, v_last, 2147483647) end,
    'last_seq', v_last, 'head_seq', v_head, 'more', v_last < v_head, 'format', v_format);
end;
$$;

-- As in 20261204000000_sync_speed (protocol 2 devices that ask for no format), with the
-- tables built once.
create or replace function public.sync_pull(p_business_id text, p_since bigint, p_limit int, p_device_id text, p_compact boolean, p_history boolean)
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
  -- Where the page ends: the v_limit-th change after v_since, over every table.
  select string_agg(format(
           '(select %L as t, x.seq from public.%I x where x.business_id = $1 and x.seq > $2 and x.seq <= $3 order by x.seq limit $4)', table_name, table_name),
           ' union all ' order by position)
    into v_union
    from lenden.synced_tables;
  execute format('select max(seq), array_agg(distinct t) from (select t, seq from (%s) u order by seq limit $4) p', v_union)
    into v_last, v_present using p_business_id, v_since, v_head, v_limit;
  v_last := coalesce(v_last, v_since);
  -- Only the tables the page has rows of (a poke's page is one row of one table), each once.
  select coalesce(json_agg(r.page order by r.position), '[]'::json)
    into v_tables
    from (select s.position, lenden.compact_rows(s.table_name, p_business_id, v_since, v_last) as page
            from lenden.synced_tables s
           where s.table_name = any (coalesce(v_present, '{}'::text[]))
          offset 0) r
   where r.page is not null;
  return json_build_object(
    'tables', v_tables,
    'history', case when coalesce(p_history, false) then lenden.history_page(p_business_id, v_since, v_last, 2147483647) end,
    'last_seq', v_last, 'head_seq', v_head, 'more', v_last < v_head);
end;
$$;

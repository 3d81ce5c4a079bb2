-- Lenden server schema, step 10: where a pull page ends, found by a statement planned once per
-- connection (supabase/local/pull-page-end-migration.test.ts upgrades a server with data).
--
-- sync_pull (format 3) found the end of a page, and which tables it touches, with one query
-- over every synced table, built as text and planned again at every call: about 3 ms of the
-- 4 ms a poke's one-row pull cost on the server, most of it planning 14 unions. The same
-- query now lives in lenden.page_end, a function generated from lenden.synced_tables whose
-- plan PL/pgSQL keeps per connection. page_end also says which tables it was made for: when
-- synced_tables no longer matches (a table registered without making it again), sync_pull
-- finds the page end the old way, so a page never leaves a table out.

-- Generates lenden.page_end from the synced tables as they are now.
create or replace function lenden.make_page_end()
returns void
language plpgsql
set search_path = public
as $$
declare
  v_union text;
  v_tables text[];
begin
  select string_agg(format(
           '(select %L::text as t, x.seq from public.%I x where x.business_id = p_business_id and x.seq > p_since and x.seq <= p_upto order by x.seq limit p_limit)',
           table_name, table_name), ' union all ' order by position),
         array_agg(table_name::text order by position)
    into v_union, v_tables
    from lenden.synced_tables;
  execute format($make$
    create or replace function lenden.page_end(p_business_id text, p_since bigint, p_upto bigint, p_limit integer,
                                               out last_seq bigint, out present text[], out made_for text[])
    language plpgsql
    stable
    set search_path = public
    as $body$
    begin
      -- The p_limit-th change after p_since over every table, and the tables those changes are in.
      select max(p.seq), array_agg(distinct p.t) into last_seq, present
        from (select u.t, u.seq from (%s) u order by u.seq limit p_limit) p;
      made_for := %L::text[];
    end;
    $body$
  $make$, v_union, v_tables);
  revoke all on function lenden.page_end(text, bigint, bigint, integer) from public;
end;
$$;
revoke all on function lenden.make_page_end() from public;

select lenden.make_page_end();

-- A table added later makes page_end again (otherwise as in 20261204000000_sync_speed).
create or replace function lenden.add_synced_table(
  p_table text, p_columns text, p_position integer,
  p_audited boolean default false, p_owner_only boolean default false, p_owner_deletes boolean default false
) returns void
language plpgsql
set search_path = public
as $$
begin
  if p_table !~ '^[a-z][a-z0-9_]{0,62}$' then
    raise exception 'add_synced_table: bad table name %', p_table;
  end if;
  execute format(
    'create table public.%I (
       id text primary key,
       business_id text not null references public.sync_state (business_id),
       created_at text, updated_at text, deleted_at text,
       field_stamps jsonb not null default %L::jsonb,
       seq bigint not null,
       row_stamp text,
       %s
     )', p_table, '{}', p_columns);
  execute format('create index %I on public.%I (business_id, seq)', p_table || '_seq_idx', p_table);
  execute format('alter table public.%I enable row level security', p_table);
  execute format('revoke all on table public.%I from public, anon, authenticated', p_table);
  execute format('grant select on table public.%I to authenticated', p_table);
  execute format('create policy %I on public.%I for select to authenticated using (business_id in (select lenden.my_business_ids()))',
                 p_table || '_members_select', p_table);
  insert into lenden.synced_tables (table_name, position, pushable, audited, owner_only, owner_deletes)
  values (p_table, p_position, true, p_audited, p_owner_only, p_owner_deletes);
  perform lenden.row_stamp_triggers();
  perform lenden.make_page_end();
end;
$$;
revoke all on function lenden.add_synced_table(text, text, integer, boolean, boolean, boolean) from public;

-- As in 20261210000000_pull_stamps, with the page end from lenden.page_end.
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

-- Lenden server schema, step 8: a faster set-based push (same results; supabase/local/push-fast.test.ts
-- checks them against op-by-op push_op, and push-speed-migration.test.ts upgrades a server with data).
--
--  * the date, timestamp and stamp checks are plain SQL on Postgres 16+ (no PL/pgSQL call per
--    field; the planner inlines them into the queries that check a whole batch at once);
--  * lenden.push_fast hands the batch's routing, changes and final rows from one statement to
--    the next as arrays of typed rows instead of large JSON values built with jsonb_agg and
--    read back, which cost more than the writes (temporary tables were tried: their files at
--    each commit made a one-op push four times slower); an op's fields are read from the
--    batch by index and its current row by key;
--  * a new row takes its table's device defaults from one lookup per table, not one per row;
--  * the push functions plan their statements once per connection (generic plans), which
--    takes about 2 ms off every push of a single change.

do $do$
begin
  if current_setting('server_version_num')::integer >= 160000 then
    -- Same answers as before; stable (not immutable) because date input reads DateStyle, which
    -- also lets the planner inline them.
    execute $f$
      create or replace function lenden.valid_date(p text)
      returns boolean language sql stable
      as $$
        select case when p is null or p !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' or not pg_input_is_valid(p, 'date') then false
                    else to_char(p::date, 'YYYY-MM-DD') = p end
      $$ $f$;
    execute $f$
      create or replace function lenden.valid_ts(p text)
      returns boolean language sql stable
      as $$
        select case when p is null or p !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$'
                         or not pg_input_is_valid(substr(p, 1, 23) || '+00', 'timestamptz') then false
                    else lenden.valid_date(substr(p, 1, 10)) end
      $$ $f$;
    execute $f$
      create or replace function lenden.valid_stamp(p text)
      returns boolean language sql stable
      as $$
        select p is not null
           and p ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$'
           and lenden.valid_ts(substr(p, 1, 24))
      $$ $f$;
  end if;
end;
$do$;

-- What push_fast hands from one of its statements to the next.
create type lenden.push_route as (i integer, op_id text, t text, row_id text, stamp text, done boolean, fast boolean, solo boolean);
create type lenden.push_change as (i integer, op_id text, table_name text, row_id text, stamp text, fields jsonb, old_values jsonb, seq bigint);
create type lenden.push_row as (t text, is_new boolean, row jsonb);

create or replace function lenden.push_fast(
  p_business_id text, p_device_id text, p_uid uuid, p_role text, p_ops jsonb, p_field_errors text[], p_seq bigint
) returns jsonb
language plpgsql
set search_path = public
-- Set-returning jsonb functions look like 100 rows to the planner; a nested loop over two of
-- them is quadratic in the batch. Hash joins keep every statement here linear.
set enable_nestloop = off
-- One plan per connection: the batch's estimates do not depend on its values (a set-returning
-- function over jsonb looks like 100 rows either way), and planning these statements anew on
-- every call cost a one-entry push more than running them.
set plan_cache_mode = force_generic_plan
as $$
declare
  v_current jsonb := '{}'::jsonb;
  v_part jsonb;
  v_table text;
  v_routes lenden.push_route[];
  v_changes lenden.push_change[];
  v_rows lenden.push_row[];
  v_accepted jsonb;
  v_slow jsonb;
  v_seq bigint := p_seq;
  v_cols text[];
  v_n bigint;
  t text;
begin
  -- The batch's routing, its changes and its final rows go from one statement to the next as
  -- arrays of typed rows: a large JSON value built with jsonb_agg and read back cost more than
  -- the rest of the push (and temporary tables cost a small batch their files at commit).

  -- The current rows the batch touches, one query per table.
  for t in select distinct s.table_name
             from jsonb_array_elements(p_ops) o
             join lenden.synced_tables s on s.table_name = o ->> 'table'
  loop
    execute format('select coalesce(jsonb_object_agg(x.id, to_jsonb(x)), ''{}''::jsonb) from public.%I x where x.id = any($1)', t)
      into v_part
      using array(select o ->> 'row_id' from jsonb_array_elements(p_ops) o where o ->> 'table' = t);
    v_current := v_current || jsonb_build_object(t, v_part);
  end loop;

  -- Every op with its facts, and whether it passes every check of push_op on the fast path.
  with ops as (
    select (a.ord - 1)::integer as i, a.op, a.op ->> 'op_id' as op_id, a.op ->> 'table' as t, a.op ->> 'row_id' as row_id,
           a.op ->> 'stamp' as stamp, a.op -> 'fields' as fields, a.op ->> 'unit' as unit,
           (a.op -> 'fields' ? 'business_id' or a.op -> 'fields' ? 'id') as is_create,
           v_current -> (a.op ->> 'table') -> (a.op ->> 'row_id') as any_row
      from jsonb_array_elements(p_ops) with ordinality as a(op, ord)
  ), facts as (
    select o.*, s.table_name is not null as known, coalesce(s.pushable and s.simple, false) as simple,
           coalesce(s.owner_only, false) as owner_only, coalesce(s.owner_deletes, false) as owner_deletes,
           case when o.any_row ->> 'business_id' = p_business_id then o.any_row end as cur,
           (o.any_row is not null and o.any_row ->> 'business_id' is distinct from p_business_id) as other_business,
           (select a.business_id from public.sync_applied_ops a where a.op_id = o.op_id) as applied_in,
           p_field_errors[o.i + 1] as field_error
      from ops o
      left join lenden.synced_tables s on s.table_name = o.t
  ), checked as (
    select f.*,
           (f.applied_in is null
            and f.known and f.simple and f.unit is null
            and lenden.valid_id(f.row_id)
            and octet_length(f.op::text) <= 65536
            and lenden.valid_stamp(f.stamp)
            and (substr(f.stamp, 1, 23) || '+00')::timestamptz <= clock_timestamp() + interval '5 minutes'
            and (not f.is_create or (jsonb_typeof(f.fields -> 'business_id') = 'string' and f.fields ->> 'business_id' = p_business_id
                                     and (not f.fields ? 'id' or (jsonb_typeof(f.fields -> 'id') = 'string' and f.fields ->> 'id' = f.row_id))))
            and not (f.fields ? 'field_stamps' or f.fields ? 'seq')
            and not f.other_business
            and not (p_role = 'staff' and f.owner_only)
            and not (p_role = 'staff' and f.owner_deletes and f.fields ? 'deleted_at'
                     and (jsonb_typeof(f.fields -> 'deleted_at') <> 'null' or (f.cur is not null and f.cur ->> 'deleted_at' is not null)))
            and f.field_error is null
            and (f.t <> 'transactions' or (coalesce(f.fields ->> 'bill_id', '') = '' and coalesce(f.cur ->> 'bill_id', '') = ''))
            and (f.cur is not null or not f.is_create
                 or not exists (select 1 from lenden.column_spec c where c.table_name = f.t and c.required and not (f.fields ? c.column_name)))
           ) as passes,
           -- an edit of a row that is not there yet is fine when a create of it comes first in the batch
           bool_or(f.is_create) over (partition by f.t, f.row_id order by f.i rows between unbounded preceding and 1 preceding) as created_before,
           -- an op sent twice in one batch: the second copy's answer depends on the first's, one at a time
           count(*) over (partition by f.op_id) as copies
      from facts f
  ), routed as (
    select c.*,
           coalesce(c.applied_in = p_business_id, false) as done,
           bool_and(c.copies = 1
                    and (coalesce(c.applied_in = p_business_id, false)
                         or coalesce(c.passes and (c.cur is not null or c.is_create or coalesce(c.created_before, false)), false)))
             over (partition by c.t, c.row_id) as fast_row,
           count(*) over (partition by c.t, c.row_id) as ops_of_row
      from checked c
  )
  -- Only the routing is kept: an op's fields are read again from p_ops by index, its current
  -- row from v_current by key (both direct lookups).
  select array_agg(row(r.i, r.op_id, r.t, r.row_id, r.stamp, r.done, r.fast_row and not r.done, r.is_create and r.cur is null and r.ops_of_row = 1)::lenden.push_route)
    into v_routes
    from routed r;

  v_accepted := coalesce((select jsonb_agg(o.op_id order by o.i) from unnest(v_routes) o where o.done or o.fast), '[]'::jsonb);
  v_slow := coalesce((select jsonb_agg(o.i order by o.i) from unnest(v_routes) o where not o.done and not o.fast), '[]'::jsonb);

  -- Field by field, in batch order: an op changes a field when its stamp beats the field's
  -- stamp so far (the stored one, or an earlier op's in this batch), exactly as applying the
  -- ops one by one would; each op that changes something gets the next seq.
  with routed as (
    select o.i, o.op_id, o.t, o.row_id, o.stamp, o.solo
      from unnest(v_routes) o
     where o.fast
  ), fast as (
    select r.i, r.op_id, r.t, r.row_id, r.stamp, p_ops -> r.i -> 'fields' as fields, v_current -> r.t -> r.row_id as cur
      from routed r
     where not r.solo
  ), solo as (
    -- A new row made by one op: every field changes from nothing; no field-by-field merge.
    select r.i, r.op_id, r.t, r.row_id, r.stamp, p_ops -> r.i -> 'fields' as fields
      from routed r
     where r.solo
  ), cells as (
    select f.i, f.op_id, f.t, f.row_id, f.stamp collate "C" as stamp, e.key, e.value,
           coalesce(f.cur -> 'field_stamps' ->> e.key, '') collate "C" as stored_stamp, f.cur -> e.key as stored_value
      from fast f
      cross join lateral jsonb_each(f.fields) e
     where e.key not in ('id', 'business_id')
  ), ordered as (
    select c.*, greatest(c.stored_stamp, coalesce(max(c.stamp) over w, '')) collate "C" as before_stamp
      from cells c
    window w as (partition by c.t, c.row_id, c.key order by c.i rows between unbounded preceding and 1 preceding)
  ), judged as (
    select o.*, o.stamp > o.before_stamp as changes,
           case when o.before_stamp = o.stored_stamp then o.stored_value
                else (select p.value from cells p where p.t = o.t and p.row_id = o.row_id and p.key = o.key and p.stamp = o.before_stamp order by p.i limit 1)
           end as old_value
      from ordered o
  ), per_op as (
    select f.i, f.op_id, f.t, f.row_id, f.stamp, f.fields,
           coalesce(bool_or(j.changes), false) or (f.cur is null and count(j.key) = 0) as changed,
           coalesce(jsonb_object_agg(j.key, j.old_value) filter (where j.changes), '{}'::jsonb) as old_values
      from fast f
      left join judged j on j.i = f.i
     group by f.i, f.op_id, f.t, f.row_id, f.stamp, f.fields, f.cur
  ), all_ops as (
    select p.i, p.op_id, p.t, p.row_id, p.stamp, p.fields, p.changed, p.old_values from per_op p
    union all
    select s.i, s.op_id, s.t, s.row_id, s.stamp, s.fields, true,
           (select jsonb_object_agg(k, null) from jsonb_object_keys(s.fields) k where k not in ('id', 'business_id'))
      from solo s
  ), numbered as (
    select p.*, case when p.changed then v_seq + row_number() over (partition by p.changed order by p.i) end as seq
      from all_ops p
  )
  select array_agg(row(n.i, n.op_id, n.t, n.row_id, n.stamp, n.fields, case when n.changed then n.old_values else '{}'::jsonb end, n.seq)::lenden.push_change),
         max(n.seq), count(*)
    into v_changes, v_seq, v_n
    from numbered n;
  v_seq := greatest(coalesce(v_seq, p_seq), p_seq);
  if v_n = 0 then
    return jsonb_build_object('seq', p_seq, 'accepted', v_accepted, 'slow', v_slow);
  end if;

  -- The rows as they end: the stored row (or the device defaults and ids for a new one), each
  -- field's winning value and stamp, and the seq of the row's last change.
  with applied as (
    select r.table_name as t, r.row_id, max(r.seq) as seq
      from unnest(v_changes) r
     where r.seq is not null
     group by r.table_name, r.row_id
  ), routed as (
    select o.i, o.t, o.row_id, o.stamp, o.solo
      from unnest(v_routes) o
     where o.fast
  ), fast as (
    select r.t, r.row_id, v_current -> r.t -> r.row_id as cur, p_ops -> r.i -> 'fields' as fields, r.stamp, r.i
      from routed r
     where not r.solo
  ), solo as (
    select r.t, r.row_id, p_ops -> r.i -> 'fields' as fields, r.stamp
      from routed r
     where r.solo
  ), table_defaults as (
    -- The device defaults of each table once; a field the op sends replaces its default.
    select c.table_name as t, jsonb_object_agg(c.column_name, c.default_value) as vals
      from lenden.column_spec c
     where c.default_value is not null and c.table_name in (select distinct s.t from solo s)
     group by c.table_name
  ), solo_rows as (
    select s.t, true as is_new,
           coalesce(d.vals, '{}'::jsonb)
             || (s.fields - 'id')
             || jsonb_build_object('id', s.row_id,
                                   'field_stamps', (select jsonb_object_agg(k, s.stamp) from jsonb_object_keys(s.fields) k where k not in ('id', 'business_id')),
                                   'seq', a.seq) as row
      from solo s
      join applied a on a.t = s.t and a.row_id = s.row_id
      left join table_defaults d on d.t = s.t
  ), base as (
    select f.t, f.row_id, (array_agg(f.cur))[1] as cur, array_agg(distinct k.key) as keys
      from fast f
      cross join lateral jsonb_object_keys(f.fields) k(key)
     group by f.t, f.row_id
  ), winners as (
    select distinct on (f.t, f.row_id, e.key) f.t, f.row_id, e.key, e.value, f.stamp
      from fast f
      cross join lateral jsonb_each(f.fields) e
     where e.key not in ('id', 'business_id')
     -- the larger stamp wins; of equal stamps, the first op (a later one does not replace it)
     order by f.t, f.row_id, e.key, f.stamp collate "C" desc, f.i
  ), won as (
    select w.t, w.row_id, jsonb_object_agg(w.key, w.value) as vals, jsonb_object_agg(w.key, w.stamp) as stamps
      from winners w
      join base b on b.t = w.t and b.row_id = w.row_id
     where w.stamp collate "C" > coalesce(b.cur -> 'field_stamps' ->> w.key, '') collate "C"
     group by w.t, w.row_id
  ), defaults as (
    select b.t, b.row_id, jsonb_object_agg(c.column_name, c.default_value) as vals
      from base b
      join lenden.column_spec c on c.table_name = b.t and c.default_value is not null and not (c.column_name = any (b.keys))
     where b.cur is null
     group by b.t, b.row_id
  ), finals as (
    select b.t, b.cur is null as is_new,
           coalesce(b.cur, coalesce(d.vals, '{}'::jsonb) || jsonb_build_object('id', b.row_id, 'business_id', p_business_id))
             || coalesce(w.vals, '{}'::jsonb)
             || jsonb_build_object('field_stamps', coalesce(b.cur -> 'field_stamps', '{}'::jsonb) || coalesce(w.stamps, '{}'::jsonb), 'seq', a.seq) as row
      from base b
      join applied a on a.t = b.t and a.row_id = b.row_id
      left join won w on w.t = b.t and w.row_id = b.row_id
      left join defaults d on d.t = b.t and d.row_id = b.row_id
    union all
    select r.t, r.is_new, r.row from solo_rows r
  )
  select array_agg(row(f.t, f.is_new, f.row)::lenden.push_row) into v_rows from finals f;

  for v_table in select distinct r.t from unnest(v_rows) r order by r.t loop
    if exists (select 1 from unnest(v_rows) r where r.t = v_table and r.is_new) then
      execute format('insert into public.%I select x.* from unnest($2) r cross join lateral jsonb_populate_record(null::public.%I, r.row) x where r.t = $1 and r.is_new', v_table, v_table)
        using v_table, v_rows;
    end if;
    if exists (select 1 from unnest(v_rows) r where r.t = v_table and not r.is_new) then
      v_cols := lenden.data_columns(v_table);
      execute format('update public.%I x set (%s) = (%s) from (select y.* from unnest($2) r cross join lateral jsonb_populate_record(null::public.%I, r.row) y where r.t = $1 and not r.is_new) n where x.id = n.id',
                     v_table,
                     (select string_agg(format('%I', c), ', ') from unnest(v_cols) c),
                     (select string_agg(format('n.%I', c), ', ') from unnest(v_cols) c),
                     v_table)
        using v_table, v_rows;
    end if;
  end loop;

  insert into public.sync_applied_ops (op_id, business_id, device_id, user_id, table_name, row_id, stamp, fields, old_values, seq)
  select r.op_id, p_business_id, p_device_id, p_uid, r.table_name, r.row_id, r.stamp, r.fields, r.old_values, r.seq
    from unnest(v_changes) r
   order by r.i;

  return jsonb_build_object('seq', v_seq, 'accepted', v_accepted, 'slow', v_slow);
end;
$$;
revoke all on function lenden.push_fast(text, text, uuid, text, jsonb, text[], bigint) from public;

-- The rest of a push plans once per connection too (see push_fast above).
alter function public.sync_push(text, text, int, jsonb) set plan_cache_mode = force_generic_plan;
alter function lenden.push_op(text, text, uuid, text, integer, jsonb, text, bigint) set plan_cache_mode = force_generic_plan;

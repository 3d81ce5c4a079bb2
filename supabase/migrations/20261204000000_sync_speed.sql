-- Lenden server schema, step 4: sync at the speed of the hardware (protocol 2; protocol 1
-- served unchanged). See docs/data-and-sync.md.
--
--  * push is set-based: the ops of a batch that need no rule across rows (every table but
--    bills, settings and profiles; entries without a bill; no unit) are validated, merged
--    field by field and written with one statement per table, in the exact per-op semantics
--    of lenden.push_op (each op that changes something gets its own seq, with the old values
--    it replaced); the rest goes through push_op, one op (or unit) at a time, as before;
--  * protocol 2 batches may hold 5000 ops;
--  * pull has a compact form (protocol 2): rows as arrays under one column list per table,
--    field stamps as one stamp when every column carries the same one, and the edit history
--    on request, so a fresh device downloads half the bytes and stores rows without merging;
--  * sync_history pages the edit history on its own, so a new device has the shop's books
--    first and their history right after.

-- Tables whose ops need no rule across rows take the set-based path.
alter table lenden.synced_tables add column simple boolean not null default true;
update lenden.synced_tables set simple = false where table_name in ('bills', 'business_settings', 'profiles', 'business_members');

-- Data columns of a synced table (all but id), in table order: the set-based writes name them.
create or replace function lenden.data_columns(p_table text)
returns text[] language sql stable
set search_path = public
as $$
  select array_agg(a.attname::text order by a.attnum)
    from pg_attribute a
   where a.attrelid = format('public.%I', p_table)::regclass and a.attnum > 0 and not a.attisdropped and a.attname <> 'id';
$$;

-- ---------------------------------------------------------------------------------------
-- One stamp per row when every stamped column carries the same one (a row as its create
-- made it): kept by a trigger on every write, so a pull sends that stamp instead of
-- serializing the row's whole field_stamps — most of a page's bytes and time.
-- ---------------------------------------------------------------------------------------

-- How many columns carry field stamps in a table (all but id, business_id, seq, field_stamps
-- and row_stamp).
create or replace function lenden.stamped_columns(p_table text)
returns integer language sql stable
set search_path = public
as $$
  select count(*)::integer from unnest(lenden.data_columns(p_table)) c where c not in ('business_id', 'seq', 'field_stamps', 'row_stamp');
$$;

-- TG_ARGV[0]: the table's stamped column count when the trigger was made (see below).
create or replace function lenden.keep_row_stamp()
returns trigger
language plpgsql
as $$
declare
  v_min text;
  v_max text;
  v_n integer;
begin
  if tg_op = 'UPDATE' and new.field_stamps is not distinct from old.field_stamps then
    return new;
  end if;
  select min(value), max(value), count(*) into v_min, v_max, v_n from jsonb_each_text(new.field_stamps);
  new.row_stamp := case when v_n = tg_argv[0]::integer and v_min = v_max then v_min end;
  return new;
end;
$$;

-- (Re)makes the row-stamp trigger of every synced table with its current column count. A
-- migration that adds a column to a synced table calls it again; a stale count only means
-- rows travel with their full stamps (a test checks the counts).
create or replace function lenden.row_stamp_triggers()
returns void
language plpgsql
set search_path = public
as $$
declare
  t text;
begin
  for t in select table_name from lenden.synced_tables order by position loop
    execute format('alter table public.%I add column if not exists row_stamp text', t);
    execute format('drop trigger if exists %I on public.%I', t || '_row_stamp', t);
    execute format('create trigger %I before insert or update on public.%I for each row execute function lenden.keep_row_stamp(%L)',
                   t || '_row_stamp', t, lenden.stamped_columns(t)::text);
  end loop;
end;
$$;

select lenden.row_stamp_triggers();
-- Fill it for the rows already stored (the trigger computes it).
do $$
declare
  t text;
begin
  for t in select table_name from lenden.synced_tables order by position loop
    execute format('update public.%I set field_stamps = field_stamps || ''{}''::jsonb where row_stamp is null and field_stamps <> ''{}''::jsonb', t);
  end loop;
end;
$$;

-- New synced tables get the trigger too.
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
end;
$$;
revoke all on function lenden.add_synced_table(text, text, integer, boolean, boolean, boolean) from public;

-- ---------------------------------------------------------------------------------------
-- Push: the set-based part
-- ---------------------------------------------------------------------------------------

-- Applies every op of the batch that can take the set-based path and returns
-- { seq, accepted: [op_id...], slow: [index...] }: `slow` are the ops (0-based, in batch order)
-- left for lenden.push_op. A row goes one way or the other with all its ops, and only when
-- every one of its ops passes every check push_op makes, so both ways give the same result.
-- The caller holds the business lock.
create or replace function lenden.push_fast(
  p_business_id text, p_device_id text, p_uid uuid, p_role text, p_ops jsonb, p_field_errors text[], p_seq bigint
) returns jsonb
language plpgsql
set search_path = public
-- Set-returning jsonb functions look like 100 rows to the planner; a nested loop over two of
-- them is quadratic in the batch. Hash joins keep every statement here linear.
set enable_nestloop = off
as $$
declare
  v_current jsonb := '{}'::jsonb;
  v_part jsonb;
  v_ops jsonb;
  v_changes jsonb;
  v_rows jsonb;
  v_applied jsonb;
  v_accepted jsonb;
  v_slow jsonb;
  v_seq bigint := p_seq;
  v_cols text[];
  t text;
begin
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
  select jsonb_agg(jsonb_build_object('i', r.i, 'op_id', r.op_id, 't', r.t, 'row_id', r.row_id, 'stamp', r.stamp, 'fields', r.fields,
                                      'cur', r.cur, 'done', r.done, 'fast', r.fast_row and not r.done,
                                      'solo', r.is_create and r.cur is null and r.ops_of_row = 1) order by r.i)
    into v_ops
    from routed r;

  v_accepted := coalesce((select jsonb_agg(o ->> 'op_id' order by (o ->> 'i')::integer) from jsonb_array_elements(v_ops) o
                           where (o ->> 'done')::boolean or (o ->> 'fast')::boolean), '[]'::jsonb);
  v_slow := coalesce((select jsonb_agg((o ->> 'i')::integer order by (o ->> 'i')::integer) from jsonb_array_elements(v_ops) o
                       where not (o ->> 'done')::boolean and not (o ->> 'fast')::boolean), '[]'::jsonb);

  -- Field by field, in batch order: an op changes a field when its stamp beats the field's
  -- stamp so far (the stored one, or an earlier op's in this batch), exactly as applying the
  -- ops one by one would; each op that changes something gets the next seq.
  with fast as (
    select (o ->> 'i')::integer as i, o ->> 'op_id' as op_id, o ->> 't' as t, o ->> 'row_id' as row_id,
           o ->> 'stamp' as stamp, o -> 'fields' as fields, nullif(o -> 'cur', 'null'::jsonb) as cur
      from jsonb_array_elements(v_ops) o
     where (o ->> 'fast')::boolean and not (o ->> 'solo')::boolean
  ), solo as (
    -- A new row made by one op: every field changes from nothing; no field-by-field merge.
    select (o ->> 'i')::integer as i, o ->> 'op_id' as op_id, o ->> 't' as t, o ->> 'row_id' as row_id,
           o ->> 'stamp' as stamp, o -> 'fields' as fields
      from jsonb_array_elements(v_ops) o
     where (o ->> 'fast')::boolean and (o ->> 'solo')::boolean
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
  select jsonb_agg(jsonb_build_object('op_id', n.op_id, 'table_name', n.t, 'row_id', n.row_id, 'stamp', n.stamp, 'fields', n.fields,
                                      'old_values', case when n.changed then n.old_values else '{}'::jsonb end, 'seq', n.seq) order by n.i),
         max(n.seq)
    into v_applied, v_seq
    from numbered n;
  v_seq := greatest(coalesce(v_seq, p_seq), p_seq);
  if v_applied is null then
    return jsonb_build_object('seq', p_seq, 'accepted', v_accepted, 'slow', v_slow);
  end if;

  -- The rows as they end: the stored row (or the device defaults and ids for a new one), each
  -- field's winning value and stamp, and the seq of the row's last change.
  with applied as (
    select r.table_name as t, r.row_id, max(r.seq) as seq
      from jsonb_to_recordset(v_applied) as r(table_name text, row_id text, seq bigint)
     where r.seq is not null
     group by r.table_name, r.row_id
  ), fast as (
    select o ->> 't' as t, o ->> 'row_id' as row_id, nullif(o -> 'cur', 'null'::jsonb) as cur, o -> 'fields' as fields, o ->> 'stamp' as stamp,
           (o ->> 'i')::integer as i
      from jsonb_array_elements(v_ops) o
     where (o ->> 'fast')::boolean and not (o ->> 'solo')::boolean
  ), solo as (
    select o ->> 't' as t, o ->> 'row_id' as row_id, o -> 'fields' as fields, o ->> 'stamp' as stamp
      from jsonb_array_elements(v_ops) o
     where (o ->> 'fast')::boolean and (o ->> 'solo')::boolean
  ), solo_rows as (
    select s.t, true as is_new,
           coalesce((select jsonb_object_agg(c.column_name, c.default_value) from lenden.column_spec c
                      where c.table_name = s.t and c.default_value is not null and not (s.fields ? c.column_name)), '{}'::jsonb)
             || (s.fields - 'id')
             || jsonb_build_object('id', s.row_id,
                                   'field_stamps', (select jsonb_object_agg(k, s.stamp) from jsonb_object_keys(s.fields) k where k not in ('id', 'business_id')),
                                   'seq', a.seq) as row
      from solo s
      join applied a on a.t = s.t and a.row_id = s.row_id
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
  select jsonb_object_agg(k.t, k.payload) into v_rows
    from (select f.t, jsonb_build_object('new', coalesce(jsonb_agg(f.row) filter (where f.is_new), '[]'::jsonb),
                                         'old', coalesce(jsonb_agg(f.row) filter (where not f.is_new), '[]'::jsonb)) as payload
            from finals f group by f.t) k;

  for t in select jsonb_object_keys(coalesce(v_rows, '{}'::jsonb)) loop
    if jsonb_array_length(v_rows -> t -> 'new') > 0 then
      execute format('insert into public.%I select * from jsonb_populate_recordset(null::public.%I, $1)', t, t) using v_rows -> t -> 'new';
    end if;
    if jsonb_array_length(v_rows -> t -> 'old') > 0 then
      v_cols := lenden.data_columns(t);
      execute format('update public.%I x set (%s) = (%s) from jsonb_populate_recordset(null::public.%I, $1) r where x.id = r.id',
                     t,
                     (select string_agg(format('%I', c), ', ') from unnest(v_cols) c),
                     (select string_agg(format('r.%I', c), ', ') from unnest(v_cols) c),
                     t)
        using v_rows -> t -> 'old';
    end if;
  end loop;

  insert into public.sync_applied_ops (op_id, business_id, device_id, user_id, table_name, row_id, stamp, fields, old_values, seq)
  select r.op_id, p_business_id, p_device_id, p_uid, r.table_name, r.row_id, r.stamp, r.fields, r.old_values, r.seq
    from jsonb_to_recordset(v_applied) as r(op_id text, table_name text, row_id text, stamp text, fields jsonb, old_values jsonb, seq bigint);

  return jsonb_build_object('seq', v_seq, 'accepted', v_accepted, 'slow', v_slow);
end;
$$;
revoke all on function lenden.push_fast(text, text, uuid, text, jsonb, text[], bigint) from public;

-- ---------------------------------------------------------------------------------------
-- Push: a batch
-- ---------------------------------------------------------------------------------------

create or replace function public.sync_push(p_business_id text, p_device_id text, p_protocol int, p_ops jsonb)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_uid uuid := auth.uid();
  v_role text;
  v_seq bigint;
  v_start_seq bigint;
  v_unit_seq bigint;
  v_accepted jsonb := '[]'::jsonb;
  v_unit_accepted jsonb;
  v_rejected jsonb := '[]'::jsonb;
  v_n integer;
  v_i integer;
  v_op jsonb;
  v_res jsonb;
  v_fail jsonb;
  v_unit record;
  v_field_errors text[];
  v_fast jsonb;
  v_cap integer;
begin
  if p_protocol is null or p_protocol not in (1, 2) then
    raise exception 'PROTOCOL: this server speaks sync protocols 1 and 2 but the app sent %; please update the app', coalesce(p_protocol::text, 'none')
      using errcode = 'P0001';
  end if;
  if v_uid is null then
    raise exception 'AUTH: not signed in' using errcode = '42501';
  end if;
  if not lenden.valid_id(p_business_id) then
    raise exception 'VALIDATION: p_business_id must be an id' using errcode = 'P0001';
  end if;
  perform lenden.require_device(p_business_id, p_device_id);
  if jsonb_typeof(p_ops) is distinct from 'array' then
    raise exception 'VALIDATION: p_ops must be a JSON array of ops' using errcode = 'P0001';
  end if;
  v_n := jsonb_array_length(p_ops);
  v_cap := case when p_protocol >= 2 then 5000 else 500 end;
  if v_n > v_cap then
    raise exception 'VALIDATION: batch has % ops; at most % ops per push', v_n, v_cap using errcode = 'P0001';
  end if;
  v_role := lenden.require_member(p_business_id);

  -- Shape of every op before anything is written: a malformed op rejects the whole call.
  select min(a.ord - 1) into v_i
    from jsonb_array_elements(p_ops) with ordinality as a(op, ord)
   where jsonb_typeof(a.op) is distinct from 'object'
      or jsonb_typeof(a.op -> 'op_id') is distinct from 'string'
      or jsonb_typeof(a.op -> 'table') is distinct from 'string'
      or jsonb_typeof(a.op -> 'row_id') is distinct from 'string'
      or jsonb_typeof(a.op -> 'fields') is distinct from 'object'
      or jsonb_typeof(a.op -> 'stamp') is distinct from 'string'
      or coalesce(jsonb_typeof(a.op -> 'unit'), 'string') <> 'string'
      or length(a.op ->> 'op_id') not between 1 and 100
      or length(coalesce(a.op ->> 'unit', 'u')) not between 1 and 100;
  if v_i is not null then
    raise exception 'VALIDATION: op #% is malformed: expected { op_id, table, row_id, fields: {...}, stamp, unit? } with string op_id (1-100 characters), table, row_id, stamp and unit', v_i
      using errcode = 'P0001';
  end if;

  -- Column allowlist and values of every op, in one query. Element i + 1 is op i's first
  -- failing field (in jsonb_each order), or null.
  with fields as (
    select (a.ord - 1)::integer as i, a.op ->> 'table' as t, e.key, e.value, e.n
      from jsonb_array_elements(p_ops) with ordinality as a(op, ord)
      cross join lateral jsonb_each(a.op -> 'fields') with ordinality as e(key, value, n)
     where e.key not in ('id', 'business_id')
  ), errors as (
    select f.i, (array_agg(f.err order by f.n))[1] as err
      from (select fl.i, fl.n, lenden.field_error(fl.t, fl.key, fl.value, c) as err
              from fields fl
              left join lenden.column_spec c on c.table_name = fl.t and c.column_name = fl.key) f
     where f.err is not null
     group by f.i
  )
  select array_agg(er.err order by g.i) into v_field_errors
    from generate_series(0, v_n - 1) as g(i)
    left join errors er on er.i = g.i;

  -- The business lock: sequence numbers are assigned under it, so commit order == seq order.
  select seq into v_seq from public.sync_state where business_id = p_business_id for update;
  if not found then
    raise exception 'AUTH: you are not a member of business %', p_business_id using errcode = '42501';
  end if;
  v_start_seq := v_seq;

  -- Rows that need no rule across rows go the set-based way, all at once.
  v_fast := lenden.push_fast(p_business_id, p_device_id, v_uid, v_role, p_ops, v_field_errors, v_seq);
  v_seq := (v_fast ->> 'seq')::bigint;
  v_accepted := v_fast -> 'accepted';

  -- The rest one op at a time: units in the order of their first op; an op without a unit is
  -- a unit of its own. A unit is applied in a subtransaction: one refused op undoes the
  -- unit's other ops.
  for v_unit in
    select array_agg(x.i order by x.i) as idxs
      from (select (a.ord - 1)::integer as i, coalesce('u:' || (a.op ->> 'unit'), 'op:' || a.ord) as u
              from jsonb_array_elements(p_ops) with ordinality as a(op, ord)
             where (a.ord - 1)::integer in (select (s.value)::integer from jsonb_array_elements_text(v_fast -> 'slow') s)) x
     group by x.u
     order by min(x.i)
  loop
    if array_length(v_unit.idxs, 1) = 1 then
      v_i := v_unit.idxs[1];
      v_res := lenden.push_op(p_business_id, p_device_id, v_uid, v_role, p_protocol, p_ops -> v_i, v_field_errors[v_i + 1], v_seq);
      if (v_res ->> 'ok')::boolean then
        v_seq := (v_res ->> 'seq')::bigint;
        v_accepted := v_accepted || to_jsonb(p_ops -> v_i ->> 'op_id');
      else
        v_rejected := v_rejected || jsonb_build_array(v_res - 'ok');
      end if;
      continue;
    end if;
    v_unit_seq := v_seq;
    v_unit_accepted := '[]'::jsonb;
    v_fail := null;
    begin
      foreach v_i in array v_unit.idxs loop
        v_res := lenden.push_op(p_business_id, p_device_id, v_uid, v_role, p_protocol, p_ops -> v_i, v_field_errors[v_i + 1], v_seq);
        if not (v_res ->> 'ok')::boolean then
          v_fail := v_res;
          raise exception using errcode = 'LU001', message = 'unit refused';
        end if;
        v_seq := (v_res ->> 'seq')::bigint;
        v_unit_accepted := v_unit_accepted || to_jsonb(p_ops -> v_i ->> 'op_id');
      end loop;
      v_accepted := v_accepted || v_unit_accepted;
    exception when sqlstate 'LU001' then
      -- Everything the unit wrote is undone; each op goes back with the server's row as it is now.
      v_seq := v_unit_seq;
      foreach v_i in array v_unit.idxs loop
        v_op := p_ops -> v_i;
        v_rejected := v_rejected || jsonb_build_array(
          case when v_op ->> 'op_id' = v_fail ->> 'op_id' then v_fail - 'ok' - 'row'
               else jsonb_build_object('op_id', v_op ->> 'op_id', 'code', v_fail ->> 'code', 'message', v_fail ->> 'message',
                                       'reason', 'unit', 'cause', v_fail ->> 'op_id')
          end || jsonb_build_object('row', coalesce(lenden.current_row(v_op ->> 'table', v_op ->> 'row_id', p_business_id), 'null'::jsonb)));
      end loop;
    end;
  end loop;

  if v_seq > v_start_seq then
    update public.sync_state set seq = v_seq where business_id = p_business_id;
    perform lenden.poke(p_business_id, v_seq);
  end if;
  update public.sync_devices set last_push_at = now()
   where business_id = p_business_id and device_id = p_device_id and user_id = v_uid;

  -- seq_before: a device whose cursor was there has seen everything before this batch, so the
  -- batch's changes are its own and it need not pull them back.
  return jsonb_build_object('accepted', v_accepted, 'rejected', v_rejected, 'seq', v_seq, 'seq_before', v_start_seq, 'server_time', lenden.iso_now());
end;
$$;


-- ---------------------------------------------------------------------------------------
-- Pull: the compact page
-- ---------------------------------------------------------------------------------------


-- One table's rows of a page: { table, columns, rows: [[seq, id, ...], ...] }, or null.
create or replace function lenden.compact_rows(p_table text, p_business_id text, p_since bigint, p_upto bigint)
returns json
language plpgsql
stable
set search_path = public
as $$
declare
  v_cols text[] := array['seq', 'id'] || array(select c from unnest(lenden.data_columns(p_table)) c where c not in ('seq', 'row_stamp'));
  v_values text;
  v json;
begin
  select string_agg(case c
                      when 'field_stamps' then 'coalesce(to_json(x.row_stamp), to_json(x.field_stamps))'
                      else format('x.%I', c)
                    end, ', ')
    into v_values
    from unnest(v_cols) c;
  execute format(
    'select json_build_object(''table'', %L, ''columns'', $4, ''rows'', json_agg(json_build_array(%s) order by x.seq))
       from public.%I x where x.business_id = $1 and x.seq > $2 and x.seq <= $3 having count(*) > 0',
    p_table, v_values, p_table)
    into v
    using p_business_id, p_since, p_upto, to_json(v_cols);
  return v;
end;
$$;

create or replace function lenden.history_page(p_business_id text, p_since bigint, p_upto bigint, p_limit integer)
returns json
language sql
stable
set search_path = public
as $$
  select coalesce(json_agg(json_build_array(a.op_id, a.table_name, a.row_id, a.device_id, a.user_id, a.stamp, a.fields, a.old_values, a.applied_at, a.seq)
                           order by a.seq), '[]'::json)
    from (select * from public.sync_applied_ops a
           where a.business_id = p_business_id and a.seq > p_since and a.seq <= p_upto
             and a.table_name in (select table_name from lenden.synced_tables where audited)
           order by a.seq
           limit p_limit) a;
$$;

-- Protocol 2, compact: rows as arrays per table; the edit history only when asked for.
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
  -- Only the tables the page has rows of (a poke's page is one row of one table).
  select coalesce(json_agg(r.page order by r.position), '[]'::json)
    into v_tables
    from (select s.position, lenden.compact_rows(s.table_name, p_business_id, v_since, v_last) as page
            from lenden.synced_tables s
           where s.table_name = any (coalesce(v_present, '{}'::text[]))) r
   where r.page is not null;
  return json_build_object(
    'tables', v_tables,
    'history', case when coalesce(p_history, false) then lenden.history_page(p_business_id, v_since, v_last, 2147483647) end,
    'last_seq', v_last, 'head_seq', v_head, 'more', v_last < v_head);
end;
$$;

-- The edit history on its own, for a device that took the rows first: changes to financial
-- records with seq in (p_since, p_upto], at most p_limit.
create or replace function public.sync_history(p_business_id text, p_since bigint, p_upto bigint, p_limit int, p_device_id text)
returns json
language plpgsql
stable
security definer
set search_path = public
as $$
declare
  v_limit integer := least(greatest(coalesce(p_limit, 5000), 1), 20000);
  v_ops json;
  v_last bigint;
begin
  perform lenden.require_member(p_business_id);
  perform lenden.require_device(p_business_id, p_device_id);
  v_ops := lenden.history_page(p_business_id, greatest(coalesce(p_since, 0), 0), coalesce(p_upto, 0), v_limit);
  v_last := (select max((e ->> 9)::bigint) from json_array_elements(v_ops) e);
  if json_array_length(v_ops) < v_limit then
    v_last := greatest(coalesce(p_upto, 0), coalesce(p_since, 0));
  end if;
  return json_build_object('ops', v_ops, 'last_seq', coalesce(v_last, p_since), 'more', v_last < coalesce(p_upto, 0));
end;
$$;

revoke all on function public.sync_pull(text, bigint, int, text, boolean, boolean) from public, anon;
revoke all on function public.sync_history(text, bigint, bigint, int, text) from public, anon;
grant execute on function public.sync_pull(text, bigint, int, text, boolean, boolean) to authenticated;
grant execute on function public.sync_history(text, bigint, bigint, int, text) to authenticated;

do $$
declare
  f record;
begin
  for f in select p.oid::regprocedure as sig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'lenden' loop
    execute format('revoke all on function %s from public', f.sig);
    begin
      execute format('revoke all on function %s from anon, authenticated', f.sig);
    exception when undefined_object then null;
    end;
  end loop;
end;
$$;
grant execute on function lenden.is_member(text) to authenticated;
grant execute on function lenden.my_business_ids() to authenticated;

-- Lenden server schema, step 13: a small push's page travels with its poke
-- (supabase/local/poke-page-migration.test.ts upgrades a server with data).
--
-- A change reached another device in two trips: the push, whose commit pokes every device,
-- then each device's pull of the change. Now a push of a few changes also sends the page a
-- pull would return right after it (sync_pull's own page, format 3 with history), and a device
-- whose cursor is where that page starts stores it without asking: one trip instead of two.
-- Anything else (a larger batch, a device elsewhere, a page it cannot read) pulls as before.
--
-- Who may read a page must not change: pull is for members, from devices not removed. Hosted
-- Realtime checks a channel's policy when a device joins and when it refreshes its token, not
-- at each broadcast, so a page on the business's topic would still reach a member removed, or
-- a computer revoked, until then. Pages therefore go to a topic named with a key only a live
-- device of a member can ask for (sync_page_topic); removing a member or a device makes a new
-- key, and the old topic hears nothing more. The poke (seq only, as before) says which key
-- is current (its generation), so the others ask for the new one.

-- 244 random bits (two version 4 UUIDs), hex.
create or replace function lenden.new_page_key()
returns text
language sql volatile
as $$ select replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '') $$;
revoke all on function lenden.new_page_key() from public;

create table lenden.page_topics (
  business_id text primary key references public.sync_state (business_id) on delete cascade,
  key text not null default lenden.new_page_key(),
  generation integer not null default 1
);
-- Read only through the functions below (they run as the owner).
revoke all on lenden.page_topics from public, anon, authenticated;

-- Every shop has a key from the start: those here now, and each one claimed from now on.
insert into lenden.page_topics (business_id) select business_id from public.sync_state on conflict do nothing;

create or replace function lenden.first_page_topic()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into lenden.page_topics (business_id) values (new.business_id) on conflict do nothing;
  return null;
end;
$$;
revoke all on function lenden.first_page_topic() from public;

create trigger page_topic_first after insert on public.sync_state
  for each row execute function lenden.first_page_topic();

-- A new key when someone loses the right to pull: a member removed (or their row deleted), a
-- computer revoked.
create or replace function lenden.new_page_topic()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  update lenden.page_topics set key = lenden.new_page_key(), generation = generation + 1
   where business_id = old.business_id;
  -- The shop's other computers hear the new generation now (removing a computer pokes no one).
  perform lenden.poke(old.business_id, (select s.seq from public.sync_state s where s.business_id = old.business_id));
  return null;
end;
$$;
revoke all on function lenden.new_page_topic() from public;

create trigger page_topic_member_removed after update of deleted_at on public.business_members
  for each row when (old.deleted_at is null and new.deleted_at is not null)
  execute function lenden.new_page_topic();
create trigger page_topic_member_deleted after delete on public.business_members
  for each row execute function lenden.new_page_topic();
create trigger page_topic_device_revoked after update of revoked_at on public.sync_devices
  for each row when (old.revoked_at is null and new.revoked_at is not null)
  execute function lenden.new_page_topic();

-- The pages topic for a live device of a member, and its generation.
create or replace function public.sync_page_topic(p_business_id text, p_device_id text)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_topic lenden.page_topics;
begin
  if not lenden.valid_id(p_business_id) then
    raise exception 'VALIDATION: p_business_id must be an id' using errcode = 'P0001';
  end if;
  if not lenden.is_member(p_business_id) then
    perform lenden.require_member(p_business_id);
  end if;
  insert into lenden.page_topics (business_id) values (p_business_id) on conflict do nothing;
  select * into v_topic from lenden.page_topics where business_id = p_business_id;
  -- Checked after the key is read: each statement here sees the latest commits, so a removal
  -- that commits between a check and the read would otherwise hand the removed computer the
  -- key made for its removal. Read first, a key is at worst the one the removal replaced.
  perform lenden.require_member(p_business_id);
  perform lenden.require_device(p_business_id, p_device_id);
  return jsonb_build_object('topic', 'pages:' || v_topic.business_id || ':' || v_topic.key, 'generation', v_topic.generation);
end;
$$;
revoke all on function public.sync_page_topic(text, text) from public, anon;
grant execute on function public.sync_page_topic(text, text) to authenticated;

-- Realtime: a pages topic is readable by a member while its key is the business's current one.
create or replace function lenden.may_read_pages(p_topic text)
returns boolean
language sql stable security definer
set search_path = public
as $$
  select exists (
    select 1 from lenden.page_topics p
     where p.business_id = split_part(p_topic, ':', 2)
       and p_topic = 'pages:' || p.business_id || ':' || p.key
       and lenden.is_member(p.business_id))
$$;
revoke all on function lenden.may_read_pages(text) from public;
grant execute on function lenden.may_read_pages(text) to authenticated;

drop policy if exists "lenden devices receive business pages" on realtime.messages;
create policy "lenden devices receive business pages" on realtime.messages
  for select to authenticated
  using (realtime.topic() like 'pages:%' and topic = realtime.topic() and lenden.may_read_pages(realtime.topic()));

-- Every poke says the pages topic's generation, so a device hears that the key changed.
create or replace function lenden.poke(p_business_id text, p_seq bigint)
returns void
language plpgsql
set search_path = public
as $$
begin
  perform realtime.send(jsonb_strip_nulls(jsonb_build_object('business_id', p_business_id, 'seq', p_seq,
                          'pages', (select p.generation from lenden.page_topics p where p.business_id = p_business_id))),
                        'poke', 'business:' || p_business_id, true);
end;
$$;
revoke all on function lenden.poke(text, bigint) from public;

-- The changes after p_since up to p_seq, exactly as sync_pull pages them for a device that
-- keeps the history (format 3), sent to the pages topic when they are few and small: at most
-- 50 changes and 64 KB of JSON (a bill of many lines; hosted Realtime takes broadcasts of
-- 256 KB on its smallest plan). Anything larger is pulled, as before.
create or replace function lenden.send_page(p_business_id text, p_device_id text, p_since bigint, p_seq bigint)
returns void
language plpgsql
set search_path = public
as $$
declare
  v_key text;
  v_page json;
  v_body jsonb;
begin
  if p_seq - p_since > 50 then
    return;
  end if;
  -- Shared lock: a new key being made (a member removed without the business lock, say by an
  -- admin) is waited for and read, and one made after this read waits until this push's page is
  -- out, so no page committed after a removal goes to the key that removal replaced.
  select p.key into v_key from lenden.page_topics p where p.business_id = p_business_id for share;
  if v_key is null then
    return;
  end if;
  v_page := public.sync_pull(p_business_id, p_since, 50, p_device_id, true, true, 3);
  v_body := jsonb_build_object('business_id', p_business_id, 'since', p_since, 'page', v_page);
  if octet_length(v_body::text) > 65536 or (v_page ->> 'more')::boolean or (v_page ->> 'last_seq')::bigint <> p_seq then
    return;
  end if;
  perform realtime.send(v_body, 'page', 'pages:' || p_business_id || ':' || v_key, true);
end;
$$;
revoke all on function lenden.send_page(text, text, bigint, bigint) from public;

-- As in 20261204000000_sync_speed, with the small batch's page sent before the poke.
create or replace function public.sync_push(p_business_id text, p_device_id text, p_protocol int, p_ops jsonb)
returns jsonb
language plpgsql
security definer
set search_path = public
-- As 20261209000000_push_speed set it: one plan per connection.
set plan_cache_mode = force_generic_plan
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
    -- A small batch's page goes first, on the devices' topic; then the poke everyone hears.
    -- The page is a shortcut: if it cannot be made, the push stands and devices pull.
    begin
      perform lenden.send_page(p_business_id, p_device_id, v_start_seq, v_seq);
    exception when others then
      raise warning 'lenden: no page sent with the poke: %', sqlerrm;
    end;
    perform lenden.poke(p_business_id, v_seq);
  end if;
  update public.sync_devices set last_push_at = now()
   where business_id = p_business_id and device_id = p_device_id and user_id = v_uid;

  -- seq_before: a device whose cursor was there has seen everything before this batch, so the
  -- batch's changes are its own and it need not pull them back.
  return jsonb_build_object('accepted', v_accepted, 'rejected', v_rejected, 'seq', v_seq, 'seq_before', v_start_seq, 'server_time', lenden.iso_now());
end;
$$;

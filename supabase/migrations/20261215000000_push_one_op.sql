-- Lenden server schema, step 14: a push of one op skips the set-based path
-- (supabase/local/push-one-op-migration.test.ts upgrades a server with data and compares).
--
-- Every change made while online travels alone: a push of one op. lenden.push_fast runs seven
-- set-based statements whatever the batch's size; for one op they cost about 2.0 ms against
-- 1.2 ms for lenden.push_op, the op-by-op path push_fast is checked against
-- (supabase/local/push-fast.test.ts). That time is on the way of every change to the other
-- computers of the shop. A batch of one op now goes to push_op directly; every other batch as
-- before. Answers, rows, history and seqs are the same either way.

-- As in 20261214000000_poke_page, with the batch of one op sent to push_op.
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

  -- Rows that need no rule across rows go the set-based way, all at once. A batch of one op
  -- goes straight to push_op, which gives the same answer (push_fast is checked against it)
  -- in about 1.2 ms instead of 2.0: the set-based statements cost more than they save there.
  if v_n = 1 then
    v_fast := jsonb_build_object('seq', v_seq, 'accepted', '[]'::jsonb, 'slow', '[0]'::jsonb);
  else
    v_fast := lenden.push_fast(p_business_id, p_device_id, v_uid, v_role, p_ops, v_field_errors, v_seq);
  end if;
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

-- Lenden server schema, step 2: sync a shop can trust at every edge (protocol 2; protocol 1
-- clients keep syncing unchanged). See docs/data-and-sync.md.
--
--  * a registry of synced tables: pull, push, digest and the row lookups read it, so a new
--    table needs its table, its rows in lenden.column_spec and one call of
--    lenden.add_synced_table (no RPC is rewritten);
--  * one set of column rules: the server refuses exactly what a device cannot store
--    (NOT NULL on the device = required on create and never null; device defaults are filled
--    in on create), and rows already stored without them are repaired where the right value
--    is certain;
--  * units: ops that share a `unit` (a bill, its posting entry and its payments) are
--    accepted or refused together;
--  * bills and payments: no payment on a deleted bill or beyond the bill's total, no bill
--    deleted or cut below what was paid, every invoice series tied to the device and user
--    that registered it (protocol 2), and a clash answered with what the device needs to
--    renumber;
--  * membership by consent: sync_add_member invites; the invitee accepts; the owner can
--    remove a member or a device, after which every RPC refuses them (RLS and Realtime
--    follow membership already);
--  * the highest invoice number of a device's series comes back when it registers, so a
--    restored database never numbers a bill twice.

-- ---------------------------------------------------------------------------------------
-- Registry of synced tables
-- ---------------------------------------------------------------------------------------

create table lenden.synced_tables (
  table_name text primary key,
  -- pull and digest order; also the order a fresh device receives tables of one seq range
  position integer not null unique,
  -- false: only the server writes it (business_members)
  pushable boolean not null default true,
  -- its applied ops travel with pulls as the edit history of a financial record
  audited boolean not null default false,
  -- staff may not write it at all
  owner_only boolean not null default false,
  -- staff may not delete or restore its rows
  owner_deletes boolean not null default false
);
revoke all on lenden.synced_tables from public;

insert into lenden.synced_tables (table_name, position, pushable, audited, owner_only, owner_deletes) values
  ('business_settings', 10,  true,  false, true,  false),
  ('profiles',          20,  true,  false, false, false),
  ('business_members',  30,  false, false, true,  false),
  ('customers',         40,  true,  true,  false, true),
  ('suppliers',         50,  true,  true,  false, true),
  ('transactions',      60,  true,  true,  false, false),
  ('bills',             70,  true,  true,  false, true),
  ('cashbook_entries',  80,  true,  true,  false, false),
  ('staff',             90,  true,  false, true,  false),
  ('attendance',        100, true,  false, false, false);

-- Creates a synced table with the common columns, its seq index, row level security and
-- privileges, and registers it. p_columns is the table's own column list in SQL.
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
end;
$$;
revoke all on function lenden.add_synced_table(text, text, integer, boolean, boolean, boolean) from public;

-- ---------------------------------------------------------------------------------------
-- One set of column rules (src-main/core/sync/column-rules.ts holds the same; a test
-- compares both with each other and with the device schema)
-- ---------------------------------------------------------------------------------------

-- not_null: the device column is NOT NULL, so null is refused even on an edit.
-- default_value: the device's default, filled in when a create leaves the column out.
alter table lenden.column_spec add column not_null boolean not null default false;
alter table lenden.column_spec add column default_value jsonb;

-- Every device row has created_at and updated_at.
update lenden.column_spec set required = true where column_name in ('created_at', 'updated_at');

-- NOT NULL on the device, with a default there.
update lenden.column_spec s set not_null = true, default_value = d.v
  from (values
    ('business_settings', 'name',           '""'::jsonb),
    ('business_settings', 'invoice_prefix', '"INV-"'),
    ('business_settings', 'fy_start_month', '4'),
    ('business_settings', 'timezone',       '"Asia/Kolkata"'),
    ('profiles',          'language',       '"en"'),
    ('bills',             'discount_paise',  '0'),
    ('bills',             'taxable_paise',   '0'),
    ('bills',             'cgst_paise',      '0'),
    ('bills',             'sgst_paise',      '0'),
    ('bills',             'igst_paise',      '0'),
    ('bills',             'round_off_paise', '0'),
    ('bills',             'total_paise',     '0')
  ) as d(t, c, v)
 where s.table_name = d.t and s.column_name = d.c;

-- NOT NULL on the device without a default: needed on create.
update lenden.column_spec set required = true
 where (table_name, column_name) in (('bills', 'party_type'), ('bills', 'party_id'), ('bills', 'invoice_series'),
                                     ('bills', 'invoice_seq'), ('staff', 'salary_basis'), ('staff', 'salary_paise'));

create or replace function lenden.field_error(p_table text, p_column text, p_value jsonb, s lenden.column_spec)
returns text language sql stable
as $$
  select case
    when (s).table_name is null then format('unknown column %s for table %s', p_column, p_table)
    when p_value is null or jsonb_typeof(p_value) = 'null' then
      case when (s).required or (s).not_null then format('%s.%s must not be null', p_table, p_column) end
    when (s).kind = 'text' then
      case
        when jsonb_typeof(p_value) <> 'string' then format('%s.%s must be a string', p_table, p_column)
        when (s).max_length is not null and length(p_value #>> '{}') > (s).max_length
          then format('%s.%s is longer than %s characters', p_table, p_column, (s).max_length)
        when (s).pattern is not null and (p_value #>> '{}') !~ (s).pattern
          then format('%s.%s has an invalid format', p_table, p_column)
        when (s).required and btrim(p_value #>> '{}') = '' then format('%s.%s must not be empty', p_table, p_column)
      end
    when (s).kind = 'enum' then
      case when jsonb_typeof(p_value) <> 'string' or not ((p_value #>> '{}') = any ((s).enum_values))
        then format('%s.%s must be one of %s', p_table, p_column, array_to_string((s).enum_values, ', ')) end
    when (s).kind = 'ts' then
      case when jsonb_typeof(p_value) <> 'string' or not lenden.valid_ts(p_value #>> '{}')
        then format('%s.%s must be an ISO-8601 UTC timestamp like 2026-11-25T10:00:00.000Z', p_table, p_column) end
    when (s).kind = 'date' then
      case when jsonb_typeof(p_value) <> 'string' or not lenden.valid_date(p_value #>> '{}')
        then format('%s.%s must be a date like 2026-11-25', p_table, p_column) end
    when (s).kind = 'id' then
      case when jsonb_typeof(p_value) <> 'string' or not lenden.valid_id(p_value #>> '{}')
        then format('%s.%s must be an id (1-64 characters of 0-9 A-Z a-z _ -)', p_table, p_column) end
    when (s).kind = 'int' then
      case when not lenden.valid_int(p_value, (s).min_value, (s).max_value)
        then format('%s.%s must be an integer from %s to %s', p_table, p_column, (s).min_value, (s).max_value) end
    when (s).kind = 'items' then lenden.check_items(p_value)
  end
$$;

-- ---------------------------------------------------------------------------------------
-- Rows by registry
-- ---------------------------------------------------------------------------------------

create or replace function lenden.current_row(p_table text, p_row_id text, p_business_id text)
returns jsonb language plpgsql stable
set search_path = public
as $$
declare
  v jsonb;
begin
  if p_table is null or not exists (select 1 from lenden.synced_tables where table_name = p_table) then
    return null;
  end if;
  execute format('select to_jsonb(x) from public.%I x where x.id = $1 and x.business_id = $2', p_table)
    into v using p_row_id, p_business_id;
  return v;
end;
$$;

-- A change the server makes itself (membership, repairs): fields merged with a server stamp,
-- the business's next seq, and an applied op, so every device pulls it and its history shows
-- it. The caller holds the business's sync_state lock. Returns the new seq.
create or replace function lenden.server_write(p_business_id text, p_table text, p_row_id text, p_fields jsonb, p_actor uuid)
returns bigint
language plpgsql
set search_path = public
as $$
declare
  v_seq bigint;
  v_stamp text := lenden.server_stamp();
  v_cur jsonb := lenden.current_row(p_table, p_row_id, p_business_id);
  v_old jsonb;
  v_stamps jsonb;
  v_cols text;
  v_vals text;
begin
  if v_cur is null then
    raise exception 'server_write: % row % of business % does not exist', p_table, p_row_id, p_business_id;
  end if;
  update public.sync_state set seq = seq + 1 where business_id = p_business_id returning seq into v_seq;
  select coalesce(jsonb_object_agg(k, v_cur -> k), '{}'::jsonb), coalesce(jsonb_object_agg(k, v_stamp), '{}'::jsonb)
    into v_old, v_stamps
    from jsonb_object_keys(p_fields) as k;
  v_stamps := (v_cur -> 'field_stamps') || v_stamps;
  select string_agg(format('%I', key), ', '), string_agg(format('r.%I', key), ', ')
    into v_cols, v_vals
    from (select jsonb_object_keys(p_fields) as key union all select 'field_stamps' union all select 'seq') k;
  execute format('update public.%I x set (%s) = (select %s from jsonb_populate_record(null::public.%I, $1) r) where x.id = $2',
                 p_table, v_cols, v_vals, p_table)
    using v_cur || p_fields || jsonb_build_object('field_stamps', v_stamps, 'seq', v_seq), p_row_id;
  insert into public.sync_applied_ops (op_id, business_id, device_id, user_id, table_name, row_id, stamp, fields, old_values, seq)
  values ('server-' || gen_random_uuid()::text, p_business_id, 'server', p_actor, p_table, p_row_id, v_stamp, p_fields, v_old, v_seq);
  return v_seq;
end;
$$;
revoke all on function lenden.server_write(text, text, text, jsonb, uuid) from public;

-- ---------------------------------------------------------------------------------------
-- Repair rows stored before the column rules: fill what the device needs where the value is
-- certain (a device default; a bill's party type from the party it names). Each repair is a
-- server change with its own seq, so devices that could not store the row pull it again.
-- Rows that cannot be repaired stay; devices set them aside as a visible sync problem.
-- ---------------------------------------------------------------------------------------

do $repair$
declare
  r record;
  c record;
  v_fix jsonb;
begin
  for r in select business_id from public.sync_state order by business_id for update loop
    null; -- lock every business while repairing (nobody else pushes during a migration anyway)
  end loop;
  for c in select s.table_name, s.column_name, s.default_value from lenden.column_spec s
            where s.default_value is not null or s.column_name in ('created_at', 'updated_at')
            order by s.table_name, s.column_name loop
    for r in execute format('select business_id, id from public.%I where %I is null order by business_id, id', c.table_name, c.column_name) loop
      v_fix := jsonb_build_object(c.column_name, coalesce(c.default_value, to_jsonb(lenden.iso_now())));
      perform lenden.server_write(r.business_id, c.table_name, r.id, v_fix,
                                  (select created_by from public.sync_state where business_id = r.business_id));
    end loop;
  end loop;
  for r in select b.business_id, b.id,
                  case when exists (select 1 from public.customers p where p.id = b.party_id and p.business_id = b.business_id) then 'customer'
                       when exists (select 1 from public.suppliers p where p.id = b.party_id and p.business_id = b.business_id) then 'supplier'
                  end as party_type
             from public.bills b
            where b.party_type is null and b.party_id is not null
            order by b.business_id, b.id loop
    if r.party_type is not null then
      perform lenden.server_write(r.business_id, 'bills', r.id, jsonb_build_object('party_type', r.party_type),
                                  (select created_by from public.sync_state where business_id = r.business_id));
    end if;
  end loop;
end;
$repair$;

-- ---------------------------------------------------------------------------------------
-- Devices: one invoice series per device and user, removable by the owner
-- ---------------------------------------------------------------------------------------

alter table public.sync_devices drop constraint sync_devices_pkey;
alter table public.sync_devices add primary key (business_id, device_id, user_id);
alter table public.sync_devices add column revoked_at timestamptz;
alter table public.sync_devices add column revoked_by uuid;
alter table public.sync_devices add column last_push_at timestamptz;

create index bills_series_idx on public.bills (business_id, invoice_series, invoice_seq);
create index transactions_bill_idx on public.transactions (bill_id) where bill_id is not null;

-- The caller's series on this device (registered under the business lock when new). A
-- device the owner removed is refused.
create or replace function lenden.device_series(p_business_id text, p_device_id text, p_user_id uuid)
returns integer
language plpgsql
set search_path = public
as $$
declare
  v_series integer;
begin
  if exists (select 1 from public.sync_devices where business_id = p_business_id and device_id = p_device_id and revoked_at is not null) then
    raise exception 'REMOVED: this computer was removed from the business by its owner' using errcode = '42501';
  end if;
  select invoice_series into v_series from public.sync_devices
   where business_id = p_business_id and device_id = p_device_id and user_id = p_user_id;
  if found then
    return v_series;
  end if;
  update public.sync_state set next_invoice_series = next_invoice_series + 1
   where business_id = p_business_id
   returning next_invoice_series - 1 into v_series;
  insert into public.sync_devices (business_id, device_id, invoice_series, user_id)
  values (p_business_id, p_device_id, v_series, p_user_id);
  return v_series;
end;
$$;

create or replace function lenden.series_max(p_business_id text, p_series integer)
returns integer language sql stable
set search_path = public
as $$
  select coalesce(max(invoice_seq), 0) from public.bills where business_id = p_business_id and invoice_series = p_series;
$$;

-- The caller's standing in a business: raises AUTH (never a member) or REMOVED (the owner
-- removed them) unless they are a member. Returns the role.
create or replace function lenden.require_member(p_business_id text)
returns text
language plpgsql stable
set search_path = public
as $$
declare
  v_role text;
begin
  if auth.uid() is null then
    raise exception 'AUTH: not signed in' using errcode = '42501';
  end if;
  v_role := lenden.member_role(p_business_id);
  if v_role is not null then
    return v_role;
  end if;
  if exists (select 1 from public.business_members m
              where m.business_id = p_business_id and m.user_id = auth.uid() and m.deleted_at is not null) then
    raise exception 'REMOVED: you were removed from this business by its owner' using errcode = '42501';
  end if;
  raise exception 'AUTH: you are not a member of business %', p_business_id using errcode = '42501';
end;
$$;

create or replace function lenden.require_device(p_business_id text, p_device_id text)
returns void
language plpgsql stable
set search_path = public
as $$
begin
  if p_device_id is null or p_device_id !~ '^[0-9A-Za-z_.:-]{1,100}$' then
    raise exception 'VALIDATION: p_device_id must be 1-100 characters of 0-9 A-Z a-z _ . : -' using errcode = 'P0001';
  end if;
  if exists (select 1 from public.sync_devices where business_id = p_business_id and device_id = p_device_id and revoked_at is not null) then
    raise exception 'REMOVED: this computer was removed from the business by its owner' using errcode = '42501';
  end if;
end;
$$;

-- ---------------------------------------------------------------------------------------
-- Push: one op
-- ---------------------------------------------------------------------------------------

-- Shop words for a refused payment or bill, with the amounts the device needs to say more.
create or replace function lenden.rupees(p_paise bigint)
returns text language sql immutable
as $$ select '₹' || to_char(p_paise / 100.0, 'FM9999999999990.00') $$;

-- Validates and applies one op of a push. The caller holds the business lock and passes the
-- business seq so far; p_field_error is the op's first failing field (validated in bulk).
-- Returns { ok: true, seq } or { ok: false, op_id, code, message, reason?, detail?, row }.
-- Every check runs before anything is written, so a refused op leaves nothing behind.
create or replace function lenden.push_op(
  p_business_id text, p_device_id text, p_uid uuid, p_role text, p_protocol integer,
  p_op jsonb, p_field_error text, p_seq bigint
) returns jsonb
language plpgsql
set search_path = public
as $$
declare
  v_op_id text := p_op ->> 'op_id';
  v_table text := p_op ->> 'table';
  v_row_id text := p_op ->> 'row_id';
  v_fields jsonb := p_op -> 'fields';
  v_stamp text := p_op ->> 'stamp';
  v_t lenden.synced_tables;
  v_prev_business text;
  v_any jsonb;
  v_cur jsonb;
  v_is_create boolean;
  v_new jsonb;
  v_stamps jsonb;
  v_changed jsonb;
  v_old jsonb;
  v_won jsonb;
  v_defaults jsonb;
  v_err text;
  v_code text := 'VALIDATION';
  v_reason text;
  v_detail jsonb;
  v_cols text;
  v_vals text;
  v_seq bigint := p_seq;
  v_series integer;
  v_bill jsonb;
  v_paid bigint;
  v_pay_dir text;
begin
  <<one_op>>
  begin
    -- Idempotency: an op applied before counts as accepted.
    select business_id into v_prev_business from public.sync_applied_ops where op_id = v_op_id;
    if found then
      if v_prev_business = p_business_id then
        return jsonb_build_object('ok', true, 'seq', v_seq);
      end if;
      v_code := 'CONFLICT'; v_err := 'op_id is already used by another business';
      exit one_op;
    end if;

    select * into v_t from lenden.synced_tables where table_name = v_table;
    if not found then
      v_err := format('unknown table %s', left(v_table, 64));
      exit one_op;
    end if;
    if not v_t.pushable then
      v_code := 'FORBIDDEN'; v_err := format('%s is managed by the server', v_table);
      exit one_op;
    end if;
    if not lenden.valid_id(v_row_id) then
      v_err := 'row_id must be an id (1-64 characters of 0-9 A-Z a-z _ -)';
      exit one_op;
    end if;

    execute format('select to_jsonb(x) from public.%I x where x.id = $1', v_table) into v_any using v_row_id;
    if v_any is not null and v_any ->> 'business_id' = p_business_id then
      v_cur := v_any;
    end if;

    if octet_length(p_op::text) > 65536 then
      v_err := format('op is %s bytes; at most 65536 bytes per op', octet_length(p_op::text));
      exit one_op;
    end if;
    if not lenden.valid_stamp(v_stamp) then
      v_err := 'stamp must look like 2026-11-25T10:00:00.000Z-0000-9f3a1c2b4d5e6f70';
      exit one_op;
    end if;
    if (substr(v_stamp, 1, 23) || '+00')::timestamptz > clock_timestamp() + interval '5 minutes' then
      v_code := 'CLOCK';
      v_err := format('stamp %s is more than 5 minutes ahead of the server clock (%s); check the date and time of this device',
                      substr(v_stamp, 1, 24), lenden.iso_now());
      v_detail := jsonb_build_object('server_time', lenden.iso_now());
      exit one_op;
    end if;

    v_is_create := v_fields ? 'business_id' or v_fields ? 'id';
    if v_is_create then
      if jsonb_typeof(v_fields -> 'business_id') is distinct from 'string' or (v_fields ->> 'business_id') <> p_business_id then
        v_err := 'fields.business_id must equal the business id of the push';
        exit one_op;
      end if;
      if v_fields ? 'id' and (jsonb_typeof(v_fields -> 'id') is distinct from 'string' or (v_fields ->> 'id') <> v_row_id) then
        v_err := 'fields.id must equal row_id';
        exit one_op;
      end if;
    end if;
    if v_fields ? 'field_stamps' or v_fields ? 'seq' then
      v_err := 'field_stamps and seq are managed by the server and may not be in fields';
      exit one_op;
    end if;

    -- The id belongs to a row of another business.
    if v_any is not null and v_cur is null then
      if v_is_create then
        v_code := 'CONFLICT'; v_err := 'this id is already used by another row';
      else
        v_code := 'NOT_FOUND'; v_err := format('%s row %s does not exist', v_table, v_row_id);
      end if;
      exit one_op;
    end if;

    if v_table = 'business_settings' and v_row_id <> p_business_id then
      v_err := 'business_settings.id must equal the business id';
      exit one_op;
    end if;
    if v_table = 'profiles' and v_row_id <> p_uid::text then
      v_code := 'FORBIDDEN'; v_err := 'you may only write your own profile (id = your user id)';
      exit one_op;
    end if;

    -- Role rules.
    if p_role = 'staff' then
      if v_t.owner_only then
        v_code := 'FORBIDDEN'; v_err := format('staff may not change %s; ask the owner', v_table);
        exit one_op;
      end if;
      if v_t.owner_deletes and v_fields ? 'deleted_at'
         and (jsonb_typeof(v_fields -> 'deleted_at') <> 'null' or (v_cur is not null and v_cur ->> 'deleted_at' is not null)) then
        v_code := 'FORBIDDEN'; v_err := format('staff may not delete or restore %s; ask the owner', v_table);
        exit one_op;
      end if;
    end if;

    -- Column allowlist and values.
    v_err := p_field_error;
    exit one_op when v_err is not null;

    if v_cur is null then
      if not v_is_create then
        v_code := 'NOT_FOUND'; v_err := format('%s row %s does not exist', v_table, v_row_id);
        exit one_op;
      end if;
      select string_agg(column_name, ', ' order by column_name) into v_err
        from lenden.column_spec
       where table_name = v_table and required and not (v_fields ? column_name);
      if v_err is not null then
        v_err := format('creating a %s row needs: %s', v_table, v_err);
        exit one_op;
      end if;
    end if;

    -- Field-level merge: a field is replaced only by a larger stamp.
    v_new := coalesce(v_cur, jsonb_build_object('id', v_row_id, 'business_id', p_business_id));
    v_stamps := coalesce(v_cur -> 'field_stamps', '{}'::jsonb);
    select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb),
           coalesce(jsonb_object_agg(e.key, v_cur -> e.key), '{}'::jsonb),
           coalesce(jsonb_object_agg(e.key, v_stamp), '{}'::jsonb)
      into v_changed, v_old, v_won
      from jsonb_each(v_fields) e
     where e.key not in ('id', 'business_id')
       and v_stamp > coalesce(v_stamps ->> e.key, '') collate "C";
    v_new := v_new || v_changed;
    v_stamps := v_stamps || v_won;
    if v_cur is null then
      -- The device's defaults for what the create left out, so every device can store it.
      select coalesce(jsonb_object_agg(column_name, default_value), '{}'::jsonb) into v_defaults
        from lenden.column_spec
       where table_name = v_table and default_value is not null and not (v_fields ? column_name);
      v_new := v_defaults || v_new;
    end if;

    if v_cur is not null and v_changed = '{}'::jsonb then
      -- Every field already carries a newer stamp: accepted, nothing changes.
      insert into public.sync_applied_ops (op_id, business_id, device_id, user_id, table_name, row_id, stamp, fields, old_values, seq)
      values (v_op_id, p_business_id, p_device_id, p_uid, v_table, v_row_id, v_stamp, v_fields, '{}'::jsonb, null);
      return jsonb_build_object('ok', true, 'seq', v_seq);
    end if;

    -- Bills: numbers, series, and what was paid.
    if v_table = 'bills' then
      v_series := (v_new ->> 'invoice_series')::integer;
      if v_cur is null and v_series is not null then
        -- Protocol 2 ties a series to the device and user that registered it; protocol 1
        -- clients (one series per device) to the device.
        if not exists (select 1 from public.sync_devices d
                        where d.business_id = p_business_id and d.device_id = p_device_id and d.invoice_series = v_series
                          and d.revoked_at is null and (p_protocol < 2 or d.user_id = p_uid)) then
          v_code := 'CONFLICT'; v_reason := 'invoice_series_not_yours';
          v_err := format('invoice series %s does not belong to this device and user', v_series);
          v_detail := jsonb_build_object('invoice_series', (select d.invoice_series from public.sync_devices d
                                                              where d.business_id = p_business_id and d.device_id = p_device_id
                                                                and d.user_id = p_uid and d.revoked_at is null));
          exit one_op;
        end if;
      end if;
      if v_changed ? 'invoice_number' and exists (
           select 1 from public.bills b
            where b.business_id = p_business_id and b.invoice_number = v_changed ->> 'invoice_number' and b.id <> v_row_id) then
        v_code := 'CONFLICT'; v_reason := 'invoice_number_taken';
        v_err := format('invoice number %s is already used by another bill', v_changed ->> 'invoice_number');
        v_detail := jsonb_build_object('invoice_series', v_series, 'invoice_series_max', lenden.series_max(p_business_id, v_series));
        exit one_op;
      end if;
      if v_cur is not null and (v_changed ? 'deleted_at' or v_changed ? 'total_paise') then
        v_pay_dir := case v_new ->> 'kind' when 'sale' then 'got' else 'gave' end;
        select coalesce(sum(t.amount_paise), 0) into v_paid from public.transactions t
         where t.bill_id = v_row_id and t.business_id = p_business_id and t.deleted_at is null and t.direction = v_pay_dir;
        if v_paid > 0 and v_new ->> 'deleted_at' is not null and v_cur ->> 'deleted_at' is null then
          v_code := 'CONFLICT'; v_reason := 'bill_has_payments';
          v_err := format('bill %s has payments of %s; it cannot be deleted', v_new ->> 'invoice_number', lenden.rupees(v_paid));
          v_detail := jsonb_build_object('invoice_number', v_new ->> 'invoice_number', 'paid_paise', v_paid);
          exit one_op;
        end if;
        if v_new ->> 'deleted_at' is null and (v_new ->> 'total_paise')::bigint < v_paid then
          v_code := 'CONFLICT'; v_reason := 'bill_below_paid';
          v_err := format('bill %s has payments of %s; its total cannot be %s', v_new ->> 'invoice_number',
                          lenden.rupees(v_paid), lenden.rupees((v_new ->> 'total_paise')::bigint));
          v_detail := jsonb_build_object('invoice_number', v_new ->> 'invoice_number', 'paid_paise', v_paid,
                                         'total_paise', (v_new ->> 'total_paise')::bigint);
          exit one_op;
        end if;
      end if;
    end if;

    -- Payments: only on a live bill, never beyond what is due.
    if v_table = 'transactions' and v_new ->> 'bill_id' is not null and v_new ->> 'deleted_at' is null
       and (v_cur is null or v_changed ?| array['amount_paise', 'deleted_at', 'bill_id', 'direction']) then
      select to_jsonb(b) into v_bill from public.bills b where b.id = v_new ->> 'bill_id' and b.business_id = p_business_id;
      v_pay_dir := case v_bill ->> 'kind' when 'sale' then 'got' when 'purchase' then 'gave' end;
      if v_bill is null then
        -- The bill was refused or never arrived: its entries go with it.
        v_code := 'CONFLICT'; v_reason := 'bill_missing';
        v_err := format('bill %s does not exist; this entry was not recorded', v_new ->> 'bill_id');
        exit one_op;
      end if;
      if v_new ->> 'direction' = v_pay_dir then
        if v_bill ->> 'deleted_at' is not null then
          v_code := 'CONFLICT'; v_reason := 'bill_deleted';
          v_err := format('bill %s was deleted; this payment of %s was not recorded',
                          v_bill ->> 'invoice_number', lenden.rupees((v_new ->> 'amount_paise')::bigint));
          v_detail := jsonb_build_object('invoice_number', v_bill ->> 'invoice_number', 'amount_paise', (v_new ->> 'amount_paise')::bigint);
          exit one_op;
        end if;
        select coalesce(sum(t.amount_paise), 0) into v_paid from public.transactions t
         where t.bill_id = v_new ->> 'bill_id' and t.business_id = p_business_id and t.deleted_at is null
           and t.direction = v_pay_dir and t.id <> v_row_id;
        if v_paid + (v_new ->> 'amount_paise')::bigint > (v_bill ->> 'total_paise')::bigint then
          v_code := 'CONFLICT'; v_reason := 'overpaid';
          v_err := format('only %s is due on bill %s; this payment of %s was not recorded',
                          lenden.rupees(greatest((v_bill ->> 'total_paise')::bigint - v_paid, 0)), v_bill ->> 'invoice_number',
                          lenden.rupees((v_new ->> 'amount_paise')::bigint));
          v_detail := jsonb_build_object('invoice_number', v_bill ->> 'invoice_number', 'amount_paise', (v_new ->> 'amount_paise')::bigint,
                                         'due_paise', greatest((v_bill ->> 'total_paise')::bigint - v_paid, 0));
          exit one_op;
        end if;
      end if;
    end if;

    v_seq := v_seq + 1;
    v_new := v_new || jsonb_build_object('field_stamps', v_stamps, 'seq', v_seq);
    if v_cur is null then
      execute format('insert into public.%I select * from jsonb_populate_record(null::public.%I, $1)', v_table, v_table) using v_new;
    else
      select string_agg(format('%I', key), ', '), string_agg(format('r.%I', key), ', ')
        into v_cols, v_vals
        from (select jsonb_object_keys(v_changed) as key union all select 'field_stamps' union all select 'seq') k;
      execute format('update public.%I x set (%s) = (select %s from jsonb_populate_record(null::public.%I, $1) r) where x.id = $2',
                     v_table, v_cols, v_vals, v_table)
        using v_new, v_row_id;
    end if;

    insert into public.sync_applied_ops (op_id, business_id, device_id, user_id, table_name, row_id, stamp, fields, old_values, seq)
    values (v_op_id, p_business_id, p_device_id, p_uid, v_table, v_row_id, v_stamp, v_fields, v_old, v_seq);
    return jsonb_build_object('ok', true, 'seq', v_seq);
  end one_op;

  -- Reached only through `exit one_op`: refused; the server's row goes back with the answer.
  return jsonb_strip_nulls(jsonb_build_object('ok', false, 'op_id', v_op_id, 'code', v_code,
           'message', v_code || ': ' || coalesce(v_err, 'rejected'), 'reason', v_reason, 'detail', v_detail))
         || jsonb_build_object('row', coalesce(v_cur, 'null'::jsonb));
end;
$$;
revoke all on function lenden.push_op(text, text, uuid, text, integer, jsonb, text, bigint) from public;

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
  if v_n > 500 then
    raise exception 'VALIDATION: batch has % ops; at most 500 ops per push', v_n using errcode = 'P0001';
  end if;
  v_role := lenden.require_member(p_business_id);

  -- Shape of every op before anything is written: a malformed op rejects the whole call.
  for v_i in 0 .. v_n - 1 loop
    v_op := p_ops -> v_i;
    if jsonb_typeof(v_op) is distinct from 'object'
       or jsonb_typeof(v_op -> 'op_id') is distinct from 'string'
       or jsonb_typeof(v_op -> 'table') is distinct from 'string'
       or jsonb_typeof(v_op -> 'row_id') is distinct from 'string'
       or jsonb_typeof(v_op -> 'fields') is distinct from 'object'
       or jsonb_typeof(v_op -> 'stamp') is distinct from 'string'
       or coalesce(jsonb_typeof(v_op -> 'unit'), 'string') <> 'string' then
      raise exception 'VALIDATION: op #% is malformed: expected { op_id, table, row_id, fields: {...}, stamp, unit? } with string op_id, table, row_id, stamp and unit', v_i
        using errcode = 'P0001';
    end if;
    if length(v_op ->> 'op_id') not between 1 and 100 or length(coalesce(v_op ->> 'unit', 'u')) not between 1 and 100 then
      raise exception 'VALIDATION: op #% is malformed: op_id and unit must be 1-100 characters', v_i using errcode = 'P0001';
    end if;
  end loop;

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

  -- Units in the order of their first op; an op without a unit is a unit of its own. A unit
  -- is applied in a subtransaction: one refused op undoes the unit's other ops.
  for v_unit in
    select array_agg(x.i order by x.i) as idxs
      from (select (a.ord - 1)::integer as i, coalesce('u:' || (a.op ->> 'unit'), 'op:' || a.ord) as u
              from jsonb_array_elements(p_ops) with ordinality as a(op, ord)) x
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

  return jsonb_build_object('accepted', v_accepted, 'rejected', v_rejected, 'seq', v_seq, 'server_time', lenden.iso_now());
end;
$$;

-- ---------------------------------------------------------------------------------------
-- Pull and digest by registry
-- ---------------------------------------------------------------------------------------

create or replace function lenden.pull_page(p_business_id text, p_since bigint, p_limit int)
returns json
language plpgsql
stable
set search_path = public
as $$
-- Built as json, not jsonb: a page is thousands of rows that are only serialized.
declare
  v_head bigint;
  v_since bigint := greatest(coalesce(p_since, 0), 0);
  v_limit integer := least(greatest(coalesce(p_limit, 1000), 1), 5000);
  v_rows json;
  v_last bigint;
  v_history json;
  v_union text;
begin
  select seq into v_head from public.sync_state where business_id = p_business_id;
  select string_agg(format(
           '(select %L as t, x.seq, to_json(x) as r from public.%I x where x.business_id = $1 and x.seq > $2 and x.seq <= $3 order by x.seq limit $4)',
           table_name, table_name), ' union all ' order by position)
    into v_union
    from lenden.synced_tables;
  execute format(
    'with picked as (%s), page as (select * from picked order by seq limit $4)
     select coalesce(json_agg(json_build_object(''table'', t, ''seq'', seq, ''row'', r) order by seq), ''[]''::json), max(seq) from page',
    v_union)
    into v_rows, v_last
    using p_business_id, v_since, v_head, v_limit;
  v_last := coalesce(v_last, v_since);
  -- The audit feed: every applied change to a financial record in the same seq range.
  select coalesce(json_agg(json_build_object(
           'op_id', a.op_id, 'table', a.table_name, 'row_id', a.row_id, 'device_id', a.device_id,
           'user_id', a.user_id, 'stamp', a.stamp, 'fields', a.fields, 'old_values', a.old_values,
           'applied_at', a.applied_at) order by a.seq), '[]'::json)
    into v_history
    from public.sync_applied_ops a
   where a.business_id = p_business_id and a.seq > v_since and a.seq <= v_last
     and a.table_name in (select table_name from lenden.synced_tables where audited);
  return json_build_object('rows', v_rows, 'history', v_history, 'last_seq', v_last, 'head_seq', v_head, 'more', v_last < v_head);
end;
$$;
revoke all on function lenden.pull_page(text, bigint, int) from public;

-- Protocol 1 (no device id).
create or replace function public.sync_pull(p_business_id text, p_since bigint, p_limit int)
returns json
language plpgsql
stable
security definer
set search_path = public
as $$
begin
  perform lenden.require_member(p_business_id);
  return lenden.pull_page(p_business_id, p_since, p_limit);
end;
$$;

-- Protocol 2: a removed device is refused.
create or replace function public.sync_pull(p_business_id text, p_since bigint, p_limit int, p_device_id text)
returns json
language plpgsql
stable
security definer
set search_path = public
as $$
begin
  perform lenden.require_member(p_business_id);
  perform lenden.require_device(p_business_id, p_device_id);
  return lenden.pull_page(p_business_id, p_since, p_limit);
end;
$$;

create or replace function public.sync_digest(p_business_id text)
returns jsonb
language plpgsql
stable
security definer
set search_path = public
as $$
declare
  v_counts jsonb := '{}'::jsonb;
  v_balances jsonb;
  v_n bigint;
  t text;
begin
  perform lenden.require_member(p_business_id);
  for t in select table_name from lenden.synced_tables order by position loop
    execute format('select count(*) from public.%I where business_id = $1', t) into v_n using p_business_id;
    v_counts := v_counts || jsonb_build_object(t, v_n);
  end loop;
  select coalesce(jsonb_object_agg(party_id, balance), '{}'::jsonb) into v_balances
    from (select party_id, sum(case when direction = 'gave' then amount_paise else -amount_paise end) as balance
            from public.transactions
           where business_id = p_business_id and deleted_at is null
           group by party_id) b;
  return jsonb_build_object('counts', v_counts, 'balances', v_balances);
end;
$$;

-- ---------------------------------------------------------------------------------------
-- Businesses and devices
-- ---------------------------------------------------------------------------------------

create or replace function public.sync_claim_business(p_business_id text, p_name text, p_device_id text)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_uid uuid := auth.uid();
  v_email text;
  v_role text;
  v_series integer;
  v_seq bigint;
  v_inserted integer;
begin
  if v_uid is null then
    raise exception 'AUTH: not signed in' using errcode = '42501';
  end if;
  if not lenden.valid_id(p_business_id) then
    raise exception 'VALIDATION: p_business_id must be an id (1-64 characters of 0-9 A-Z a-z _ -)' using errcode = 'P0001';
  end if;
  perform lenden.require_device(p_business_id, p_device_id);
  if p_name is not null and length(p_name) > 200 then
    raise exception 'VALIDATION: p_name is longer than 200 characters' using errcode = 'P0001';
  end if;
  v_email := coalesce(auth.jwt() ->> 'email', (select u.email::text from auth.users u where u.id = v_uid));

  insert into public.sync_state (business_id, name, created_by)
  values (p_business_id, coalesce(p_name, ''), v_uid)
  on conflict (business_id) do nothing;
  get diagnostics v_inserted = row_count;

  if v_inserted = 1 then
    v_series := lenden.device_series(p_business_id, p_device_id, v_uid);
    v_seq := lenden.write_member(p_business_id, v_uid, v_email, 'owner', v_series, v_uid);
    perform lenden.poke(p_business_id, v_seq);
    return jsonb_build_object('business_id', p_business_id, 'role', 'owner', 'invoice_series', v_series, 'last_invoice_seq', 0);
  end if;

  perform 1 from public.sync_state where business_id = p_business_id for update;
  v_role := lenden.member_role(p_business_id);
  if v_role is null then
    raise exception 'AUTH: business % belongs to someone else; ask its owner to invite you', p_business_id using errcode = '42501';
  end if;
  v_series := lenden.device_series(p_business_id, p_device_id, v_uid);
  return jsonb_build_object('business_id', p_business_id, 'role', v_role, 'invoice_series', v_series,
                            'last_invoice_seq', lenden.series_max(p_business_id, v_series));
end;
$$;

create or replace function public.sync_register_device(p_business_id text, p_device_id text)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_series integer;
begin
  perform lenden.require_member(p_business_id);
  perform lenden.require_device(p_business_id, p_device_id);
  perform 1 from public.sync_state where business_id = p_business_id for update;
  v_series := lenden.device_series(p_business_id, p_device_id, auth.uid());
  return jsonb_build_object('invoice_series', v_series, 'last_invoice_seq', lenden.series_max(p_business_id, v_series));
end;
$$;

-- The devices of a business, for its owner.
create or replace function public.sync_devices_of(p_business_id text)
returns jsonb
language plpgsql
stable
security definer
set search_path = public
as $$
begin
  if lenden.require_member(p_business_id) <> 'owner' then
    raise exception 'FORBIDDEN: only the owner can see the devices' using errcode = '42501';
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object('device_id', d.device_id, 'user_id', d.user_id, 'email', m.email,
                                        'invoice_series', d.invoice_series, 'created_at', d.created_at,
                                        'last_push_at', d.last_push_at, 'revoked_at', d.revoked_at)
                     order by d.created_at, d.device_id)
      from public.sync_devices d
      left join public.business_members m on m.business_id = d.business_id and m.user_id = d.user_id
     where d.business_id = p_business_id), '[]'::jsonb);
end;
$$;

create or replace function public.sync_remove_device(p_business_id text, p_device_id text)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_n integer;
begin
  if lenden.require_member(p_business_id) <> 'owner' then
    raise exception 'FORBIDDEN: only the owner can remove a device' using errcode = '42501';
  end if;
  perform 1 from public.sync_state where business_id = p_business_id for update;
  update public.sync_devices set revoked_at = now(), revoked_by = auth.uid()
   where business_id = p_business_id and device_id = p_device_id and revoked_at is null;
  get diagnostics v_n = row_count;
  if v_n = 0 and not exists (select 1 from public.sync_devices where business_id = p_business_id and device_id = p_device_id) then
    raise exception 'NOT_FOUND: no device % in this business', p_device_id using errcode = 'P0001';
  end if;
  return jsonb_build_object('business_id', p_business_id, 'device_id', p_device_id, 'removed', true);
end;
$$;

-- ---------------------------------------------------------------------------------------
-- Members by consent
-- ---------------------------------------------------------------------------------------

create table public.sync_invitations (
  id uuid primary key default gen_random_uuid(),
  business_id text not null references public.sync_state (business_id),
  email text not null check (email = lower(email) and length(email) between 3 and 254),
  role text not null check (role in ('owner', 'staff')),
  invited_by uuid not null,
  created_at timestamptz not null default now(),
  accepted_at timestamptz,
  accepted_by uuid,
  declined_at timestamptz,
  revoked_at timestamptz
);
-- One open invitation per business and email.
create unique index sync_invitations_open_idx on public.sync_invitations (business_id, email)
  where accepted_at is null and declined_at is null and revoked_at is null;
create index sync_invitations_email_idx on public.sync_invitations (email)
  where accepted_at is null and declined_at is null and revoked_at is null;
alter table public.sync_invitations enable row level security;
revoke all on table public.sync_invitations from public, anon, authenticated;

create or replace function lenden.my_email()
returns text language sql stable
set search_path = public
as $$
  select lower(coalesce(auth.jwt() ->> 'email', (select u.email::text from auth.users u where u.id = auth.uid())));
$$;

-- Invites an email (the owner only). An email that is already an active member has its role
-- changed. The answer is the same whether or not an account uses the email.
create or replace function public.sync_add_member(p_business_id text, p_email text, p_role text)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_uid uuid := auth.uid();
  v_email text := lower(btrim(coalesce(p_email, '')));
  v_member public.business_members;
  v_seq bigint;
begin
  perform lenden.require_member(p_business_id);
  if p_role is null or p_role not in ('owner', 'staff') then
    raise exception 'VALIDATION: p_role must be owner or staff' using errcode = 'P0001';
  end if;
  if v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(v_email) > 254 then
    raise exception 'VALIDATION: p_email must be an email address' using errcode = 'P0001';
  end if;
  perform 1 from public.sync_state where business_id = p_business_id for update;
  if lenden.member_role(p_business_id) is distinct from 'owner' then
    raise exception 'FORBIDDEN: only the owner can add members' using errcode = '42501';
  end if;
  if v_email = lenden.my_email() then
    raise exception 'VALIDATION: you cannot change your own role' using errcode = 'P0001';
  end if;
  select * into v_member from public.business_members
   where business_id = p_business_id and lower(email) = v_email and deleted_at is null;
  if found then
    if v_member.role <> p_role then
      v_seq := lenden.write_member(p_business_id, v_member.user_id, v_member.email, p_role, null, v_uid);
      perform lenden.poke(p_business_id, v_seq);
    end if;
    return jsonb_build_object('business_id', p_business_id, 'email', v_email, 'role', p_role, 'status', 'member');
  end if;
  update public.sync_invitations set role = p_role, invited_by = v_uid, created_at = now()
   where business_id = p_business_id and email = v_email
     and accepted_at is null and declined_at is null and revoked_at is null;
  if not found then
    insert into public.sync_invitations (business_id, email, role, invited_by) values (p_business_id, v_email, p_role, v_uid);
  end if;
  return jsonb_build_object('business_id', p_business_id, 'email', v_email, 'role', p_role, 'status', 'invited');
end;
$$;

-- Open invitations of a business (the owner only).
create or replace function public.sync_invitations_of(p_business_id text)
returns jsonb
language plpgsql
stable
security definer
set search_path = public
as $$
begin
  if lenden.require_member(p_business_id) <> 'owner' then
    raise exception 'FORBIDDEN: only the owner can see invitations' using errcode = '42501';
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object('invitation_id', i.id, 'email', i.email, 'role', i.role, 'created_at', i.created_at)
                     order by i.created_at)
      from public.sync_invitations i
     where i.business_id = p_business_id and i.accepted_at is null and i.declined_at is null and i.revoked_at is null), '[]'::jsonb);
end;
$$;

create or replace function public.sync_cancel_invitation(p_business_id text, p_email text)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
begin
  if lenden.require_member(p_business_id) <> 'owner' then
    raise exception 'FORBIDDEN: only the owner can cancel invitations' using errcode = '42501';
  end if;
  update public.sync_invitations set revoked_at = now()
   where business_id = p_business_id and email = lower(btrim(coalesce(p_email, '')))
     and accepted_at is null and declined_at is null and revoked_at is null;
  return jsonb_build_object('business_id', p_business_id, 'email', lower(btrim(coalesce(p_email, ''))), 'status', 'cancelled');
end;
$$;

-- The caller's open invitations (matched on the signed-in account's email).
create or replace function public.sync_my_invitations()
returns jsonb
language plpgsql
stable
security definer
set search_path = public
as $$
begin
  if auth.uid() is null then
    raise exception 'AUTH: not signed in' using errcode = '42501';
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object('invitation_id', i.id, 'business_id', i.business_id,
                                        'business_name', coalesce(nullif(bs.name, ''), s.name), 'role', i.role,
                                        'invited_by', (select m.email from public.business_members m
                                                        where m.business_id = i.business_id and m.user_id = i.invited_by),
                                        'created_at', i.created_at)
                     order by i.created_at)
      from public.sync_invitations i
      join public.sync_state s on s.business_id = i.business_id
      left join public.business_settings bs on bs.id = i.business_id
     where i.email = lenden.my_email() and i.accepted_at is null and i.declined_at is null and i.revoked_at is null), '[]'::jsonb);
end;
$$;

create or replace function public.sync_answer_invitation(p_invitation_id uuid, p_accept boolean)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_uid uuid := auth.uid();
  v_inv public.sync_invitations;
  v_seq bigint;
begin
  if v_uid is null then
    raise exception 'AUTH: not signed in' using errcode = '42501';
  end if;
  select * into v_inv from public.sync_invitations
   where id = p_invitation_id and email = lenden.my_email()
     and accepted_at is null and declined_at is null and revoked_at is null;
  if not found then
    raise exception 'NOT_FOUND: this invitation is not open (it was cancelled, answered, or is for another email)' using errcode = 'P0001';
  end if;
  perform 1 from public.sync_state where business_id = v_inv.business_id for update;
  if not p_accept then
    update public.sync_invitations set declined_at = now() where id = v_inv.id;
    return jsonb_build_object('business_id', v_inv.business_id, 'status', 'declined');
  end if;
  update public.sync_invitations set accepted_at = now(), accepted_by = v_uid where id = v_inv.id;
  v_seq := lenden.write_member(v_inv.business_id, v_uid, lenden.my_email(), v_inv.role, null, v_inv.invited_by);
  perform lenden.poke(v_inv.business_id, v_seq);
  return jsonb_build_object('business_id', v_inv.business_id, 'role', v_inv.role, 'status', 'member');
end;
$$;

-- Removes a member (the owner only; not themselves). Their devices stop syncing: RLS,
-- every RPC and Realtime follow membership.
create or replace function public.sync_remove_member(p_business_id text, p_user_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_member public.business_members;
  v_seq bigint;
begin
  if lenden.require_member(p_business_id) <> 'owner' then
    raise exception 'FORBIDDEN: only the owner can remove members' using errcode = '42501';
  end if;
  if p_user_id = auth.uid() then
    raise exception 'VALIDATION: you cannot remove yourself' using errcode = 'P0001';
  end if;
  perform 1 from public.sync_state where business_id = p_business_id for update;
  select * into v_member from public.business_members where business_id = p_business_id and user_id = p_user_id and deleted_at is null;
  if not found then
    raise exception 'NOT_FOUND: that person is not a member of this business' using errcode = 'P0001';
  end if;
  v_seq := lenden.server_write(p_business_id, 'business_members', v_member.id,
                               jsonb_build_object('deleted_at', lenden.iso_now(), 'updated_at', lenden.iso_now()), auth.uid());
  perform lenden.poke(p_business_id, v_seq);
  return jsonb_build_object('business_id', p_business_id, 'user_id', p_user_id, 'removed', true);
end;
$$;

-- ---------------------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------------------

revoke all on function public.sync_pull(text, bigint, int, text) from public, anon;
revoke all on function public.sync_devices_of(text) from public, anon;
revoke all on function public.sync_remove_device(text, text) from public, anon;
revoke all on function public.sync_invitations_of(text) from public, anon;
revoke all on function public.sync_cancel_invitation(text, text) from public, anon;
revoke all on function public.sync_my_invitations() from public, anon;
revoke all on function public.sync_answer_invitation(uuid, boolean) from public, anon;
revoke all on function public.sync_remove_member(text, uuid) from public, anon;
grant execute on function public.sync_pull(text, bigint, int, text) to authenticated;
grant execute on function public.sync_devices_of(text) to authenticated;
grant execute on function public.sync_remove_device(text, text) to authenticated;
grant execute on function public.sync_invitations_of(text) to authenticated;
grant execute on function public.sync_cancel_invitation(text, text) to authenticated;
grant execute on function public.sync_my_invitations() to authenticated;
grant execute on function public.sync_answer_invitation(uuid, boolean) to authenticated;
grant execute on function public.sync_remove_member(text, uuid) to authenticated;

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

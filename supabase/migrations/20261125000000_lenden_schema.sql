-- Lenden server schema, protocol v1 (see docs/data-and-sync.md).
--
-- Applied to a hosted Supabase project with `supabase db push`, and by the local stand-in
-- (supabase/local) on a plain Postgres that has the same roles, `auth` schema and
-- `realtime.send` hosted Supabase provides.
--
-- Security model:
--   * every table has row level security; members of a business may SELECT its rows;
--   * clients never write tables directly (no write policies, write privileges revoked);
--     every write goes through the SECURITY DEFINER sync_* functions below, which check
--     auth.uid() membership and role themselves and validate every field.

create schema if not exists lenden;
revoke all on schema lenden from public;
grant usage on schema lenden to authenticated;

-- ---------------------------------------------------------------------------------------
-- Sync bookkeeping
-- ---------------------------------------------------------------------------------------

-- One row per business: the registry entry, the sequence counter and the lock every
-- writer of the business takes (select ... for update) before assigning sequence numbers.
create table public.sync_state (
  business_id text primary key check (business_id ~ '^[0-9A-Za-z_-]{1,64}$'),
  seq bigint not null default 0 check (seq >= 0),
  name text not null default '',
  next_invoice_series integer not null default 1 check (next_invoice_series >= 1),
  created_by uuid not null,
  created_at timestamptz not null default now()
);

create table public.sync_devices (
  business_id text not null references public.sync_state (business_id),
  device_id text not null check (device_id ~ '^[0-9A-Za-z_.:-]{1,100}$'),
  invoice_series integer not null check (invoice_series >= 1),
  user_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (business_id, device_id),
  unique (business_id, invoice_series)
);

-- Idempotency (op_id) and audit trail of every applied op.
create table public.sync_applied_ops (
  op_id text primary key,
  business_id text not null references public.sync_state (business_id),
  device_id text not null,
  user_id uuid not null,
  table_name text not null,
  row_id text not null,
  stamp text not null,
  fields jsonb not null,
  old_values jsonb not null default '{}'::jsonb,
  seq bigint,
  applied_at timestamptz not null default now()
);
create index sync_applied_ops_history_idx on public.sync_applied_ops (business_id, table_name, row_id);
create unique index sync_applied_ops_seq_idx on public.sync_applied_ops (business_id, seq) where seq is not null;

-- ---------------------------------------------------------------------------------------
-- Synced tables. Common columns: id, business_id, created_at, updated_at, deleted_at,
-- field_stamps, seq. Money is bigint paise, at most 9_999_999_999_999.
-- ---------------------------------------------------------------------------------------

create table public.business_settings (
  id text primary key,
  business_id text not null references public.sync_state (business_id),
  created_at text, updated_at text, deleted_at text,
  field_stamps jsonb not null default '{}'::jsonb,
  seq bigint not null,
  name text, owner_name text, phone text, address text, gstin text, state_code text,
  invoice_prefix text default 'INV-',
  fy_start_month integer default 4 check (fy_start_month between 1 and 12),
  timezone text default 'Asia/Kolkata',
  check (id = business_id)
);

create table public.profiles (
  id text primary key,
  business_id text not null references public.sync_state (business_id),
  created_at text, updated_at text, deleted_at text,
  field_stamps jsonb not null default '{}'::jsonb,
  seq bigint not null,
  name text, phone text,
  language text check (language in ('en', 'hi'))
);

create table public.business_members (
  id text primary key,
  business_id text not null references public.sync_state (business_id),
  created_at text, updated_at text, deleted_at text,
  field_stamps jsonb not null default '{}'::jsonb,
  seq bigint not null,
  user_id uuid not null,
  role text not null check (role in ('owner', 'staff')),
  email text,
  invoice_series integer,
  unique (business_id, user_id)
);
create index business_members_user_idx on public.business_members (user_id);

create table public.customers (
  id text primary key,
  business_id text not null references public.sync_state (business_id),
  created_at text, updated_at text, deleted_at text,
  field_stamps jsonb not null default '{}'::jsonb,
  seq bigint not null,
  name text not null, phone text, address text, gstin text, state_code text, notes text
);

create table public.suppliers (
  id text primary key,
  business_id text not null references public.sync_state (business_id),
  created_at text, updated_at text, deleted_at text,
  field_stamps jsonb not null default '{}'::jsonb,
  seq bigint not null,
  name text not null, phone text, address text, gstin text, state_code text, notes text
);

create table public.transactions (
  id text primary key,
  business_id text not null references public.sync_state (business_id),
  created_at text, updated_at text, deleted_at text,
  field_stamps jsonb not null default '{}'::jsonb,
  seq bigint not null,
  party_type text not null check (party_type in ('customer', 'supplier')),
  party_id text not null,
  direction text not null check (direction in ('gave', 'got')),
  amount_paise bigint not null check (amount_paise between 1 and 9999999999999),
  entry_date text not null,
  note text,
  bill_id text
);
create index transactions_party_idx on public.transactions (business_id, party_id);

create table public.bills (
  id text primary key,
  business_id text not null references public.sync_state (business_id),
  created_at text, updated_at text, deleted_at text,
  field_stamps jsonb not null default '{}'::jsonb,
  seq bigint not null,
  kind text not null check (kind in ('sale', 'purchase')),
  party_type text check (party_type in ('customer', 'supplier')),
  party_id text,
  invoice_number text not null,
  invoice_series integer,
  invoice_seq integer,
  bill_date text not null,
  due_date text,
  place_of_supply text,
  items jsonb not null default '[]'::jsonb check (jsonb_typeof(items) = 'array'),
  discount_paise bigint check (discount_paise between 0 and 9999999999999),
  taxable_paise bigint check (taxable_paise between 0 and 9999999999999),
  cgst_paise bigint check (cgst_paise between 0 and 9999999999999),
  sgst_paise bigint check (sgst_paise between 0 and 9999999999999),
  igst_paise bigint check (igst_paise between 0 and 9999999999999),
  round_off_paise bigint check (round_off_paise between -9999999999999 and 9999999999999),
  total_paise bigint check (total_paise between 0 and 9999999999999),
  note text,
  unique (business_id, invoice_number)
);

create table public.cashbook_entries (
  id text primary key,
  business_id text not null references public.sync_state (business_id),
  created_at text, updated_at text, deleted_at text,
  field_stamps jsonb not null default '{}'::jsonb,
  seq bigint not null,
  direction text not null check (direction in ('in', 'out')),
  amount_paise bigint not null check (amount_paise between 1 and 9999999999999),
  mode text not null check (mode in ('cash', 'online')),
  entry_date text not null,
  note text
);

create table public.staff (
  id text primary key,
  business_id text not null references public.sync_state (business_id),
  created_at text, updated_at text, deleted_at text,
  field_stamps jsonb not null default '{}'::jsonb,
  seq bigint not null,
  name text not null, phone text,
  salary_basis text check (salary_basis in ('monthly', 'daily')),
  salary_paise bigint check (salary_paise between 0 and 9999999999999),
  joined_on text
);

create table public.attendance (
  id text primary key,
  business_id text not null references public.sync_state (business_id),
  created_at text, updated_at text, deleted_at text,
  field_stamps jsonb not null default '{}'::jsonb,
  seq bigint not null,
  staff_id text not null,
  att_date text not null,
  status text not null check (status in ('present', 'absent', 'half_day', 'leave')),
  note text
);

create index business_settings_seq_idx on public.business_settings (business_id, seq);
create index profiles_seq_idx on public.profiles (business_id, seq);
create index business_members_seq_idx on public.business_members (business_id, seq);
create index customers_seq_idx on public.customers (business_id, seq);
create index suppliers_seq_idx on public.suppliers (business_id, seq);
create index transactions_seq_idx on public.transactions (business_id, seq);
create index bills_seq_idx on public.bills (business_id, seq);
create index cashbook_entries_seq_idx on public.cashbook_entries (business_id, seq);
create index staff_seq_idx on public.staff (business_id, seq);
create index attendance_seq_idx on public.attendance (business_id, seq);

-- ---------------------------------------------------------------------------------------
-- Column specification: the push allowlist and the value rules, one row per column a
-- client may write. Kinds: text, enum, ts (ISO timestamp with ms, UTC), date (YYYY-MM-DD),
-- int (integer in [min_value, max_value]), id (row reference), items (bill lines).
-- required: NOT NULL, and must be present when the op creates the row.
-- ---------------------------------------------------------------------------------------

create table lenden.column_spec (
  table_name text not null,
  column_name text not null,
  kind text not null check (kind in ('text', 'enum', 'ts', 'date', 'int', 'id', 'items')),
  required boolean not null default false,
  max_length integer,
  pattern text,
  enum_values text[],
  min_value numeric,
  max_value numeric,
  primary key (table_name, column_name)
);
revoke all on lenden.column_spec from public;

insert into lenden.column_spec (table_name, column_name, kind, required, max_length, pattern, enum_values, min_value, max_value)
select t, c.column_name, c.kind, c.required, c.max_length, c.pattern, c.enum_values, c.min_value, c.max_value
from unnest(array['business_settings', 'profiles', 'customers', 'suppliers', 'transactions', 'bills',
                  'cashbook_entries', 'staff', 'attendance']) as t
cross join (values
  ('created_at', 'ts', false, null::integer, null::text, null::text[], null::numeric, null::numeric),
  ('updated_at', 'ts', false, null, null, null, null, null),
  ('deleted_at', 'ts', false, null, null, null, null, null)
) as c(column_name, kind, required, max_length, pattern, enum_values, min_value, max_value);

insert into lenden.column_spec (table_name, column_name, kind, required, max_length, pattern, enum_values, min_value, max_value) values
  ('business_settings', 'name',           'text', false, 200,  null, null, null, null),
  ('business_settings', 'owner_name',     'text', false, 200,  null, null, null, null),
  ('business_settings', 'phone',          'text', false, 40,   null, null, null, null),
  ('business_settings', 'address',        'text', false, 1000, null, null, null, null),
  ('business_settings', 'gstin',          'text', false, 20,   null, null, null, null),
  ('business_settings', 'state_code',     'text', false, 2,    '^([0-9]{2})?$', null, null, null),
  ('business_settings', 'invoice_prefix', 'text', false, 20,   null, null, null, null),
  ('business_settings', 'fy_start_month', 'int',  false, null, null, null, 1, 12),
  ('business_settings', 'timezone',       'text', false, 64,   null, null, null, null),

  ('profiles', 'name',     'text', false, 200, null, null, null, null),
  ('profiles', 'phone',    'text', false, 40,  null, null, null, null),
  ('profiles', 'language', 'enum', false, null, null, array['en', 'hi'], null, null),

  ('customers', 'name',       'text', true,  200,  null, null, null, null),
  ('customers', 'phone',      'text', false, 40,   null, null, null, null),
  ('customers', 'address',    'text', false, 1000, null, null, null, null),
  ('customers', 'gstin',      'text', false, 20,   null, null, null, null),
  ('customers', 'state_code', 'text', false, 2,    '^([0-9]{2})?$', null, null, null),
  ('customers', 'notes',      'text', false, 4000, null, null, null, null),

  ('suppliers', 'name',       'text', true,  200,  null, null, null, null),
  ('suppliers', 'phone',      'text', false, 40,   null, null, null, null),
  ('suppliers', 'address',    'text', false, 1000, null, null, null, null),
  ('suppliers', 'gstin',      'text', false, 20,   null, null, null, null),
  ('suppliers', 'state_code', 'text', false, 2,    '^([0-9]{2})?$', null, null, null),
  ('suppliers', 'notes',      'text', false, 4000, null, null, null, null),

  ('transactions', 'party_type',   'enum', true,  null, null, array['customer', 'supplier'], null, null),
  ('transactions', 'party_id',     'id',   true,  null, null, null, null, null),
  ('transactions', 'direction',    'enum', true,  null, null, array['gave', 'got'], null, null),
  ('transactions', 'amount_paise', 'int',  true,  null, null, null, 1, 9999999999999),
  ('transactions', 'entry_date',   'date', true,  null, null, null, null, null),
  ('transactions', 'note',         'text', false, 4000, null, null, null, null),
  ('transactions', 'bill_id',      'id',   false, null, null, null, null, null),

  ('bills', 'kind',            'enum',  true,  null, null, array['sale', 'purchase'], null, null),
  ('bills', 'party_type',      'enum',  false, null, null, array['customer', 'supplier'], null, null),
  ('bills', 'party_id',        'id',    false, null, null, null, null, null),
  ('bills', 'invoice_number',  'text',  true,  64,   null, null, null, null),
  ('bills', 'invoice_series',  'int',   false, null, null, null, 1, 2147483647),
  ('bills', 'invoice_seq',     'int',   false, null, null, null, 1, 2147483647),
  ('bills', 'bill_date',       'date',  true,  null, null, null, null, null),
  ('bills', 'due_date',        'date',  false, null, null, null, null, null),
  ('bills', 'place_of_supply', 'text',  false, 2,    '^([0-9]{2})?$', null, null, null),
  ('bills', 'items',           'items', true,  null, null, null, null, null),
  ('bills', 'discount_paise',  'int',   false, null, null, null, 0, 9999999999999),
  ('bills', 'taxable_paise',   'int',   false, null, null, null, 0, 9999999999999),
  ('bills', 'cgst_paise',      'int',   false, null, null, null, 0, 9999999999999),
  ('bills', 'sgst_paise',      'int',   false, null, null, null, 0, 9999999999999),
  ('bills', 'igst_paise',      'int',   false, null, null, null, 0, 9999999999999),
  ('bills', 'round_off_paise', 'int',   false, null, null, null, -9999999999999, 9999999999999),
  ('bills', 'total_paise',     'int',   false, null, null, null, 0, 9999999999999),
  ('bills', 'note',            'text',  false, 4000, null, null, null, null),

  ('cashbook_entries', 'direction',    'enum', true,  null, null, array['in', 'out'], null, null),
  ('cashbook_entries', 'amount_paise', 'int',  true,  null, null, null, 1, 9999999999999),
  ('cashbook_entries', 'mode',         'enum', true,  null, null, array['cash', 'online'], null, null),
  ('cashbook_entries', 'entry_date',   'date', true,  null, null, null, null, null),
  ('cashbook_entries', 'note',         'text', false, 4000, null, null, null, null),

  ('staff', 'name',         'text', true,  200,  null, null, null, null),
  ('staff', 'phone',        'text', false, 40,   null, null, null, null),
  ('staff', 'salary_basis', 'enum', false, null, null, array['monthly', 'daily'], null, null),
  ('staff', 'salary_paise', 'int',  false, null, null, null, 0, 9999999999999),
  ('staff', 'joined_on',    'date', false, null, null, null, null, null),

  ('attendance', 'staff_id', 'id',   true,  null, null, null, null, null),
  ('attendance', 'att_date', 'date', true,  null, null, null, null, null),
  ('attendance', 'status',   'enum', true,  null, null, array['present', 'absent', 'half_day', 'leave'], null, null),
  ('attendance', 'note',     'text', false, 4000, null, null, null, null);

-- ---------------------------------------------------------------------------------------
-- Helpers (schema lenden is not exposed through the API)
-- ---------------------------------------------------------------------------------------

create or replace function lenden.is_member(p_business_id text)
returns boolean
language sql stable security definer
set search_path = public
as $$
  select exists (
    select 1 from public.business_members m
    where m.business_id = p_business_id
      and m.user_id = auth.uid()
      and m.deleted_at is null
  );
$$;
revoke all on function lenden.is_member(text) from public;
grant execute on function lenden.is_member(text) to authenticated;

-- The businesses of the caller; RLS policies use `business_id in (select ...)` so the set is
-- computed once per query, not once per row.
create or replace function lenden.my_business_ids()
returns setof text
language sql stable security definer
set search_path = public
as $$
  select m.business_id from public.business_members m
  where m.user_id = auth.uid() and m.deleted_at is null;
$$;
revoke all on function lenden.my_business_ids() from public;
grant execute on function lenden.my_business_ids() to authenticated;

create or replace function lenden.member_role(p_business_id text)
returns text
language sql stable security definer
set search_path = public
as $$
  select m.role from public.business_members m
  where m.business_id = p_business_id
    and m.user_id = auth.uid()
    and m.deleted_at is null;
$$;
revoke all on function lenden.member_role(text) from public;

create or replace function lenden.valid_id(p text)
returns boolean language sql immutable
as $$ select p is not null and p ~ '^[0-9A-Za-z_-]{1,64}$' $$;

-- Date and timestamp checks run for several fields of every pushed op. On Postgres 16+ they
-- use pg_input_is_valid (no exception handler, so no subtransaction per call); older servers
-- get the same checks written with an exception handler.
do $do$
begin
  if current_setting('server_version_num')::integer >= 160000 then
    execute $f$
      create or replace function lenden.valid_date(p text)
      returns boolean language plpgsql immutable
      as $$
      begin
        if p is null or p !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' or not pg_input_is_valid(p, 'date') then
          return false;
        end if;
        return to_char(p::date, 'YYYY-MM-DD') = p;
      end;
      $$ $f$;
    execute $f$
      create or replace function lenden.valid_ts(p text)
      returns boolean language plpgsql immutable
      as $$
      begin
        if p is null or p !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$'
           or not pg_input_is_valid(substr(p, 1, 23) || '+00', 'timestamptz') then
          return false;
        end if;
        return lenden.valid_date(substr(p, 1, 10));
      end;
      $$ $f$;
  else
    execute $f$
      create or replace function lenden.valid_date(p text)
      returns boolean language plpgsql immutable
      as $$
      begin
        if p is null or p !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
          return false;
        end if;
        return to_char(p::date, 'YYYY-MM-DD') = p;
      exception when others then
        return false;
      end;
      $$ $f$;
    execute $f$
      create or replace function lenden.valid_ts(p text)
      returns boolean language plpgsql immutable
      as $$
      begin
        if p is null or p !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$' then
          return false;
        end if;
        perform (substr(p, 1, 23) || '+00')::timestamptz;
        return lenden.valid_date(substr(p, 1, 10));
      exception when others then
        return false;
      end;
      $$ $f$;
  end if;
end;
$do$;

-- HLC stamp: <ISO time with ms, 24 chars>-<counter, 4 hex>-<node id, 16 hex>, lower-case hex.
create or replace function lenden.valid_stamp(p text)
returns boolean language sql immutable
as $$
  select p is not null
     and p ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$'
     and lenden.valid_ts(substr(p, 1, 24));
$$;

-- A JSON integer (no fraction, no exponent) within [p_min, p_max].
create or replace function lenden.valid_int(p jsonb, p_min numeric, p_max numeric)
returns boolean language sql immutable
as $$
  select jsonb_typeof(p) = 'number'
     and p::text ~ '^-?[0-9]{1,19}$'
     and p::text::numeric between coalesce(p_min, -9223372036854775808) and coalesce(p_max, 9223372036854775807);
$$;

-- Bill lines: { name, hsn, qty_milli, unit, rate_paise, gst_rate_bp, taxable_paise,
-- cgst_paise, sgst_paise, igst_paise, total_paise }. Returns null when valid, else a message.
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
      if v_key <> all (array['name', 'hsn', 'qty_milli', 'unit', 'rate_paise', 'gst_rate_bp', 'taxable_paise',
                             'cgst_paise', 'sgst_paise', 'igst_paise', 'total_paise']) then
        return format('items[%s] has unknown field %s', v_i - 1, v_key);
      end if;
    end loop;
    if jsonb_typeof(v_item -> 'name') is distinct from 'string' or length(v_item ->> 'name') > 200 then
      return format('items[%s].name must be a string of at most 200 characters', v_i - 1);
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

-- Validates one field of one op. Returns null when valid, else a message.
create or replace function lenden.check_field(p_table text, p_column text, p_value jsonb)
returns text language plpgsql stable
as $$
declare
  s lenden.column_spec;
  v_type text := coalesce(jsonb_typeof(p_value), 'null');
  v_text text;
begin
  select * into s from lenden.column_spec where table_name = p_table and column_name = p_column;
  if not found then
    return format('unknown column %s for table %s', p_column, p_table);
  end if;
  if v_type = 'null' then
    if s.required then
      return format('%s.%s must not be null', p_table, p_column);
    end if;
    return null;
  end if;
  case s.kind
    when 'text' then
      if v_type <> 'string' then
        return format('%s.%s must be a string', p_table, p_column);
      end if;
      v_text := p_value #>> '{}';
      if s.max_length is not null and length(v_text) > s.max_length then
        return format('%s.%s is longer than %s characters', p_table, p_column, s.max_length);
      end if;
      if s.pattern is not null and v_text !~ s.pattern then
        return format('%s.%s has an invalid format', p_table, p_column);
      end if;
      if s.required and btrim(v_text) = '' then
        return format('%s.%s must not be empty', p_table, p_column);
      end if;
    when 'enum' then
      if v_type <> 'string' or not ((p_value #>> '{}') = any (s.enum_values)) then
        return format('%s.%s must be one of %s', p_table, p_column, array_to_string(s.enum_values, ', '));
      end if;
    when 'ts' then
      if v_type <> 'string' or not lenden.valid_ts(p_value #>> '{}') then
        return format('%s.%s must be an ISO-8601 UTC timestamp like 2026-11-25T10:00:00.000Z', p_table, p_column);
      end if;
    when 'date' then
      if v_type <> 'string' or not lenden.valid_date(p_value #>> '{}') then
        return format('%s.%s must be a date like 2026-11-25', p_table, p_column);
      end if;
    when 'id' then
      if v_type <> 'string' or not lenden.valid_id(p_value #>> '{}') then
        return format('%s.%s must be an id (1-64 characters of 0-9 A-Z a-z _ -)', p_table, p_column);
      end if;
    when 'int' then
      if not lenden.valid_int(p_value, s.min_value, s.max_value) then
        return format('%s.%s must be an integer from %s to %s', p_table, p_column, s.min_value, s.max_value);
      end if;
    when 'items' then
      return lenden.check_items(p_value);
  end case;
  return null;
end;
$$;

-- The same rules as check_field as one SQL expression (inlined by the planner), so sync_push
-- validates all fields of an op in one query instead of one function call and spec lookup
-- per field. `s` is the column's spec, null for an unknown column.
create or replace function lenden.field_error(p_table text, p_column text, p_value jsonb, s lenden.column_spec)
returns text language sql stable
as $$
  select case
    when (s).table_name is null then format('unknown column %s for table %s', p_column, p_table)
    when p_value is null or jsonb_typeof(p_value) = 'null' then
      case when (s).required then format('%s.%s must not be null', p_table, p_column) end
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

create or replace function lenden.server_stamp()
returns text language sql volatile
as $$
  select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '-0000-0000000000000000';
$$;

create or replace function lenden.iso_now()
returns text language sql volatile
as $$
  select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
$$;

create or replace function lenden.current_row(p_table text, p_row_id text, p_business_id text)
returns jsonb language plpgsql stable
set search_path = public
as $$
declare
  v jsonb;
begin
  if p_table is null or p_table not in ('business_settings', 'profiles', 'business_members', 'customers', 'suppliers',
                                        'transactions', 'bills', 'cashbook_entries', 'staff', 'attendance') then
    return null;
  end if;
  execute format('select to_jsonb(x) from public.%I x where x.id = $1 and x.business_id = $2', p_table)
    into v using p_row_id, p_business_id;
  return v;
end;
$$;

-- Writes (creates or updates) a business_members row on behalf of the server. The caller
-- holds the business's sync_state lock. Returns the new business seq.
create or replace function lenden.write_member(
  p_business_id text, p_user_id uuid, p_email text, p_role text, p_invoice_series integer, p_actor uuid
) returns bigint
language plpgsql
set search_path = public
as $$
declare
  v_seq bigint;
  v_stamp text := lenden.server_stamp();
  v_now text := lenden.iso_now();
  v_cur public.business_members;
  v_fields jsonb;
  v_old jsonb := '{}'::jsonb;
  v_id text;
  v_stamps jsonb;
  k text;
begin
  update public.sync_state set seq = seq + 1 where business_id = p_business_id returning seq into v_seq;
  select * into v_cur from public.business_members where business_id = p_business_id and user_id = p_user_id;
  if not found then
    v_id := gen_random_uuid()::text;
    v_fields := jsonb_build_object('user_id', p_user_id, 'role', p_role, 'email', p_email,
      'invoice_series', p_invoice_series, 'created_at', v_now, 'updated_at', v_now, 'deleted_at', null);
    select jsonb_object_agg(key, v_stamp) into v_stamps from jsonb_object_keys(v_fields) as key;
    insert into public.business_members (id, business_id, created_at, updated_at, deleted_at, field_stamps, seq,
                                         user_id, role, email, invoice_series)
    values (v_id, p_business_id, v_now, v_now, null, v_stamps, v_seq, p_user_id, p_role, p_email, p_invoice_series);
  else
    v_id := v_cur.id;
    v_fields := jsonb_build_object('role', p_role, 'email', coalesce(p_email, v_cur.email),
      'invoice_series', coalesce(v_cur.invoice_series, p_invoice_series), 'updated_at', v_now, 'deleted_at', null);
    v_old := jsonb_build_object('role', v_cur.role, 'email', v_cur.email, 'invoice_series', v_cur.invoice_series,
      'updated_at', v_cur.updated_at, 'deleted_at', v_cur.deleted_at);
    v_stamps := v_cur.field_stamps;
    for k in select jsonb_object_keys(v_fields) loop
      v_stamps := v_stamps || jsonb_build_object(k, v_stamp);
    end loop;
    update public.business_members
       set role = p_role, email = v_fields ->> 'email', invoice_series = (v_fields ->> 'invoice_series')::integer,
           updated_at = v_now, deleted_at = null, field_stamps = v_stamps, seq = v_seq
     where id = v_id;
  end if;
  insert into public.sync_applied_ops (op_id, business_id, device_id, user_id, table_name, row_id, stamp, fields, old_values, seq)
  values ('server-' || gen_random_uuid()::text, p_business_id, 'server', p_actor, 'business_members', v_id, v_stamp,
          v_fields, v_old, v_seq);
  return v_seq;
end;
$$;
revoke all on function lenden.write_member(text, uuid, text, text, integer, uuid) from public;

-- Registers a device (or returns its existing series). Caller holds the business lock.
create or replace function lenden.device_series(p_business_id text, p_device_id text, p_user_id uuid)
returns integer
language plpgsql
set search_path = public
as $$
declare
  v_series integer;
begin
  select invoice_series into v_series from public.sync_devices
   where business_id = p_business_id and device_id = p_device_id;
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
revoke all on function lenden.device_series(text, text, uuid) from public;

create or replace function lenden.poke(p_business_id text, p_seq bigint)
returns void
language plpgsql
set search_path = public
as $$
begin
  perform realtime.send(jsonb_build_object('business_id', p_business_id, 'seq', p_seq), 'poke',
                        'business:' || p_business_id, true);
end;
$$;
revoke all on function lenden.poke(text, bigint) from public;

-- ---------------------------------------------------------------------------------------
-- RPCs
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
  v_accepted jsonb := '[]'::jsonb;
  v_rejected jsonb := '[]'::jsonb;
  v_n integer;
  v_i integer;
  v_op jsonb;
  v_op_id text;
  v_table text;
  v_row_id text;
  v_fields jsonb;
  v_stamp text;
  v_prev_business text;
  v_cur jsonb;
  v_any jsonb;
  v_is_create boolean;
  v_new jsonb;
  v_stamps jsonb;
  v_changed jsonb;
  v_old jsonb;
  v_won jsonb;
  v_field_errors text[];
  v_err text;
  v_code text;
  v_cols text;
  v_vals text;
  v_conflict boolean;
  v_pushable text[] := array['business_settings', 'profiles', 'customers', 'suppliers', 'transactions', 'bills',
                             'cashbook_entries', 'staff', 'attendance'];
begin
  if p_protocol is distinct from 1 then
    raise exception 'PROTOCOL: this server speaks sync protocol 1 but the app sent %; please update the app', coalesce(p_protocol::text, 'none')
      using errcode = 'P0001';
  end if;
  if v_uid is null then
    raise exception 'AUTH: not signed in' using errcode = '42501';
  end if;
  if not lenden.valid_id(p_business_id) then
    raise exception 'VALIDATION: p_business_id must be an id' using errcode = 'P0001';
  end if;
  if p_device_id is null or p_device_id !~ '^[0-9A-Za-z_.:-]{1,100}$' then
    raise exception 'VALIDATION: p_device_id must be 1-100 characters of 0-9 A-Z a-z _ . : -' using errcode = 'P0001';
  end if;
  if jsonb_typeof(p_ops) is distinct from 'array' then
    raise exception 'VALIDATION: p_ops must be a JSON array of ops' using errcode = 'P0001';
  end if;
  v_n := jsonb_array_length(p_ops);
  if v_n > 500 then
    raise exception 'VALIDATION: batch has % ops; at most 500 ops per push', v_n using errcode = 'P0001';
  end if;

  v_role := lenden.member_role(p_business_id);
  if v_role is null then
    raise exception 'AUTH: you are not a member of business %', p_business_id using errcode = '42501';
  end if;

  -- Shape of every op before anything is written: a malformed op rejects the whole call.
  for v_i in 0 .. v_n - 1 loop
    v_op := p_ops -> v_i;
    if jsonb_typeof(v_op) is distinct from 'object'
       or jsonb_typeof(v_op -> 'op_id') is distinct from 'string'
       or jsonb_typeof(v_op -> 'table') is distinct from 'string'
       or jsonb_typeof(v_op -> 'row_id') is distinct from 'string'
       or jsonb_typeof(v_op -> 'fields') is distinct from 'object'
       or jsonb_typeof(v_op -> 'stamp') is distinct from 'string' then
      raise exception 'VALIDATION: op #% is malformed: expected { op_id, table, row_id, fields: {...}, stamp } with string op_id, table, row_id and stamp', v_i
        using errcode = 'P0001';
    end if;
    if length(v_op ->> 'op_id') not between 1 and 100 then
      raise exception 'VALIDATION: op #% is malformed: op_id must be 1-100 characters', v_i using errcode = 'P0001';
    end if;
  end loop;

  -- Column allowlist and values of every op, in one query (validation is pure: it depends on
  -- the op alone). Element i + 1 is op i's first failing field in jsonb_each order, as
  -- checking field by field would find it, or null; the loop below reports it in its turn.
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

  for v_i in 0 .. v_n - 1 loop
    v_op := p_ops -> v_i;
    v_op_id := v_op ->> 'op_id';
    v_table := v_op ->> 'table';
    v_row_id := v_op ->> 'row_id';
    v_fields := v_op -> 'fields';
    v_stamp := v_op ->> 'stamp';
    v_err := null;
    v_code := 'VALIDATION';
    v_cur := null;

    <<one_op>>
    begin
      -- Idempotency: an op applied before counts as accepted.
      select business_id into v_prev_business from public.sync_applied_ops where op_id = v_op_id;
      if found then
        if v_prev_business = p_business_id then
          v_accepted := v_accepted || to_jsonb(v_op_id);
          continue;
        end if;
        v_code := 'CONFLICT'; v_err := 'op_id is already used by another business';
        exit one_op;
      end if;

      if not (v_table = any (v_pushable)) then
        if v_table = 'business_members' then
          v_code := 'FORBIDDEN'; v_err := 'business_members is managed by the server; use sync_add_member';
        else
          v_err := format('unknown table %s', left(v_table, 64));
        end if;
        exit one_op;
      end if;
      if not lenden.valid_id(v_row_id) then
        v_err := 'row_id must be an id (1-64 characters of 0-9 A-Z a-z _ -)';
        exit one_op;
      end if;

      -- Static statements per table keep their cached plans across ops (EXECUTE re-plans).
      case v_table
        when 'profiles' then select to_jsonb(x) into v_any from public.profiles x where x.id = v_row_id;
        when 'customers' then select to_jsonb(x) into v_any from public.customers x where x.id = v_row_id;
        when 'suppliers' then select to_jsonb(x) into v_any from public.suppliers x where x.id = v_row_id;
        when 'transactions' then select to_jsonb(x) into v_any from public.transactions x where x.id = v_row_id;
        when 'bills' then select to_jsonb(x) into v_any from public.bills x where x.id = v_row_id;
        when 'cashbook_entries' then select to_jsonb(x) into v_any from public.cashbook_entries x where x.id = v_row_id;
        when 'staff' then select to_jsonb(x) into v_any from public.staff x where x.id = v_row_id;
        when 'attendance' then select to_jsonb(x) into v_any from public.attendance x where x.id = v_row_id;
        else execute format('select to_jsonb(x) from public.%I x where x.id = $1', v_table) into v_any using v_row_id;
      end case;
      if v_any is not null and v_any ->> 'business_id' = p_business_id then
        v_cur := v_any;
      end if;

      if octet_length(v_op::text) > 65536 then
        v_err := format('op is %s bytes; at most 65536 bytes per op', octet_length(v_op::text));
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
        exit one_op;
      end if;

      v_is_create := v_fields ? 'business_id' or v_fields ? 'id';
      if v_is_create then
        if jsonb_typeof(v_fields -> 'business_id') is distinct from 'string'
           or (v_fields ->> 'business_id') <> p_business_id then
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
      if v_table = 'profiles' and v_row_id <> v_uid::text then
        v_code := 'FORBIDDEN'; v_err := 'you may only write your own profile (id = your user id)';
        exit one_op;
      end if;

      -- Role rules.
      if v_role = 'staff' then
        if v_table in ('business_settings', 'staff') then
          v_code := 'FORBIDDEN'; v_err := format('staff may not change %s; ask the owner', v_table);
          exit one_op;
        end if;
        if v_table in ('customers', 'suppliers', 'bills') and v_fields ? 'deleted_at'
           and (jsonb_typeof(v_fields -> 'deleted_at') <> 'null' or (v_cur is not null and v_cur ->> 'deleted_at' is not null)) then
          v_code := 'FORBIDDEN'; v_err := format('staff may not delete or restore %s; ask the owner', v_table);
          exit one_op;
        end if;
      end if;

      -- Column allowlist and values.
      v_err := v_field_errors[v_i + 1];
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

      if v_cur is not null and v_changed = '{}'::jsonb then
        -- Every field already carries a newer stamp: accepted, nothing changes.
        insert into public.sync_applied_ops (op_id, business_id, device_id, user_id, table_name, row_id, stamp, fields, old_values, seq)
        values (v_op_id, p_business_id, p_device_id, v_uid, v_table, v_row_id, v_stamp, v_fields, '{}'::jsonb, null);
        v_accepted := v_accepted || to_jsonb(v_op_id);
        continue;
      end if;

      if v_table = 'bills' and v_changed ? 'invoice_number' then
        select exists (select 1 from public.bills b
                        where b.business_id = p_business_id and b.invoice_number = v_changed ->> 'invoice_number'
                          and b.id <> v_row_id)
          into v_conflict;
        if v_conflict then
          v_code := 'CONFLICT';
          v_err := format('invoice number %s is already used by another bill', v_changed ->> 'invoice_number');
          exit one_op;
        end if;
      end if;

      v_seq := v_seq + 1;
      v_new := v_new || jsonb_build_object('field_stamps', v_stamps, 'seq', v_seq);
      if v_cur is null and v_table <> 'business_settings' then
        -- A new row, written with a static statement. Columns missing from v_new become null,
        -- as the named-column insert below would leave them: outside business_settings the
        -- only column defaults are field_stamps (always in v_new) and bills.items (required).
        case v_table
          when 'profiles' then insert into public.profiles select * from jsonb_populate_record(null::public.profiles, v_new);
          when 'customers' then insert into public.customers select * from jsonb_populate_record(null::public.customers, v_new);
          when 'suppliers' then insert into public.suppliers select * from jsonb_populate_record(null::public.suppliers, v_new);
          when 'transactions' then insert into public.transactions select * from jsonb_populate_record(null::public.transactions, v_new);
          when 'bills' then insert into public.bills select * from jsonb_populate_record(null::public.bills, v_new);
          when 'cashbook_entries' then insert into public.cashbook_entries select * from jsonb_populate_record(null::public.cashbook_entries, v_new);
          when 'staff' then insert into public.staff select * from jsonb_populate_record(null::public.staff, v_new);
          when 'attendance' then insert into public.attendance select * from jsonb_populate_record(null::public.attendance, v_new);
        end case;
      elsif v_cur is null then
        select string_agg(format('%I', key), ', '), string_agg(format('r.%I', key), ', ')
          into v_cols, v_vals
          from jsonb_object_keys(v_new) as key;
        execute format('insert into public.%I (%s) select %s from jsonb_populate_record(null::public.%I, $1) r',
                       v_table, v_cols, v_vals, v_table)
          using v_new;
      else
        select string_agg(format('%I', key), ', '), string_agg(format('r.%I', key), ', ')
          into v_cols, v_vals
          from (select jsonb_object_keys(v_changed) as key union all select 'field_stamps' union all select 'seq') k;
        execute format('update public.%I x set (%s) = (select %s from jsonb_populate_record(null::public.%I, $1) r) where x.id = $2',
                       v_table, v_cols, v_vals, v_table)
          using v_new, v_row_id;
      end if;

      insert into public.sync_applied_ops (op_id, business_id, device_id, user_id, table_name, row_id, stamp, fields, old_values, seq)
      values (v_op_id, p_business_id, p_device_id, v_uid, v_table, v_row_id, v_stamp, v_fields, v_old, v_seq);
      v_accepted := v_accepted || to_jsonb(v_op_id);
      continue;
    end one_op;

    -- Reached only through `exit one_op`: the op is rejected; send the server's row back.
    v_rejected := v_rejected || jsonb_build_object(
      'op_id', v_op_id, 'code', v_code, 'message', v_code || ': ' || coalesce(v_err, 'rejected'),
      'row', case when v_cur is null then 'null'::jsonb else v_cur end);
  end loop;

  if v_seq > v_start_seq then
    update public.sync_state set seq = v_seq where business_id = p_business_id;
    perform lenden.poke(p_business_id, v_seq);
  end if;

  return jsonb_build_object('accepted', v_accepted, 'rejected', v_rejected, 'seq', v_seq);
end;
$$;

create or replace function public.sync_pull(p_business_id text, p_since bigint, p_limit int)
returns json
language plpgsql
stable
security definer
set search_path = public
as $$
-- Built as json, not jsonb: a page is thousands of rows that are only serialized, and json
-- skips jsonb's parse-and-sort of every row (same JSON on the wire).
declare
  v_head bigint;
  v_since bigint := greatest(coalesce(p_since, 0), 0);
  v_limit integer := least(greatest(coalesce(p_limit, 1000), 1), 5000);
  v_rows json;
  v_last bigint;
  v_history json;
begin
  if auth.uid() is null then
    raise exception 'AUTH: not signed in' using errcode = '42501';
  end if;
  if not lenden.is_member(p_business_id) then
    raise exception 'AUTH: you are not a member of business %', p_business_id using errcode = '42501';
  end if;
  select seq into v_head from public.sync_state where business_id = p_business_id;

  with picked as (
    (select 'business_settings' as t, x.seq, to_json(x) as r from public.business_settings x
      where x.business_id = p_business_id and x.seq > v_since and x.seq <= v_head order by x.seq limit v_limit)
    union all
    (select 'profiles', x.seq, to_json(x) from public.profiles x
      where x.business_id = p_business_id and x.seq > v_since and x.seq <= v_head order by x.seq limit v_limit)
    union all
    (select 'business_members', x.seq, to_json(x) from public.business_members x
      where x.business_id = p_business_id and x.seq > v_since and x.seq <= v_head order by x.seq limit v_limit)
    union all
    (select 'customers', x.seq, to_json(x) from public.customers x
      where x.business_id = p_business_id and x.seq > v_since and x.seq <= v_head order by x.seq limit v_limit)
    union all
    (select 'suppliers', x.seq, to_json(x) from public.suppliers x
      where x.business_id = p_business_id and x.seq > v_since and x.seq <= v_head order by x.seq limit v_limit)
    union all
    (select 'transactions', x.seq, to_json(x) from public.transactions x
      where x.business_id = p_business_id and x.seq > v_since and x.seq <= v_head order by x.seq limit v_limit)
    union all
    (select 'bills', x.seq, to_json(x) from public.bills x
      where x.business_id = p_business_id and x.seq > v_since and x.seq <= v_head order by x.seq limit v_limit)
    union all
    (select 'cashbook_entries', x.seq, to_json(x) from public.cashbook_entries x
      where x.business_id = p_business_id and x.seq > v_since and x.seq <= v_head order by x.seq limit v_limit)
    union all
    (select 'staff', x.seq, to_json(x) from public.staff x
      where x.business_id = p_business_id and x.seq > v_since and x.seq <= v_head order by x.seq limit v_limit)
    union all
    (select 'attendance', x.seq, to_json(x) from public.attendance x
      where x.business_id = p_business_id and x.seq > v_since and x.seq <= v_head order by x.seq limit v_limit)
  ), page as (
    select * from picked order by seq limit v_limit
  )
  select coalesce(json_agg(json_build_object('table', t, 'seq', seq, 'row', r) order by seq), '[]'::json), max(seq)
    into v_rows, v_last
    from page;

  v_last := coalesce(v_last, v_since);
  -- The audit feed: every applied change to a financial record in the same seq range, with
  -- who, which device and old -> new values, so each device keeps the full edit history of
  -- records changed elsewhere (rows above carry only their latest state).
  select coalesce(json_agg(json_build_object(
           'op_id', a.op_id, 'table', a.table_name, 'row_id', a.row_id, 'device_id', a.device_id,
           'user_id', a.user_id, 'stamp', a.stamp, 'fields', a.fields, 'old_values', a.old_values,
           'applied_at', a.applied_at) order by a.seq), '[]'::json)
    into v_history
    from public.sync_applied_ops a
   where a.business_id = p_business_id and a.seq > v_since and a.seq <= v_last
     and a.table_name in ('customers', 'suppliers', 'transactions', 'bills', 'cashbook_entries');
  return json_build_object('rows', v_rows, 'history', v_history, 'last_seq', v_last, 'head_seq', v_head, 'more', v_last < v_head);
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
  v_counts jsonb;
  v_balances jsonb;
begin
  if auth.uid() is null then
    raise exception 'AUTH: not signed in' using errcode = '42501';
  end if;
  if not lenden.is_member(p_business_id) then
    raise exception 'AUTH: you are not a member of business %', p_business_id using errcode = '42501';
  end if;
  select jsonb_build_object(
    'business_settings', (select count(*) from public.business_settings where business_id = p_business_id),
    'profiles',          (select count(*) from public.profiles where business_id = p_business_id),
    'business_members',  (select count(*) from public.business_members where business_id = p_business_id),
    'customers',         (select count(*) from public.customers where business_id = p_business_id),
    'suppliers',         (select count(*) from public.suppliers where business_id = p_business_id),
    'transactions',      (select count(*) from public.transactions where business_id = p_business_id),
    'bills',             (select count(*) from public.bills where business_id = p_business_id),
    'cashbook_entries',  (select count(*) from public.cashbook_entries where business_id = p_business_id),
    'staff',             (select count(*) from public.staff where business_id = p_business_id),
    'attendance',        (select count(*) from public.attendance where business_id = p_business_id)
  ) into v_counts;
  select coalesce(jsonb_object_agg(party_id, balance), '{}'::jsonb) into v_balances
    from (select party_id, sum(case when direction = 'gave' then amount_paise else -amount_paise end) as balance
            from public.transactions
           where business_id = p_business_id and deleted_at is null
           group by party_id) b;
  return jsonb_build_object('counts', v_counts, 'balances', v_balances);
end;
$$;

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
  if p_device_id is null or p_device_id !~ '^[0-9A-Za-z_.:-]{1,100}$' then
    raise exception 'VALIDATION: p_device_id must be 1-100 characters of 0-9 A-Z a-z _ . : -' using errcode = 'P0001';
  end if;
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
    return jsonb_build_object('business_id', p_business_id, 'role', 'owner', 'invoice_series', v_series);
  end if;

  perform 1 from public.sync_state where business_id = p_business_id for update;
  v_role := lenden.member_role(p_business_id);
  if v_role is null then
    raise exception 'AUTH: business % belongs to someone else; ask its owner to add you', p_business_id using errcode = '42501';
  end if;
  v_series := lenden.device_series(p_business_id, p_device_id, v_uid);
  return jsonb_build_object('business_id', p_business_id, 'role', v_role, 'invoice_series', v_series);
end;
$$;

create or replace function public.sync_my_businesses()
returns jsonb
language plpgsql
stable
security definer
set search_path = public
as $$
declare
  v_uid uuid := auth.uid();
begin
  if v_uid is null then
    raise exception 'AUTH: not signed in' using errcode = '42501';
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object('business_id', m.business_id,
                                        'name', coalesce(nullif(bs.name, ''), s.name),
                                        'role', m.role)
                     order by coalesce(nullif(bs.name, ''), s.name), m.business_id)
      from public.business_members m
      join public.sync_state s on s.business_id = m.business_id
      left join public.business_settings bs on bs.id = m.business_id
     where m.user_id = v_uid and m.deleted_at is null
  ), '[]'::jsonb);
end;
$$;

create or replace function public.sync_register_device(p_business_id text, p_device_id text)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_uid uuid := auth.uid();
  v_series integer;
begin
  if v_uid is null then
    raise exception 'AUTH: not signed in' using errcode = '42501';
  end if;
  if p_device_id is null or p_device_id !~ '^[0-9A-Za-z_.:-]{1,100}$' then
    raise exception 'VALIDATION: p_device_id must be 1-100 characters of 0-9 A-Z a-z _ . : -' using errcode = 'P0001';
  end if;
  if not lenden.is_member(p_business_id) then
    raise exception 'AUTH: you are not a member of business %', p_business_id using errcode = '42501';
  end if;
  perform 1 from public.sync_state where business_id = p_business_id for update;
  v_series := lenden.device_series(p_business_id, p_device_id, v_uid);
  return jsonb_build_object('invoice_series', v_series);
end;
$$;

create or replace function public.sync_add_member(p_business_id text, p_email text, p_role text)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_uid uuid := auth.uid();
  v_target uuid;
  v_email text;
  v_seq bigint;
begin
  if v_uid is null then
    raise exception 'AUTH: not signed in' using errcode = '42501';
  end if;
  if not lenden.is_member(p_business_id) then
    raise exception 'AUTH: you are not a member of business %', p_business_id using errcode = '42501';
  end if;
  if p_role is null or p_role not in ('owner', 'staff') then
    raise exception 'VALIDATION: p_role must be owner or staff' using errcode = 'P0001';
  end if;
  perform 1 from public.sync_state where business_id = p_business_id for update;
  if lenden.member_role(p_business_id) is distinct from 'owner' then
    raise exception 'FORBIDDEN: only the owner can add members' using errcode = '42501';
  end if;
  select u.id, u.email::text into v_target, v_email from auth.users u where lower(u.email::text) = lower(btrim(p_email));
  if v_target is null then
    raise exception 'NOT_FOUND: no Lenden account uses the email %; ask them to sign up first', p_email using errcode = 'P0001';
  end if;
  if v_target = v_uid then
    raise exception 'VALIDATION: you cannot change your own role' using errcode = 'P0001';
  end if;
  v_seq := lenden.write_member(p_business_id, v_target, v_email, p_role, null, v_uid);
  perform lenden.poke(p_business_id, v_seq);
  return jsonb_build_object('business_id', p_business_id, 'user_id', v_target, 'email', v_email, 'role', p_role);
end;
$$;

-- ---------------------------------------------------------------------------------------
-- Privileges and row level security
-- ---------------------------------------------------------------------------------------

do $$
declare
  t text;
begin
  foreach t in array array['sync_state', 'sync_devices', 'sync_applied_ops', 'business_settings', 'profiles',
                           'business_members', 'customers', 'suppliers', 'transactions', 'bills',
                           'cashbook_entries', 'staff', 'attendance'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format('revoke all on table public.%I from public, anon, authenticated', t);
    execute format('grant select on table public.%I to authenticated', t);
    execute format('create policy %I on public.%I for select to authenticated using (business_id in (select lenden.my_business_ids()))',
                   t || '_members_select', t);
  end loop;
end;
$$;

revoke all on function public.sync_push(text, text, int, jsonb) from public, anon;
revoke all on function public.sync_pull(text, bigint, int) from public, anon;
revoke all on function public.sync_digest(text) from public, anon;
revoke all on function public.sync_claim_business(text, text, text) from public, anon;
revoke all on function public.sync_my_businesses() from public, anon;
revoke all on function public.sync_register_device(text, text) from public, anon;
revoke all on function public.sync_add_member(text, text, text) from public, anon;
grant execute on function public.sync_push(text, text, int, jsonb) to authenticated;
grant execute on function public.sync_pull(text, bigint, int) to authenticated;
grant execute on function public.sync_digest(text) to authenticated;
grant execute on function public.sync_claim_business(text, text, text) to authenticated;
grant execute on function public.sync_my_businesses() to authenticated;
grant execute on function public.sync_register_device(text, text) to authenticated;
grant execute on function public.sync_add_member(text, text, text) to authenticated;

-- Helpers in schema lenden are internal; only is_member is needed by the RLS policies.
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

-- Realtime authorization: members may receive broadcasts on their private business topic.
drop policy if exists "lenden members receive business pokes" on realtime.messages;
create policy "lenden members receive business pokes" on realtime.messages
  for select to authenticated
  using (realtime.topic() like 'business:%' and lenden.is_member(substr(realtime.topic(), 10)));

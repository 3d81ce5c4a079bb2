-- Lenden server schema, step 11: cheaper checks of ids, dates, timestamps and stamps, with the
-- same answers (supabase/local/push-checks-migration.test.ts compares them with the ones they
-- replace on thousands of edge cases and garbage, and upgrades a server with data).
--
-- A push checks every op's stamp and row id and every id, date and timestamp field it carries;
-- for a batch of 2,000 new entries these checks were about a quarter of the server's time. Postgres
-- runs a pattern like '^[0-9A-Za-z_-]{1,64}$' at about 10 us per call (a bounded repeat is
-- expanded into many states), and the old date check parsed the date, then printed it back
-- to compare. Now:
--  * an id is 1-64 characters none of which is outside [0-9A-Za-z_-] (a pattern of one
--    character class, no repeat): exactly the same set of strings;
--  * the shape of a date, timestamp or stamp is checked by turning every digit (every
--    lower-case hex digit, for the stamp) into 0 and comparing with the template: exactly what
--    the pattern asked for, position by position;
--  * a date of that shape is valid when Postgres reads it as a date; printing it back gave the
--    same text for every date it reads (a four-digit year first is always read as the year,
--    whatever DateStyle says), so that step is gone; and a timestamp Postgres reads has a date
--    it reads, so its date part is no longer checked a second time.

create or replace function lenden.valid_id(p text)
returns boolean language sql immutable
as $$ select p is not null and length(p) between 1 and 64 and p !~ '[^0-9A-Za-z_-]' $$;

do $do$
begin
  -- Older servers keep the checks written with an exception handler (pg_input_is_valid is 16+).
  if current_setting('server_version_num')::integer >= 160000 then
    execute $f$
      create or replace function lenden.valid_date(p text)
      returns boolean language sql stable
      as $$
        select p is not null
           and translate(p, '0123456789', '0000000000') = '0000-00-00'
           and pg_input_is_valid(p, 'date')
      $$ $f$;
    execute $f$
      create or replace function lenden.valid_ts(p text)
      returns boolean language sql stable
      as $$
        select p is not null
           and translate(p, '0123456789', '0000000000') = '0000-00-00T00:00:00.000Z'
           and pg_input_is_valid(substr(p, 1, 23) || '+00', 'timestamptz')
      $$ $f$;
    -- The time part's digits are checked again by valid_ts (the first test lets a-f through there).
    execute $f$
      create or replace function lenden.valid_stamp(p text)
      returns boolean language sql stable
      as $$
        select p is not null
           and translate(p, '0123456789abcdef', '0000000000000000') = '0000-00-00T00:00:00.000Z-0000-0000000000000000'
           and lenden.valid_ts(substr(p, 1, 24))
      $$ $f$;
  end if;
end;
$do$;

-- The row-stamp trigger (20261210000000) ran a query per row written: about a seventh of a
-- 2,000-entry push. The common row, an object of string stamps that are all one stamp, is now
-- summed up without a query; any other row gets lenden.stamp_summary exactly as before.
-- TG_ARGV as before: [0] the stamped column count, [1] their names, [2] their attnums.
-- It runs as its owner: a role without the lenden schema (the service role of an admin tool
-- writing a row) could otherwise not reach stamp_summary. It reads nothing but the new row.
create or replace function lenden.keep_row_stamp()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_first jsonb;
  v_names text[];
  v_bits integer[];
  v_keys bigint := 0;
  v_n integer := 0;
  i integer;
begin
  if tg_op = 'UPDATE' and new.field_stamps is not distinct from old.field_stamps then
    return new;
  end if;
  v_first := jsonb_path_query_first(new.field_stamps, '$.*');
  if jsonb_typeof(new.field_stamps) = 'object' and jsonb_typeof(v_first) = 'string'
     and not jsonb_path_exists(new.field_stamps, '$.* ? (@.type() != "string" || @ != $s)', jsonb_build_object('s', v_first)) then
    v_names := tg_argv[1]::text[];
    v_bits := tg_argv[2]::integer[];
    -- A key that is not a stamped column: no one stamp (as stamp_summary says).
    if new.field_stamps - v_names <> '{}'::jsonb then
      new.row_stamp := null;
      new.stamp_keys := null;
      return new;
    end if;
    for i in 1 .. coalesce(cardinality(v_names), 0) loop
      if new.field_stamps ? v_names[i] then
        v_keys := v_keys | (1::bigint << v_bits[i]);
        v_n := v_n + 1;
      end if;
    end loop;
    new.row_stamp := v_first #>> '{}';
    new.stamp_keys := case when v_n = cardinality(v_names) then null else v_keys end;
    return new;
  end if;
  select s.stamp, s.keys into new.row_stamp, new.stamp_keys
    from lenden.stamp_summary(new.field_stamps, tg_argv[1]::text[], tg_argv[2]::integer[]) s;
  return new;
end;
$$;

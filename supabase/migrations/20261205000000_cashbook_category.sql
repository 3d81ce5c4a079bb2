-- Lenden server schema, step 5: what a cashbook entry was for (issue 13, profit and loss).
-- See docs/data-and-sync.md. A column of an existing synced table, added through
-- lenden.column_spec so push, pull and the digest pick it up without any RPC rewritten.
-- Clients that do not know the column keep syncing: they ignore it when pulling and never
-- write it; a null category reads as "not said".

alter table public.cashbook_entries
  add column category text check (category in ('rent', 'salary', 'electricity', 'transport', 'other'));

insert into lenden.column_spec (table_name, column_name, kind, required, not_null, max_length, pattern, enum_values, min_value, max_value, default_value) values
  ('cashbook_entries', 'category', 'enum', false, false, null, null, array['rent', 'salary', 'electricity', 'transport', 'other'], null, null, null);

-- The row stamp counts a table's stamped columns (20261204000000): remake the triggers so a
-- cashbook row whose fields all share one stamp still travels with a single stamp.
select lenden.row_stamp_triggers();

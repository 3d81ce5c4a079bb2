-- Lenden server schema: salary and advances paid to staff (issue 14, staff money).
-- See docs/data-and-sync.md. A salary payment or advance is one cashbook entry (money out,
-- category salary) that names the staff member, whether it was salary or an advance, and for
-- salary the month it pays. Columns of an existing synced table, added through
-- lenden.column_spec so push, pull and the digest pick them up without any RPC rewritten.
-- Clients that do not know the columns keep syncing: they see a plain salary expense.

alter table public.cashbook_entries
  add column staff_id text,
  add column staff_pay text check (staff_pay in ('salary', 'advance')),
  add column pay_month text check (pay_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

create index cashbook_entries_staff_idx on public.cashbook_entries (business_id, staff_id) where staff_id is not null;

insert into lenden.column_spec (table_name, column_name, kind, required, not_null, max_length, pattern, enum_values, min_value, max_value, default_value) values
  ('cashbook_entries', 'staff_id',  'id',   false, false, null, null, null, null, null, null),
  ('cashbook_entries', 'staff_pay', 'enum', false, false, null, null, array['salary', 'advance'], null, null, null),
  ('cashbook_entries', 'pay_month', 'text', false, false, 7, '^[0-9]{4}-(0[1-9]|1[0-2])$', null, null, null, null);

-- The row stamp trigger counts a table's columns: refresh it for the three new ones.
select lenden.row_stamp_triggers();

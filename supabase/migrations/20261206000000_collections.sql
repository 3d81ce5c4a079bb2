-- Lenden server schema, step 6: collections (issue 14, part 5) — due dates on credit entries,
-- a credit period per party, promises to pay and the reminders sent. See docs/data-and-sync.md.
-- Columns of existing synced tables go in through lenden.column_spec and the two new tables
-- through the table registry, so push, pull and the digest pick them up with no RPC rewritten.
-- Clients that do not know them keep syncing: they ignore columns they do not know and never
-- write them; a null due date or credit period reads as "not scheduled".

alter table public.transactions
  add column due_date text;

alter table public.customers
  add column credit_days integer check (credit_days between 0 and 3650);
alter table public.suppliers
  add column credit_days integer check (credit_days between 0 and 3650);

insert into lenden.column_spec (table_name, column_name, kind, required, not_null, max_length, pattern, enum_values, min_value, max_value, default_value) values
  ('transactions', 'due_date',    'date', false, false, null, null, null, null, null, null),
  ('customers',    'credit_days', 'int',  false, false, null, null, null, 0, 3650, null),
  ('suppliers',    'credit_days', 'int',  false, false, null, null, null, 0, 3650, null);

-- Positions 150 and 160 leave room for tables other branches register in between.
select lenden.add_synced_table('payment_promises', $cols$
  party_type text not null check (party_type in ('customer', 'supplier')),
  party_id text not null,
  amount_paise bigint not null check (amount_paise between 1 and 9999999999999),
  promised_on text not null,
  made_on text not null,
  note text
$cols$, 150);

select lenden.add_synced_table('reminders', $cols$
  party_type text not null check (party_type in ('customer', 'supplier')),
  party_id text not null,
  sent_at text not null,
  amount_paise bigint not null check (amount_paise between 0 and 9999999999999),
  channel text not null check (channel in ('whatsapp')),
  due_date text
$cols$, 160);

insert into lenden.column_spec (table_name, column_name, kind, required, not_null, max_length, pattern, enum_values, min_value, max_value, default_value)
select t, c.column_name, c.kind, c.required, false, null, null, null, null, null, null
  from unnest(array['payment_promises', 'reminders']) as t
 cross join (values ('created_at', 'ts', true), ('updated_at', 'ts', true), ('deleted_at', 'ts', false)) as c(column_name, kind, required);

insert into lenden.column_spec (table_name, column_name, kind, required, not_null, max_length, pattern, enum_values, min_value, max_value, default_value) values
  ('payment_promises', 'party_type',   'enum', true,  false, null, null, array['customer', 'supplier'], null, null, null),
  ('payment_promises', 'party_id',     'id',   true,  false, null, null, null, null, null, null),
  ('payment_promises', 'amount_paise', 'int',  true,  false, null, null, null, 1, 9999999999999, null),
  ('payment_promises', 'promised_on',  'date', true,  false, null, null, null, null, null, null),
  ('payment_promises', 'made_on',      'date', true,  false, null, null, null, null, null, null),
  ('payment_promises', 'note',         'text', false, false, 4000, null, null, null, null, null),

  ('reminders', 'party_type',   'enum', true,  false, null, null, array['customer', 'supplier'], null, null, null),
  ('reminders', 'party_id',     'id',   true,  false, null, null, null, null, null, null),
  ('reminders', 'sent_at',      'ts',   true,  false, null, null, null, null, null, null),
  ('reminders', 'amount_paise', 'int',  true,  false, null, null, null, 0, 9999999999999, null),
  ('reminders', 'channel',      'enum', true,  false, null, null, array['whatsapp'], null, null, null),
  ('reminders', 'due_date',     'date', false, false, null, null, null, null, null, null);

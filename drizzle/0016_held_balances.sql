-- A pull may now hold its bulk pages' balances back for a moment (src-main/core/sync/held-balances.ts):
-- a database, or a backup of it, can hold balances short of its last pulled entries, marked
-- by sync_state balances_held (or stale last entry dates, balance_dates_stale), which this
-- version rebuilds from the entries when it opens. The schema does not change. This migration
-- marks a database, and every backup of it, as one that may be in that state: a build that does
-- not know the mark would keep such balances short for good, so it refuses to restore such a
-- backup ("made by a newer version of Lenden").
INSERT INTO sync_state (key, value) VALUES ('balances_format', 'held') ON CONFLICT(key) DO NOTHING;

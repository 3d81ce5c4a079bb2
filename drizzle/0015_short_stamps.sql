-- Rows pulled from now on may keep their field stamps short: {"*": stamp} stands for every
-- stamped column of the row's table (src-main/core/db/stamps.ts). The schema does not change.
-- This migration marks a database, and every backup of it, as one that may hold such rows: a
-- build that does not know it would read them as carrying no stamps, so it refuses to restore
-- such a backup ("made by a newer version of Lenden").
INSERT INTO sync_state (key, value) VALUES ('field_stamps_format', 'short') ON CONFLICT(key) DO NOTHING;

-- A job seeker's note in change_log carries what a scoped terminal's
-- identity index takes of the person (jobdeskd(8), "Scoped terminals"):
-- the record's office, whether it is deleted, what replaced it, and the
-- identity columns' values as a compact entry sends them. A street's
-- first sync then sends the district's other people from change_log
-- alone, without looking up each record: that lookup was most of the
-- server's time on such a sync.
--
-- A push writes the copy with the note, from the values it writes to the
-- record. A note made any other way leaves it NULL, and a pull then reads
-- the record as before; so a copy is never older than its record, as long
-- as every write of a seeker's record notes it again (every write does:
-- that is how terminals hear of it). jobdeskd migrate fills the copies of
-- the notes made before this migration. Safe to run twice
-- (tests/sync/upgrade.sh).
ALTER TABLE change_log ADD COLUMN IF NOT EXISTS ident_office text;
ALTER TABLE change_log ADD COLUMN IF NOT EXISTS ident_deleted boolean;
ALTER TABLE change_log ADD COLUMN IF NOT EXISTS ident_replaced_by text;
ALTER TABLE change_log ADD COLUMN IF NOT EXISTS ident_values text;

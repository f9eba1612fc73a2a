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
-- the record as before; a record changed without a new note loses its
-- note's copy (the trigger below). jobdeskd migrate fills the copies of
-- the notes made before this migration. Safe to run twice
-- (tests/sync/upgrade.sh).
ALTER TABLE change_log ADD COLUMN IF NOT EXISTS ident_office text;
ALTER TABLE change_log ADD COLUMN IF NOT EXISTS ident_deleted boolean;
ALTER TABLE change_log ADD COLUMN IF NOT EXISTS ident_replaced_by text;
ALTER TABLE change_log ADD COLUMN IF NOT EXISTS ident_values text;

-- A seeker's record changed by anything else than a push (an
-- administrator's SQL, a script) leaves its note's copy behind: the copy
-- goes, and pulls read the record. A push writes the record and its new
-- note in one transaction, whose note this is not: nothing to do then.
CREATE OR REPLACE FUNCTION change_log_copy_drop() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE change_log SET ident_office = NULL, ident_deleted = NULL,
		ident_replaced_by = NULL, ident_values = NULL
	WHERE tbl = NEW.tbl AND key = NEW.key AND ident_values IS NOT NULL
		AND xid <> pg_current_xact_id();
	RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS record_copy_drop ON record;
CREATE TRIGGER record_copy_drop AFTER UPDATE ON record
	FOR EACH ROW WHEN (NEW.tbl = 'seeker') EXECUTE FUNCTION change_log_copy_drop();

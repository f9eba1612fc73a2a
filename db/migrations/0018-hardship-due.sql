-- The office's due list of hardship case files (store/casefile.c) also
-- names everyone in hardship status (就业困难人员) who has no case file
-- yet, so that nobody recognised is forgotten. This index holds only
-- those persons, by office and registration day, with the id that finds
-- their plan: the list reads it, and the persons' rows only for the few
-- without a plan, never the whole seeker table.
CREATE INDEX seeker_hardship ON seeker (office, registered_on, id)
	WHERE hardship <> '' AND deleted = 0;

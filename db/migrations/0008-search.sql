-- Search (jobdesk(1), "Searching"): a phone or an ID number found by its
-- last digits, as clerks ask for "尾号 4567". Expression indexes on the
-- last four characters: SQLite keeps them on every write however it comes
-- (the window, an import, a pull), and a first sync's bulk load builds
-- them at its end with the others (store/sync-pull.c). Four digits are an
-- index lookup of some fifty rows in a district; a longer tail is the same
-- lookup with a filter. Only live records: tombstones are never listed.
CREATE INDEX seeker_idnum_tail ON seeker (substr(id_number, -4)) WHERE deleted = 0;
CREATE INDEX seeker_phone_tail ON seeker (substr(phone, -4)) WHERE deleted = 0;

-- A search counts what it finds when its list is cut ("200 shown of 790"):
-- with whether the record is live in the phone index, a thousand phones
-- are counted from the index alone, not a row of the table read for each.
-- (ID numbers need nothing: a tombstone gives up its number, migration 0002.)
DROP INDEX seeker_phone;
CREATE INDEX seeker_phone ON seeker (phone, deleted);

-- An employer search reads every name for a part of it: from an index
-- that holds the name, whether the record is live and the USCC, the
-- search and its count read no row of the table but the hits shown
-- (a name that matches nothing: 8 ms over 50,000 employers, not 100).
DROP INDEX employer_name;
CREATE INDEX employer_name ON employer (name, deleted, uscc);

-- A search of every employer's vacancies (by title or occupation, region,
-- open only) first finds the titles it asks for in vacancy_title: each
-- title once with the occupations and regions it is posted under, kept by
-- the triggers below on every write however it comes (the window, an
-- import, a pull, a first sync's bulk load), never emptied (a title no
-- longer posted finds no vacancy). A district has thousands of titles
-- where it has a hundred thousand vacancies. Then it reads the vacancies
-- of those titles from vacancy_find in title order, never the rows with
-- their descriptions: only the vacancies listed are read whole.
CREATE TABLE vacancy_title (
	title		TEXT NOT NULL,
	occupation	TEXT NOT NULL,
	district	TEXT NOT NULL,
	PRIMARY KEY (title, occupation, district)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO vacancy_title (title, occupation, district)
SELECT title, occupation, district FROM vacancy;

CREATE TRIGGER vacancy_title_insert AFTER INSERT ON vacancy BEGIN
	INSERT OR IGNORE INTO vacancy_title (title, occupation, district)
	VALUES (NEW.title, NEW.occupation, NEW.district);
END;
CREATE TRIGGER vacancy_title_update AFTER UPDATE OF title, occupation, district ON vacancy
BEGIN
	INSERT OR IGNORE INTO vacancy_title (title, occupation, district)
	VALUES (NEW.title, NEW.occupation, NEW.district);
END;

CREATE INDEX vacancy_find ON vacancy (title, deleted, status, valid_until, hired, headcount,
    occupation, district);

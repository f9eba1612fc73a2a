-- The journal of what matching reads (store/match-index.c): the seekers
-- and vacancies written on this terminal, by whatever path (the window,
-- an import, a pull), in the order they were written. A process that
-- holds the open seekers and vacancies in memory for matching reads only
-- the rows written since it last looked, instead of the whole district.
-- kind 'all' asks for everything to be read again (a first sync's bulk
-- load, which writes with these triggers quiet; a change of the education
-- ranks); 'employer' names an employer whose vacancies rank differently
-- (hard to recruit). The journal keeps its last 100,000 entries: a
-- process that has not looked for longer reads everything again.
CREATE TABLE match_journal (
	seq	INTEGER PRIMARY KEY,
	kind	TEXT NOT NULL CHECK (kind IN ('seeker', 'vacancy', 'employer', 'all')),
	rid	INTEGER NOT NULL
) STRICT;

CREATE TRIGGER match_journal_trim AFTER INSERT ON match_journal BEGIN
	DELETE FROM match_journal WHERE seq = NEW.seq - 100000;
END;

CREATE TRIGGER match_seeker_insert AFTER INSERT ON seeker
WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'bulk_load') BEGIN
	INSERT INTO match_journal (kind, rid) VALUES ('seeker', NEW.rid);
END;
CREATE TRIGGER match_seeker_update AFTER UPDATE OF status, valid_until, birth_date,
    registered_on, education, desired_occupation, desired_occupation_2, desired_occupation_3,
    desired_wage, desired_district, district, street, category, hardship, deleted ON seeker
WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'bulk_load') BEGIN
	INSERT INTO match_journal (kind, rid) VALUES ('seeker', NEW.rid);
END;
CREATE TRIGGER match_seeker_delete AFTER DELETE ON seeker BEGIN
	INSERT INTO match_journal (kind, rid) VALUES ('seeker', OLD.rid);
END;

CREATE TRIGGER match_vacancy_insert AFTER INSERT ON vacancy
WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'bulk_load') BEGIN
	INSERT INTO match_journal (kind, rid) VALUES ('vacancy', NEW.rid);
END;
CREATE TRIGGER match_vacancy_update AFTER UPDATE OF employer_id, status, valid_until,
    registered_on, headcount, age_min, age_max, education, occupation, wage_min, wage_max,
    district, public_welfare, hired, deleted ON vacancy
WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'bulk_load') BEGIN
	INSERT INTO match_journal (kind, rid) VALUES ('vacancy', NEW.rid);
END;
CREATE TRIGGER match_vacancy_delete AFTER DELETE ON vacancy BEGIN
	INSERT INTO match_journal (kind, rid) VALUES ('vacancy', OLD.rid);
END;

-- An employer's flag ranks its vacancies; one that arrives after its
-- vacancies (a pull in any order) ranks them from then on.
CREATE TRIGGER match_employer_insert AFTER INSERT ON employer
WHEN NEW.hard_to_recruit = 'yes' AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'bulk_load')
BEGIN
	INSERT INTO match_journal (kind, rid) VALUES ('employer', NEW.rid);
END;
CREATE TRIGGER match_employer_update AFTER UPDATE OF hard_to_recruit, deleted ON employer
WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'bulk_load') BEGIN
	INSERT INTO match_journal (kind, rid) VALUES ('employer', NEW.rid);
END;

-- Education ranks are read with the records: a change reads them all again.
CREATE TRIGGER match_rank_insert AFTER INSERT ON code WHEN NEW.list = 'education' BEGIN
	INSERT INTO match_journal (kind, rid) VALUES ('all', 0);
END;
CREATE TRIGGER match_rank_update AFTER UPDATE OF rank ON code
WHEN NEW.list = 'education' AND OLD.rank IS NOT NEW.rank BEGIN
	INSERT INTO match_journal (kind, rid) VALUES ('all', 0);
END;
CREATE TRIGGER match_rank_delete AFTER DELETE ON code WHEN OLD.list = 'education' BEGIN
	INSERT INTO match_journal (kind, rid) VALUES ('all', 0);
END;

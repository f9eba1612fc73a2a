-- Referrals (推荐): a job seeker sent to a vacancy with a letter whose
-- number is unique in the district, and the outcome the receipt (回执) or
-- a follow-up brings. A vacancy's hires and a seeker's placement are
-- counted from these rows, never kept as counters.
CREATE TABLE referral (
	rid		INTEGER PRIMARY KEY,
	id		TEXT NOT NULL UNIQUE,
	number		TEXT NOT NULL,
	seeker_id	TEXT NOT NULL,
	vacancy_id	TEXT NOT NULL,
	employer_id	TEXT NOT NULL,
	interview_date	TEXT NOT NULL DEFAULT '',
	interview_place	TEXT NOT NULL DEFAULT '',
	status		TEXT NOT NULL DEFAULT 'issued'
			CHECK (status IN ('issued', 'hired', 'not_hired', 'no_show', 'declined',
			    'unreachable')),
	outcome_on	TEXT NOT NULL DEFAULT '',
	hired_wage	TEXT NOT NULL DEFAULT '',
	outcome_reason	TEXT NOT NULL DEFAULT '',
	office		TEXT NOT NULL,
	created_by	TEXT NOT NULL,
	registered_on	TEXT NOT NULL,
	hlc		INTEGER NOT NULL,
	replaced_by	TEXT,
	deleted		INTEGER NOT NULL DEFAULT 0,
	stamps		TEXT NOT NULL DEFAULT '{}',
	authors		TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX referral_number ON referral (number);
-- A vacancy's hires as this terminal's referrals say: the people hired
-- into it (one person referred twice counts once). A local index of them,
-- kept by the triggers below however a referral is written (at the
-- window or by a pull), never synced, so that a list of the district's
-- vacancies does not count the hires of each. During a first sync's bulk
-- load (setting bulk_load) the index they would need is not there: the
-- load counts them all once at its end (store/sync-pull.c).
ALTER TABLE vacancy ADD COLUMN hired INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER referral_hired_insert AFTER INSERT ON referral
WHEN NEW.status = 'hired' AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'bulk_load') BEGIN
	UPDATE vacancy SET hired = (SELECT count(DISTINCT seeker_id) FROM referral
	    WHERE vacancy_id = vacancy.id AND status = 'hired' AND deleted = 0)
	WHERE id = NEW.vacancy_id;
END;
CREATE TRIGGER referral_hired_update AFTER UPDATE OF status, deleted, vacancy_id ON referral
WHEN (OLD.status = 'hired' OR NEW.status = 'hired')
    AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'bulk_load') BEGIN
	UPDATE vacancy SET hired = (SELECT count(DISTINCT seeker_id) FROM referral
	    WHERE vacancy_id = vacancy.id AND status = 'hired' AND deleted = 0)
	WHERE id IN (OLD.vacancy_id, NEW.vacancy_id);
END;
CREATE TRIGGER referral_hired_delete AFTER DELETE ON referral
WHEN OLD.status = 'hired' AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'bulk_load') BEGIN
	UPDATE vacancy SET hired = (SELECT count(DISTINCT seeker_id) FROM referral
	    WHERE vacancy_id = vacancy.id AND status = 'hired' AND deleted = 0)
	WHERE id = OLD.vacancy_id;
END;
CREATE INDEX referral_seeker ON referral (seeker_id);
CREATE INDEX referral_vacancy ON referral (vacancy_id, status);
CREATE INDEX referral_open ON referral (status, registered_on);
CREATE INDEX referral_outcome ON referral (status, outcome_on);

-- Checks on a placement 1, 3 and 6 months after a hire (still employed?
-- social insurance paid?), written once each.
CREATE TABLE placement_check (
	id		TEXT PRIMARY KEY,
	referral_id	TEXT NOT NULL,
	seeker_id	TEXT NOT NULL,
	month		TEXT NOT NULL,
	checked_on	TEXT NOT NULL,
	employed	INTEGER NOT NULL,
	insured		INTEGER NOT NULL,
	clerk		TEXT NOT NULL,
	office		TEXT NOT NULL,
	at		TEXT NOT NULL,
	hlc		INTEGER NOT NULL
) STRICT;
CREATE INDEX placement_check_referral ON placement_check (referral_id, month);

-- A terminal's scope (jobdeskd(8), "Scoped terminals"): the whole district
-- (scope NULL, as every terminal had before) or an office and the offices
-- under it. A scoped terminal pulls the full records of its scope only,
-- and of the rest of the district the identity index (a seeker's record
-- id, office, status and validity), the employers and the open
-- vacancies. scope_gen counts the changes of a terminal's scope: its pull
-- cursor carries the number, and a cursor of another number starts again
-- from the beginning. Safe to run twice (tests/sync/upgrade.sh).
ALTER TABLE terminal ADD COLUMN IF NOT EXISTS scope text REFERENCES office (code);
ALTER TABLE terminal ADD COLUMN IF NOT EXISTS scope_gen integer NOT NULL DEFAULT 0;
-- An enrollment code may name the scope the terminal starts with.
ALTER TABLE enroll_code ADD COLUMN IF NOT EXISTS scope text REFERENCES office (code);

-- Every change of a terminal's scope, by whom (a district administrator's
-- login, or "cli:root" for the scope an enrollment code gave), from what
-- to what (NULL: the whole district).
CREATE TABLE IF NOT EXISTS terminal_scope_history (
	id		bigserial PRIMARY KEY,
	terminal	uuid NOT NULL REFERENCES terminal (id),
	scope_from	text,
	scope_to	text,
	by_whom		text NOT NULL,
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS terminal_scope_history_terminal
	ON terminal_scope_history (terminal, at);

-- One person's record fetched on demand by a terminal of the district
-- whose scope does not hold it (POST /v1/fetch): who asked, from which
-- terminal, for which record, when. Personal data seen outside the
-- scope is accounted for here; nothing of the record itself is kept.
CREATE TABLE IF NOT EXISTS fetch_audit (
	id		bigserial PRIMARY KEY,
	terminal	uuid NOT NULL REFERENCES terminal (id),
	account		text NOT NULL,
	tbl		text NOT NULL,
	key		text NOT NULL,
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS fetch_audit_record ON fetch_audit (tbl, key);

-- The records that hang off a person (referrals, sessions, inventories,
-- a case file, contacts, placement checks, services given), found by the
-- person: a scoped pull sends them with their seeker's office, a
-- transfer notes them again for the terminals of the new scope, a fetch
-- gathers them.
CREATE INDEX IF NOT EXISTS record_seeker_of ON record ((fields->>'seeker_id'))
	WHERE fields ? 'seeker_id';
-- A vacancy that a referral of the scope names goes to the scoped
-- terminal, open or not: the referral needs it.
CREATE INDEX IF NOT EXISTS record_referral_vacancy ON record ((fields->>'vacancy_id'))
	WHERE tbl = 'referral';

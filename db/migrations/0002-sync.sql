-- Sync with the district server (jobdesk-sync(7)): tombstones and
-- redirects on the three mutable tables, the district's per-field stamps,
-- refusals and the conflict journal for the screens, records waiting for
-- their parent, and code lists the district owns.

-- A tombstone (deleted = 1) is a record merged away or removed by the
-- district: hidden from every search and list, kept so that references
-- and redirects (replaced_by) still resolve. "stamps" holds the district's
-- stamp of each field as last pulled ({"name":"0000018c...:<terminal>"}):
-- a pulled value older than the one applied is never applied over it.
ALTER TABLE seeker ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE seeker ADD COLUMN stamps TEXT NOT NULL DEFAULT '{}';
CREATE INDEX seeker_replaced ON seeker (replaced_by) WHERE replaced_by IS NOT NULL;

-- Employers and vacancies are rebuilt: a tombstone gives up its USCC (NULL,
-- so UNIQUE holds when the district hands the code to the survivor), and
-- 0001 made uscc NOT NULL, which SQLite cannot drop in place. The vacancy
-- table is rebuilt with it so that its reference moves to the new table
-- (it names employer_new, renamed to employer below) without the old
-- employer table ever being dropped under a live reference. Rows keep
-- their rid.
CREATE TABLE employer_new (
	rid		INTEGER PRIMARY KEY,
	id		TEXT NOT NULL UNIQUE,
	uscc		TEXT UNIQUE,
	name		TEXT NOT NULL,
	type		TEXT NOT NULL DEFAULT '',
	industry	TEXT NOT NULL DEFAULT '',
	district	TEXT NOT NULL DEFAULT '',
	address		TEXT NOT NULL DEFAULT '',
	contact		TEXT NOT NULL DEFAULT '',
	phone		TEXT NOT NULL DEFAULT '',
	hard_to_recruit	TEXT NOT NULL DEFAULT 'no',
	status		TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
	withdraw_reason	TEXT NOT NULL DEFAULT '',
	office		TEXT NOT NULL,
	created_by	TEXT NOT NULL,
	registered_on	TEXT NOT NULL,
	replaced_by	TEXT,
	hlc		INTEGER NOT NULL,
	deleted		INTEGER NOT NULL DEFAULT 0,
	stamps		TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE TABLE vacancy_new (
	rid		INTEGER PRIMARY KEY,
	id		TEXT NOT NULL UNIQUE,
	employer_id	TEXT NOT NULL REFERENCES employer_new(id),
	occupation	TEXT NOT NULL,
	title		TEXT NOT NULL,
	headcount	TEXT NOT NULL,
	wage_min	TEXT NOT NULL DEFAULT '',
	wage_max	TEXT NOT NULL DEFAULT '',
	education	TEXT NOT NULL DEFAULT '',
	age_min		TEXT NOT NULL DEFAULT '',
	age_max		TEXT NOT NULL DEFAULT '',
	district	TEXT NOT NULL DEFAULT '',
	hours		TEXT NOT NULL DEFAULT '',
	description	TEXT NOT NULL DEFAULT '',
	valid_until	TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'open'
			CHECK (status IN ('open', 'filled', 'withdrawn', 'expired', 'closed')),
	withdraw_reason	TEXT NOT NULL DEFAULT '',
	office		TEXT NOT NULL,
	created_by	TEXT NOT NULL,
	registered_on	TEXT NOT NULL,
	hlc		INTEGER NOT NULL,
	replaced_by	TEXT,
	deleted		INTEGER NOT NULL DEFAULT 0,
	stamps		TEXT NOT NULL DEFAULT '{}'
) STRICT;

INSERT INTO employer_new (rid, id, uscc, name, type, industry, district, address, contact, phone,
    hard_to_recruit, status, withdraw_reason, office, created_by, registered_on, replaced_by, hlc)
SELECT rid, id, uscc, name, type, industry, district, address, contact, phone,
    hard_to_recruit, status, withdraw_reason, office, created_by, registered_on, replaced_by, hlc
FROM employer;

INSERT INTO vacancy_new (rid, id, employer_id, occupation, title, headcount, wage_min, wage_max,
    education, age_min, age_max, district, hours, description, valid_until, status,
    withdraw_reason, office, created_by, registered_on, hlc)
SELECT rid, id, employer_id, occupation, title, headcount, wage_min, wage_max,
    education, age_min, age_max, district, hours, description, valid_until, status,
    withdraw_reason, office, created_by, registered_on, hlc
FROM vacancy;

DROP TABLE vacancy;
DROP TABLE employer;
ALTER TABLE employer_new RENAME TO employer;
ALTER TABLE vacancy_new RENAME TO vacancy;
CREATE INDEX employer_name ON employer (name);
CREATE INDEX employer_replaced ON employer (replaced_by) WHERE replaced_by IS NOT NULL;
CREATE INDEX vacancy_employer ON vacancy (employer_id);
CREATE INDEX vacancy_occupation ON vacancy (occupation, status);

-- A pull looks up the waiting entries of each record it applies. An
-- update remembers the district's stamps of the fields it changes as this
-- terminal had them (its base), so that the server can tell an edit from
-- a conflict.
CREATE INDEX outbox_row ON outbox (tbl, row_id);
ALTER TABLE outbox ADD COLUMN base TEXT NOT NULL DEFAULT '{}';

-- Changes the server refused (parked there), with the record as the clerk
-- knows it, until a clerk dismisses them.
CREATE TABLE sync_rejected (
	seq		INTEGER PRIMARY KEY,
	tbl		TEXT NOT NULL,
	row_id		TEXT NOT NULL,
	op		TEXT NOT NULL DEFAULT '',
	label		TEXT NOT NULL DEFAULT '',
	reason		TEXT NOT NULL,
	at		TEXT NOT NULL,
	dismissed	INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The district's conflict journal as pulled: every value that lost.
CREATE TABLE conflict (
	key		TEXT PRIMARY KEY,
	tbl		TEXT NOT NULL,
	row_id		TEXT NOT NULL,
	field		TEXT NOT NULL,
	lost_value	TEXT NOT NULL DEFAULT '',
	lost_stamp	TEXT NOT NULL DEFAULT '',
	won_value	TEXT NOT NULL DEFAULT '',
	won_stamp	TEXT NOT NULL DEFAULT '',
	at		TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX conflict_at ON conflict (at);

-- A pulled record whose parent (a vacancy's employer, an account's office)
-- has not arrived yet: pages follow the server's change order, not the
-- references. Applied, and removed, as soon as the parent is there.
CREATE TABLE sync_waiting (
	tbl		TEXT NOT NULL,
	key		TEXT NOT NULL,
	needs_tbl	TEXT NOT NULL,
	needs_key	TEXT NOT NULL,
	record		TEXT NOT NULL,
	PRIMARY KEY (tbl, key)
) STRICT;
CREATE INDEX sync_waiting_needs ON sync_waiting (needs_tbl, needs_key);

-- A code list pulled from the district is the district's: the server
-- checks every change against its own lists, so a shipped file loaded at a
-- later start (an older package, or simply a different version) must not
-- change it. The triggers make such a load a no-op for district lists;
-- only a pull (which sets the setting "sync_applying" inside its own
-- transaction and removes it before COMMIT) writes them.
ALTER TABLE code_list ADD COLUMN source TEXT NOT NULL DEFAULT 'shipped'
	CHECK (source IN ('shipped', 'district'));

CREATE TRIGGER code_list_district_keep BEFORE UPDATE ON code_list
WHEN OLD.source = 'district' AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'sync_applying')
BEGIN
	SELECT RAISE(IGNORE);
END;

CREATE TRIGGER code_list_district_insert BEFORE INSERT ON code_list
WHEN EXISTS (SELECT 1 FROM code_list WHERE list = NEW.list AND source = 'district')
    AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'sync_applying')
BEGIN
	SELECT RAISE(IGNORE);
END;

CREATE TRIGGER code_district_keep BEFORE UPDATE ON code
WHEN EXISTS (SELECT 1 FROM code_list WHERE list = OLD.list AND source = 'district')
    AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'sync_applying')
BEGIN
	SELECT RAISE(IGNORE);
END;

CREATE TRIGGER code_district_insert BEFORE INSERT ON code
WHEN EXISTS (SELECT 1 FROM code_list WHERE list = NEW.list AND source = 'district')
    AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'sync_applying')
BEGIN
	SELECT RAISE(IGNORE);
END;

-- Settings of sync, "" until enrollment or the first round: the server's
-- address and this terminal's token, the terminal's office, the cursor of
-- the last applied pull page, how the last round went, and whether a whole
-- pull has completed once.
INSERT OR IGNORE INTO setting (key, value) VALUES
	('sync_url', ''), ('sync_token', ''), ('terminal_office', ''), ('pull_cursor', ''),
	('last_sync_ok', ''), ('last_sync_error', ''), ('first_sync_done', '0');

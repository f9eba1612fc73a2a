-- The supervisor's end of day (jobdesk(1), "Close of day"): an office's
-- day closed (日结) with its figures frozen, written once and synced like
-- the services given; the district's terminals as the server last saw
-- them, for the list of terminals that have not synced.

-- A closed day: its id derives from the office and the day, so that two
-- windows that close one day make one record (the district keeps the
-- first, and every terminal takes it). figures and clerks hold the
-- counts of core/daily.h as JSON objects.
CREATE TABLE closing (
	id		TEXT PRIMARY KEY,
	office		TEXT NOT NULL,
	day		TEXT NOT NULL,
	figures		TEXT NOT NULL DEFAULT '{}',
	clerks		TEXT NOT NULL DEFAULT '{}',
	counted		TEXT NOT NULL DEFAULT '0',
	digest		TEXT NOT NULL DEFAULT '',
	created_by	TEXT NOT NULL,
	closed_at	TEXT NOT NULL,
	hlc		INTEGER NOT NULL
) STRICT;
CREATE INDEX closing_day ON closing (office, day);

-- Registrations by their last valid day: the day's expiries, the week's.
CREATE INDEX seeker_valid_until ON seeker (valid_until) WHERE deleted = 0;

-- The district's terminals as its server last saw them (written by the
-- pull only): office, number, the day of the last sync ('' never).
CREATE TABLE terminal (
	id		TEXT PRIMARY KEY,
	office		TEXT NOT NULL,
	number		TEXT NOT NULL DEFAULT '',
	last_sync	TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX terminal_office ON terminal (office);

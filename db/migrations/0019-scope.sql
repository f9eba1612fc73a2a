-- The district identity index of a scoped terminal (jobdesk(1), "SCOPED
-- TERMINALS"): for every job seeker of the district outside the
-- terminal's scope, only what recognising the person needs: the record id
-- (derived from the ID number with the district's key, so that this
-- terminal derives the same id from a number typed at the window), the
-- office that holds the registration, its status and validity. No name,
-- no ID number, no phone. A record merged away keeps its redirect
-- (replaced_by). fetched_on is the day a clerk fetched the person's
-- record from the district on demand: the record stays here that day.
-- Filled by the pull (the kind "identity_index"); empty on a terminal of
-- the whole district.
CREATE TABLE identity_index (
	id		TEXT PRIMARY KEY,
	office		TEXT NOT NULL DEFAULT '',
	status		TEXT NOT NULL DEFAULT '',
	valid_until	TEXT NOT NULL DEFAULT '',
	deleted		INTEGER NOT NULL DEFAULT 0,
	replaced_by	TEXT,
	fetched_on	TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

-- Interest inventories (兴趣测评): one row per inventory a counsellor
-- gives a job seeker, answered over one or more sittings (the answers so
-- far kept, so that an interrupted one goes on where it stopped), then
-- scored. Personal data: no list shows the answers; matching never reads
-- this table.
CREATE TABLE inventory (
	rid		INTEGER PRIMARY KEY,
	id		TEXT NOT NULL UNIQUE,
	seeker_id	TEXT NOT NULL,
	instrument	TEXT NOT NULL DEFAULT '',
	answers		TEXT NOT NULL DEFAULT '',
	status		TEXT NOT NULL DEFAULT 'in_progress'
			CHECK (status IN ('in_progress', 'done')),
	scores		TEXT NOT NULL DEFAULT '',
	code		TEXT NOT NULL DEFAULT '',
	done_on		TEXT NOT NULL DEFAULT '',
	office		TEXT NOT NULL,
	created_by	TEXT NOT NULL,
	registered_on	TEXT NOT NULL,
	hlc		INTEGER NOT NULL,
	replaced_by	TEXT,
	deleted		INTEGER NOT NULL DEFAULT 0,
	stamps		TEXT NOT NULL DEFAULT '{}',
	authors		TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX inventory_seeker ON inventory (seeker_id, status);

-- The supervisor's end of day: closings (日结) are records of table
-- "closing", one per office and day (their id derives from both, and the
-- first pushed is kept); the district's terminals are records of table
-- "terminal" that the server writes when a terminal's day of last sync
-- changes (pg_auth), so that a supervisor's terminal knows which of the
-- office's terminals have not synced. Safe to run twice.
CREATE INDEX IF NOT EXISTS record_closing_day ON record ((fields->>'office'), (fields->>'day'))
	WHERE tbl = 'closing';

-- The terminals enrolled before this version, so that the list has them
-- before their next request.
WITH t AS (
	INSERT INTO record (tbl, key, fields, office)
	SELECT 'terminal', id::text, jsonb_build_object('office', office, 'number', number::text,
	    'last_sync', coalesce(to_char(last_seen, 'YYYY-MM-DD'), '')), office
	FROM terminal WHERE revoked_at IS NULL
	ON CONFLICT (tbl, key) DO NOTHING
	RETURNING tbl, key
)
INSERT INTO change_log (tbl, key) SELECT tbl, key FROM t;

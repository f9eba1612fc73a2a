-- A hire closes a registration with the withdraw reason "referral"
-- (推荐就业), which terminals push since the shipped withdraw_reason list
-- 2026.1. migrate loads only the lists a server does not hold, so a server
-- set up before holds the list without the code and would park those
-- pushes as "not a code". The code goes into a list held without it, as
-- "jobdeskd codes load" of the shipped file would write it, and the
-- shipped 2024.2 list, which differs from 2026.1 by this code alone,
-- becomes 2026.1; an office's own list keeps its version. Both changes
-- are noted in change_log for the terminals' pulls. A new database holds
-- no list yet here: migrate loads 2026.1 after the schema.
WITH added AS (
	INSERT INTO record (tbl, key, fields)
	SELECT 'code', 'withdraw_reason:referral', jsonb_build_object('list', 'withdraw_reason',
	    'code', 'referral', 'parent', '', 'name_zh', '推荐就业',
	    'name_en', 'Employed through a referral', 'deprecated', '0')
	WHERE EXISTS (SELECT 1 FROM record WHERE tbl = 'code_list' AND key = 'withdraw_reason')
	ON CONFLICT (tbl, key) DO NOTHING
	RETURNING tbl, key
), bumped AS (
	UPDATE record SET fields = jsonb_set(fields, '{version}', '"2026.1"')
	WHERE tbl = 'code_list' AND key = 'withdraw_reason' AND fields->>'version' = '2024.2'
	RETURNING tbl, key
), changed AS (
	SELECT tbl, key FROM added UNION ALL SELECT tbl, key FROM bumped
), gone AS (
	DELETE FROM change_log c USING changed x WHERE c.tbl = x.tbl AND c.key = x.key
)
INSERT INTO change_log (tbl, key) SELECT tbl, key FROM changed;

-- Authority (jobdesk-sync(7), "Authority"): every change this terminal
-- sends names the account that made it and carries that account's
-- signature; the district's accounts come with their signing keys, sealed
-- under their passwords; records keep who wrote each field last.

-- An account's signing key as the district sends it: the public half, and
-- the secret half sealed under the password (opened in memory at login).
ALTER TABLE account ADD COLUMN public_key TEXT NOT NULL DEFAULT '';
ALTER TABLE account ADD COLUMN sealed_key TEXT NOT NULL DEFAULT '';

-- Who made a waiting change, and the signature; "" until it is signed
-- (a change made before enrollment is signed by the supervisor who takes
-- it over: jobdesk-sync(7), "Changes made before enrollment").
-- A supervisor's transfer of a record to another office is an op of its
-- own; SQLite changes a CHECK only by building the table again.
CREATE TABLE outbox_new (
	seq		INTEGER PRIMARY KEY,
	tbl		TEXT NOT NULL,
	row_id		TEXT NOT NULL,
	op		TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'transfer')),
	fields		TEXT NOT NULL,
	hlc		INTEGER NOT NULL,
	created_at	TEXT NOT NULL,
	base		TEXT NOT NULL DEFAULT '{}',
	author		TEXT NOT NULL DEFAULT '',
	sig		TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO outbox_new (seq, tbl, row_id, op, fields, hlc, created_at, base)
SELECT seq, tbl, row_id, op, fields, hlc, created_at, base FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_row ON outbox (tbl, row_id);

-- Changes the server acknowledged, kept for a while (the newest 100,000):
-- a server that lost them (a restore, a crash before its commit reached
-- the disk) gets them again, signatures and all, when it says it lacks them.
CREATE TABLE outbox_sent (
	seq		INTEGER PRIMARY KEY,
	tbl		TEXT NOT NULL,
	row_id		TEXT NOT NULL,
	op		TEXT NOT NULL,
	fields		TEXT NOT NULL,
	hlc		INTEGER NOT NULL,
	created_at	TEXT NOT NULL,
	base		TEXT NOT NULL,
	author		TEXT NOT NULL,
	sig		TEXT NOT NULL
) STRICT;

-- Who wrote each field of a record last, as the district says (compact,
-- as the stamps are).
ALTER TABLE seeker ADD COLUMN authors TEXT NOT NULL DEFAULT '{}';
ALTER TABLE employer ADD COLUMN authors TEXT NOT NULL DEFAULT '{}';
ALTER TABLE vacancy ADD COLUMN authors TEXT NOT NULL DEFAULT '{}';

-- The district server's schema, first version (PostgreSQL 13 or later:
-- xid8 and pg_current_xact_id). Applied by jobdeskd migrate in one
-- transaction; meta holds the schema version, the server's epoch, the
-- district's identity key and the server's hybrid logical clock.

CREATE TABLE meta (
	key	text PRIMARY KEY,
	value	text NOT NULL
);

CREATE TABLE office (
	code		text PRIMARY KEY,
	name		text NOT NULL,
	level		text NOT NULL CHECK (level IN ('city', 'district', 'street', 'township')),
	parent		text REFERENCES office (code),
	updated_at	timestamptz NOT NULL DEFAULT now()
);

-- An enrolled terminal: only the hash of its token is kept. last_seq is
-- the last outbox sequence number applied from it (pushes are idempotent).
CREATE TABLE terminal (
	id		uuid PRIMARY KEY,
	office		text NOT NULL REFERENCES office (code),
	token_hash	bytea NOT NULL UNIQUE,
	enrolled_at	timestamptz NOT NULL DEFAULT now(),
	revoked_at	timestamptz,
	last_seq	bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
	last_seen	timestamptz
);

-- One-time enrollment codes, hashed; used_at and terminal once used.
CREATE TABLE enroll_code (
	code_hash	bytea PRIMARY KEY,
	office		text NOT NULL REFERENCES office (code),
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL,
	used_at		timestamptz,
	terminal	uuid
);

CREATE TABLE account (
	login			text PRIMARY KEY,
	name			text NOT NULL,
	office			text NOT NULL REFERENCES office (code),
	role			text NOT NULL
				CHECK (role IN ('clerk', 'counsellor', 'supervisor', 'administrator')),
	pwhash			text NOT NULL,
	disabled		boolean NOT NULL DEFAULT false,
	cert_no			text NOT NULL DEFAULT '',
	cert_valid_until	text NOT NULL DEFAULT '',
	guidance_grade		text NOT NULL DEFAULT '',
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now()
);

-- Every record terminals share: seekers, employers, vacancies, service
-- events, conflict journal entries, code lists, codes and forms. fields
-- holds the values, stamps the per-field stamps ("%016x:<terminal>") of
-- the three mutable tables. A tombstone is deleted, without a natural
-- key, and may point at the record that replaced it.
CREATE TABLE record (
	tbl		text NOT NULL,
	key		text NOT NULL,
	fields		jsonb NOT NULL DEFAULT '{}',
	stamps		jsonb NOT NULL DEFAULT '{}',
	deleted		boolean NOT NULL DEFAULT false,
	replaced_by	text,
	natural_key	text,
	office		text,
	PRIMARY KEY (tbl, key),
	UNIQUE (tbl, natural_key)
);

-- One row per changed record (a change deletes the record's older row):
-- pulls read it in (xid, pos) order below the snapshot's xmin, so that a
-- transaction still running is never passed over (jobdesk-sync(7)).
CREATE TABLE change_log (
	pos	bigserial NOT NULL,
	xid	xid8 NOT NULL DEFAULT pg_current_xact_id(),
	tbl	text NOT NULL,
	key	text NOT NULL
);
CREATE INDEX change_log_order ON change_log (xid, pos);
CREATE INDEX change_log_record ON change_log (tbl, key);
-- The reference data a push validates against; a change of it shows in
-- the sum of these positions (each change replaces a row by a higher one).
CREATE INDEX change_log_reference ON change_log (pos) WHERE tbl IN ('code', 'code_list', 'form');

-- Changes refused by the rules: kept, reported in the push reply (again
-- for a replay), never applied.
CREATE TABLE parked (
	terminal	uuid NOT NULL REFERENCES terminal (id),
	seq		bigint NOT NULL,
	tbl		text NOT NULL,
	id		text NOT NULL,
	op		text NOT NULL,
	fields		jsonb NOT NULL,
	hlc		numeric(20, 0) NOT NULL,
	reason		text NOT NULL,
	parked_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (terminal, seq)
);

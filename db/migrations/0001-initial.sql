-- The client's schema, first version. Ids are UUIDs as text; "rid" is the
-- local rowid that compact local indexes point at. Every business table
-- carries the hybrid-logical-clock stamp of its last change.

CREATE TABLE setting (
	key	TEXT PRIMARY KEY,
	value	TEXT NOT NULL
) STRICT;

CREATE TABLE office (
	code	TEXT PRIMARY KEY,
	name	TEXT NOT NULL,
	level	TEXT NOT NULL CHECK (level IN ('city', 'district', 'street', 'township')),
	parent	TEXT
) STRICT;

CREATE TABLE account (
	login		 TEXT PRIMARY KEY,
	name		 TEXT NOT NULL,
	office		 TEXT NOT NULL REFERENCES office(code),
	role		 TEXT NOT NULL CHECK (role IN ('clerk', 'counsellor', 'supervisor', 'administrator')),
	pwhash		 TEXT NOT NULL,
	disabled	 INTEGER NOT NULL DEFAULT 0,
	cert_no		 TEXT NOT NULL DEFAULT '',
	cert_valid_until TEXT NOT NULL DEFAULT '',
	guidance_grade	 TEXT NOT NULL DEFAULT '',
	failed_logins	 INTEGER NOT NULL DEFAULT 0,
	locked_until	 INTEGER NOT NULL DEFAULT 0,
	created_at	 TEXT NOT NULL,
	updated_at	 TEXT NOT NULL
) STRICT;

CREATE TABLE code_list (
	list		TEXT PRIMARY KEY,
	version		TEXT NOT NULL,
	loaded_at	TEXT NOT NULL
) STRICT;

CREATE TABLE code (
	list		TEXT NOT NULL,
	code		TEXT NOT NULL,
	parent		TEXT NOT NULL DEFAULT '',
	name_zh		TEXT NOT NULL,
	name_en		TEXT NOT NULL,
	deprecated	INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (list, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE seeker (
	rid			INTEGER PRIMARY KEY,
	id			TEXT NOT NULL UNIQUE,
	id_number		TEXT UNIQUE,
	name			TEXT NOT NULL,
	sex			TEXT NOT NULL DEFAULT '',
	birth_date		TEXT NOT NULL DEFAULT '',
	phone			TEXT NOT NULL DEFAULT '',
	household		TEXT NOT NULL DEFAULT '',
	district		TEXT NOT NULL DEFAULT '',
	street			TEXT NOT NULL DEFAULT '',
	address			TEXT NOT NULL DEFAULT '',
	education		TEXT NOT NULL DEFAULT '',
	major			TEXT NOT NULL DEFAULT '',
	skills			TEXT NOT NULL DEFAULT '',
	experience		TEXT NOT NULL DEFAULT '',
	desired_occupation	TEXT NOT NULL DEFAULT '',
	desired_wage		TEXT NOT NULL DEFAULT '',
	desired_district	TEXT NOT NULL DEFAULT '',
	category		TEXT NOT NULL DEFAULT '',
	hardship		TEXT NOT NULL DEFAULT '',
	hardship_basis		TEXT NOT NULL DEFAULT '',
	status			TEXT NOT NULL DEFAULT 'registered'
				CHECK (status IN ('registered', 'renewed', 'placed', 'withdrawn', 'expired')),
	registered_on		TEXT NOT NULL,
	valid_until		TEXT NOT NULL,
	withdraw_reason		TEXT NOT NULL DEFAULT '',
	office			TEXT NOT NULL,
	created_by		TEXT NOT NULL,
	replaced_by		TEXT,
	hlc			INTEGER NOT NULL
) STRICT;
CREATE INDEX seeker_phone ON seeker (phone);
CREATE INDEX seeker_name_birth ON seeker (name, birth_date);

-- Every one- and two-character piece of a seeker's name, so that a search
-- for any part of a Chinese name is an index lookup, not a scan. The name
-- is in the key so that hits come out in name order and a search for a
-- common surname reads only the rows it shows.
CREATE TABLE seeker_name_gram (
	gram	TEXT NOT NULL,
	name	TEXT NOT NULL,
	rid	INTEGER NOT NULL,
	PRIMARY KEY (gram, name, rid)
) STRICT, WITHOUT ROWID;

CREATE TABLE employer (
	rid		INTEGER PRIMARY KEY,
	id		TEXT NOT NULL UNIQUE,
	uscc		TEXT NOT NULL UNIQUE,
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
	hlc		INTEGER NOT NULL
) STRICT;
CREATE INDEX employer_name ON employer (name);

CREATE TABLE vacancy (
	rid		INTEGER PRIMARY KEY,
	id		TEXT NOT NULL UNIQUE,
	employer_id	TEXT NOT NULL REFERENCES employer(id),
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
	hlc		INTEGER NOT NULL
) STRICT;
CREATE INDEX vacancy_employer ON vacancy (employer_id);
CREATE INDEX vacancy_occupation ON vacancy (occupation, status);

-- Every service given, free or not; append-only, never edited.
CREATE TABLE service_event (
	id		TEXT PRIMARY KEY,
	type		TEXT NOT NULL,
	seeker_id	TEXT,
	employer_id	TEXT,
	vacancy_id	TEXT,
	clerk		TEXT NOT NULL,
	office		TEXT NOT NULL,
	at		TEXT NOT NULL,
	free		INTEGER NOT NULL,
	basis		TEXT NOT NULL DEFAULT '',
	hlc		INTEGER NOT NULL
) STRICT;
CREATE INDEX service_event_seeker ON service_event (seeker_id);

-- Local changes waiting to be pushed, numbered by a gap-free sequence of
-- this terminal (setting "outbox_seq" holds the last number given).
CREATE TABLE outbox (
	seq		INTEGER PRIMARY KEY,
	tbl		TEXT NOT NULL,
	row_id		TEXT NOT NULL,
	op		TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
	fields		TEXT NOT NULL,
	hlc		INTEGER NOT NULL,
	created_at	TEXT NOT NULL
) STRICT;

-- Who saw or changed which record. Never personal data: ids only.
CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,
	clerk		TEXT NOT NULL,
	terminal	TEXT NOT NULL,
	tbl		TEXT NOT NULL,
	record_id	TEXT NOT NULL,
	action		TEXT NOT NULL
) STRICT;
CREATE INDEX audit_record ON audit (tbl, record_id);

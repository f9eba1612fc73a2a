-- The hardship case file (一人一档, 一人一策): one assistance plan per
-- hardship person (its id derived from theirs), merged field by field, and
-- the contacts with the person, written once. A plan's step is four
-- columns (what, who, by when, status) so that steps changed at two
-- windows both stay. The contacts' notes are personal data: no index
-- holds them, no list shows them.
CREATE TABLE assistance_plan (
	rid		INTEGER PRIMARY KEY,
	id		TEXT NOT NULL UNIQUE,
	seeker_id	TEXT NOT NULL,
	caseworker	TEXT NOT NULL DEFAULT '',
	goal		TEXT NOT NULL DEFAULT '',
	step_1		TEXT NOT NULL DEFAULT '',
	step_1_who	TEXT NOT NULL DEFAULT '',
	step_1_due	TEXT NOT NULL DEFAULT '',
	step_1_status	TEXT NOT NULL DEFAULT '',
	step_2		TEXT NOT NULL DEFAULT '',
	step_2_who	TEXT NOT NULL DEFAULT '',
	step_2_due	TEXT NOT NULL DEFAULT '',
	step_2_status	TEXT NOT NULL DEFAULT '',
	step_3		TEXT NOT NULL DEFAULT '',
	step_3_who	TEXT NOT NULL DEFAULT '',
	step_3_due	TEXT NOT NULL DEFAULT '',
	step_3_status	TEXT NOT NULL DEFAULT '',
	step_4		TEXT NOT NULL DEFAULT '',
	step_4_who	TEXT NOT NULL DEFAULT '',
	step_4_due	TEXT NOT NULL DEFAULT '',
	step_4_status	TEXT NOT NULL DEFAULT '',
	status		TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	left_on		TEXT NOT NULL DEFAULT '',
	leave_reason	TEXT NOT NULL DEFAULT '',
	left_hardship	TEXT NOT NULL DEFAULT '',
	left_basis	TEXT NOT NULL DEFAULT '',
	office		TEXT NOT NULL,
	created_by	TEXT NOT NULL,
	registered_on	TEXT NOT NULL,
	hlc		INTEGER NOT NULL,
	replaced_by	TEXT,
	deleted		INTEGER NOT NULL DEFAULT 0,
	stamps		TEXT NOT NULL DEFAULT '{}',
	authors		TEXT NOT NULL DEFAULT '{}',
	-- This terminal's own, never synced: what is due first (the next
	-- contact or an open step, YYYY-MM-DD, '' for nothing: a closed
	-- plan), and which step (0 the contact). Kept by the store in the
	-- transaction that writes the plan or a contact, here or pulled, so
	-- that the due list reads an index instead of every contact.
	next_due	TEXT NOT NULL DEFAULT '',
	next_step	INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX assistance_plan_seeker ON assistance_plan (seeker_id);
CREATE INDEX assistance_plan_due ON assistance_plan (next_due)
	WHERE next_due <> '' AND deleted = 0;
CREATE INDEX assistance_plan_caseworker ON assistance_plan (caseworker, next_due)
	WHERE next_due <> '' AND deleted = 0;

CREATE TABLE case_contact (
	id		TEXT PRIMARY KEY,
	seeker_id	TEXT NOT NULL,
	contacted_on	TEXT NOT NULL,
	way		TEXT NOT NULL,
	result		TEXT NOT NULL,
	note		TEXT NOT NULL DEFAULT '',
	office		TEXT NOT NULL,
	created_by	TEXT NOT NULL,
	registered_on	TEXT NOT NULL,
	hlc		INTEGER NOT NULL
) STRICT;
CREATE INDEX case_contact_seeker ON case_contact (seeker_id, contacted_on);

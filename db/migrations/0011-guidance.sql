-- Career guidance sessions (职业指导), one row per person: a group
-- workshop is one row per participant with the same workshop id (see
-- src/core/kind.c). The action plan is four steps of three columns each,
-- so that per-field merge keeps steps changed at different windows. The
-- notes are personal data: no index holds them, no list shows them.
CREATE TABLE guidance (
	rid		INTEGER PRIMARY KEY,
	id		TEXT NOT NULL UNIQUE,
	seeker_id	TEXT NOT NULL,
	workshop	TEXT NOT NULL DEFAULT '',
	held_on		TEXT NOT NULL DEFAULT '',
	kind		TEXT NOT NULL DEFAULT '',
	topics		TEXT NOT NULL DEFAULT '',
	notes		TEXT NOT NULL DEFAULT '',
	notes_2		TEXT NOT NULL DEFAULT '',
	notes_3		TEXT NOT NULL DEFAULT '',
	notes_4		TEXT NOT NULL DEFAULT '',
	next_appointment TEXT NOT NULL DEFAULT '',
	step_1		TEXT NOT NULL DEFAULT '',
	step_1_due	TEXT NOT NULL DEFAULT '',
	step_1_status	TEXT NOT NULL DEFAULT '',
	step_2		TEXT NOT NULL DEFAULT '',
	step_2_due	TEXT NOT NULL DEFAULT '',
	step_2_status	TEXT NOT NULL DEFAULT '',
	step_3		TEXT NOT NULL DEFAULT '',
	step_3_due	TEXT NOT NULL DEFAULT '',
	step_3_status	TEXT NOT NULL DEFAULT '',
	step_4		TEXT NOT NULL DEFAULT '',
	step_4_due	TEXT NOT NULL DEFAULT '',
	step_4_status	TEXT NOT NULL DEFAULT '',
	office		TEXT NOT NULL,
	created_by	TEXT NOT NULL,
	registered_on	TEXT NOT NULL,
	hlc		INTEGER NOT NULL,
	replaced_by	TEXT,
	deleted		INTEGER NOT NULL DEFAULT 0,
	stamps		TEXT NOT NULL DEFAULT '{}',
	authors		TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX guidance_seeker ON guidance (seeker_id, held_on);
CREATE INDEX guidance_workshop ON guidance (workshop) WHERE workshop <> '';

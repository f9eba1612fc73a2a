-- The hardship case file: assistance plans (一人一策) and contacts are
-- records of tables "assistance_plan" and "case_contact", found by the
-- person (a merge moves them with the person; the push checks that the
-- seeker is the district's).
CREATE INDEX IF NOT EXISTS record_assistance_plan_seeker ON record ((fields->>'seeker_id'))
	WHERE tbl = 'assistance_plan';
CREATE INDEX IF NOT EXISTS record_case_contact_seeker ON record ((fields->>'seeker_id'))
	WHERE tbl = 'case_contact';

-- A registration's placement follows its hires (src/server/pg-push.c,
-- push_derive_placement): the referrals of a job seeker, found by the
-- seeker, and the tombstones that point at a seeker (a merge), so that the
-- hires of a merged-away record count for the one that replaced it.
CREATE INDEX record_referral_seeker ON record ((fields->>'seeker_id')) WHERE tbl = 'referral';
CREATE INDEX record_replaced ON record (tbl, replaced_by) WHERE replaced_by IS NOT NULL;

-- The ledger's word on referrals (free or paid, and the basis), which the
-- subsidy roster reads for every hire of its period: the services of the
-- referrals only (about one event in seven), so that a quarter's tens of
-- thousands of hires are looked up in this small index alone, in the order
-- of its keys, rather than each in the ledger's key index and then in the
-- table itself, a page of each for nearly every hire.
CREATE INDEX service_event_referral ON service_event (id, type, free, basis)
	WHERE type = 'referral';

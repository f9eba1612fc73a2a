-- What the subsidy roster reads for every placement of its period (tens
-- of thousands a quarter in a busy district), each in an index that
-- answers alone, read in the order of its keys, rather than each found in
-- a key index and then read from a large table, a page for nearly every
-- row (IF NOT EXISTS: a schema taken back to an older version, as a test
-- does, runs this again):
--
-- the ledger's word on referrals (free or paid, and the basis): of the
-- referrals' services only, about one event in seven;
CREATE INDEX IF NOT EXISTS service_event_referral ON service_event (id, type, free, basis)
	WHERE type = 'referral';
-- the person's name and ID number, and the employer's credit code and name.
CREATE INDEX IF NOT EXISTS seeker_roster ON seeker (id, name, id_number);
CREATE INDEX IF NOT EXISTS employer_roster ON employer (id, uscc, name);

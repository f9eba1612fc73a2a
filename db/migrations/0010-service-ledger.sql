-- The free-service ledger: what the person or employer was at the moment
-- of a service (a snapshot, never today's values): a seeker's categories
-- and hardship kind, an employer's hard-to-recruit flag. Events given
-- before keep them empty: what they were then is not known. The basis of
-- those events was the seeker's hardship kind; it is kept as it is.
ALTER TABLE service_event ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE service_event ADD COLUMN hardship TEXT NOT NULL DEFAULT '';
ALTER TABLE service_event ADD COLUMN hard_to_recruit INTEGER NOT NULL DEFAULT 0;
-- The ledgers read by time (the office's period, a clerk's day) and by employer.
CREATE INDEX service_event_at ON service_event (at);
CREATE INDEX service_event_clerk ON service_event (clerk, at);
CREATE INDEX service_event_employer ON service_event (employer_id);

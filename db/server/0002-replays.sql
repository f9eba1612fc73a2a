-- Telling a replay from a terminal restored from a backup (jobdesk-sync(7),
-- "diverged"): a number sent again with another change under it is not a
-- replay, and must not be acknowledged as one (it would be dropped).
--
-- Each change applied from a terminal, by number, with a digest of what
-- it was; the last 100,000 numbers of each terminal are kept.
CREATE TABLE applied_change (
	terminal	uuid NOT NULL REFERENCES terminal (id),
	seq		bigint NOT NULL,
	digest		bigint NOT NULL,
	PRIMARY KEY (terminal, seq)
);

-- For older numbers, the clock: the largest clock among the changes applied
-- from each terminal, as the terminal stamped them. A replay never carries
-- a later one. 0: not known (terminals that pushed before this column).
ALTER TABLE terminal ADD COLUMN last_hlc bigint NOT NULL DEFAULT 0 CHECK (last_hlc >= 0);

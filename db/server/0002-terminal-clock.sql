-- The largest clock among the changes applied from each terminal, as the
-- terminal stamped them. A replayed sequence number carrying a later
-- clock is not a replay but another change under a number already used:
-- the terminal's database was restored from a backup or copied, and the
-- push is refused as "diverged" (jobdesk-sync(7)). 0: not known yet
-- (terminals that pushed before this column), no such check.
ALTER TABLE terminal ADD COLUMN last_hlc bigint NOT NULL DEFAULT 0 CHECK (last_hlc >= 0);

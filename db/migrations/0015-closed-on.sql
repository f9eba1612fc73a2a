-- Supply and demand (jobdesk(1), "Supply and demand"): the day a clerk
-- closed a job seeker's registration (withdrawn, or placed by hand) or a
-- vacancy (filled, withdrawn, closed), so that a report counts it as valid
-- up to that day and not after. Registering again clears it. A placement
-- through a referral closes on its hire's day and a vacancy its hires fill
-- on the day of the last of them: the referrals hold those days. A record
-- closed before this column, or by a terminal without it, has none: the
-- report takes the day of the record's last change instead
-- (store/report-supply.c).
ALTER TABLE seeker ADD COLUMN closed_on TEXT NOT NULL DEFAULT '';
ALTER TABLE vacancy ADD COLUMN closed_on TEXT NOT NULL DEFAULT '';

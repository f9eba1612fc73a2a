-- A person who comes back registers anew (store/seeker.c): registered_on
-- is the day of the registration now open, which its hires and validity
-- count from; first_registered_on is the day of the first, which a
-- re-registration keeps, so that the record's history still shows it.
-- Records already there take the earliest registration their service
-- events show (a re-registration gives one too), or else the day they
-- hold.
ALTER TABLE seeker ADD COLUMN first_registered_on TEXT NOT NULL DEFAULT '';
UPDATE seeker SET first_registered_on = min(registered_on, coalesce((SELECT
    min(date(e.at, 'localtime')) FROM service_event e WHERE e.seeker_id = seeker.id AND
    e.type = 'registration'), registered_on))
WHERE registered_on <> '';

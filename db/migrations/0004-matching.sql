-- Matching (jobdesk(1), "Matching"): the order of a code list's codes
-- (education levels: a vacancy's minimum), a seeker's second and third
-- desired occupations, and the public-welfare post (公益性岗位), which
-- only people recognised as hard to employ are matched to.
ALTER TABLE code ADD COLUMN rank INTEGER;
ALTER TABLE seeker ADD COLUMN desired_occupation_2 TEXT NOT NULL DEFAULT '';
ALTER TABLE seeker ADD COLUMN desired_occupation_3 TEXT NOT NULL DEFAULT '';
ALTER TABLE vacancy ADD COLUMN public_welfare TEXT NOT NULL DEFAULT 'no';
-- The employers that take on people hard to employ, whose vacancies rank
-- up in a seeker's list: few, read whole for every list.
CREATE INDEX employer_hard_to_recruit ON employer (id) WHERE hard_to_recruit = 'yes';

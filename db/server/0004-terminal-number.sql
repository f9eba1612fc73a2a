-- A terminal's short number in the district, given at enrollment: a
-- referral letter's number carries it (office, terminal, year, sequence),
-- so that letters are numbered uniquely without asking the server. A
-- terminal enrolled again under its id keeps its number.
CREATE SEQUENCE terminal_number_seq;
ALTER TABLE terminal ADD COLUMN number integer;
UPDATE terminal t SET number = s.n
FROM (SELECT id, row_number() OVER (ORDER BY enrolled_at, id) AS n FROM terminal) s
WHERE s.id = t.id;
SELECT setval('terminal_number_seq', coalesce(max(number), 0) + 1, false) FROM terminal;
ALTER TABLE terminal ALTER COLUMN number SET DEFAULT nextval('terminal_number_seq');
ALTER TABLE terminal ALTER COLUMN number SET NOT NULL;
ALTER TABLE terminal ADD CONSTRAINT terminal_number_unique UNIQUE (number);

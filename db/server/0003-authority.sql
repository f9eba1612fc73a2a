-- Authority (jobdesk-sync(7), "Authority"): every change names the account
-- that made it and carries that account's signature; the server keeps who
-- made each change, and hands a terminal only its own district.

-- An account's signing key: the public half checks signatures; the secret
-- half goes to the account's terminals sealed under a key derived from
-- the password (Argon2id), and is kept here too, so that a new password
-- seals the same key again (signatures made before stay good). Accounts
-- made before this version get their key with their next password.
ALTER TABLE account ADD COLUMN public_key text NOT NULL DEFAULT '';
ALTER TABLE account ADD COLUMN sealed_key text NOT NULL DEFAULT '';
ALTER TABLE account ADD COLUMN secret_key bytea;
-- Changes an account made after it was disabled are refused; before, they stand.
ALTER TABLE account ADD COLUMN disabled_at timestamptz;
UPDATE account SET disabled_at = updated_at WHERE disabled;

-- Who wrote each field of a record last (login), compact as its stamps:
-- "*" the commonest, the fields that differ by name.
ALTER TABLE record ADD COLUMN authors jsonb NOT NULL DEFAULT '{}';

-- The terminal and account of the change a change_log row stands for.
ALTER TABLE change_log ADD COLUMN terminal uuid;
ALTER TABLE change_log ADD COLUMN account text;

-- Every change applied, by whom, from where: the district's trail of
-- authors, kept after change_log forgets a record's older changes.
CREATE TABLE change_history (
	id		bigserial PRIMARY KEY,
	tbl		text NOT NULL,
	key		text NOT NULL,
	op		text NOT NULL,
	fields		text[] NOT NULL,
	terminal	uuid NOT NULL,
	seq		bigint NOT NULL,
	account		text NOT NULL,
	reason		text NOT NULL DEFAULT '',
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_history_record ON change_history (tbl, key);

-- How far each terminal has pulled, and where in change_log each field of
-- a record was written ("xid:pos", compact as the stamps): a change's base
-- (the stamps its clerk saw) counts only for values the terminal had been
-- sent.
ALTER TABLE record ADD COLUMN written jsonb NOT NULL DEFAULT '{}';
ALTER TABLE terminal ADD COLUMN pulled_xid xid8 NOT NULL DEFAULT '0';
ALTER TABLE terminal ADD COLUMN pulled_pos bigint NOT NULL DEFAULT 0;

-- A tombstone keeps no personal data: the record it became holds it.
UPDATE record SET fields = '{}', stamps = '{}'
WHERE deleted AND tbl IN ('seeker', 'employer', 'vacancy') AND fields <> '{}';

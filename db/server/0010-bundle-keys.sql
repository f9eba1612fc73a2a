-- Sync by file (jobdesk-sync(7), BUNDLES): each terminal's public keys,
-- which it registers itself (POST /v1/keys) when it enrolls or at its
-- next sync: sign_key checks the signature of its bundles, box_key is
-- what the district seals its replies to. A terminal enrolled again
-- registers new ones. last_bundle is the number of the newest bundle of
-- the terminal that jobdeskd bundle import applied, for terminal list.
-- The district's own keys are in meta (bundle_sign_key, bundle_box_key),
-- made by migrate. Safe to run twice.
ALTER TABLE terminal ADD COLUMN IF NOT EXISTS sign_key bytea;
ALTER TABLE terminal ADD COLUMN IF NOT EXISTS box_key bytea;
ALTER TABLE terminal ADD COLUMN IF NOT EXISTS keys_at timestamptz;
ALTER TABLE terminal ADD COLUMN IF NOT EXISTS last_bundle bigint NOT NULL DEFAULT 0;

-- The district server's schema, first version (filled in by the server work).
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);

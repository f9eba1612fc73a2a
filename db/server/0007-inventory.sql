-- Interest inventories (兴趣测评) are records of table "inventory": a
-- job seeker's inventories are found by the seeker (a merge moves them
-- with the person; the push checks that the seeker is the district's).
CREATE INDEX IF NOT EXISTS record_inventory_seeker ON record ((fields->>'seeker_id')) WHERE tbl = 'inventory';

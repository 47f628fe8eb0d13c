-- Members per tier (the pyramid) from an index instead of the whole table.
CREATE INDEX members_by_tier ON members (tier_id) WHERE deleted = 0;

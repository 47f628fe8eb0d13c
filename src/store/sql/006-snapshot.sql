-- Initial sync from a snapshot of the server's members, and the members
-- it loaded that the search index has yet to take in.

ALTER TABLE sync_state ADD COLUMN snapshot_head INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_state ADD COLUMN snapshot_after TEXT;
ALTER TABLE sync_state ADD COLUMN snapshot_done INTEGER NOT NULL DEFAULT 0;

-- A branch that has pulled already needs no snapshot.
UPDATE sync_state SET snapshot_done = 1 WHERE pull_cursor > 0;

-- Members loaded in bulk and not yet in member_search; searches read them
-- directly until the index catches up.
CREATE TABLE search_backlog (rid INTEGER PRIMARY KEY);

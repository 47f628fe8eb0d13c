-- Where each event of a merged member came from. A merge moves the other
-- member's events to the survivor; when two branches, offline, merged
-- the same member into different survivors, the first merge wins on
-- every replica, and a replica that applied the other one first must
-- move the events back out of the survivor it chose. The events' own
-- rows no longer say whose they were: this local table does, one row an
-- event moved, written when it first leaves its member.
--
-- Events moved before this table existed count as their current
-- member's own.

CREATE TABLE merged_rows (
  tbl     TEXT NOT NULL,     -- the event's table
  row_id  TEXT NOT NULL,     -- the event's id
  origin  TEXT NOT NULL,     -- the member it was recorded for
  PRIMARY KEY (tbl, row_id)
) WITHOUT ROWID;

CREATE INDEX merged_rows_origin ON merged_rows (origin, tbl);

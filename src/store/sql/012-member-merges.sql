-- Duplicate members merged into one: the merged member ("other") is
-- tombstoned and everything it had follows the survivor. A merge is an
-- append-only event that syncs; every replica moves the other member's
-- events (and any that arrive later, from a branch that was offline) to
-- the survivor itself, so the server's log keeps them as they were made.

CREATE TABLE member_merges (
  rid            INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  survivor_id    TEXT NOT NULL,
  other_id       TEXT NOT NULL,
  other_number   TEXT,
  branch         TEXT NOT NULL,
  at             TEXT NOT NULL,
  -- JSON text: the other member's field stamps when it was merged; a
  -- later edit of it (offline elsewhere) is carried over to the survivor.
  other_stamps   TEXT NOT NULL DEFAULT '{}',
  hlc            TEXT NOT NULL
);

CREATE INDEX member_merges_other ON member_merges (other_id, hlc);
CREATE INDEX member_merges_number ON member_merges (other_number);
CREATE INDEX member_merges_survivor ON member_merges (survivor_id, hlc);

-- Each change of a member's marketing consent, with when and how it was
-- given or withdrawn after sign-up (edit, erase): an append-only event
-- that syncs, for a privacy request to show.
CREATE TABLE consent_changes (
  rid          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  member_id    TEXT NOT NULL,
  consent      INTEGER NOT NULL,
  source       TEXT NOT NULL,
  at           TEXT NOT NULL,
  branch       TEXT NOT NULL,
  hlc          TEXT NOT NULL
);

CREATE INDEX consent_changes_member ON consent_changes (member_id, hlc);
